"""Writes the self-contained bundles under schemas/bundled/ from the component schemas.

Run after editing a component schema: ``python scripts/build_bundles.py``. The test suite fails while a
bundle is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from validator._bundling import build_bundle  # noqa: E402  (import after making the checkout importable)
from validator._schemas import API_VERSIONS  # noqa: E402


def render(bundle: dict[str, object]) -> str:
    return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    target = REPO / "schemas" / "bundled"
    target.mkdir(exist_ok=True)
    for api_version in API_VERSIONS:
        for strict in (False, True):
            suffix = ".strict.json" if strict else ".json"
            path = target / f"{api_version}{suffix}"
            path.write_text(render(build_bundle(api_version, strict=strict)), encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

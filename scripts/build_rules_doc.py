"""Writes docs/rules.md from the rule registry: ``python scripts/build_rules_doc.py``."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from validator._reporting.catalogue import render_markdown  # noqa: E402  (import after making the checkout importable)


def main() -> int:
    target = REPO / "docs" / "rules.md"
    target.write_text(render_markdown(), encoding="utf-8")
    print(f"wrote {target.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

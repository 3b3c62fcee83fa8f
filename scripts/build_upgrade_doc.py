"""Writes docs/upgrade.md, the v3.x to Language API migration page, from the upgrade diff.

Run after changing a schema or the upgrade mapping: ``python scripts/build_upgrade_doc.py``. The test suite
fails while the page is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from validator._diff.upgrade_page import render_upgrade_page  # noqa: E402  (import after making the checkout importable)


def main() -> int:
    target = REPO / "docs" / "upgrade.md"
    target.write_text(render_upgrade_page(), encoding="utf-8")
    print(f"wrote {target.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

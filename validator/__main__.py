"""``python -m validator`` runs the ``ta-contract`` command."""

from validator.cli import main

raise SystemExit(main())

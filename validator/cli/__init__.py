"""The ``ta-contract`` command: one module per subcommand, over the same objects as the Python API."""

from validator.cli._main import main

__all__ = ["main"]

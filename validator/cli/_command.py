"""What every command module shares: exit codes, the usage error, and the parser class commands are added to.

Each command lives in a module with ``add_parser(commands)``, which adds its subparser, and
``run(args, stdin, stdout, stderr) -> int``, which runs it; ``_main`` imports a command's module only when
that command runs, so that ``validate`` never imports Hypothesis and ``--version`` imports almost nothing.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


class UsageError(Exception):
    """The command line is wrong: reported on standard error with exit code 2."""


class Parser(argparse.ArgumentParser):
    """An argument parser that raises ``UsageError`` instead of ending the process."""

    def error(self, message: str) -> None:  # type: ignore[override]  # raise instead of exiting the process
        raise UsageError(f"{self.prog}: {message}")


if TYPE_CHECKING:
    # argparse's own type for the object commands are added to: unexported, and generic only to type checkers.
    Commands = argparse._SubParsersAction[Parser]
else:
    Commands = argparse._SubParsersAction

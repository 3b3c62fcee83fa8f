"""``ta-contract serve``: run the fake analyze service on the loopback address until Ctrl-C or SIGTERM.

Hypothesis is imported only when the command runs (the ``generators`` extra). The command prints the URL it
listens on as its first line, so a script can start it with ``--port 0`` and read the port it got.
"""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path
from typing import Any, TextIO

from validator.cli._command import EXIT_OK, EXIT_USAGE, Commands

INSTALL_HINT = (
    "ta-contract serve needs Hypothesis, which the generators extra installs "
    "(in a checkout of this package: pip install '.[generators]')"
)


def _number(kind: type[Any], low: float, high: float | None) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value != value or value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"{text} is not {bound}")
        return value

    return parse


def add_parser(commands: Commands) -> None:
    """Adds the ``serve`` subcommand to the ``ta-contract`` parser."""
    serve = commands.add_parser(
        "serve",
        help="run a fake analyze service on 127.0.0.1 (needs the generators extra)",
        description=(
            "Run a local fake of the analyze service: POST .../text/analytics/{version}/analyze (Language "
            "API: POST /language/analyze-text/jobs?api-version=...) answers 202 with an Operation-Location, "
            "and polling it walks a job lifecycle drawn for the request; a Language API job can be cancelled "
            "(POST .../jobs/{jobId}:cancel). The same seed and requests give the same answers. It listens on "
            "127.0.0.1 only and prints its URL."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "exit codes: 0 stopped by Ctrl-C or SIGTERM, 2 usage error (including a port in use)\n"
            "examples:\n"
            "  ta-contract serve --port 0 --seed 7 --record session.har\n"
            "  ta-contract serve --invalid task-counters --invalid-rate 0.2 --throttle-rate 0.1"
        ),
    )
    serve.add_argument(
        "--port", type=_number(int, 0, 65535), default=5055, help="port (0: a free one; default 5055)"
    )
    serve.add_argument(
        "--seed", type=_number(int, 0, None), default=0, help="seed of every drawn job and fault (default 0)"
    )
    serve.add_argument(
        "--min-polls",
        type=_number(int, 2, 50),
        default=2,
        metavar="N",
        help="fewest polls a job takes to finish (default 2)",
    )
    serve.add_argument(
        "--max-polls",
        type=_number(int, 2, 50),
        default=5,
        metavar="N",
        help="most polls a job takes to finish (default 5)",
    )
    serve.add_argument(
        "--page-size",
        type=_number(int, 1, 50),
        default=20,
        metavar="N",
        help="documents per page of results without $top (default 20)",
    )
    serve.add_argument(
        "--unknown-properties", action="store_true", help="add fields of later API versions to results"
    )
    serve.add_argument(
        "--invalid",
        action="append",
        default=[],
        metavar="RULE",
        help="serve polls that break RULE (repeatable)",
    )
    serve.add_argument(
        "--invalid-rate",
        type=_number(float, 0, 1),
        default=None,
        metavar="P",
        help="chance a poll is invalid (default 1 with --invalid, else 0)",
    )
    serve.add_argument(
        "--invalid-final-only",
        action="store_true",
        help="break only the polls of finished jobs (and their later pages)",
    )
    serve.add_argument(
        "--invalid-in-job-only",
        action="store_true",
        help="where no mutation of the rules fits a poll, serve it unbroken (not another job's example)",
    )
    serve.add_argument(
        "--throttle-rate",
        type=_number(float, 0, 1),
        default=0.0,
        metavar="P",
        help="chance a poll gets 429 with Retry-After",
    )
    serve.add_argument(
        "--unavailable-rate",
        type=_number(float, 0, 1),
        default=0.0,
        metavar="P",
        help="chance a poll gets 503 with Retry-After",
    )
    serve.add_argument(
        "--retry-after",
        type=_number(int, 0, 3600),
        default=1,
        metavar="S",
        help="Retry-After seconds of a 429 or 503 (default 1)",
    )
    serve.add_argument(
        "--slow-polls",
        type=_number(float, 0, 600),
        default=0.0,
        metavar="S",
        help="seconds every poll waits before its answer",
    )
    serve.add_argument(
        "--record",
        type=Path,
        default=None,
        metavar="FILE.har",
        help="write every exchange to FILE.har on shutdown",
    )


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    try:
        from validator._service._core import Scenario
        from validator._service._faults import Faults, check_fault_rules
        from validator._service._http import RunningServer
        from validator._service._lifecycles import Lifecycle
    except ImportError:
        stderr.write(f"{INSTALL_HINT}\n")
        return EXIT_USAGE
    if args.min_polls > args.max_polls:
        stderr.write("ta-contract serve: --min-polls is larger than --max-polls\n")
        return EXIT_USAGE
    if args.record is not None and not args.record.parent.resolve().is_dir():
        stderr.write(f"ta-contract serve: --record {args.record}: its folder does not exist\n")
        return EXIT_USAGE
    try:
        check_fault_rules(tuple(args.invalid))
    except ValueError as error:
        stderr.write(f"ta-contract serve: --invalid: {error}\n")
        return EXIT_USAGE
    rate = args.invalid_rate if args.invalid_rate is not None else (1.0 if args.invalid else 0.0)
    scenario = Scenario(
        seed=args.seed,
        lifecycle=Lifecycle(args.min_polls, args.max_polls, args.page_size, args.unknown_properties),
        faults=Faults(
            invalid_rules=tuple(args.invalid),
            invalid_rate=rate,
            final_polls_only=args.invalid_final_only,
            foreign_examples=not args.invalid_in_job_only,
            throttle_rate=args.throttle_rate,
            unavailable_rate=args.unavailable_rate,
            retry_after=args.retry_after,
            poll_delay=args.slow_polls,
        ),
    )
    try:
        server = RunningServer(scenario, args.port)
    except OSError as error:
        stderr.write(
            f"ta-contract serve: cannot listen on 127.0.0.1:{args.port}: {error.strerror or error}\n"
        )
        return EXIT_USAGE
    stopping = threading.Event()
    restore = _on_signals(lambda *_: stopping.set())
    server.start()
    stdout.write(f"serving on {server.base_url}\n")
    stdout.flush()
    try:
        while not stopping.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass  # Ctrl-C where no handler could be installed (not the main thread): a clean stop all the same
    finally:
        restore()
        server.stop()
    served = server.service.exchanges
    if args.record is not None:
        from validator._service._recording import write_har

        write_har(args.record, served)
        stdout.write(f"recorded {len(served)} exchange(s) to {args.record}\n")
    stdout.write(f"stopped after {len(served)} exchange(s)\n")
    return EXIT_OK


def _on_signals(handler: Any) -> Any:
    """Installs ``handler`` for SIGINT and SIGTERM (in the main thread only); returns what restores them."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {number: signal.signal(number, handler) for number in (signal.SIGINT, signal.SIGTERM)}

    def restore() -> None:
        for number, old in previous.items():
            signal.signal(number, old)

    return restore

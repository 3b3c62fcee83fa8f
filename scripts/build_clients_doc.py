"""Writes docs/clients.md and validator/_service/client_effects.json by running the real Azure SDK against
the fake service: ``python scripts/build_clients_doc.py`` (``--check`` compares instead of writing).

For every rule an invalid poll can break, one fixed job is run twice through ``azure-ai-textanalytics``
(per SDK version and API version: v3.1 and the Language API's 2023-04-01 with 5.4.0, v3.2-preview.2 with
5.2.0b3): once as served, once with its finished polls broken on that rule. The effect is
classified by what the client did: it raised (crash), kept polling past a bound (polls forever), returned
fewer results than the clean run (silent data loss), returned different values (wrong values passed
through), or returned exactly the same (no visible effect). The SDK bugs on valid payloads are reproduced
with their smallest served payloads.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# Imports after making the checkout importable.
from validator._service._faults import Faults  # noqa: E402
from validator._service._lifecycles import Lifecycle  # noqa: E402
from validator._strategies._invalid import STRATEGY_OF_MUTATIONS  # noqa: E402
from validator._strategies._successor import is_successor  # noqa: E402
from validator._strategies._successor_invalid import successor_job_state_mutations  # noqa: E402
from validator.service import serve  # noqa: E402

DOC = REPO / "docs" / "clients.md"
EFFECTS = REPO / "validator" / "_service" / "client_effects.json"
# Each SDK version with the API version it is run with, and the python of its environment (None: absent).
SDKS = (
    ("v3.1", sys.executable),
    ("v3.2-preview.2", os.environ.get("TA_SDK_5_2_PYTHON")),
    ("2023-04-01", sys.executable),
)
SEED = 1
SHOWN_ENDPOINT = "https://contoso-language.cognitiveservices.azure.com"
POLL_BOUND = 100  # polls after which a client that has not finished is said to poll forever
WAIT_BOUND = 120.0  # seconds; a run still going then is reported as such, never waited on longer
EFFECT_NAMES = (
    "crash",
    "polls forever",
    "silent data loss",
    "wrong values passed through",
    "no visible effect",
)
DOCUMENTS = [
    {"id": "1", "text": "We had dinner at Noodle Bar in Seattle. The pho was great!", "language": "en"},
    {
        "id": "2",
        "text": "Call John Smith at 425-555-0100 or write to ana.nunez@example.com.",
        "language": "en",
    },
    {"id": "3", "text": "Jürgen Weiß hat einen Tisch in Zürich reserviert.", "language": "de"},
]


ACTIONS = [
    {"type": "RecognizeEntitiesAction", "options": {}},
    {"type": "RecognizePiiEntitiesAction", "options": {}},
    {"type": "ExtractKeyPhrasesAction", "options": {}},
    {"type": "RecognizeLinkedEntitiesAction", "options": {}},
    {"type": "AnalyzeSentimentAction", "options": {"show_opinion_mining": True}},
]
RUNNER = (
    REPO / "tests" / "sdk_runner.py"
)  # runs an SDK from any environment; the conformance tests use it too


@dataclass(frozen=True)
class Run:
    """One client call against its own fake."""

    documents: list[dict[str, str]]
    actions: list[dict[str, Any]]
    lifecycle: Lifecycle
    faults: Faults


@dataclass(frozen=True)
class Outcome:
    """What the client made of a run, and what the fake served it."""

    kind: str  # "results", "raised" or "polling"
    value: Any
    labels: list[Any]
    finished: list[Any]  # the finished polls served, parsed


def measure(python: str, api_version: str, runs: list[Run]) -> list[Outcome]:
    """Runs every call in one child process of ``python``, each against its own fake, bounding the polls."""
    with contextlib.ExitStack() as everything:
        stacks = [everything.enter_context(contextlib.ExitStack()) for _ in runs]
        services = [
            stack.enter_context(serve(seed=SEED, lifecycle=run.lifecycle, faults=run.faults))
            for stack, run in zip(stacks, runs, strict=True)
        ]
        specs = [
            {
                "endpoint": service.endpoint,
                "api_version": api_version,
                "documents": run.documents,
                "actions": run.actions,
                "show_stats": True,
                "catch_all": True,
            }
            for service, run in zip(services, runs, strict=True)
        ]
        cut_off = [False] * len(runs)
        child = subprocess.Popen(
            [python, str(RUNNER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            text=True,
        )
        try:
            reader = threading.Thread(target=lambda: results.append(child.communicate(json.dumps(specs))))
            results: list[tuple[str, str]] = []
            reader.start()
            deadline = time.monotonic() + WAIT_BOUND
            while reader.is_alive() and time.monotonic() < deadline:
                for index, service in enumerate(services):
                    # A client still polling after the bound polls forever: stopping its fake ends its call.
                    if not cut_off[index] and len(service.polls()) >= POLL_BOUND:
                        cut_off[index] = True
                        stacks[index].close()
                reader.join(0.05)
        finally:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
            reader.join()
        out, err = results[0]
        if child.returncode != 0:
            raise SystemExit(f"the SDK runner failed ({python}):\n{err}")
        outcomes = []
        for answer, service, stopped in zip(json.loads(out), services, cut_off, strict=True):
            kind = "polling" if stopped else next(iter(answer))
            labels = [exchange.fault for exchange in service.exchanges if exchange.fault is not None]
            finished = [
                exchange.json()
                for exchange in service.polls()
                if exchange.status == 200
                and exchange.fault is None
                and exchange.json()["status"] != "notStarted"
            ]
            outcomes.append(Outcome(kind, answer.get(kind), labels, finished))
    return outcomes


def classify(clean: Outcome, broken: Outcome) -> str:
    if broken.kind == "raised":
        return f"crash ({broken.value[0]})"
    if broken.kind == "polling":
        return "polls forever"
    if broken.value == clean.value:
        return "no visible effect"
    results = sum(1 for row in broken.value for record in row if not record["is_error"])
    clean_results = sum(1 for row in clean.value for record in row if not record["is_error"])
    if len(broken.value) < len(clean.value) or results < clean_results:
        return "silent data loss"
    return "wrong values passed through"


def rule_effects(python: str, api_version: str) -> dict[str, tuple[str, str]]:
    """(effect, what the first broken poll changed) of each rule an invalid poll can break, on this SDK."""
    if is_successor(api_version):
        mutations = successor_job_state_mutations(api_version)
    else:
        mutations = STRATEGY_OF_MUTATIONS["invalid_job_states"]
    rules = sorted({mutation.rule for mutation in mutations})
    lifecycle = Lifecycle(min_polls=2, max_polls=3, page_size=2)
    runs = [Run(DOCUMENTS, ACTIONS, lifecycle, Faults())]
    runs += [
        Run(
            DOCUMENTS,
            ACTIONS,
            lifecycle,
            Faults(invalid_rules=(rule,), invalid_rate=1.0, final_polls_only=True, foreign_examples=False),
        )
        for rule in rules
    ]
    clean, *broken = measure(python, api_version, runs)
    assert clean.kind == "results", f"the clean job did not complete: {clean}"
    effects = {}
    for rule, outcome in zip(rules, broken, strict=True):
        if not outcome.labels:
            effects[rule] = ("not exercised", "this job has no place to break it")
        else:
            effects[rule] = (classify(clean, outcome), outcome.labels[0].description)
    return effects


def sdk_bugs(python: str, api_version: str) -> list[tuple[str, str, str]]:
    """(title, effect, smallest served payload) of each valid payload that breaks the SDK."""
    one = [{"id": "1", "text": "Hi.", "language": "en"}]
    two = [*one, {"id": "2", "text": "Yo.", "language": "en"}]
    failing = {"model_version": "2019-01-01"}
    cases = [
        (
            "A failed task in a job whose results are paged: its errors repeat on every page",
            Run(
                two,
                [
                    {"type": "RecognizeEntitiesAction", "options": failing},
                    {"type": "ExtractKeyPhrasesAction", "options": {}},
                ],
                Lifecycle(min_polls=2, max_polls=2, page_size=1),
                Faults(),
            ),
        ),
    ]
    if api_version == "v3.1":
        cases.insert(
            0,
            (
                "A failed PII task: the service names its array entityRecognitionPiiTasks in the target",
                Run(
                    one,
                    [
                        {"type": "RecognizePiiEntitiesAction", "options": failing},
                        {"type": "ExtractKeyPhrasesAction", "options": {}},
                    ],
                    Lifecycle(min_polls=2, max_polls=2),
                    Faults(),
                ),
            ),
        )
    if is_successor(api_version):
        # The Language API refuses an unsupported model version at submit, so no prebuilt task fails and
        # neither case above can be served; no valid payload of it is known to break the SDK.
        return []
    found = []
    for (title, run), outcome in zip(
        cases, measure(python, api_version, [run for _, run in cases]), strict=True
    ):
        if outcome.kind == "raised":
            effect = f"crash ({outcome.value[0]})"
        elif outcome.kind == "polling":
            effect = "polls forever"
        else:
            effect = f"{len(outcome.value)} result rows for {len(run.documents)} documents"
        payload = outcome.finished[-1] if len(outcome.finished) == 1 else outcome.finished
        shown = json.dumps(payload, ensure_ascii=False, indent=1)
        found.append((title, effect, re.sub(r"http://127\.0\.0\.1:\d+", SHOWN_ENDPOINT, shown)))
    return found


def _cell(text: str) -> str:
    """Text that stays inside one Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def render(measured: list[dict[str, Any]]) -> str:
    lines = [
        "# What each violation does to a real client",
        "",
        "Generated by `python scripts/build_clients_doc.py` (a test fails when this page is stale): the",
        "unmodified `azure-ai-textanalytics` run against `ta-contract serve` over real HTTP. How the runs",
        "are made and what the effects mean: [serve.md](serve.md#real-clients).",
        "",
        "## Effect of each rule",
        "",
        "Each cell: the effect, then what the first broken poll changed.",
        "",
        "| rule | " + " | ".join(f"{sdk['sdk']} ({sdk['api_version']})" for sdk in measured) + " |",
        "|---|" + "---|" * len(measured),
    ]
    rules = sorted({rule for sdk in measured for rule in sdk["effects"]})
    for rule in rules:
        cells = []
        for sdk in measured:
            effect, description = sdk["effects"].get(rule, ("-", ""))
            cells.append(_cell(f"{effect}: {description}" if description else effect))
        lines.append(f"| `{rule}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## SDK bugs on valid payloads",
        "",
        "Payloads the service sends (valid by the contract) that an SDK version cannot read. Each is the",
        "finished poll the fake served (all of them when the bug needs pages), the smallest that shows it.",
        "",
    ]
    for sdk in measured:
        for title, effect, payload in sdk["bugs"]:
            heading = f"### {sdk['sdk']} ({sdk['api_version']}): {title}"
            lines += [heading, "", f"Effect: {effect}.", "", "```json", payload, "```", ""]
    return "\n".join(lines)


def _sdk_version(python: str) -> str:
    answer = subprocess.run(
        [python, "-c", "import azure.ai.textanalytics as sdk; print(sdk.__version__)"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return answer.stdout.strip()


def _measure_sdk(python: str, api_version: str) -> dict[str, Any]:
    version = _sdk_version(python)
    effects = rule_effects(python, api_version)
    return {
        "sdk": f"azure-ai-textanalytics {version}",
        "api_version": api_version,
        "effects": {rule: list(pair) for rule, pair in effects.items()},
        "bugs": [list(bug) for bug in sdk_bugs(python, api_version)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files instead of writing them")
    args = parser.parse_args(argv)
    committed = json.loads(EFFECTS.read_text(encoding="utf-8"))["sdks"] if EFFECTS.is_file() else []
    measured = []
    for api_version, python in SDKS:
        if python:
            measured.append(_measure_sdk(python, api_version))
        else:
            # This SDK's environment is not here: its committed measurements stand, unchecked.
            kept = [sdk for sdk in committed if sdk["api_version"] == api_version]
            measured += kept
            print(
                f"no environment for the {api_version} SDK: its committed results are kept", file=sys.stderr
            )
    page = render(measured)
    data_text = json.dumps({"sdks": measured}, ensure_ascii=False, indent=1) + "\n"
    if args.check:
        stale = [
            path
            for path, text in ((DOC, page), (EFFECTS, data_text))
            if not path.is_file() or path.read_text(encoding="utf-8") != text
        ]
        for path in stale:
            print(
                f"{path.relative_to(REPO)} is stale: run python scripts/build_clients_doc.py", file=sys.stderr
            )
        return 1 if stale else 0
    DOC.write_text(page, encoding="utf-8")
    EFFECTS.write_text(data_text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(REPO)} and {EFFECTS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

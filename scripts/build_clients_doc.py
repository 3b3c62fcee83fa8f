"""Writes docs/clients.md and validator/_service/client_effects.json by running the real Azure SDK against
the fake service: ``python scripts/build_clients_doc.py`` (``--check`` compares instead of writing).

For every rule an invalid poll can break, one fixed v3.1 job is run twice through
``azure-ai-textanalytics``: once as served, once with its finished polls broken on that rule. The effect is
classified by what the client did: it raised (crash), kept polling past a bound (polls forever), returned
fewer results than the clean run (silent data loss), returned different values (wrong values passed
through), or returned exactly the same (no visible effect). The SDK bugs on valid payloads are reproduced
with their smallest served payloads.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# Imports after making the checkout importable.
from validator._service._faults import Faults  # noqa: E402
from validator._service._lifecycles import Lifecycle  # noqa: E402
from validator._strategies._invalid import STRATEGY_OF_MUTATIONS  # noqa: E402
from validator.service import RunningService, serve  # noqa: E402

DOC = REPO / "docs" / "clients.md"
EFFECTS = REPO / "validator" / "_service" / "client_effects.json"
API_VERSION = "v3.1"
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


def _actions() -> list[Any]:
    from azure.ai.textanalytics import (
        AnalyzeSentimentAction,
        ExtractKeyPhrasesAction,
        RecognizeEntitiesAction,
        RecognizeLinkedEntitiesAction,
        RecognizePiiEntitiesAction,
    )

    return [
        RecognizeEntitiesAction(),
        RecognizePiiEntitiesAction(),
        ExtractKeyPhrasesAction(),
        RecognizeLinkedEntitiesAction(),
        AnalyzeSentimentAction(show_opinion_mining=True),
    ]


def sdk_version() -> str:
    from azure.ai.textanalytics import __version__

    return str(__version__)


def run_client(service: RunningService, documents: list[dict[str, str]], actions: list[Any]) -> Any:
    """What the SDK made of the job: ("results", [[repr...]...]), ("raised", name) or ("polling", count)."""
    from azure.ai.textanalytics import TextAnalyticsClient
    from azure.core.credentials import AzureKeyCredential

    outcome: list[Any] = []

    def consume() -> None:
        client = TextAnalyticsClient(
            service.endpoint, AzureKeyCredential("fake"), api_version=API_VERSION, retry_total=0
        )
        try:
            poller = client.begin_analyze_actions(documents, actions, show_stats=True, polling_interval=0)
            outcome.append(("results", [[repr(result) for result in results] for results in poller.result()]))
        except Exception as error:  # whatever the client raises is what is measured
            outcome.append(("raised", type(error).__name__))

    worker = threading.Thread(target=consume, daemon=True)
    worker.start()
    deadline = time.monotonic() + WAIT_BOUND
    while worker.is_alive() and len(service.polls()) < POLL_BOUND and time.monotonic() < deadline:
        worker.join(0.05)
    if worker.is_alive():
        return ("polling", len(service.polls()))
    return outcome[0]


def classify(clean: Any, broken: Any) -> str:
    kind, value = broken
    if kind == "raised":
        return f"crash ({value})"
    if kind == "polling":
        return "polls forever"
    if value == clean[1]:
        return "no visible effect"
    results = sum(1 for row in value for text in row if "is_error=False" in text)
    clean_results = sum(1 for row in clean[1] for text in row if "is_error=False" in text)
    if len(value) < len(clean[1]) or results < clean_results:
        return "silent data loss"
    return "wrong values passed through"


def _run(faults: Faults | None) -> tuple[Any, list[Any]]:
    lifecycle = Lifecycle(min_polls=2, max_polls=3, page_size=2)
    with serve(seed=SEED, lifecycle=lifecycle, faults=faults or Faults()) as service:
        outcome = run_client(service, DOCUMENTS, _actions())
        labels = [exchange.fault for exchange in service.exchanges if exchange.fault is not None]
    # The server has stopped: a client still polling now fails (retry_total=0) and its thread ends.
    return outcome, labels


def rule_effects() -> dict[str, tuple[str, str]]:
    """(effect, what the first broken poll changed) of each rule an invalid poll can break, on this SDK."""
    clean, _ = _run(None)
    assert clean[0] == "results", f"the clean job did not complete: {clean}"
    rules = sorted({mutation.rule for mutation in STRATEGY_OF_MUTATIONS["invalid_job_states"]})
    effects = {}
    for rule in rules:
        faults = Faults(
            invalid_rules=(rule,), invalid_rate=1.0, final_polls_only=True, foreign_examples=False
        )
        outcome, labels = _run(faults)
        if not labels:
            effects[rule] = ("not exercised", "this job has no place to break it")
            continue
        effects[rule] = (classify(clean, outcome), labels[0].description)
    return effects


def _sdk_bug(
    request: Callable[[], tuple[list[dict[str, str]], list[Any]]], lifecycle: Lifecycle
) -> tuple[str, str]:
    """(what the SDK did, the served finished poll) for a valid job that breaks the SDK."""
    documents, actions = request()
    with serve(seed=SEED, lifecycle=lifecycle) as service:
        outcome = run_client(service, documents, actions)
        finished = [
            exchange.json()
            for exchange in service.polls()
            if exchange.status == 200 and exchange.json()["status"] != "notStarted"
        ]
    effect = (
        f"crash ({outcome[1]})"
        if outcome[0] == "raised"
        else "wrong results"
        if outcome[0] == "results"
        else "polls forever"
    )
    if outcome[0] == "results":
        effect = f"{len(outcome[1])} result rows for {len(documents)} documents"
    shown = json.dumps(finished[-1] if len(finished) == 1 else finished, ensure_ascii=False, indent=1)
    # The fake's port changes from run to run; the page shows a service endpoint instead.
    return effect, shown.replace(service.endpoint, SHOWN_ENDPOINT)


def sdk_bugs() -> list[tuple[str, str, str]]:
    """(title, effect, smallest served payload) of each valid payload that breaks the SDK."""
    from azure.ai.textanalytics import (
        ExtractKeyPhrasesAction,
        RecognizeEntitiesAction,
        RecognizePiiEntitiesAction,
    )

    one = [{"id": "1", "text": "Hi.", "language": "en"}]
    two = [*one, {"id": "2", "text": "Yo.", "language": "en"}]
    bad = "2019-01-01"
    cases = [
        (
            "A failed PII task: the service names its array entityRecognitionPiiTasks in the error target",
            lambda: (one, [RecognizePiiEntitiesAction(model_version=bad), ExtractKeyPhrasesAction()]),
            Lifecycle(min_polls=2, max_polls=2),
        ),
        (
            "A failed task in a job whose results are paged: its errors repeat on every page",
            lambda: (two, [RecognizeEntitiesAction(model_version=bad), ExtractKeyPhrasesAction()]),
            Lifecycle(min_polls=2, max_polls=2, page_size=1),
        ),
    ]
    found = []
    for title, request, lifecycle in cases:
        effect, payload = _sdk_bug(request, lifecycle)
        found.append((title, effect, payload))
    return found


def _cell(text: str) -> str:
    """Text that stays inside one Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def render(version: str, effects: dict[str, tuple[str, str]], bugs: list[tuple[str, str, str]]) -> str:
    lines = [
        "# What each violation does to a real client",
        "",
        "Generated by `python scripts/build_clients_doc.py` (a test fails when this page is stale):",
        f"the unmodified `azure-ai-textanalytics` {version} (API {API_VERSION}) run against",
        "`ta-contract serve` over real HTTP. How the runs are made and what the effects mean:",
        "[serve.md](serve.md#real-clients).",
        "",
        "## Effect of each rule",
        "",
        f"| rule | azure-ai-textanalytics {version} ({API_VERSION}) | the first poll broken |",
        "|---|---|---|",
    ]
    lines += [
        f"| `{rule}` | {effect} | {_cell(description)} |" for rule, (effect, description) in effects.items()
    ]
    lines += ["", "## SDK bugs on valid payloads", ""]
    lines += [
        "Payloads the service sends (valid by the contract) that this SDK version cannot read. Each is the",
        "finished poll the fake served, the smallest that shows the bug.",
        "",
    ]
    for title, effect, payload in bugs:
        lines += [
            f"### {title}",
            "",
            f"azure-ai-textanalytics {version}: {effect}.",
            "",
            "```json",
            payload,
            "```",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files instead of writing them")
    args = parser.parse_args(argv)
    version = sdk_version()
    effects = rule_effects()
    page = render(version, effects, sdk_bugs())
    summary = {rule: effect for rule, (effect, _) in effects.items()}
    data = {"sdk": f"azure-ai-textanalytics {version}", "api_version": API_VERSION, "effects": summary}
    data_text = json.dumps(data, indent=1) + "\n"
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

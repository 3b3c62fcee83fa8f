"""Runs an Azure SDK client against fake services and prints what it returned, as JSON (a child process).

Reads from standard input a JSON list of runs ``{"endpoint", "api_version", "documents", "actions",
"show_stats"}`` (with ``"cancel": true`` the job is cancelled right after it is submitted), where each action
is ``{"type": "RecognizeEntitiesAction", "options": {...}}``, and prints one outcome per run:
``{"results": [[record per action] per document]}`` or ``{"raised": [type name, message]}``. One process runs
them all, as starting the SDK's imports costs more than a run. The conformance tests call ``run`` in their
own process too. It imports only the SDK and tests/sdk_views.py, so it runs in a virtual environment that
holds another SDK version
(azure-ai-textanalytics 5.2.0b3 with its old azure-core and msrest).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sdk_views import ARRAYS, result_record  # imported from beside this file, not as a package


def run(spec: dict[str, Any]) -> dict[str, Any]:
    """One run; with ``"catch_all": true`` whatever the client raises is its outcome, not only HTTP errors."""
    if not spec.get("catch_all"):
        return _run(spec)
    try:
        return _run(spec)
    except Exception as error:  # measuring what the client does: its exception is the finding
        return {"raised": [type(error).__name__, str(error)]}


def _run(spec: dict[str, Any]) -> dict[str, Any]:
    import azure.ai.textanalytics as sdk
    from azure.core.credentials import AzureKeyCredential
    from azure.core.exceptions import HttpResponseError

    actions = [getattr(sdk, action["type"])(**action["options"]) for action in spec["actions"]]
    client = sdk.TextAnalyticsClient(
        spec["endpoint"], AzureKeyCredential("fake"), api_version=spec["api_version"], retry_total=0
    )
    with client:
        try:
            poller = client.begin_analyze_actions(
                spec["documents"], actions, show_stats=spec["show_stats"], polling_interval=0
            )
            if spec.get("cancel"):
                poller.cancel()
            pages = poller.result()
            types = [action["type"] for action in spec["actions"]]
            # A row longer than the actions (an SDK bug) is kept whole, so that the caller sees it.
            results = [
                [
                    result_record(ARRAYS[types[min(index, len(types) - 1)]], result)
                    for index, result in enumerate(row)
                ]
                for row in pages
            ]
        except HttpResponseError as error:
            return {"raised": [type(error).__name__, error.message]}
    return {"results": results}


if __name__ == "__main__":
    json.dump([run(spec) for spec in json.load(sys.stdin)], sys.stdout)

"""docs/clients.md and the effects ``ta-contract rules --client-effects`` shows match the real SDK now."""

from __future__ import annotations

import json
import sys

import pytest

from tests.helpers import REPO, run, run_process

pytest.importorskip("azure.ai.textanalytics", reason="the sdk-conformance extra is not installed")


def test_clients_page_and_effects_are_current() -> None:
    """Regenerating docs/clients.md with the installed SDK gives the committed page and effects file."""
    result = run_process([sys.executable, str(REPO / "scripts" / "build_clients_doc.py"), "--check"])
    assert 0 == result.returncode, result.stderr


def test_rules_command_shows_each_rules_effect_on_the_sdk() -> None:
    """ta-contract rules --client-effects lists every rule with the measured effect, or - where none was."""
    measured = json.loads(
        (REPO / "validator" / "_service" / "client_effects.json").read_text(encoding="utf-8")
    )
    result = run("rules", "--client-effects")
    assert 0 == result.returncode
    rows = dict(line.split(None, 1) for line in result.stdout.splitlines()[1:])
    for rule, effect in measured["effects"].items():
        assert effect == rows[rule]
    assert "-" == rows["unreadable-input"]

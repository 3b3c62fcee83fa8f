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
    """rules --client-effects lists each rule with its effect per measured SDK, or - where none was."""
    measured = json.loads(
        (REPO / "validator" / "_service" / "client_effects.json").read_text(encoding="utf-8")
    )
    result = run("rules", "--client-effects")
    assert 0 == result.returncode
    lines = result.stdout.splitlines()
    for sdk in measured["sdks"]:
        assert f"{sdk['sdk']} ({sdk['api_version']})" in lines[0]
    rows = {line.split()[0]: line for line in lines[1:]}
    for sdk in measured["sdks"]:
        for rule, (effect, _) in sdk["effects"].items():
            assert effect in rows[rule]
    assert rows["unreadable-input"].split()[1:] == ["-"] * len(measured["sdks"])

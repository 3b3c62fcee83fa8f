"""The rule catalogue: complete, documented in docs/rules.md, and printed by ta-contract rules."""

from __future__ import annotations

import json
import sys

import validator
from validator._reporting.catalogue import render_markdown

from .helpers import REPO, run_process


def test_docs_rules_page_is_up_to_date() -> None:
    """docs/rules.md equals a page rendered from the registry now (run scripts/build_rules_doc.py if not)."""
    assert render_markdown() == (REPO / "docs" / "rules.md").read_text(encoding="utf-8")


def test_rule_ids_are_unique_kebab_case_or_schema_keywords() -> None:
    """Every rule id is unique; contract rule ids are kebab-case, schema rule ids are JSON Schema keywords."""
    rules = validator.rule_catalogue()
    ids = [rule.id for rule in rules]
    assert len(ids) == len(set(ids))
    for rule in rules:
        assert rule.summary.endswith("."), rule.id
        assert rule.example, rule.id
        if rule.scope is not validator.Scope.SCHEMA:
            assert rule.id == rule.id.lower(), rule.id
            assert " " not in rule.id


def test_every_rule_the_validator_reports_is_in_the_catalogue() -> None:
    """The schema keywords that can fail and the parser's rules are all catalogued."""
    catalogued = {rule.id for rule in validator.rule_catalogue()}
    assert {
        "invalid-json",
        "duplicate-key",
        "required",
        "type",
        "enum",
        "format",
        "additionalProperties",
    } <= catalogued
    assert {"open-enum", "minimum", "maximum", "minItems", "minLength"} <= catalogued


def test_rules_command_prints_the_catalogue() -> None:
    """ta-contract rules lists every rule; --format json gives the entries as data."""
    text = run_process([sys.executable, "-m", "validator", "rules"], check=True).stdout
    for rule in validator.rule_catalogue():
        assert rule.id in text
    entries = json.loads(
        run_process([sys.executable, "-m", "validator", "rules", "--format", "json"], check=True).stdout
    )
    assert [rule.id for rule in validator.rule_catalogue()] == [entry["id"] for entry in entries]

"""The rule catalogue for people: a Markdown page (docs/rules.md) and the ``ta-contract rules`` list."""

from __future__ import annotations

import json

from validator._rule_registry import RuleInfo, Scope
from validator._rules import rule_catalogue

_SCOPE_TITLES = {
    Scope.PARSING: "Parsing: the raw text",
    Scope.SCHEMA: "Schema: one document against the JSON Schema",
    Scope.DOCUMENT: "Contract: one document, beyond JSON Schema",
    Scope.REQUEST: "Request cross-checks: iter_findings(response, request=...)",
    Scope.SEQUENCE: "Poll sequences: iter_sequence_findings(responses)",
    Scope.INPUT: "Inputs: what ta-contract validate reads (files, JSON Lines, HAR)",
}


def render_markdown(rules: tuple[RuleInfo, ...] | None = None) -> str:
    """docs/rules.md: every rule id, grouped by what it looks at, with its summary and a breaking example."""
    rules = rule_catalogue() if rules is None else rules
    lines = [
        "# Rules",
        "",
        "Every rule id the validator reports, as `Finding.rule`. Generated from the rule registry by",
        "`python scripts/build_rules_doc.py`; a test fails when this page is out of date.",
        "",
    ]
    for scope in Scope:
        lines += [
            f"## {_SCOPE_TITLES[scope]}",
            "",
            "| rule | severity | checks | breaks it |",
            "|---|---|---|---|",
        ]
        for rule in rules:
            if rule.scope is scope:
                example = rule.example.replace("|", "\\|")
                lines.append(f"| `{rule.id}` | {rule.severity.value} | {rule.summary} | `{example}` |")
        lines.append("")
    return "\n".join(lines)


def render_text(rules: tuple[RuleInfo, ...] | None = None) -> str:
    """One line per rule: id, scope, severity and summary, aligned for a terminal."""
    rules = rule_catalogue() if rules is None else rules
    width = max(len(rule.id) for rule in rules)
    return "".join(
        f"{rule.id:<{width}}  {rule.scope.value:<8}  {rule.severity.value:<7}  {rule.summary}\n"
        for rule in rules
    )


def render_json(rules: tuple[RuleInfo, ...] | None = None) -> str:
    rules = rule_catalogue() if rules is None else rules
    entries = [
        {
            "id": r.id,
            "scope": r.scope.value,
            "severity": r.severity.value,
            "summary": r.summary,
            "example": r.example,
        }
        for r in rules
    ]
    return json.dumps(entries, indent=2, ensure_ascii=False) + "\n"

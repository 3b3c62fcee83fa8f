"""The rule catalogue for people: a Markdown page (docs/rules.md) and the ``ta-contract rules`` list."""

from __future__ import annotations

import json

from validator._rule_registry import RuleInfo, Scope
from validator._rules import rule_catalogue
from validator._schemas import API_VERSIONS, SUCCESSOR_VERSIONS, V3_VERSIONS

_SCOPE_TITLES = {
    Scope.PARSING: "Parsing: the raw text",
    Scope.SCHEMA: "Schema: one document against the JSON Schema",
    Scope.DOCUMENT: "Contract: one document, beyond JSON Schema",
    Scope.REQUEST: "Request cross-checks: iter_findings(response, request=...)",
    Scope.SEQUENCE: "Poll sequences: iter_sequence_findings(responses)",
    Scope.INPUT: "Inputs: what ta-contract validate reads (files, JSON Lines, HAR)",
}


def versions_label(rule: RuleInfo) -> str:
    """Which API versions a rule applies to, by family where it applies to a whole family."""
    versions = set(rule.versions)
    if versions == set(API_VERSIONS):
        return "all"
    if versions == set(V3_VERSIONS):
        return "v3.x"
    if versions == set(SUCCESSOR_VERSIONS):
        return "Language API"
    return ", ".join(rule.versions)


def render_markdown(rules: tuple[RuleInfo, ...] | None = None) -> str:
    """docs/rules.md: every rule id, grouped by what it looks at, with its summary and a breaking example."""
    rules = rule_catalogue() if rules is None else rules
    lines = [
        "# Rules",
        "",
        "Every rule id the validator reports, as `Finding.rule`. Generated from the rule registry by",
        "`python scripts/build_rules_doc.py`; a test fails when this page is out of date.",
        "",
        "The versions column says which API versions a rule applies to: `v3.x` (v3.1, v3.2-preview.1,",
        "v3.2-preview.2), `Language API` (2022-05-01, 2022-10-01-preview, 2023-04-01) or `all`. Where the",
        "successor's evidence differs (cancelled tasks, `tasks.items[]`, `nextLink`), a rule of each family",
        "checks the same concern.",
        "",
    ]
    for scope in Scope:
        lines += [
            f"## {_SCOPE_TITLES[scope]}",
            "",
            "| rule | severity | versions | checks | breaks it |",
            "|---|---|---|---|---|",
        ]
        for rule in rules:
            if rule.scope is scope:
                example = rule.example.replace("|", "\\|")
                cells = (
                    f"`{rule.id}`",
                    rule.severity.value,
                    versions_label(rule),
                    rule.summary,
                    f"`{example}`",
                )
                lines.append(f"| {' | '.join(cells)} |")
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
            "versions": list(r.versions),
        }
        for r in rules
    ]
    return json.dumps(entries, indent=2, ensure_ascii=False) + "\n"

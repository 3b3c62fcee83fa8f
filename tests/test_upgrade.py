"""The upgrade diff from each v3.x version to each Language API version: golden reports and named changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import validator
from validator._diff.checklist import render_markdown, render_upgrade_json, render_upgrade_text
from validator._diff.compare import diff_contracts
from validator._diff.upgrade import BEHAVIOUR_NOTES, diff_upgrade
from validator._diff.upgrade_page import render_upgrade_page

from .helpers import DATA, REPO, run

GOLDEN = DATA / "upgrade"
UPGRADES = [(old, new) for old in validator.V3_VERSIONS for new in validator.SUCCESSOR_VERSIONS]
SUCCESSOR_PAIRS = [
    (old, new) for old in validator.SUCCESSOR_VERSIONS for new in validator.SUCCESSOR_VERSIONS if old != new
]


def golden(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("old", "new"), UPGRADES, ids=[f"{old}..{new}" for old, new in UPGRADES])
def test_upgrade_text_report_matches_its_golden_file(old: str, new: str) -> None:
    """The text report of every upgrade is byte for byte the reviewed one in tests/data/upgrade/."""
    assert golden(f"{old}..{new}.txt") == render_upgrade_text(diff_upgrade(old, new), old=old, new=new)


def test_upgrade_json_and_markdown_match_their_golden_files() -> None:
    """The JSON report and the Markdown checklist of the featured upgrade are the reviewed ones."""
    changes = diff_upgrade("v3.2-preview.2", "2023-04-01")
    rendered_json = render_upgrade_json(changes, old="v3.2-preview.2", new="2023-04-01")
    assert golden("v3.2-preview.2..2023-04-01.json") == rendered_json
    markdown = render_markdown(changes, old="v3.2-preview.2", new="2023-04-01", notes=BEHAVIOUR_NOTES)
    assert golden("v3.2-preview.2..2023-04-01.md") == markdown


@pytest.mark.parametrize(("old", "new"), UPGRADES, ids=[f"{old}..{new}" for old, new in UPGRADES])
def test_upgrade_names_the_changes_the_issue_lists(old: str, new: str) -> None:
    """Task arrays move into items by kind, state becomes status, @nextLink nextLink, rejected goes."""
    changes = {(change.kind, change.pointer, change.classification) for change in diff_upgrade(old, new)}
    messages = " ".join(change.message for change in diff_upgrade(old, new))
    assert ("property-renamed", "/@nextLink", "breaking") in changes
    assert ("property-renamed", "/lastUpdateDateTime", "breaking") in changes
    assert ("property-renamed", "/tasks/entityRecognitionTasks", "breaking") in changes
    assert ("property-renamed", "/tasks/entityRecognitionTasks/*/state", "breaking") in changes
    assert "kind 'EntityRecognitionLROResults'" in messages
    assert ("required-property-added", "/tasks/items/*/kind", "compatible") in changes
    assert ("enum-value-removed", "/tasks/items/*/status", "compatible") in changes  # rejected
    assert ("enum-value-added", "/tasks/items/*/status", "breaking") in changes  # partiallyCompleted
    assert ("enum-value-added", "/tasks/items/*/kind", "breaking") in changes  # HealthcareLROResults
    assert ("property-made-required", "/tasks/items", "compatible") in changes
    assert all(change.classification != "informational" for change in diff_upgrade(old, new))


def test_every_v3_task_array_is_mapped_or_reported_removed() -> None:
    """Each v3.2-preview.2 array moves to its kind in 2023-04-01; extractive summaries leave 2022-05-01."""
    to_2023 = {c.pointer: c.kind for c in diff_upgrade("v3.2-preview.2", "2023-04-01")}
    to_2022 = {c.pointer: c.kind for c in diff_upgrade("v3.2-preview.2", "2022-05-01")}
    arrays = validator.schema_for("v3.2-preview.2")["$defs"]["TasksState"]["properties"]
    for array in (name for name in arrays if name.endswith("Tasks")):
        assert "property-renamed" == to_2023[f"/tasks/{array}"]
    assert "property-removed" == to_2022["/tasks/extractiveSummarizationTasks"]


def test_custom_classification_results_change_shape() -> None:
    """v3.x classification/classifications documents become class arrays, reported per kind."""
    changes = [c for c in diff_upgrade("v3.2-preview.2", "2023-04-01") if "Classification" in c.message]
    pointers = {change.pointer for change in changes}
    assert "/tasks/items/*/results/documents/*/classification" in pointers
    assert "/tasks/items/*/results/documents/*/class" in pointers


@pytest.mark.parametrize(
    ("old", "new"), SUCCESSOR_PAIRS, ids=[f"{old}..{new}" for old, new in SUCCESSOR_PAIRS]
)
def test_diffs_within_the_language_family_use_the_ordinary_walk(old: str, new: str) -> None:
    """Between two Language API versions the item kinds each gains are breaking, those it loses compatible."""
    kinds = {
        version: set(validator.schema_for(version)["$defs"]["TaskKind"]["enum"]) for version in (old, new)
    }
    changes = diff_contracts(validator.schema_for(old), validator.schema_for(new))
    gained = {
        c.message for c in changes if c.kind == "enum-value-added" and c.pointer == "/tasks/items/*/kind"
    }
    assert {f'enum gains "{kind}"' for kind in kinds[new] - kinds[old]} == gained


def test_the_command_line_reports_an_upgrade_and_exits_one() -> None:
    """ta-contract diff v3.1 2023-04-01 prints the golden report and exits 1; markdown is the checklist."""
    result = run("diff", "v3.1", "2023-04-01")
    assert (1, golden("v3.1..2023-04-01.txt"), "") == (result.returncode, result.stdout, result.stderr)
    markdown = run("diff", "v3.2-preview.2", "2023-04-01", "--format", "markdown")
    assert (1, golden("v3.2-preview.2..2023-04-01.md")) == (markdown.returncode, markdown.stdout)
    report = json.loads(run("diff", "v3.2-preview.2", "2023-04-01", "--format", "json").stdout)
    assert len(BEHAVIOUR_NOTES) == len(report["notes"])


def test_a_downgrade_across_families_is_a_usage_error() -> None:
    """Diffing a Language API version back to v3.x exits 2 with one line on standard error."""
    result = run("diff", "2023-04-01", "v3.2-preview.2")
    assert 2 == result.returncode
    assert "" == result.stdout
    assert 1 == len(result.stderr.splitlines())
    assert "diff the other way round" in result.stderr


def test_an_unknown_dated_version_is_named_as_one() -> None:
    """A dated name such as 2024-11-01 is refused as an unknown API version, listing the known ones."""
    result = run("diff", "v3.1", "2024-11-01")
    assert 2 == result.returncode
    assert "unknown API version; known versions: v3.1" in result.stderr


def test_the_migration_page_is_up_to_date() -> None:
    """docs/upgrade.md is what scripts/build_upgrade_doc.py writes from the shipped schemas."""
    page = (REPO / "docs" / "upgrade.md").read_text(encoding="utf-8")
    assert render_upgrade_page() == page
    assert golden("v3.2-preview.2..2023-04-01.md") in page


def test_golden_files_are_exactly_the_upgrades() -> None:
    """Every golden text report belongs to an upgrade pair, and every pair has one."""
    expected = {f"{old}..{new}.txt" for old, new in UPGRADES}
    assert expected == {path.name for path in Path(GOLDEN).glob("*.txt")}

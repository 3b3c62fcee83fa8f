"""Rendering an upgrade diff: as text and JSON like any diff, and as a Markdown migration checklist.

The checklist is meant to be pasted into an upgrade ticket: one box per change a reading client must make,
breaking ones first, then the behaviour changes no schema can show, each with its evidence.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from validator._diff.compare import Change, render_text, summarize
from validator._diff.upgrade import BEHAVIOUR_NOTES, BehaviourNote
from validator._findings import display_pointer

_HEADINGS = {
    "breaking": "Breaking: a v3.x reader fails or misreads the response until it changes",
    "compatible": "Compatible: a v3.x reader keeps working, but should know",
    "informational": "Informational",
}


def render_upgrade_text(
    changes: list[Change], *, old: str, new: str, notes: Sequence[BehaviourNote] = BEHAVIOUR_NOTES
) -> str:
    """The text diff (one line per change and a summary line), then one ``behaviour`` line per note."""
    lines = [f"behaviour {note.summary} (evidence: {note.evidence})" for note in notes]
    return render_text(changes, old=old, new=new) + "".join(line + "\n" for line in lines)


def render_upgrade_json(
    changes: list[Change], *, old: str, new: str, notes: Sequence[BehaviourNote] = BEHAVIOUR_NOTES
) -> str:
    """The JSON diff report with a ``notes`` list of ``{"summary", "evidence"}``."""
    report = {
        "old": old,
        "new": new,
        "changes": [change.to_dict() for change in changes],
        "summary": summarize(changes),
        "notes": [{"summary": note.summary, "evidence": note.evidence} for note in notes],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def render_markdown(changes: list[Change], *, old: str, new: str, notes: Sequence[BehaviourNote] = ()) -> str:
    """A Markdown checklist: a heading, one unchecked box per change by classification, then the notes."""
    counts = summarize(changes)
    tally = ", ".join(f"{counts[name]} {name}" for name in counts)
    lines = [f"## From {old} to {new}", "", f"{len(changes)} change(s): {tally}.", ""]
    for classification, heading in _HEADINGS.items():
        listed = [change for change in changes if change.classification == classification]
        if not listed:
            continue
        lines += [f"### {heading}", ""]
        for change in listed:
            lines.append(
                f"- [ ] `{display_pointer(change.pointer)}` ({change.kind}): {_escaped(change.message)}"
            )
        lines.append("")
    if notes:
        lines += ["### Behaviour the schemas cannot show", ""]
        lines += [f"- [ ] {_escaped(note.summary)} Evidence: {note.evidence}." for note in notes]
        lines.append("")
    return "\n".join(lines)


def _escaped(text: str) -> str:
    # Underscores and asterisks in property names would otherwise start emphasis.
    return text.replace("*", "\\*").replace("_", "\\_")

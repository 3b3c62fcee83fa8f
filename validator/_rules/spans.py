"""Rules on spans and scores inside result documents."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from validator._findings import ECHO_LIMIT, echo, repr_of_integer
from validator._findings import repr_of_integer as shown
from validator._rule_registry import Violation, contract_rule
from validator._rules.context import JobContext, indexed, is_int, is_mapping, is_number
from validator._rules.exchange import iter_spans, unit_for
from validator._string_units import STRING_INDEX_TYPES, StringIndexType, length_in

# Scores are rounded to two decimals on the wire, so three of them can miss 1 by up to 0.015.
_SCORE_SUM_TOLERANCE = 0.015 + 1e-9
# When any unit will do, the cheap ones are tried first: most spans match in code points, and only a span that
# matches in no cheaper unit needs grapheme segmentation.
_INDEX = re.compile(r"0|[1-9][0-9]*")
_UNITS_BY_COST: tuple[StringIndexType, ...] = ("UnicodeCodePoint", "Utf16CodeUnit", "TextElement_v8")


@contract_rule("span-length", example='{"text": "Crème brûlée", "offset": 0, "length": 10}')
def span_length(context: JobContext) -> Iterator[Violation]:
    """Every span's text is exactly length long in the job's string index unit."""
    for task, results, results_pointer in context.finished_results():
        unit = unit_for(context, task)
        units = (unit,) if unit is not None else STRING_INDEX_TYPES
        units_by_cost = (unit,) if unit is not None else _UNITS_BY_COST
        for document, document_pointer in context.documents_of(results, results_pointer):
            for span, pointer in iter_spans(document, document_pointer):
                text, length = span.get("text"), span.get("length")
                if not (isinstance(text, str) and is_int(length) and context.accepted(pointer)):
                    continue
                if _has_length(text, length, units_by_cost):
                    continue
                lengths = {candidate: length_in(text, candidate) for candidate in units}
                if length not in lengths.values():
                    measured = ", ".join(f"{count} in {name}" for name, count in lengths.items())
                    yield Violation(
                        f"{pointer}/length",
                        f"length is {repr_of_integer(length)}, "
                        f"but the text {echo(text)} has length {measured}",
                    )


def _has_length(text: str, length: int, units: tuple[StringIndexType, ...]) -> bool:
    return any(length_in(text, unit) == length for unit in units)


def span_end_past_count(
    context: JobContext, document: Mapping[str, Any], document_pointer: str, span: Mapping[str, Any]
) -> tuple[int, int] | None:
    """``(end, charactersCount)`` when the span ends past its document's accepted charactersCount, else None.

    charactersCount counts in the task's string index unit, as offsets and lengths do, so the two compare
    directly, whatever the unit.
    """
    statistics = document.get("statistics")
    if not (is_mapping(statistics) and context.accepted(f"{document_pointer}/statistics")):
        return None
    count, offset, length = statistics.get("charactersCount"), span.get("offset"), span.get("length")
    if not (is_int(count) and is_int(offset) and is_int(length)):
        return None
    end = offset + length
    return (end, count) if end > count else None


@contract_rule(
    "span-within-document",
    example='"statistics": {"charactersCount": 20, ...}, "entities": [{"offset": 480, "length": 5, ...}]',
)
def span_within_document(context: JobContext) -> Iterator[Violation]:
    """Every span ends within its document: offset + length is at most the document's charactersCount.

    This rule owns a span past the end: with a request, request-span-text leaves such a span to it.
    """
    for _task, results, results_pointer in context.finished_results():
        for document, document_pointer in context.documents_of(results, results_pointer):
            for span, pointer in iter_spans(document, document_pointer):
                past = span_end_past_count(context, document, document_pointer, span)
                if past is None or not context.accepted(pointer):
                    continue
                end, count = past
                offset, length = span["offset"], span["length"]
                yield Violation(
                    f"{pointer}/offset" if offset > count else f"{pointer}/length",
                    f"the span ends at offset + length = {shown(offset)} + {shown(length)} = {shown(end)}, "
                    f"past the end of the document, whose statistics.charactersCount is {shown(count)}",
                )


@contract_rule(
    "opinion-relation-ref", example='"relations": [{"relationType": "assessment", "ref": "#/documents/9"}]'
)
def opinion_relation_ref(context: JobContext) -> Iterator[Violation]:
    """Every opinion relation points at an existing assessment or target of the same task."""
    for _task, results, results_pointer in context.finished_results():
        for document, document_pointer in context.documents_of(results, results_pointer):
            for sentence_index, sentence in indexed(document.get("sentences")):
                for target_index, target in indexed(sentence.get("targets")):
                    target_pointer = f"{document_pointer}/sentences/{sentence_index}/targets/{target_index}"
                    for relation_index, relation in indexed(target.get("relations")):
                        relation_pointer = f"{target_pointer}/relations/{relation_index}"
                        problem = (
                            _relation_problem(results, relation)
                            if context.accepted(relation_pointer)
                            else None
                        )
                        if problem:
                            yield Violation(f"{relation_pointer}/ref", problem)


def _relation_problem(results: Mapping[str, Any], relation: Mapping[str, Any]) -> str | None:
    ref, relation_type = relation.get("ref"), relation.get("relationType")
    if not isinstance(ref, str) or relation_type not in ("assessment", "target"):
        return None
    tokens = ref.split("/")
    section = "assessments" if relation_type == "assessment" else "targets"
    if not (
        ref.startswith("#/documents/")
        and len(tokens) == 7
        and tokens[3] == "sentences"
        and tokens[5] == section
    ):
        return f"ref {echo(ref)} is not of the form #/documents/<d>/sentences/<s>/{section}/<i>"
    node: Any = results
    for token in tokens[1:]:
        if is_mapping(node) and token in node:
            node = node[token]
        elif isinstance(node, list) and (index := _array_index(token, len(node))) is not None:
            node = node[index]
        else:
            return f"ref {echo(ref)} points at nothing in this task's results"
    return None


@contract_rule(
    "confidence-scores-sum", example='"confidenceScores": {"positive": 0.5, "neutral": 0.5, "negative": 0.5}'
)
def confidence_scores_sum(context: JobContext) -> Iterator[Violation]:
    """Sentiment confidence scores of a document, sentence, target or assessment sum to 1 within rounding."""
    for _task, results, results_pointer in context.finished_results():
        for document, document_pointer in context.documents_of(results, results_pointer):
            scored = [(document, document_pointer)]
            for sentence_index, sentence in indexed(document.get("sentences")):
                sentence_pointer = f"{document_pointer}/sentences/{sentence_index}"
                scored.append((sentence, sentence_pointer))
                for section in ("targets", "assessments"):
                    for index, part in indexed(sentence.get(section)):
                        scored.append((part, f"{sentence_pointer}/{section}/{index}"))
            for holder, pointer in scored:
                scores_pointer = f"{pointer}/confidenceScores"
                if context.accepted(scores_pointer):
                    violation = _sum_violation(holder.get("confidenceScores"), scores_pointer)
                    if violation is not None:
                        yield violation


def _array_index(token: str, length: int) -> int | None:
    """The array index an RFC 6901 token names, if it is inside an array of ``length`` items."""
    # ASCII digits only (str.isdigit takes superscripts too), and no longer than the length itself, so that
    # int() never meets a thousand-digit token.
    if _INDEX.fullmatch(token) is None or len(token) > len(str(length)):
        return None
    index = int(token)
    return index if index < length else None


def _sum_violation(scores: Any, pointer: str) -> Violation | None:
    if not is_mapping(scores) or not scores:
        return None
    values = list(scores.values())
    if not all(is_number(value) for value in values):
        return None
    total = _total(values)
    if not abs(total - 1) <= _SCORE_SUM_TOLERANCE:  # also true for NaN, which no rounding explains
        listed = " + ".join(f"{echo(name)} {echo(value)}" for name, value in scores.items())
        shown = round(total, 6) if math.isfinite(total) else total
        return Violation(
            pointer, f"the confidence scores sum to {shown} ({echo_sum(listed)}), not 1 within rounding"
        )
    return None


def _total(values: list[int | float]) -> float:
    """The sum as a float; infinite when a score is beyond a double (an integer such as 10**400)."""
    try:
        return math.fsum(float(value) for value in values)
    except OverflowError:
        return math.inf


def echo_sum(listed: str) -> str:
    return listed if len(listed) <= 4 * ECHO_LIMIT else listed[: 4 * ECHO_LIMIT] + "…"

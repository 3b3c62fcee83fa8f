"""One task's result for one document, built from the document's text so that every span is exact.

Offsets and lengths are converted from code points to the task's string index unit with
``validator._string_units.length_in``;
scores have two decimals; sentiment scores sum to 1 and agree with the label.
Opinion-mining relations point at ``#/documents/{document}/...``: the document's index is only known once the
response is laid out (paging moves it), so ``place_document`` fills it in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

from validator._strategies._document_texts import DocumentText, Opinion, Sentence
from validator._strategies._values import hundredths, job_ids, score_split
from validator._string_units import StringIndexType, length_in

DOCUMENT_PLACEHOLDER = "{document}"
CLASSES: tuple[str, ...] = ("RestaurantReview", "HotelReview", "Complaint", "Reservation", "Compliment")
WARNING_MESSAGES = {
    "LongWordsInDocument": "The document contains very long words (longer than 64 characters). "
    "These words will be truncated and may result in unreliable model predictions.",
    "DocumentTruncated": "Document is large and must be split to be processed; "
    "only the first part was analyzed.",
}


def span(document: DocumentText, start: int, end: int, unit: StringIndexType) -> dict[str, Any]:
    """``text``, ``offset`` and ``length`` of a code-point range, counted in ``unit``."""
    text = document.text[start:end]
    return {"text": text, "offset": length_in(document.text[:start], unit), "length": length_in(text, unit)}


def statistics_of(text: str, unit: StringIndexType = "UnicodeCodePoint") -> dict[str, int]:
    # charactersCount counts in the task's string index unit, as offsets and lengths do.
    return {"charactersCount": length_in(text, unit), "transactionsCount": 1 + len(text) // 1000}


@st.composite
def chosen(draw: st.DrawFn, candidates: list[Any], *, at_least_one: bool) -> list[Any]:
    """A sub-list of ``candidates`` (shrinks toward none, or toward the first one with ``at_least_one``)."""
    picks = [item for item in candidates if draw(st.booleans())]
    if at_least_one and not picks and candidates:
        picks = [candidates[0]]
    return picks


@st.composite
def _entities(
    draw: st.DrawFn, document: DocumentText, unit: StringIndexType, kind: str, force: bool
) -> list[Any]:
    if kind == "customEntityRecognition":
        eligible = [mention for mention in document.mentions if mention.value.label]
    elif kind == "entityRecognitionPii":
        eligible = [mention for mention in document.mentions if mention.value.pii]
    else:
        eligible = [mention for mention in document.mentions if mention.value.entity]
    entities = []
    for mention in draw(chosen(eligible, at_least_one=force)):
        where = span(document, mention.start, mention.end, unit)
        entity: dict[str, Any] = {"text": where["text"]}
        if kind == "customEntityRecognition":
            entity["category"] = mention.value.label
            score = draw(hundredths(1, 60))  # custom models report low confidences, often below 0.1
        elif kind == "entityRecognitionPii":
            entity["category"] = mention.value.pii
            score = draw(hundredths(40, 100))
        else:
            assert mention.value.entity is not None
            category, subcategory = mention.value.entity
            entity["category"] = category
            if subcategory:
                entity["subcategory"] = subcategory
            score = draw(hundredths(40, 100))
        entities.append(
            {**entity, "offset": where["offset"], "length": where["length"], "confidenceScore": score}
        )
    # The service does not sort entities by offset.
    return list(draw(st.permutations(entities))) if len(entities) > 1 else entities


def _redacted(document: DocumentText, entities: list[Any]) -> str:
    text = document.text
    for mention in document.mentions:
        if any(entity["text"] == text[mention.start : mention.end] for entity in entities):
            text = text[: mention.start] + "*" * (mention.end - mention.start) + text[mention.end :]
    return text


@st.composite
def _linked(draw: st.DrawFn, document: DocumentText, unit: StringIndexType, force: bool) -> list[Any]:
    eligible = [mention for mention in document.mentions if mention.value.wiki]
    by_title: dict[str, list[dict[str, Any]]] = {}
    for mention in draw(chosen(eligible, at_least_one=force)):
        assert mention.value.wiki is not None
        match = {
            **span(document, mention.start, mention.end, unit),
            "confidenceScore": draw(hundredths(1, 100)),
        }
        by_title.setdefault(mention.value.wiki, []).append(match)
    return [
        {
            "bingId": draw(job_ids()),
            "name": title,
            "matches": matches,
            "language": "en",
            "id": title,
            "url": "https://en.wikipedia.org/wiki/" + title.replace(" ", "_"),
            "dataSource": "Wikipedia",
        }
        for title, matches in by_title.items()
    ]


@st.composite
def _key_phrases(draw: st.DrawFn, document: DocumentText) -> list[str]:
    phrases = [document.span(mention.start, mention.end) for mention in document.mentions]
    phrases += [
        document.span(target.start, target.end)
        for sentence in document.sentences
        for target in sentence.targets
    ]
    unique = list(dict.fromkeys(phrases))
    return list(draw(chosen(unique, at_least_one=False)))


def _scores(label: str, classes: tuple[str, ...]) -> st.SearchStrategy[dict[str, float]]:
    """Scores with two decimals summing to 1, the largest for ``label`` (any split for ``mixed``)."""
    if label not in classes:
        return score_split(100, len(classes)).map(
            lambda parts: {name: part / 100 for name, part in zip(classes, parts, strict=True)}
        )
    others = tuple(name for name in classes if name != label)

    def build(main: int, rest: list[int]) -> dict[str, float]:
        values = {label: main, **dict(zip(others, rest, strict=True))}
        return {name: values[name] / 100 for name in classes}

    return st.integers(50, 100).flatmap(
        lambda main: score_split(100 - main, len(others)).map(lambda rest: build(main, rest))
    )


_SENTENCE_CLASSES = ("positive", "neutral", "negative")


def _assessment_ref(sentence: int, assessment: int) -> str:
    return f"#/documents/{DOCUMENT_PLACEHOLDER}/sentences/{sentence}/assessments/{assessment}"


_TOKEN_CLASSES = ("positive", "negative")


def _sentence_label(sentence: Sentence) -> str | None:
    positives = sum(1 for item in sentence.assessments if item.sentiment == "positive")
    negatives = len(sentence.assessments) - positives
    if not sentence.assessments:
        return None
    return "positive" if positives > negatives else "negative"


@st.composite
def _opinion(draw: st.DrawFn, document: DocumentText, item: Opinion, unit: StringIndexType) -> dict[str, Any]:
    where = span(document, item.start, item.end, unit)
    return {
        "sentiment": item.sentiment,
        "confidenceScores": draw(_scores(item.sentiment, _TOKEN_CLASSES)),
        "offset": where["offset"],
        "length": where["length"],
        "text": where["text"],
    }


@st.composite
def _sentiment(
    draw: st.DrawFn, document: DocumentText, unit: StringIndexType, opinion_mining: bool
) -> dict[str, Any]:
    sentences = []
    for index, sentence in enumerate(document.sentences):
        label = _sentence_label(sentence) or draw(st.sampled_from(("neutral", "positive", "negative")))
        where = span(document, sentence.start, sentence.end, unit)
        entry: dict[str, Any] = {
            "sentiment": label,
            "confidenceScores": draw(_scores(label, _SENTENCE_CLASSES)),
            "offset": where["offset"],
            "length": where["length"],
            "text": where["text"],
        }
        if opinion_mining:
            last = len(sentence.assessments) - 1
            targets = [draw(_opinion(document, target, unit)) for target in sentence.targets]
            for number, target in enumerate(targets):
                # Target i relates to assessment i; the last target also to every assessment after it.
                first = min(number, last)
                related = range(first, last + 1) if number == len(targets) - 1 else range(first, first + 1)
                target["relations"] = [
                    {"relationType": "assessment", "ref": _assessment_ref(index, position)}
                    for position in related
                ]
            assessments = [
                {**draw(_opinion(document, item, unit)), "isNegated": item.negated}
                for item in sentence.assessments
            ]
            entry["targets"], entry["assessments"] = targets, assessments
        sentences.append(entry)
    labels = {entry["sentiment"] for entry in sentences}
    if {"positive", "negative"} <= labels:
        overall = "mixed"
    else:
        overall = next((name for name in ("positive", "negative") if name in labels), "neutral")
    return {
        "sentiment": overall,
        "confidenceScores": draw(_scores(overall, _SENTENCE_CLASSES)),
        "sentences": sentences,
    }


@st.composite
def _summary(
    draw: st.DrawFn, document: DocumentText, unit: StringIndexType, sentence_count: int
) -> list[Any]:
    picked = draw(chosen(list(document.sentences), at_least_one=True))[:sentence_count]
    ranks = [draw(hundredths(1, 99)) for _ in picked]
    if ranks:
        ranks[draw(st.integers(0, len(ranks) - 1))] = 1.0  # the most relevant sentence ranks 1.0
    summary = []
    for sentence, rank in zip(picked, ranks, strict=True):
        end = sentence.start + len(document.text[sentence.start : sentence.end].rstrip())
        where = span(document, sentence.start, end, unit)
        summary.append(
            {"text": where["text"], "rankScore": rank, "offset": where["offset"], "length": where["length"]}
        )
    return summary


def _classification(score: float, category: str) -> dict[str, Any]:
    return {"category": category, "confidenceScore": score}


@st.composite
def document_result(
    draw: st.DrawFn,
    kind: str,
    doc_id: str,
    document: DocumentText,
    unit: StringIndexType,
    parameters: dict[str, Any],
    *,
    show_stats: bool,
    warnings: bool,
    force_spans: bool,
) -> dict[str, Any]:
    """The result of one ``kind`` task for one document, keys in the order the service sends them."""
    stats = {"statistics": statistics_of(document.text, unit)} if show_stats else {}
    found_warnings: list[Any] = []
    if warnings and draw(st.booleans()):
        code = draw(st.sampled_from(tuple(WARNING_MESSAGES)))
        found_warnings.append({"code": code, "message": WARNING_MESSAGES[code]})
    body: dict[str, Any]
    if kind in ("entityRecognition", "customEntityRecognition"):
        body = {"id": doc_id, **stats, "entities": draw(_entities(document, unit, kind, force_spans))}
    elif kind == "entityRecognitionPii":
        entities = draw(_entities(document, unit, kind, force_spans))
        body = {"redactedText": _redacted(document, entities), "id": doc_id, **stats, "entities": entities}
    elif kind == "entityLinking":
        body = {"id": doc_id, **stats, "entities": draw(_linked(document, unit, force_spans))}
    elif kind == "keyPhraseExtraction":
        body = {"id": doc_id, "keyPhrases": draw(_key_phrases(document)), **stats}
    elif kind == "sentimentAnalysis":
        sentiment = draw(_sentiment(document, unit, bool(parameters.get("opinionMining"))))
        body = {"id": doc_id, "sentiment": sentiment["sentiment"], **stats}
        body |= {"confidenceScores": sentiment["confidenceScores"], "sentences": sentiment["sentences"]}
    elif kind == "extractiveSummarization":
        count = int(parameters.get("sentenceCount", 3))
        body = {"id": doc_id, "sentences": draw(_summary(document, unit, count)), **stats}
    elif kind == "customSingleClassification":
        category = draw(st.sampled_from(CLASSES))
        body = {"id": doc_id, "classification": _classification(draw(hundredths(30, 100)), category), **stats}
    else:
        categories = draw(st.lists(st.sampled_from(CLASSES), unique=True, max_size=3))
        body = {
            "id": doc_id,
            "classifications": [_classification(draw(hundredths(30, 100)), name) for name in categories],
        }
        body |= stats
    return {**body, "warnings": found_warnings}


def place_document(result: dict[str, Any], index: int) -> dict[str, Any]:
    """A copy of a document result whose relation pointers name ``index``, its place in ``documents``."""
    placed: dict[str, Any] = _replace_strings(
        result, lambda text: text.replace(DOCUMENT_PLACEHOLDER, str(index))
    )
    return placed


def _replace_strings(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, dict):
        return {key: _replace_strings(item, change) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace_strings(item, change) for item in value]
    return change(value) if isinstance(value, str) and DOCUMENT_PLACEHOLDER in value else value

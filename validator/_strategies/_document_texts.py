"""Document texts that look like what clients send, with every span the service could report in them.

A document is one to three sentences from templates in several languages. Slots (``{city}``) are filled from
value pools that mix ASCII, accented, decomposed (a letter plus a combining mark), CJK and astral-plane text
(emoji, mathematical letters, CJK extension B), so that a span's length differs between grapheme clusters,
code points and UTF-16 code units. ``<target>`` and ``[assessment+]`` mark opinion-mining spans. Every span
starts and ends on a grapheme boundary, so its offset and length are exact in every string index unit.
Positions here count code points; ``_results`` converts them to the unit a task asked for.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import strategies as st


@dataclass(frozen=True)
class SlotValue:
    """A thing a document can name, and what each kind of task calls it."""

    text: str
    entity: tuple[str, str | None] | None = None  # prebuilt category and subcategory
    pii: str | None = None
    label: str | None = None  # a custom project's label
    wiki: str | None = None  # the Wikipedia title an entity-linking task resolves it to


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    value: SlotValue


@dataclass(frozen=True)
class Opinion:
    start: int
    end: int
    sentiment: str  # positive or negative
    negated: bool = False


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int  # includes the space that separates it from the next sentence, as the service reports it
    targets: tuple[Opinion, ...]
    assessments: tuple[Opinion, ...]


@dataclass(frozen=True)
class DocumentText:
    text: str
    language: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]


def _values(*values: SlotValue) -> tuple[SlotValue, ...]:
    return values


CITY, GPE = ("Location", "GPE")
SLOT_VALUES: dict[str, tuple[SlotValue, ...]] = {
    "city": _values(
        SlotValue("Seattle", (CITY, GPE), "Address", "city", "Seattle"),
        SlotValue("Zürich", (CITY, GPE), "Address", "city", "Zürich"),
        SlotValue("São Paulo", (CITY, GPE), "Address", "city", "São Paulo"),
        SlotValue("Montre\u0301al", (CITY, GPE), "Address", "city", "Montréal"),
        SlotValue("Kraków", (CITY, GPE), "Address", "city", "Kraków"),
        SlotValue("東京", (CITY, GPE), "Address", "city", "Tokyo"),
    ),
    "restaurant": _values(
        SlotValue("Noodle Bar", ("Organization", None), "Organization", "restaurant_name"),
        SlotValue("Café Müller", ("Organization", None), "Organization", "restaurant_name"),
        SlotValue("Sushi 🍣 Zen", ("Organization", None), "Organization", "restaurant_name"),
        SlotValue("Taquería El Güero", ("Organization", None), "Organization", "restaurant_name"),
        # A mathematical letter from the astral plane, written as an escape so that it is not misread as N.
        SlotValue("Bistro \U0001d511ord", ("Organization", None), "Organization", "restaurant_name"),
        SlotValue("𠮷野家", ("Organization", None), "Organization", "restaurant_name"),
    ),
    "person": _values(
        SlotValue("John Smith", ("Person", None), "Person", "guest_name"),
        SlotValue("Ana María Núñez", ("Person", None), "Person", "guest_name"),
        SlotValue("Jürgen Weiß", ("Person", None), "Person", "guest_name"),
        SlotValue("Chloe\u0301 Dubois", ("Person", None), "Person", "guest_name"),
        SlotValue("Łukasz Wróbel", ("Person", None), "Person", "guest_name"),
        SlotValue("王芳", ("Person", None), "Person", "guest_name"),
    ),
    "dish": _values(
        SlotValue("pho", None, None, "served_dish", "Phở"),
        SlotValue("cre\u0300me bru\u0302le\u0301e", None, None, "served_dish", "Crème brûlée"),
        SlotValue("🍕 pizza", None, None, "served_dish"),
        SlotValue("jalapeño poppers", None, None, "served_dish"),
        SlotValue("ramen 🍜", None, None, "served_dish", "Ramen"),
    ),
    "date": _values(
        SlotValue("last Friday", ("DateTime", "Date"), "DateTime", "reservation_date"),
        SlotValue("on 12 March 2022", ("DateTime", "Date"), "DateTime", "reservation_date"),
        SlotValue("yesterday", ("DateTime", "Date"), "DateTime", "reservation_date"),
    ),
    "phone": _values(
        SlotValue("425-555-0100", ("PhoneNumber", None), "PhoneNumber"),
        SlotValue("+44 20 7946 0958", ("PhoneNumber", None), "PhoneNumber"),
    ),
    "email": _values(
        SlotValue("ana.nunez@example.com", ("Email", None), "Email"),
        SlotValue("j.weiß@example.org", ("Email", None), "Email"),
    ),
    "price": _values(
        SlotValue("$40", ("Quantity", "Currency"), None, "price_range"),
        SlotValue("€25", ("Quantity", "Currency"), None, "price_range"),
        SlotValue("¥3,000", ("Quantity", "Currency"), None, "price_range"),
    ),
    "count": _values(
        SlotValue("four", ("Quantity", "Number"), None, "party_size"),
        SlotValue("12", ("Quantity", "Number"), None, "party_size"),
    ),
}

# {slot}: a value from SLOT_VALUES; <text>: an opinion target; [text+] / [text-]: an assessment, and
# [text!-] a negated one. Target i relates to assessment i, and the last target to every later assessment.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "en": (
        "We had dinner at {restaurant} in {city}.",
        "The <food> at {restaurant} was [delicious+] and the <service> was [slow-].",
        "{person} booked a table for {count} at {restaurant} {date}.",
        "Call {person} at {phone} or write to {email}.",
        "The <room> in {city} was [clean+] but the <staff> were [rude-].",
        "I paid {price} for the {dish}, and the <dessert> was not [good!-].",
        "Our <waiter> {person} was [friendly+] and [attentive+].",
        "{person} from {city} recommended the {dish}.",
    ),
    "es": (
        "Cenamos en {restaurant} en {city}.",
        "La <comida> de {restaurant} estaba [riquísima+].",
    ),
    "de": (
        "{person} hat einen Tisch in {city} reserviert.",
        "Das <Essen> im {restaurant} war [großartig+], aber die <Bedienung> war [unfreundlich-].",
    ),
    "fr": ("Le <cafe\u0301> chez {restaurant} était [délicieux+].",),
    "ja": ("{restaurant}の<ラーメン>は[最高+]でした。",),
}
LANGUAGES: tuple[str, ...] = tuple(TEMPLATES)
_SEPARATOR = {"ja": ""}

_MARKUP = re.compile(
    r"\{(?P<slot>\w+)\}|<(?P<target>[^>]+)>|\[(?P<assessment>[^\]!+-]+)(?P<negated>!?)(?P<sign>[+-])\]"
)


@dataclass(frozen=True)
class _Piece:
    """A parsed template piece: literal text, a slot name, a target or an assessment."""

    literal: str = ""
    slot: str | None = None
    target: str | None = None
    assessment: str | None = None
    sentiment: str = "positive"
    negated: bool = False


def _parse(template: str) -> tuple[_Piece, ...]:
    pieces: list[_Piece] = []
    position = 0
    for match in _MARKUP.finditer(template):
        if match.start() > position:
            pieces.append(_Piece(literal=template[position : match.start()]))
        if match["slot"]:
            pieces.append(_Piece(slot=match["slot"]))
        elif match["target"]:
            pieces.append(_Piece(target=match["target"]))
        else:
            sentiment = "positive" if match["sign"] == "+" else "negative"
            pieces.append(
                _Piece(assessment=match["assessment"], sentiment=sentiment, negated=bool(match["negated"]))
            )
        position = match.end()
    if position < len(template):
        pieces.append(_Piece(literal=template[position:]))
    return tuple(pieces)


_PARSED: dict[str, tuple[tuple[_Piece, ...], ...]] = {
    language: tuple(_parse(template) for template in templates) for language, templates in TEMPLATES.items()
}


def _has_opinion(template: tuple[_Piece, ...]) -> bool:
    return any(piece.target for piece in template)


@st.composite
def _sentence(
    draw: st.DrawFn, language: str, start: int, *, opinion: bool
) -> tuple[str, list[Mention], list[Opinion], list[Opinion]]:
    candidates = [template for template in _PARSED[language] if _has_opinion(template) or not opinion]
    template = draw(st.sampled_from(candidates))
    text, mentions, targets, assessments = "", [], [], []
    for piece in template:
        here = start + len(text)
        if piece.slot:
            value = draw(st.sampled_from(SLOT_VALUES[piece.slot]))
            mentions.append(Mention(here, here + len(value.text), value))
            text += value.text
        elif piece.target:
            targets.append(Opinion(here, here + len(piece.target), "positive"))
            text += piece.target
        elif piece.assessment:
            assessments.append(Opinion(here, here + len(piece.assessment), piece.sentiment, piece.negated))
            text += piece.assessment
        else:
            text += piece.literal
    # A target shares the sentiment of the assessment it relates to.
    targets = [
        Opinion(target.start, target.end, assessments[min(index, len(assessments) - 1)].sentiment)
        for index, target in enumerate(targets)
    ]
    return text, mentions, targets, assessments


@st.composite
def document_texts(
    draw: st.DrawFn, *, max_sentences: int = 3, languages: Sequence[str] = LANGUAGES, opinion: bool = False
) -> DocumentText:
    """A document of one to ``max_sentences`` sentences; with ``opinion`` the first one has opinion spans.

    Shrinks toward one English sentence with plain ASCII values.
    """
    language = draw(st.sampled_from(tuple(languages)))
    count = draw(st.integers(1, max_sentences))
    separator = _SEPARATOR.get(language, " ")
    text, sentences, mentions = "", [], []
    for index in range(count):
        start = len(text)
        body, found, targets, assessments = draw(_sentence(language, start, opinion=opinion and index == 0))
        last = index == count - 1
        text += body if last else body + separator
        sentences.append(Sentence(start, len(text), tuple(targets), tuple(assessments)))
        mentions.extend(found)
    return DocumentText(text, language, tuple(sentences), tuple(mentions))

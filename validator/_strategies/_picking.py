"""Where in a job-state document a mutation makes its change, and picking one such place.

Places are written twice: as regular expressions, to find them in a drawn document, and as pointer patterns
(``_aim``), to declare beside each mutation where its change is reported.
"""

from __future__ import annotations

from typing import Any

from hypothesis import assume
from hypothesis import strategies as st

from validator._strategies._aim import reachable
from validator._strategies._places import get, places

RESULTS = r"/tasks/\w+Tasks/\d+/results"
DOCUMENT = RESULTS + r"/documents/\d+"
ENTITY = DOCUMENT + r"/entities/\d+"
SENTENCE = DOCUMENT + r"/sentences/\d+"
SPAN = rf"{ENTITY}(/matches/\d+)?|{SENTENCE}(/(targets|assessments)/\d+)?"
TASK = r"/tasks/\w+Tasks/\d+"

# The same places as pointer patterns, for declaring where each mutation's change is reported.
AT_TASK = "/tasks/{tasks}/#"
AT_RESULTS = AT_TASK + "/results"
AT_DOCUMENT = AT_RESULTS + "/documents/#"
AT_ENTITY = AT_DOCUMENT + "/entities/#"
AT_SENTENCE = AT_DOCUMENT + "/sentences/#"
AT_SPANS = (
    AT_ENTITY,
    AT_ENTITY + "/matches/#",
    AT_SENTENCE,
    AT_SENTENCE + "/targets/#",
    AT_SENTENCE + "/assessments/#",
)


def pick(draw: st.DrawFn, document: Any, pattern: str, *, having: str | None = None) -> str:
    """One place matching ``pattern`` (holding the key ``having``, if given); the base guarantees one."""
    found = places(document, pattern)
    if having is not None:
        found = [
            pointer
            for pointer in found
            if isinstance(get(document, pointer), dict) and having in get(document, pointer)
        ]
    assert found, f"the base document has no place matching {pattern}"
    # Aimed at places (pointers=), this document may hold none the aim reaches: then another is drawn.
    found = reachable(found)
    assume(found)
    return draw(st.sampled_from(found))

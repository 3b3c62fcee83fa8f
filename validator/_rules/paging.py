"""Rules on paged results."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

from validator._findings import echo
from validator._rule_registry import Violation, contract_rule
from validator._rules.context import JobContext
from validator._schemas import V3_VERSIONS

_DIGITS = re.compile(r"[0-9]+")
_JOB_PATH = re.compile(r"/text/analytics/(?P<version>[^/]+)/analyze/jobs/(?P<job>[^/]+)/?")


@contract_rule(
    "next-link",
    example='"@nextLink": "https://host/text/analytics/v3.1/analyze/jobs/other-job?$top=5"',
    versions=V3_VERSIONS,
)
def next_link(context: JobContext) -> Iterator[Violation]:
    """@nextLink is an absolute URL of this same job with $skip and $top."""
    link = context.document.get("@nextLink")
    if not isinstance(link, str) or not context.accepted("/@nextLink"):
        return
    problem = _problem(link, context.document.get("jobId"), context.api_version)
    if problem:
        yield Violation("/@nextLink", f"@nextLink {echo(link)} {problem}")


def _problem(link: str, job_id: object, api_version: str) -> str | None:
    try:
        parts = urlsplit(link)
    except ValueError:  # an unbalanced bracket in the host, say
        return "is not an absolute http(s) URL"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "is not an absolute http(s) URL"
    # The service has been seen to send a doubled slash after the host (https://endpoint//text/...).
    match = _JOB_PATH.search(parts.path)
    if match is None or not parts.path.endswith(match.group(0)):
        return "is not a URL of .../text/analytics/{api-version}/analyze/jobs/{jobId}"
    if isinstance(job_id, str) and match.group("job").lower() != job_id.lower():
        return f"points at job {echo(match.group('job'))}, not at this job {echo(job_id)}"
    if match.group("version") != api_version:
        return f"names API version {echo(match.group('version'))}, not {api_version}"
    query = parse_qs(parts.query, keep_blank_values=True)
    for name, smallest in (("$skip", 0), ("$top", 1)):
        values = query.get(name)
        if not values or not _at_least(values[0], smallest):
            return f"has no valid {name} (an integer of at least {smallest})"
    return None


def _at_least(text: str, smallest: int) -> bool:
    """True when ``text`` is a decimal integer of ASCII digits no less than ``smallest`` (a small number)."""
    if _DIGITS.fullmatch(text) is None:
        return False
    significant = text.lstrip("0")
    return len(significant) > 6 or int(significant or "0") >= smallest  # never int() of a thousand digits

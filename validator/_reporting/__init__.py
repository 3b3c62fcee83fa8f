"""Reports of checked documents: the report values (``report``) and one reporter per output format."""

from __future__ import annotations

from importlib import import_module
from typing import TextIO

from validator._reporting.report import Reporter, ReportSettings

# Each format's module and class; a module is imported only when its format is asked for.
REPORTERS = {
    "text": ("validator._reporting.text_report", "TextReporter"),
    "json": ("validator._reporting.json_report", "JsonReporter"),
    "junit": ("validator._reporting.junit_report", "JunitReporter"),
    "sarif": ("validator._reporting.sarif_report", "SarifReporter"),
    "github": ("validator._reporting.github_report", "GithubReporter"),
}
FORMATS = tuple(REPORTERS)


def reporter_for(name: str, stream: TextIO, settings: ReportSettings) -> Reporter:
    """The reporter of format ``name``, writing to ``stream``."""
    module_name, class_name = REPORTERS[name]
    reporter: Reporter = getattr(import_module(module_name), class_name)(stream, settings)
    return reporter

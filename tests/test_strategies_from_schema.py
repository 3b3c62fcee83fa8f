"""from_schema: hypothesis-jsonschema on the bundled schema works with the installed Hypothesis, or fails."""

from __future__ import annotations

import json
from typing import Any

import hypothesis
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import InvalidArgument
from jsonschema import Draft202012Validator

import validator
from validator import strategies
from validator._strategies import _hypothesis_jsonschema_compat, _schema_fuzz

# hypothesis-jsonschema needs seconds per example on this schema, so a few examples prove the point. Its own
# filtering trips filter_too_much for about one seed in six, with Hypothesis 6.170.9 (no adapter) as often as
# with 6.170.17, so these health checks judge hypothesis-jsonschema, not this package.
SLOW_GENERATOR = settings(
    max_examples=3,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def schema_errors(payload: Any, api_version: str, *, strict: bool) -> list[str]:
    schema = validator.schema_for(api_version, strict=strict)
    checker = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [error.message for error in checker.iter_errors(payload)]


def test_installed_hypothesis_jsonschema_generates_with_installed_hypothesis() -> None:
    """Drawing from from_schema works here; a broken combination fails this test and names both versions."""
    try:
        import hypothesis_jsonschema  # noqa: F401  # only whether it imports matters here
    except ImportError:
        pytest.fail(
            "hypothesis-jsonschema is not installed; the generators extra (and so the test extra) has it"
        )

    @SLOW_GENERATOR
    @given(strategies.from_schema("v3.1"))
    def draw(payload: Any) -> None:
        assert isinstance(payload, dict)

    try:
        draw()
    except AttributeError as error:
        pytest.fail(
            f"hypothesis-jsonschema cannot drive Hypothesis {hypothesis.__version__} ({error}); "
            "validator._strategies._schema_fuzz adapts it to the 6.170.10 change of many(); "
            "see docs/generators.md for the versions known to work"
        )


@pytest.mark.parametrize("api_version", validator.V3_VERSIONS)
def test_from_schema_examples_pass_the_bundled_schema(api_version: str) -> None:
    """Every from_schema example passes stock jsonschema on the bundled schema of its version."""

    @SLOW_GENERATOR
    @given(strategies.from_schema(api_version))
    def check(payload: Any) -> None:
        assert [] == schema_errors(payload, api_version, strict=False)

    check()


@pytest.mark.parametrize("api_version", validator.SUCCESSOR_VERSIONS)
def test_from_schema_refuses_a_language_api_version_with_the_alternative(api_version: str) -> None:
    """from_schema names job_states for a Language API version instead of generating for minutes."""
    with pytest.raises(InvalidArgument, match="job_states"):
        strategies.from_schema(api_version).validate()


def test_strict_from_schema_examples_pass_the_strict_schema() -> None:
    """With strict=True the examples carry no unknown property and pass the strict bundle."""

    @SLOW_GENERATOR
    @given(strategies.from_schema(strict=True))
    def check(payload: Any) -> None:
        assert [] == schema_errors(payload, validator.DEFAULT_API_VERSION, strict=True)

    check()


def test_generation_schema_is_self_contained_and_finite() -> None:
    """The schema handed to hypothesis-jsonschema has no reference left, so no recursion to follow."""
    for api_version in validator.API_VERSIONS:
        text = json.dumps(_schema_fuzz.generation_schema(api_version))
        assert ("$ref" in text, "x-known-values" in text) == (False, False)


def test_adapter_leaves_other_modules_and_repeated_calls_alone() -> None:
    """ensure_compatible changes only a module that imported Hypothesis' conjecture utils as cu, once."""
    import types

    unrelated = types.ModuleType("unrelated")
    _hypothesis_jsonschema_compat.ensure_compatible(unrelated)
    assert {} == {name: value for name, value in vars(unrelated).items() if not name.startswith("__")}

"""A pytest plugin that runs a client's own tests against the contract's generated responses.

Installed with the package (entry point ``pytest11``), it adds the options ``--ta-api-version``,
``--ta-strict`` and ``--ta-max-examples`` (and ini keys of the same names with underscores), the
``ta_contract`` fixture (a configured ``validator.Validator``), and one decorator::

    from validator.pytest_plugin import contract_examples

    @contract_examples("valid", status="succeeded")
    def test_client_reads_every_finished_job(payload):
        assert my_client.parse(payload).done

Kinds: ``"valid"`` (job states, argument ``payload``), ``"invalid"`` (near misses with ``.payload``,
``.rule`` and ``.pointer``, argument ``case``), ``"lifecycle"`` (one job's polls, argument ``polls``),
``"exchange"`` (an ``Exchange`` with ``.request`` and ``.response``, argument ``exchange``). Other keyword
arguments go to the strategy. The API version is read when the test runs, so one suite can be run against
several versions from the command line. Hypothesis is imported only when a decorated test runs; its examples
run without a deadline, and a failure is reported under the test's own name and argument.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest

from validator._schemas import API_VERSIONS, DEFAULT_API_VERSION
from validator._validator import Validator

Test = TypeVar("Test", bound=Callable[..., Any])

# Set when pytest configures this plugin; read by decorated tests when they run.
_settings: dict[str, Any] = {"api_version": DEFAULT_API_VERSION, "strict": False, "max_examples": None}

_ARGUMENTS = {"valid": "payload", "invalid": "case", "lifecycle": "polls", "exchange": "exchange"}


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ta-contract", "Text Analytics response contract")
    group.addoption(
        "--ta-api-version",
        choices=API_VERSIONS,
        default=None,
        help=f"API version of the generated responses (default {DEFAULT_API_VERSION})",
    )
    group.addoption("--ta-strict", action="store_true", default=None, help="generate no unknown properties")
    group.addoption("--ta-max-examples", type=int, default=None, help="examples per contract test")
    parser.addini("ta_api_version", "API version of the generated responses", default=DEFAULT_API_VERSION)
    parser.addini("ta_strict", "generate no unknown properties", type="bool", default=False)
    parser.addini("ta_max_examples", "examples per contract test (default: Hypothesis' profile)", default="")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "ta_contract: a test run against generated contract examples")
    config.addinivalue_line(
        "markers", "ta_service(seed=0, lifecycle=None, faults=None): the scenario of the ta_service fixture"
    )
    api_version = config.getoption("--ta-api-version") or config.getini("ta_api_version")
    if api_version not in API_VERSIONS:
        raise pytest.UsageError(f"ta_api_version {api_version!r} is not one of {', '.join(API_VERSIONS)}")
    max_examples = config.getoption("--ta-max-examples") or config.getini("ta_max_examples") or None
    _settings.update(
        api_version=api_version,
        strict=bool(config.getoption("--ta-strict") or config.getini("ta_strict")),
        max_examples=int(max_examples) if max_examples else None,
    )


@pytest.fixture
def ta_contract() -> Validator:
    """A validator configured like the generated examples (API version and strictness of this run)."""
    checker = Validator(api_version=_settings["api_version"], strict=_settings["strict"])
    # The first validation of a version loads and compiles its schemas (about a tenth of a second, more on a
    # loaded machine); doing it here keeps that cost out of the user's test body, where a Hypothesis deadline
    # of the user's own @given tests would count it.
    checker.is_valid({})
    return checker


def contract_examples(kind: str = "valid", **options: Any) -> Callable[[Test], Test]:
    """Runs the decorated test once per generated example of ``kind``, passed as its single argument."""
    if kind not in _ARGUMENTS:
        raise ValueError(f"unknown kind {kind!r}; known kinds: {', '.join(_ARGUMENTS)}")
    argument = _ARGUMENTS[kind]

    def decorate(test: Test) -> Test:
        @functools.wraps(test)
        def run(*args: Any, **kwargs: Any) -> None:
            from hypothesis import given, settings

            def example_test(**example: Any) -> None:
                test(*args, **kwargs, **example)

            _stand_in_for(example_test, test, argument)
            bind = given(**{argument: _strategy(kind, options)})
            # Once the example is bound, the test takes no argument.
            hypothesis_test: Callable[[], None] = bind(example_test)
            # No deadline: the first example of a process pays for loading the schemas (tenths of a
            # second), and a loaded CI machine is slower still, so Hypothesis' default of 200 ms would fail
            # a correct test at random.
            chosen: dict[str, Any] = {"deadline": None}
            if _settings["max_examples"]:
                chosen["max_examples"] = _settings["max_examples"]
            settings(**chosen)(hypothesis_test)()

        # pytest must see the test's other arguments (fixtures), not the generated one.
        run.__signature__ = _without(test, argument)  # type: ignore[attr-defined]
        return pytest.mark.ta_contract(run)  # type: ignore[no-any-return]

    return decorate


def _stand_in_for(example_test: Callable[..., Any], test: Callable[..., Any], argument: str) -> None:
    """Makes the function Hypothesis runs look like the user's test taking only the example.

    Hypothesis names a failure after the function it runs (``Falsifying example: test_x(payload=...)``) and
    keys its example database on that function's source and signature; the user's test must be what both
    see, or every contract test would be reported, and remembered, as the same inner function.
    """
    example_test.__name__ = test.__name__
    example_test.__qualname__ = test.__qualname__
    example_test.__module__ = test.__module__
    example_test.__doc__ = test.__doc__
    example_test.__wrapped__ = test  # type: ignore[attr-defined]  # read for the source, not the signature
    example_test.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(argument, inspect.Parameter.KEYWORD_ONLY)]
    )


def _without(test: Callable[..., Any], argument: str) -> inspect.Signature:
    signature = inspect.signature(test)
    return signature.replace(parameters=[p for name, p in signature.parameters.items() if name != argument])


def _strategy(kind: str, options: dict[str, Any]) -> Any:
    try:
        from validator import strategies
    except ImportError as error:  # the generators extra is not installed
        raise pytest.UsageError(
            "contract_examples needs Hypothesis: install the generators extra "
            "(in a checkout of this package: pip install '.[generators]')"
        ) from error
    common = {"api_version": _settings["api_version"], "strict": _settings["strict"], **options}
    factories: dict[str, Callable[..., Any]] = {
        "valid": strategies.job_states,
        "invalid": strategies.invalid_job_states,
        "lifecycle": strategies.job_lifecycles,
        "exchange": strategies.analyze_exchanges,
    }
    return factories[kind](**common)


@pytest.fixture
def ta_service(request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fake analyze service on a free loopback port for one test (``validator.service.RunningService``).

    Mark the test ``@pytest.mark.ta_service(seed=..., lifecycle=Lifecycle(...), faults=Faults(...))``
    to choose its scenario; without the mark the default scenario (seed 0) runs. Give a client
    ``ta_service.endpoint``, then read what was served from ``ta_service.exchanges``. The server stops when
    the test ends.
    """
    from validator.service import serve

    marker = request.node.get_closest_marker("ta_service")
    options = dict(marker.kwargs) if marker is not None else {}
    with serve(**options) as service:
        yield service

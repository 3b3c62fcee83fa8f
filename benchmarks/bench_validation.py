"""How fast the validator is, as ratios against other JSON Schema tools, every figure measured in one run.

    python benchmarks/bench_validation.py            # full: 10,000-file corpus, 1 GB JSON Lines file
    python benchmarks/bench_validation.py --quick    # smaller corpus and files, a few minutes

Needs the ``fast`` extra (jsonschema-rs). The peers are optional and never installed by this script:
``pip install check-jsonschema fastjsonschema orjson``; a row says "not installed" where one is missing.
It prints Markdown (the tables of docs/performance.md) and the command that reproduces them; nothing here
is a test, and no test asserts on time.

Timings are CPU time (``time.process_time``; ``getrusage`` of the children for commands), per document, the
median of interleaved rounds: each round runs every contender once, so that a busy machine slows all alike.
"Ours" starts from the raw bytes of a response: strict parse, schema and every contract rule. The peers
validate the same document, parsed once beforehand where the goal says so, against the bundled schema only.
Documents are real captures (``examples/captures``, and ``../shared/captures`` when present) and copies grown
from them to about 20 KB and 400 KB by repeating their result documents, kept contract-valid (ids,
statistics and opinion references follow). The one-error variant has a job status outside the enumeration;
the many-errors variant has every span offset and length negative (a ``minimum`` finding each).
"""

from __future__ import annotations

import argparse
import copy
import importlib
import importlib.metadata
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import validator
from validator import _fast_path as _fast

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "captures"
SHARED_CAPTURES = REPO.parent / "shared" / "captures"
API_VERSION = "v3.2-preview.2"  # the version of the shipped example captures
SMALL_CAPTURE = "apikey.recording_single_custom_document_single_category_classification_action.json__1.json"
GROWN_CAPTURE = "apikey.recording_single_entities_linking_action.json__1.json"
SENTIMENT_CAPTURE = ("v3.1", "apikey.recording_single_sentiment_analysis_action.json__1.json")
PEERS = "pip install check-jsonschema fastjsonschema orjson"


@dataclass(frozen=True)
class Sample:
    name: str
    api_version: str
    valid: bytes
    one_error: bytes
    many_errors: bytes


# Documents ------------------------------------------------------------------------------------------------
def _grown(document: dict[str, Any], copies: int) -> dict[str, Any]:
    """``document`` with every task's result documents repeated ``copies`` times, still contract-valid."""
    grown = copy.deepcopy(document)
    for kind, items in grown["tasks"].items():
        if not kind.endswith("Tasks"):
            continue
        for item in items:
            results = item.get("results")
            if not results or not results.get("documents"):
                continue
            originals = results["documents"]
            documents: list[dict[str, Any]] = []
            for round_ in range(copies):
                for original in originals:
                    twin = copy.deepcopy(original)
                    if round_:
                        twin["id"] = f"{original['id']}-copy{round_}"
                    _renumber_refs(twin, len(documents))
                    documents.append(twin)
            results["documents"] = documents
            statistics = results.get("statistics")
            if statistics:
                statistics["validDocumentsCount"] = len(documents)
                statistics["documentsCount"] = len(documents) + len(results.get("errors", []))
    return grown


def _renumber_refs(document: dict[str, Any], index: int) -> None:
    for sentence in document.get("sentences", []):
        for target in sentence.get("targets", []):
            for relation in target.get("relations", []):
                tokens = relation["ref"].split("/")
                tokens[2] = str(index)
                relation["ref"] = "/".join(tokens)


def _encoded(document: Any) -> bytes:
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


def grown_to(document: dict[str, Any], target_bytes: int) -> bytes:
    """``document`` grown to about ``target_bytes`` of pretty-printed JSON."""
    one, two = len(_encoded(_grown(document, 1))), len(_encoded(_grown(document, 2)))
    copies = max(1, 1 + round((target_bytes - one) / max(1, two - one)))
    return _encoded(_grown(document, copies))


def one_error(raw: bytes) -> bytes:
    """The document with a job status outside the enumeration."""
    document = json.loads(raw)
    document["status"] = "completed"
    return _encoded(document)


def many_errors(raw: bytes) -> bytes:
    """The document with every span offset and length negative: one ``minimum`` finding each."""
    document = json.loads(raw)
    for items in (value for key, value in document["tasks"].items() if key.endswith("Tasks")):
        for item in items:
            for result in item.get("results", {}).get("documents", []):
                for span in _spans(result):
                    for name in ("offset", "length"):
                        if name in span:
                            span[name] = -1
    return _encoded(document)


def _spans(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for entity in document.get("entities", []):
        yield from entity.get("matches", [entity])
    yield from document.get("sentences", [])


def samples() -> tuple[list[Sample], str]:
    """The documents timed, and where the grown ones come from."""
    small = (EXAMPLES / SMALL_CAPTURE).read_bytes()
    sentiment = SHARED_CAPTURES.joinpath(*SENTIMENT_CAPTURE)
    if sentiment.exists():
        base_version, base = SENTIMENT_CAPTURE[0], json.loads(sentiment.read_bytes())
        origin = f"../shared/captures/{'/'.join(SENTIMENT_CAPTURE)} (opinion mining)"
    else:
        base_version, base = API_VERSION, json.loads((EXAMPLES / GROWN_CAPTURE).read_bytes())
        origin = f"examples/captures/{GROWN_CAPTURE} (../shared/captures is not there)"
    documents = [
        ("1 KB", API_VERSION, small),
        ("20 KB", base_version, grown_to(base, 20_000)),
        ("400 KB", base_version, grown_to(base, 400_000)),
    ]
    timed = []
    for name, api_version, raw in documents:
        sample = Sample(name, api_version, raw, one_error(raw), many_errors(raw))
        assert validator.is_valid(sample.valid, api_version=api_version, strict=True), name
        assert not validator.is_valid(sample.one_error, api_version=api_version), name
        timed.append(sample)
    return timed, origin


# Timing ---------------------------------------------------------------------------------------------------


def interleaved(contenders: dict[str, Callable[[], object]], rounds: int, budget: float) -> dict[str, float]:
    """CPU seconds per call of each contender: the median of ``rounds`` interleaved rounds.

    Each contender first gets a number of calls per round that takes about ``budget`` / ``rounds`` seconds.
    """
    calls = {}
    for name, function in contenders.items():
        function()  # warm caches (compiled schemas, imports)
        start = time.process_time()
        function()
        once = max(time.process_time() - start, 1e-6)
        calls[name] = max(1, min(100_000, int(budget / rounds / once)))
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _round in range(rounds):
        for name, function in contenders.items():
            start = time.process_time()
            for _ in range(calls[name]):
                function()
            samples[name].append((time.process_time() - start) / calls[name])
    return {name: statistics.median(values) for name, values in samples.items()}


def _optional(module: str) -> Any | None:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def peers(api_version: str) -> tuple[dict[str, Callable[[Any], object]], list[str]]:
    """Schema-only validators of the bundled schema, taking a parsed document; and notes about them."""
    import jsonschema
    import jsonschema_rs

    notes = []
    bundle = validator.schema_for(api_version)
    reference = jsonschema.Draft202012Validator(
        bundle, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    raw_rs = jsonschema_rs.Draft202012Validator(bundle, validate_formats=True)
    tools: dict[str, Callable[[Any], object]] = {
        "python-jsonschema is_valid": reference.is_valid,
        "python-jsonschema, every error": lambda value: list(reference.iter_errors(value)),
        "jsonschema-rs is_valid": raw_rs.is_valid,
    }
    fastjsonschema = _optional("fastjsonschema")
    if fastjsonschema is None:
        notes.append(f"fastjsonschema: not installed ({PEERS})")
    else:
        compiled = fastjsonschema.compile(bundle)

        def fast_valid(value: Any) -> bool:
            try:
                compiled(value)
            except fastjsonschema.JsonSchemaException:
                return False
            return True

        tools["fastjsonschema"] = fast_valid
        notes.append(
            "fastjsonschema reads the 2020-12 bundle as draft 7 (all it uses); it checks the date-time, uuid "
            "and uri formats"
        )
    return tools, notes


@dataclass
class Figures:
    """Everything measured on one document size, in CPU seconds per document."""

    sample: Sample
    times: dict[str, float]
    findings_one: int
    findings_many: int


def measure_document(sample: Sample, rounds: int, budget: float) -> tuple[Figures, list[str]]:
    tools, notes = peers(sample.api_version)
    version = sample.api_version
    parsed_valid, parsed_many = json.loads(sample.valid), json.loads(sample.many_errors)
    orjson = _optional("orjson")
    contenders: dict[str, Callable[[], object]] = {
        "ours is_valid, valid": lambda: validator.is_valid(sample.valid, api_version=version),
        "ours iter_findings, valid": lambda: list(validator.iter_findings(sample.valid, api_version=version)),
        "ours iter_findings, one error": lambda: list(
            validator.iter_findings(sample.one_error, api_version=version)
        ),
        "ours is_valid, one error": lambda: validator.is_valid(sample.one_error, api_version=version),
        "ours iter_findings, many errors": lambda: list(
            validator.iter_findings(sample.many_errors, api_version=version)
        ),
        "ours is_valid, many errors": lambda: validator.is_valid(sample.many_errors, api_version=version),
        "ours reference engine, many errors": lambda: _reference_findings(sample.many_errors, version),
        "json.loads": lambda: json.loads(sample.valid),
        "json.loads + jsonschema-rs": lambda: tools["jsonschema-rs is_valid"](json.loads(sample.valid)),
        "python-jsonschema is_valid (parsed)": lambda: tools["python-jsonschema is_valid"](parsed_valid),
        "python-jsonschema every error, many errors (parsed)": lambda: tools[
            "python-jsonschema, every error"
        ](parsed_many),
    }
    if "fastjsonschema" in tools:
        contenders["json.loads + fastjsonschema"] = lambda: tools["fastjsonschema"](json.loads(sample.valid))
    if orjson is not None:
        contenders["orjson.loads"] = lambda: orjson.loads(sample.valid)
    times = interleaved(contenders, rounds, budget)
    figures = Figures(
        sample,
        times,
        len(list(validator.iter_findings(sample.one_error, api_version=version))),
        len(list(validator.iter_findings(sample.many_errors, api_version=version))),
    )
    return figures, notes


def _reference_findings(raw: bytes, api_version: str) -> list[validator.Finding]:
    _fast.enabled = False
    try:
        return list(validator.iter_findings(raw, api_version=api_version))
    finally:
        _fast.enabled = True


def huge_document_verdict(numbers: int) -> tuple[float, float, validator.Finding, int]:
    """CPU seconds for the findings (with line and column) of an array of ``numbers`` numbers, and for
    ``is_valid``: the root is not a job state, so there is one finding, at line 1, column 1."""
    text = "[" + ",".join(["123"] * numbers) + "]"
    start = time.process_time()
    findings = list(validator.iter_findings(text))
    found = time.process_time() - start
    start = time.process_time()
    verdict = validator.is_valid(text)
    decided = time.process_time() - start
    assert not verdict
    assert len(findings) == 1
    return found, decided, findings[0], len(text)


# The command line -----------------------------------------------------------------------------------------


# Commands run as installed packages do: with bytecode caches (an editable install gets its caches written by
# the warm-up run, the interpreter's default), even where the environment turns them off.
_COMMAND_ENVIRONMENT = {
    name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
}


def _run(command: list[str]) -> tuple[float, float, int]:
    """Wall and CPU seconds (of the command and the children it waited for) and the exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, env=_COMMAND_ENVIRONMENT
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode not in (0, 1):
        raise RuntimeError(
            f"{command[:4]} failed ({completed.returncode}): {completed.stderr.decode()[-500:]}"
        )
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, completed.returncode


def cli_figures(folder: Path, files: int, rounds: int) -> dict[str, tuple[float, float] | None]:
    """Median wall and CPU seconds of ``ta-contract validate`` and check-jsonschema on ``files`` captures."""
    captures = sorted(path for path in EXAMPLES.glob("*.json") if not path.name.startswith("error."))
    corpus = folder / "corpus"
    corpus.mkdir()
    paths = []
    for index in range(files):
        source = captures[index % len(captures)]
        path = corpus / f"{index:05d}-{source.name}"
        path.write_bytes(source.read_bytes())
        paths.append(str(path))
    schema_file = folder / "bundle.json"
    schema_file.write_text(json.dumps(validator.schema_for(API_VERSION)))
    ours = [sys.executable, "-m", "validator", "validate", "--quiet", "--api-version", API_VERSION]
    commands: dict[str, list[list[str]] | None] = {
        "ta-contract validate DIR": [[*ours, "--jobs", "1", str(corpus)]],
        "ta-contract validate --jobs 2 DIR": [[*ours, "--jobs", "2", str(corpus)]],
        "check-jsonschema --schemafile": None,
    }
    checker = Path(sys.executable).with_name("check-jsonschema")
    if checker.exists():  # command lines have a length limit: 2,000 files each
        commands["check-jsonschema --schemafile"] = [
            [str(checker), "--schemafile", str(schema_file), *paths[start : start + 2000]]
            for start in range(0, len(paths), 2000)
        ]
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for batches in commands.values():  # warm-up: bytecode caches, file system caches
        if batches is not None:
            _run(batches[0])
    for _round in range(rounds):
        for name, batches in commands.items():
            if batches is None:
                continue
            wall = cpu = 0.0
            for command in batches:
                elapsed, used, code = _run(command)
                assert code == 0, f"{name}: the corpus is made of valid captures"
                wall, cpu = wall + elapsed, cpu + used
            runs[name].append((wall, cpu))
    return {
        name: (
            (statistics.median(w for w, _ in runs[name]), statistics.median(c for _, c in runs[name]))
            if runs[name]
            else None
        )
        for name in commands
    }


def startup_figures(folder: Path, rounds: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of starting the command, against a bare interpreter."""
    one = folder / "one.json"
    one.write_bytes((EXAMPLES / SMALL_CAPTURE).read_bytes())
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "ta-contract --version": [sys.executable, "-m", "validator", "--version"],
        "ta-contract validate one.json": [
            sys.executable,
            "-m",
            "validator",
            "validate",
            "--quiet",
            "--api-version",
            API_VERSION,
            str(one),
        ],
    }
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for command in commands.values():  # warm-up: bytecode caches
        _run(command)
    for _round in range(rounds):
        for name, command in commands.items():
            wall, cpu, _code = _run(command)
            runs[name].append((wall, cpu))
    return {
        name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
        for name, values in runs.items()
    }


_PEAK_RSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def memory_rows(folder: Path, sizes: list[int]) -> tuple[list[list[str]], list[str]]:
    """Peak memory of ``ta-contract validate file.jsonl`` on JSON Lines files of growing size."""
    line = json.dumps(json.loads((EXAMPLES / SMALL_CAPTURE).read_bytes())).encode() + b"\n"
    rows = []
    notes = [
        f"each line is the 1 KB capture ({len(line)} bytes on one line); peak RSS is that of the largest "
        "process (the CLI or one of its workers), read from getrusage"
    ]
    for size in sizes:
        path = folder / f"responses-{size}.jsonl"
        lines = max(1, size // len(line))
        with path.open("wb") as out:
            chunk = line * 1000
            for _ in range(lines // 1000):
                out.write(chunk)
            out.write(line * (lines % 1000))
        for jobs in ("1", "0"):
            command = [
                sys.executable,
                "-m",
                "validator",
                "validate",
                "--quiet",
                "--jobs",
                jobs,
                "--api-version",
                API_VERSION,
                str(path),
            ]
            start = time.perf_counter()
            peak = subprocess.run(
                [sys.executable, "-c", _PEAK_RSS, *command], capture_output=True, check=True
            )
            elapsed = time.perf_counter() - start
            rows.append(
                [
                    f"{path.stat().st_size / 1e6:,.0f} MB",
                    f"{lines:,}",
                    jobs,
                    f"{int(peak.stdout.split()[-1]) / 1024:.0f}",
                    f"{elapsed:.1f}",
                    f"{lines / elapsed:,.0f}",
                ]
            )
        path.unlink()
    return rows, notes


# Report ---------------------------------------------------------------------------------------------------


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def versions() -> str:
    names = ["textanalytics-contract", "jsonschema", "jsonschema-rs", "fastjsonschema", "orjson"]
    names.append("check-jsonschema")
    found = []
    for name in names:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def _us(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds >= 0.01:
        return f"{seconds * 1000:,.1f} ms"
    return f"{seconds * 1e6:,.1f} us"


class Goals:
    """The goals, each with what was measured, as a ratio, and whether it holds."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def at_least(self, goal: str, what: str, ratio: float | None, floor: float) -> None:
        self._add(goal, what, ratio, None if ratio is None else ratio >= floor, f">= {floor:g}x")

    def at_most(self, goal: str, what: str, ratio: float | None, ceiling: float) -> None:
        self._add(goal, what, ratio, None if ratio is None else ratio <= ceiling, f"<= {ceiling:g}x")

    def _add(self, goal: str, what: str, ratio: float | None, holds: bool | None, bound: str) -> None:
        measured = "not measured" if ratio is None else f"{ratio:,.2f}x"
        verdict = "n/a" if holds is None else "yes" if holds else "**no**"
        self.rows.append([goal, what, bound, measured, verdict])


def document_report(all_figures: list[Figures], goals: Goals) -> str:
    rows = []
    for figures in all_figures:
        t, sample = figures.times, figures.sample
        rows.append(
            [
                f"{sample.name} ({len(sample.valid) / 1000:.1f} KB, {sample.api_version})",
                _us(t["ours iter_findings, valid"]),
                _us(t["ours is_valid, valid"]),
                _us(t["python-jsonschema is_valid (parsed)"]),
                _us(t["json.loads + jsonschema-rs"]),
                _us(t.get("json.loads + fastjsonschema")),
                _us(t["json.loads"]),
                _us(t.get("orjson.loads")),
                f"{_us(t['ours iter_findings, one error'])} ({figures.findings_one})",
                _us(t["ours is_valid, one error"]),
                f"{_us(t['ours iter_findings, many errors'])} ({figures.findings_many})",
                _us(t["ours is_valid, many errors"]),
                _us(t["ours reference engine, many errors"]),
                _us(t["python-jsonschema every error, many errors (parsed)"]),
            ]
        )
        name = sample.name
        valid = t["ours iter_findings, valid"]
        goals.at_least(
            f"valid {name}: >= 50x python-jsonschema is_valid",
            "python-jsonschema is_valid (parsed) / ours iter_findings (bytes)",
            t["python-jsonschema is_valid (parsed)"] / valid,
            50,
        )
        goals.at_most(
            f"valid {name}: within 3x of json.loads + jsonschema-rs",
            "ours iter_findings / (json.loads + jsonschema-rs is_valid)",
            valid / t["json.loads + jsonschema-rs"],
            3,
        )
        goals.at_most(
            f"one error {name}: iter_findings within 3x of the valid path",
            "ours iter_findings, one error / ours iter_findings, valid",
            t["ours iter_findings, one error"] / valid,
            3,
        )
        if (
            figures.findings_many >= 100
        ):  # the goal is about hundreds of errors; a small capture has few spans
            goals.at_least(
                f"many errors {name} ({figures.findings_many}): >= 3x python-jsonschema's full list",
                "python-jsonschema every error (parsed) / ours iter_findings",
                t["python-jsonschema every error, many errors (parsed)"]
                / t["ours iter_findings, many errors"],
                3,
            )
        invalid = ["ours is_valid, one error"] + (
            ["ours is_valid, many errors"] if figures.findings_many else []
        )
        goals.at_most(
            f"is_valid on invalid {name}: within 2x of the valid path",
            "slower of ours is_valid on the invalid variants / ours is_valid, valid",
            max(t[variant] for variant in invalid) / t["ours is_valid, valid"],
            2,
        )
    header = [
        "document",
        "ours iter_findings, valid",
        "ours is_valid, valid",
        "python-jsonschema is_valid (parsed)",
        "json.loads + jsonschema-rs",
        "json.loads + fastjsonschema",
        "json.loads",
        "orjson.loads",
        "ours iter_findings, one error (findings)",
        "ours is_valid, one error",
        "ours iter_findings, many errors (findings)",
        "ours is_valid, many errors",
        "ours reference engine, many errors",
        "python-jsonschema every error, many errors (parsed)",
    ]
    return table(header, rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpus and files, fewer rounds")
    options = parser.parse_args(argv)
    quick = options.quick
    rounds, budget = (5, 1.0) if quick else (9, 4.0)
    files = 2_000 if quick else 10_000
    jsonl_sizes = [5_000_000, 50_000_000] if quick else [100_000_000, 1_000_000_000]
    command = "python benchmarks/bench_validation.py" + (" --quick" if quick else "")
    goals = Goals()

    print(f"# Validation benchmark ({'quick' if quick else 'full'} run)\n")
    print(
        f"`{command}` on {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPU(s); {versions()}; compiled engine "
        f"{'on' if _fast.engine_available() else 'off (jsonschema-rs missing)'}. CPU time per document, "
        f"median of {rounds} interleaved rounds.\n"
    )
    timed, origin = samples()
    all_figures, notes = [], []
    for sample in timed:
        figures, new_notes = measure_document(sample, rounds, budget)
        all_figures.append(figures)
        notes += [note for note in new_notes if note not in notes]
    print("## One response, from raw bytes\n")
    print(f"Grown documents come from {origin}.\n")
    print(document_report(all_figures, goals))
    print("".join(f"\n- {note}" for note in notes) + "\n")

    numbers = 12_000_000
    found, decided, finding, size = huge_document_verdict(numbers)
    print("## A finding in a huge document\n")
    print(
        f"An array of {numbers:,} numbers ({size / 1e6:.0f} MB), given as text: iter_findings "
        f"{found:.2f} s CPU ({finding.rule} at line {finding.line}, column {finding.column}); "
        f"is_valid {decided:.2f} s CPU.\n"
    )
    goals.at_most(f"a finding in a {size / 1e6:.0f} MB document: under 5 s", "seconds / 5 s", found / 5, 1)

    with tempfile.TemporaryDirectory(prefix="bench-validation-") as temporary:
        cli = cli_figures(Path(temporary), files, 3)
        print(f"## The command line on {files:,} captured files (seconds, median of 3 interleaved rounds)\n")
        rows = [
            [
                name,
                "n/a" if value is None else f"{value[0]:.2f}",
                "n/a" if value is None else f"{value[1]:.2f}",
            ]
            for name, value in cli.items()
        ]
        print(table(["command", "wall", "CPU (with waited-for children)"], rows))
        theirs = cli["check-jsonschema --schemafile"]
        if theirs is None:
            print(f"\n- check-jsonschema: not installed beside this Python ({PEERS})")
        print()
        for name in ("ta-contract validate DIR", "ta-contract validate --jobs 2 DIR"):
            ours_cli = cli[name]
            ratio = None if theirs is None or ours_cli is None else theirs[0] / ours_cli[0]
            goals.at_least(
                f"`{name}` on {files:,} files: >= 10x check-jsonschema",
                "check-jsonschema / ours, wall",
                ratio,
                10,
            )

        startup = startup_figures(Path(temporary), 7 if quick else 15)
        print("## Start-up (seconds, median of interleaved runs)\n")
        print(
            table(
                ["command", "wall", "CPU"],
                [[name, f"{wall:.3f}", f"{cpu:.3f}"] for name, (wall, cpu) in startup.items()],
            )
        )
        print()

        rows, notes = memory_rows(Path(temporary), jsonl_sizes)
        print("## Peak memory on JSON Lines\n")
        print(table(["file", "lines", "--jobs", "peak RSS (MB)", "seconds", "documents per second"], rows))
        print("".join(f"\n- {note}" for note in notes) + "\n")
        one_process = [float(row[3]) for row in rows if row[2] == "1"]
        goals.at_most(
            "memory flat on JSON Lines",
            f"peak RSS on the {jsonl_sizes[-1] // 1_000_000:,} MB file / on the "
            f"{jsonl_sizes[0] // 1_000_000:,} MB file (--jobs 1)",
            one_process[-1] / one_process[0],
            1.2,
        )

    print("## The goals, and whether they hold\n")
    print(table(["goal", "ratio measured", "bound", "measured", "holds?"], goals.rows))
    print(f"\nReproduce with `{command}`.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

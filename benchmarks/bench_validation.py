"""How fast the validator is, as ratios against other JSON Schema tools on the same documents, in one run.

    python benchmarks/bench_validation.py            # full: 10,000-file corpus, 1 GB JSON Lines file
    python benchmarks/bench_validation.py --quick    # smaller corpus and file, a couple of minutes

Needs the ``fast`` extra (jsonschema-rs) for the fast path, and optionally fastjsonschema, orjson and
check-jsonschema for the comparisons (each row says when its tool is missing). It prints Markdown tables and
the command that reproduces them; nothing here is a test.

Every timing starts from the raw bytes of a response, because that is what a validator is given: our
``is_valid`` and ``iter_findings`` parse strictly and run the schema and every contract rule; the other tools
parse with ``json.loads`` (or orjson, where said) and check the bundled schema only. Documents are real
captures (``examples/captures``, and ``../shared/captures`` when present) and copies grown from them to about
20 KB and 400 KB by repeating their result documents, kept contract-valid (ids, statistics and opinion
references follow); invalid variants break the job status and one span length.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
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


@dataclass(frozen=True)
class Sample:
    name: str
    api_version: str
    raw: bytes
    valid: bool


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


def broken(raw: bytes) -> bytes:
    """The document with a job status outside the enumeration and one span one character too long."""
    document = json.loads(raw)
    document["status"] = "completed"
    for items in (value for key, value in document["tasks"].items() if key.endswith("Tasks")):
        for item in items:
            for result in item.get("results", {}).get("documents", []):
                for span in _spans(result):
                    span["length"] += 1
                    return _encoded(document)
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
        for valid, payload in ((True, raw), (False, broken(raw))):
            assert valid == validator.is_valid(payload, api_version=api_version, strict=True), name
            timed.append(Sample(name, api_version, payload, valid))
    return timed, origin


# Timing ---------------------------------------------------------------------------------------------------


def per_call(function: Callable[[], object], budget: float) -> float:
    """Seconds per call: the best of five rounds, each of at least ``budget`` / 5 seconds."""
    function()
    calls = 1
    while True:  # calls per round, so that one round takes about budget / 5
        start = time.perf_counter()
        for _ in range(calls):
            function()
        elapsed = time.perf_counter() - start
        if elapsed >= budget / 5 or calls > 1_000_000:
            break
        calls *= 2 if elapsed == 0 else max(2, min(10, int(budget / 5 / elapsed) + 1))
    best = elapsed / calls
    for _ in range(4):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def _optional(module: str) -> Any | None:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def contenders(api_version: str) -> tuple[dict[str, Callable[[bytes], object] | None], list[str]]:
    """Schema-only validators of the bundled schema (None where unavailable), and notes about them."""
    import jsonschema

    notes = []
    bundle = validator.schema_for(api_version)
    reference = jsonschema.Draft202012Validator(
        bundle, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    tools: dict[str, Callable[[bytes], object] | None] = {
        "python-jsonschema": lambda raw: reference.is_valid(json.loads(raw)),
        "python-jsonschema, every error": lambda raw: list(reference.iter_errors(json.loads(raw))),
        "fastjsonschema": None,
        "jsonschema-rs": None,
        "jsonschema-rs + orjson": None,
    }
    fastjsonschema = _optional("fastjsonschema")
    if fastjsonschema is None:
        notes.append("fastjsonschema is not installed")
    else:
        try:
            compiled = fastjsonschema.compile(bundle)
        except Exception as error:
            notes.append(f"fastjsonschema cannot compile the bundle: {type(error).__name__}: {error}")
        else:

            def fast_valid(raw: bytes) -> bool:
                try:
                    compiled(json.loads(raw))
                except fastjsonschema.JsonSchemaException:
                    return False
                return True

            tools["fastjsonschema"] = fast_valid
            notes.append(
                "fastjsonschema compiles the 2020-12 bundle (it reads it as draft 7, which is all the bundle "
                "uses) but does not check the uuid format"
            )
    rs = _optional("jsonschema_rs")
    if rs is None:
        notes.append("jsonschema-rs is not installed: our validator ran on its pure-Python path")
    else:
        ceiling = rs.Draft202012Validator(bundle, validate_formats=True)
        tools["jsonschema-rs"] = lambda raw: ceiling.is_valid(json.loads(raw))
        orjson = _optional("orjson")
        if orjson is not None:
            tools["jsonschema-rs + orjson"] = lambda raw: ceiling.is_valid(orjson.loads(raw))
    return tools, notes


def library_rows(timed: list[Sample], budget: float) -> tuple[list[list[str]], list[str]]:
    rows = []
    notes: list[str] = []
    tools_by_version = {}
    for sample in timed:
        if sample.api_version not in tools_by_version:
            tools_by_version[sample.api_version], new_notes = contenders(sample.api_version)
            notes += [note for note in new_notes if note not in notes]
        tools = tools_by_version[sample.api_version]
        raw, version = sample.raw, sample.api_version
        ours_valid = per_call(partial(validator.is_valid, raw, api_version=version), budget)
        ours_findings = per_call(partial(_findings, raw, version), budget)
        _fast.enabled = False
        try:
            detailed = per_call(partial(_findings, raw, version), budget)
        finally:
            _fast.enabled = True
        times = {name: per_call(partial(tool, raw), budget) if tool else None for name, tool in tools.items()}
        reference = times["python-jsonschema"]
        ceiling = times["jsonschema-rs"]
        assert reference is not None
        rows.append(
            [
                f"{sample.name} {'valid' if sample.valid else 'invalid'} ({len(sample.raw) / 1000:.1f} KB, "
                f"{sample.api_version})",
                _ms(ours_valid),
                _ms(ours_findings),
                _ms(detailed),
                _ms(reference),
                _ms(times["python-jsonschema, every error"]),
                _ms(times["fastjsonschema"]),
                _ms(ceiling),
                _ms(times["jsonschema-rs + orjson"]),
                f"{reference / ours_valid:.1f}x",
                f"{(times['python-jsonschema, every error'] or 0) / ours_findings:.1f}x",
                f"{ours_valid / ceiling:.1f}x" if ceiling else "n/a",
            ]
        )
    return rows, notes


def _findings(raw: bytes, api_version: str) -> list[validator.Finding]:
    return list(validator.iter_findings(raw, api_version=api_version))


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    return f"{seconds * 1000:.3f}" if seconds < 0.01 else f"{seconds * 1000:.1f}"


# The command line -----------------------------------------------------------------------------------------


def _run(command: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    completed = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        raise RuntimeError(
            f"{command[:4]} failed ({completed.returncode}): {completed.stderr.decode()[-500:]}"
        )
    return elapsed, completed.returncode


def cli_rows(folder: Path, files: int) -> tuple[list[list[str]], list[str]]:
    """``ta-contract validate DIR`` against ``check-jsonschema`` on a corpus of captured files."""
    captures = sorted(path for path in EXAMPLES.glob("*.json") if not path.name.startswith("error."))
    corpus = folder / "corpus"
    corpus.mkdir()
    paths = []
    for index in range(files):
        source = captures[index % len(captures)]
        path = corpus / f"{index:05d}-{source.name}"
        shutil.copyfile(source, path)
        paths.append(str(path))
    schema_file = folder / "bundle.json"
    schema_file.write_text(json.dumps(validator.schema_for(API_VERSION)))
    ours = [sys.executable, "-m", "validator", "validate", "--quiet", "--api-version", API_VERSION]
    rows = []
    notes = []
    serial, code = _run([*ours, str(corpus)])
    assert code == 0, "the corpus is made of valid captures"
    parallel, _ = _run([*ours, "--jobs", "0", str(corpus)])
    checker = Path(sys.executable).with_name("check-jsonschema")
    if checker.exists():
        theirs = 0.0
        for start in range(0, len(paths), 2000):  # command lines have a length limit
            elapsed, code = _run(
                [str(checker), "--schemafile", str(schema_file), *paths[start : start + 2000]]
            )
            theirs += elapsed
        rows.append(
            [
                f"{files:,} files",
                f"{serial:.2f}",
                f"{parallel:.2f}",
                f"{theirs:.2f}",
                f"{theirs / serial:.1f}x",
                f"{theirs / parallel:.1f}x",
            ]
        )
    else:
        rows.append([f"{files:,} files", f"{serial:.2f}", f"{parallel:.2f}", "n/a", "n/a", "n/a"])
        notes.append("check-jsonschema is not installed beside this Python")
    return rows, notes


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
    names = [
        "textanalytics-contract",
        "jsonschema",
        "jsonschema-rs",
        "fastjsonschema",
        "orjson",
        "check-jsonschema",
    ]
    found = []
    for name in names:
        try:
            found.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller corpus and file, shorter timings")
    options = parser.parse_args(argv)
    budget = 0.5 if options.quick else 2.0
    files = 1_000 if options.quick else 10_000
    jsonl_sizes = [5_000_000, 50_000_000] if options.quick else [100_000_000, 1_000_000_000]
    command = "python benchmarks/bench_validation.py" + (" --quick" if options.quick else "")

    print(f"# Validation benchmark ({'quick' if options.quick else 'full'} run)\n")
    print(
        f"`{command}` on {platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} CPU(s); {versions()}; "
        f"fast path {'on' if _fast.engine_available() else 'off (jsonschema-rs missing)'}.\n"
    )

    timed, origin = samples()
    rows, notes = library_rows(timed, budget)
    print("## One response, from raw bytes (milliseconds per document)\n")
    print(f"Grown documents come from {origin}.\n")
    print(
        table(
            [
                "document",
                "ours is_valid",
                "ours iter_findings",
                "ours, detailed path only",
                "python-jsonschema is_valid (schema only)",
                "python-jsonschema, every error",
                "fastjsonschema (schema only)",
                "jsonschema-rs (schema only)",
                "jsonschema-rs + orjson",
                "python-jsonschema is_valid / ours is_valid",
                "python-jsonschema every error / ours iter_findings",
                "ours / jsonschema-rs",
            ],
            rows,
        )
    )
    print("".join(f"\n- {note}" for note in notes) + "\n")

    with tempfile.TemporaryDirectory(prefix="bench-validation-") as temporary:
        rows, notes = cli_rows(Path(temporary), files)
        print("## The command line on a corpus of captured files (seconds)\n")
        print(
            table(
                [
                    "corpus",
                    "ta-contract validate DIR",
                    "... --jobs 0",
                    "check-jsonschema --schemafile",
                    "check-jsonschema / ours",
                    "check-jsonschema / ours --jobs 0",
                ],
                rows,
            )
        )
        print("".join(f"\n- {note}" for note in notes) + "\n")
        rows, notes = memory_rows(Path(temporary), jsonl_sizes)
        print("## Peak memory on JSON Lines\n")
        print(table(["file", "lines", "--jobs", "peak RSS (MB)", "seconds", "documents per second"], rows))
        print("".join(f"\n- {note}" for note in notes) + "\n")
    print(f"Reproduce with `{command}`.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

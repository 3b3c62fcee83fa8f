"""ta-contract generate: files per example, a manifest, the same files for a seed, no silent overwrites."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import validator
from validator.cli import _generate_command

from .helpers import run_process, script


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="ta-contract")
    _generate_command.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["generate", *argv])


def generate(*argv: str) -> tuple[int, str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = _generate_command.run(parse(*argv), io.StringIO(), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def manifest(folder: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((folder / ".manifest.json").read_text(encoding="utf-8"))
    return loaded


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def errors(findings: Any) -> list[tuple[str, str]]:
    return [(finding.rule, finding.pointer) for finding in findings if finding.is_error]


def test_valid_examples_are_one_valid_file_each_with_a_manifest(tmp_path: Path) -> None:
    """--kind valid writes N job-state files that the validator accepts, and lists them in .manifest.json."""
    code, out, _ = generate("--count", "5", "--out", str(tmp_path))
    listed = manifest(tmp_path)
    assert (0, 5, "valid") == (code, len(listed["examples"]), listed["kind"])
    assert "wrote 5 valid example(s)" in out
    for entry in listed["examples"]:
        assert [] == errors(validator.iter_findings((tmp_path / entry["file"]).read_bytes()))


def test_invalid_examples_break_the_rule_and_pointer_the_manifest_names(tmp_path: Path) -> None:
    """Each invalid file yields the rule at the pointer its manifest entry names, read as raw bytes."""
    code, _, _ = generate(
        "--kind", "invalid", "--count", "12", "--seed", "5", "--strict", "--out", str(tmp_path)
    )
    assert 0 == code
    for entry in manifest(tmp_path)["examples"]:
        raw = (tmp_path / entry["file"]).read_bytes()
        expected = {(entry["rule"], entry["pointer"])} | {
            (also["rule"], also["pointer"]) for also in entry["also"]
        }
        assert expected == set(errors(validator.iter_findings(raw, strict=True)))


def test_exchange_and_lifecycle_files_pass_their_cross_checks(tmp_path: Path) -> None:
    """Exchange files hold a request and the response that answers it; lifecycle files a valid poll list."""
    assert 0 == generate("--kind", "exchange", "--count", "3", "--out", str(tmp_path / "x"))[0]
    assert 0 == generate("--kind", "lifecycle", "--count", "3", "--out", str(tmp_path / "l"))[0]
    for path in sorted((tmp_path / "x").glob("exchange-*.json")):
        pair = json.loads(path.read_text(encoding="utf-8"))
        assert [] == errors(validator.iter_findings(pair["response"], request=pair["request"]))
    for path in sorted((tmp_path / "l").glob("lifecycle-*.json")):
        assert [] == errors(validator.iter_sequence_findings(json.loads(path.read_text(encoding="utf-8"))))


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    """Two runs with one seed write identical bytes; another seed writes other examples."""
    for name, seed in (("a", "9"), ("b", "9"), ("c", "10")):
        assert (
            0
            == generate("--kind", "lifecycle", "--count", "4", "--seed", seed, "--out", str(tmp_path / name))[
                0
            ]
        )
    first, again, other = (snapshot(tmp_path / name) for name in "abc")
    assert (True, False) == (first == again, first == other)


def test_existing_files_are_kept_unless_forced(tmp_path: Path) -> None:
    """A second run into the same folder exits 2 and changes nothing; with --force it overwrites."""
    generate("--count", "2", "--out", str(tmp_path))
    before = snapshot(tmp_path)
    code, _, err = generate("--count", "2", "--seed", "1", "--out", str(tmp_path))
    assert (2, before) == (code, snapshot(tmp_path))
    assert "--force" in err
    assert 0 == generate("--count", "2", "--seed", "1", "--force", "--out", str(tmp_path))[0]
    assert before != snapshot(tmp_path)


def test_out_must_be_a_folder(tmp_path: Path) -> None:
    """--out naming a file is a usage error."""
    target = tmp_path / "file.json"
    target.write_text("{}", encoding="utf-8")
    assert 2 == generate("--out", str(target))[0]


@pytest.mark.parametrize("count", ["0", "many", "10001"])
def test_count_must_be_a_positive_whole_number(count: str) -> None:
    """--count outside 1..10000 is rejected by the parser."""
    with pytest.raises(SystemExit):
        parse("--count", count, "--out", "unused")


def test_missing_hypothesis_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Hypothesis the command exits 2 and names the generators extra."""
    monkeypatch.setitem(sys.modules, "validator.cli._sampling", None)  # makes the import fail
    code, _, err = generate("--out", str(tmp_path))
    assert (2, []) == (code, list(tmp_path.iterdir()))
    assert "generators extra" in err
    assert "pip install '.[generators]'" in err


def test_adding_the_subcommand_does_not_import_hypothesis() -> None:
    """Building the parser (as every other subcommand does) leaves Hypothesis unimported."""
    program = (
        "import argparse, sys\n"
        "from validator.cli import _generate_command\n"
        "_generate_command.add_parser(argparse.ArgumentParser().add_subparsers())\n"
        "print('hypothesis' in sys.modules)\n"
    )
    result = run_process([sys.executable, "-c", program], check=True)
    assert "False" == result.stdout.strip()


def _generated(tmp_path: Path, kind: str, count: int = 6) -> Path:
    """Runs ``ta-contract generate`` as a user does and returns the folder it wrote."""
    out = tmp_path / kind
    result = run_process(
        [*script(), "generate", "--kind", kind, "--count", str(count), "--seed", "11", "--out", str(out)]
    )
    assert 0 == result.returncode, result.stderr
    return out


def test_generated_valid_examples_validate_as_a_folder(tmp_path: Path) -> None:
    """generate --kind valid, then validate OUT: every example is checked (the manifest is not) and passes."""
    out = _generated(tmp_path, "valid")
    result = run_process([*script(), "validate", "--format", "json", str(out)])
    assert 0 == result.returncode, result.stdout
    checked = sorted(Path(document["path"]).name for document in json.loads(result.stdout)["documents"])
    assert sorted(entry["file"] for entry in manifest(out)["examples"]) == checked


def test_generated_invalid_examples_fail_with_exactly_the_labelled_rules(tmp_path: Path) -> None:
    """generate --kind invalid, then validate OUT: each file fails with its labelled rule and no other."""
    out = _generated(tmp_path, "invalid", count=12)
    result = run_process([*script(), "validate", "--format", "json", str(out)])
    assert 1 == result.returncode
    errors = {
        Path(document["path"]).name: {
            (finding["rule"], finding["pointer"])
            for finding in document["findings"]
            if finding["severity"] == "error"
        }
        for document in json.loads(result.stdout)["documents"]
    }
    labelled = manifest(out)["examples"]
    assert sorted(entry["file"] for entry in labelled) == sorted(errors)
    for entry in labelled:
        allowed = {entry["rule"], *(also["rule"] for also in entry["also"])}
        found = errors[entry["file"]]
        assert (entry["rule"], entry["pointer"]) in found, entry
        assert {rule for rule, _ in found} <= allowed, (entry, found)


def test_generated_exchanges_validate_with_their_requests(tmp_path: Path) -> None:
    """generate --kind exchange: each response passes validate --request with the request it answers."""
    out = _generated(tmp_path, "exchange", count=4)
    for entry in manifest(out)["examples"]:
        exchange = json.loads((out / entry["file"]).read_text(encoding="utf-8"))
        request, response = tmp_path / "request.json", tmp_path / "response.json"
        request.write_text(json.dumps(exchange["request"]), encoding="utf-8")
        response.write_text(json.dumps(exchange["response"]), encoding="utf-8")
        result = run_process([*script(), "validate", "--request", str(request), str(response)])
        assert 0 == result.returncode, (entry, result.stdout, result.stderr)


def test_generated_lifecycles_validate_as_sequences(tmp_path: Path) -> None:
    """generate --kind lifecycle writes arrays of polls; validate --sequence FILE checks each as one job."""
    out = _generated(tmp_path, "lifecycle", count=4)
    for entry in manifest(out)["examples"]:
        polls = str(out / entry["file"])
        result = run_process([*script(), "validate", "--format", "json", "--sequence", polls])
        assert 0 == result.returncode, (entry, result.stdout)
        (document,) = json.loads(result.stdout)["documents"]
        assert [] == [finding for finding in document["findings"] if finding["severity"] == "error"]

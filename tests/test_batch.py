"""The batch engine: finding inputs, validating them in this process or in workers, in order."""

from __future__ import annotations

import io
import itertools
import multiprocessing
import os
import pickle
import shutil
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

import bluealert_cap
from bluealert_cap import Finding, Report, _batch, parse, validate
from bluealert_cap._batch import (
    FileResult,
    InputProblem,
    MemoryInput,
    Summary,
    count_inputs,
    iter_inputs,
    read_limited,
    validate_file,
    validate_many,
)

REFERENCE = Path(__file__).parents[2] / "shared/reference"
GOOD = REFERENCE / "corpus/oasis-examples/oasiscap_v1dot2_appendix_a1_hsas.xml"
CAP11 = REFERENCE / "corpus/other-versions/oasiscap_v1dot1_appendix_a1.xml"
XXE = REFERENCE / "corpus-invalid/google-caplib_xxe_attack.xml"


def _tree(tmp_path: Path) -> Path:
    """A small folder: nested dirs, matching and non-matching names, upper-case suffix."""
    root = tmp_path / "archive"
    (root / "b" / "deeper").mkdir(parents=True)
    (root / "a").mkdir()
    (root / "empty").mkdir()
    shutil.copy(GOOD, root / "z.xml")
    shutil.copy(GOOD, root / "a" / "one.cap")
    shutil.copy(CAP11, root / "a" / "two.XML")
    shutil.copy(GOOD, root / "b" / "deeper" / "three.xml")
    (root / "b" / "notes.txt").write_text("not CAP")
    (root / "b" / "README.md").write_text("# not CAP")
    return root


# -- finding inputs ----------------------------------------------------------------------------


def test_directory_walk_is_recursive_sorted_and_picks_xml_and_cap(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    items = list(iter_inputs([root]))
    assert items == [
        str(root / "a" / "one.cap"),
        str(root / "a" / "two.XML"),
        str(root / "b" / "deeper" / "three.xml"),
        str(root / "z.xml"),
    ]
    assert count_inputs([root]) == 4


def test_a_named_file_is_taken_whatever_its_name(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    notes = root / "b" / "notes.txt"
    assert list(iter_inputs([notes, root / "z.xml"])) == [str(notes), str(root / "z.xml")]


def test_missing_path_and_directory_without_cap_files_are_problems(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    items = list(iter_inputs([tmp_path / "missing.xml", root / "empty", root / "z.xml"]))
    assert items == [
        InputProblem(str(tmp_path / "missing.xml"), "no such file or directory"),
        InputProblem(str(root / "empty"), "no *.xml or *.cap files in this directory"),
        str(root / "z.xml"),
    ]


def test_links_and_special_files_in_a_directory_are_reported_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "d"
    root.mkdir()
    shutil.copy(GOOD, root / "good.xml")
    (root / "dangling.xml").symlink_to(root / "nowhere.xml")
    (root / "loop.xml").symlink_to(root / "loop.xml")
    os.mkfifo(root / "pipe.cap")
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(GOOD, outside / "x.xml")
    (root / "linkdir.xml").symlink_to(outside)
    (root / "linkdir").symlink_to(outside)
    (root / "linked.xml").symlink_to(outside / "x.xml")
    items = {
        (i.path if isinstance(i, InputProblem) else i): i for i in iter_inputs([root])
    }
    assert items[str(root / "good.xml")] == str(root / "good.xml")
    assert items[str(root / "linked.xml")] == str(root / "linked.xml")  # a link to a file is ok
    assert isinstance(items[str(root / "dangling.xml")], InputProblem)
    assert "no such file" in items[str(root / "dangling.xml")].message  # type: ignore[union-attr]
    assert isinstance(items[str(root / "loop.xml")], InputProblem)
    assert items[str(root / "pipe.cap")] == InputProblem(
        str(root / "pipe.cap"), "not a regular file (device, pipe or socket)"
    )
    assert items[str(root / "linkdir.xml")] == InputProblem(
        str(root / "linkdir.xml"), "symbolic link to a directory (not followed)"
    )
    # The directory link without a matching name is not entered at all.
    assert not any("outside" in p or "linkdir/" in p for p in items)
    assert len(items) == 6


def test_inputs_are_found_lazily() -> None:
    seen: list[str] = []

    def paths() -> Iterator[str]:
        for p in itertools.repeat(str(GOOD), 1000):
            seen.append(p)
            yield p

    it = iter_inputs(paths())
    next(it)
    assert len(seen) == 1


# -- validating one input ----------------------------------------------------------------------


def test_validate_file_matches_validate() -> None:
    for path in (GOOD, CAP11, XXE):
        result = validate_file(str(path), "cap")
        assert result == FileResult(str(path), validate(path.read_bytes(), profile="cap"))
        assert result.error is None
    assert validate_file(str(GOOD)).ok
    assert not validate_file(str(CAP11)).ok
    assert validate_file(str(CAP11)).report.rules() == {"CAP_VERSION_IS_1_2"}  # type: ignore[union-attr]


def test_validate_file_reports_what_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "loop.xml").symlink_to(tmp_path / "loop.xml")
    loop = validate_file(str(tmp_path / "loop.xml"))
    assert loop.report is None and not loop.ok
    assert loop.error is not None and loop.error.startswith("cannot read: ")
    folder = validate_file(str(tmp_path))
    assert folder == FileResult(str(tmp_path), None, "is a directory")
    missing = validate_file(str(tmp_path / "missing.xml"))
    assert missing == FileResult(str(tmp_path / "missing.xml"), None,
                                 "cannot read: no such file or directory")
    problem = validate_file(InputProblem("x", "why"))
    assert problem == FileResult("x", None, "why")


def test_oversized_file_is_refused_from_its_size_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    with open(big, "wb") as fh:  # sparse: costs no disk and no time
        fh.truncate(bluealert_cap.Limits().max_bytes + 1)
    result = validate_file(str(big))
    assert result.error is None and result.report is not None
    assert [f.rule for f in result.report] == ["DOCUMENT_IS_WITHIN_LIMITS"]


def test_endless_stream_is_refused_at_the_limit() -> None:
    limit = bluealert_cap.Limits().max_bytes
    result = validate_file("/dev/zero")  # never ends: reading stops one byte past the limit
    assert result.report is not None
    [finding] = result.report.findings
    assert finding.rule == "DOCUMENT_IS_WITHIN_LIMITS"
    assert finding.message == (
        f"the input is larger than the limit of {limit} bytes (reading stopped there)"
    )


def test_read_limited_stops_one_byte_past_the_limit() -> None:
    assert read_limited(io.BytesIO(b"x" * 100), 10) == b"x" * 11
    assert read_limited(io.BytesIO(b"x" * 100), 100) == b"x" * 100
    assert read_limited(io.BytesIO(b""), 10) == b""
    # A regular file's size hint: read in one go, nothing past the end requested.
    assert read_limited(io.BytesIO(b"abc"), 10, size_hint=3) == b"abc"


def test_memory_input_is_validated_under_its_name() -> None:
    result = validate_file(MemoryInput("<stdin>", CAP11.read_bytes()))
    assert result.path == "<stdin>"
    assert result.report == validate(CAP11.read_bytes())


def test_a_crashing_layer_is_reported_for_that_file_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(source: object, **kwargs: object) -> Report:
        if isinstance(source, bytes) and b"1.1" in source[:400]:
            raise RuntimeError("boom")
        return validate(source, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_batch, "validate", broken)
    results = list(validate_many([str(GOOD), str(CAP11), str(GOOD)]))
    assert [r.error is None for r in results] == [True, False, True]
    assert results[1].error is not None and "RuntimeError: boom" in results[1].error


# -- the engine --------------------------------------------------------------------------------


def _mixed_items(tmp_path: Path) -> list[str | InputProblem]:
    items: list[str | InputProblem] = []
    for i in range(37):
        items.append(str([GOOD, CAP11, XXE][i % 3]))
        if i % 10 == 4:
            items.append(InputProblem(f"missing-{i}", "no such file or directory"))
    return items


@pytest.mark.parametrize(
    ("jobs", "in_process", "chunksize"),
    [(1, False, 1), (2, None, 3), (2, False, None), (3, False, 64)],
)
def test_pool_gives_the_in_process_results_in_input_order(
    tmp_path: Path, jobs: int, in_process: bool | None, chunksize: int | None
) -> None:
    items = _mixed_items(tmp_path)
    expected = list(validate_many(items, profile="cap"))
    assert [r.path for r in expected] == [
        i.path if isinstance(i, InputProblem) else i for i in items
    ]
    got = list(
        validate_many(items, profile="cap", jobs=jobs, in_process=in_process, chunksize=chunksize)
    )
    assert got == expected


def test_a_few_files_are_validated_without_starting_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_pool(*args: object) -> None:
        raise AssertionError("no worker process should be started")

    monkeypatch.setattr(_batch, "_Pool", no_pool)
    items = [str(GOOD), str(CAP11)] * (_batch.DEFAULT_CHUNKSIZE - 1)  # < two chunks
    assert list(validate_many(items, jobs=2)) == list(validate_many(items))
    with pytest.raises(AssertionError, match="no worker process"):
        list(validate_many(items * 2, jobs=2))


def test_pool_consumes_inputs_lazily() -> None:
    pulled = 0

    def items() -> Iterator[str]:
        nonlocal pulled
        for p in itertools.repeat(str(GOOD), 10_000):
            pulled += 1
            yield p

    results = validate_many(items(), jobs=2, chunksize=4)
    first = next(results)
    assert first.ok
    # At most the in-flight window (2 workers x 4 chunks x 4 files) plus one chunk was read.
    assert pulled <= 2 * _batch._INFLIGHT_CHUNKS_PER_WORKER * 4 + 4
    results.close()  # type: ignore[attr-defined]


def test_in_process_consumes_inputs_one_at_a_time() -> None:
    pulled = 0

    def items() -> Iterator[str]:
        nonlocal pulled
        for p in itertools.repeat(str(GOOD), 10_000):
            pulled += 1
            yield p

    results = validate_many(items())
    next(results)
    next(results)
    assert pulled == 2


@pytest.mark.parametrize("deadly_at", [(5,), (0, 13), (3, 4, 11, 30)])
def test_pool_survives_workers_that_die(
    monkeypatch: pytest.MonkeyPatch, deadly_at: tuple[int, ...]
) -> None:
    """A file that kills its worker process is reported; every other file is validated."""

    def deadly(source: object, **kwargs: object) -> Report:
        if isinstance(source, bytes) and b"1.1" in source[:400]:
            os._exit(3)
        return validate(source, **kwargs)  # type: ignore[arg-type]

    # Workers must inherit the patched function: start them with fork.
    monkeypatch.setattr(_batch, "validate", deadly)
    monkeypatch.setattr(_batch, "_mp_context", lambda: multiprocessing.get_context("fork"))
    items = [str(CAP11) if i in deadly_at else str(GOOD) for i in range(31)]
    results = list(validate_many(items, jobs=2, chunksize=4))
    assert [r.path for r in results] == items
    assert [i for i, r in enumerate(results) if not r.ok] == list(deadly_at)
    for i in deadly_at:
        assert results[i].report is None
        assert results[i].error == "the worker process validating this file stopped abruptly"


def test_bad_arguments_fail_before_any_work() -> None:
    def never() -> Iterator[str]:
        raise AssertionError("inputs must not be read")
        yield ""  # pragma: no cover

    with pytest.raises(ValueError, match="unknown profile 'nope'"):
        next(validate_many(never(), profile="nope"))
    with pytest.raises(ValueError, match="jobs must be 0"):
        next(validate_many(never(), jobs=-1))


def test_summary_counts_and_exit_code() -> None:
    s = Summary()
    assert s.exit_code == 0
    s.add(validate_file(str(GOOD)))
    assert (s.files, s.valid, s.exit_code) == (1, 1, 0)
    s.add(validate_file(str(CAP11)))
    assert (s.files, s.invalid, s.severities["error"], s.exit_code) == (2, 1, 1, 1)
    s.add(FileResult("x", None, "no such file or directory"))
    assert (s.files, s.unreadable, s.exit_code) == (3, 1, 2)
    assert s.to_dict()["exit_code"] == 2


def test_file_result_json_shape() -> None:
    ok = validate_file(str(CAP11)).to_dict()
    assert set(ok) == {"path", "ok", "findings"}
    assert set(ok["findings"][0]) >= {"rule", "severity", "xpath", "line", "column", "message"}
    bad = FileResult("x", None, "why").to_dict()
    assert bad == {"path": "x", "ok": False, "findings": [], "error": "why"}


# -- pickling: what a distributed engine (dask, ray, spark) needs ----------------------------


def test_reports_findings_results_and_functions_pickle() -> None:
    report = validate(CAP11.read_bytes())
    assert report.findings  # something to carry
    assert pickle.loads(pickle.dumps(report)) == report
    finding = report.findings[0]
    assert isinstance(finding, Finding)
    assert pickle.loads(pickle.dumps(finding)) == finding
    result = validate_file(str(CAP11))
    assert pickle.loads(pickle.dumps(result)) == result
    for fn in (validate, parse, validate_file, validate_many, iter_inputs):
        assert pickle.loads(pickle.dumps(fn)) is fn
    # A pickled function still works on the other side.
    assert pickle.loads(pickle.dumps(validate))(GOOD.read_bytes()).ok


def test_a_finding_is_a_frozen_dataclass_value() -> None:
    import dataclasses

    finding = validate(CAP11.read_bytes()).findings[0]
    same = Finding(finding.rule, finding.severity, finding.xpath, finding.line, finding.column,
                   finding.message, finding.source)
    assert same == finding and hash(same) == hash(finding)
    assert dataclasses.is_dataclass(finding)
    assert dataclasses.asdict(finding) == finding.to_dict()
    changed = dataclasses.replace(finding, message="other")
    assert changed.message == "other" and changed.rule == finding.rule
    assert finding != tuple(dataclasses.astuple(finding))
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.rule = "X"  # type: ignore[misc]
    assert Finding("R", "info", "/a[1]", None, None, "m").source == ""


def test_parsed_alert_pickles() -> None:
    alert = parse(GOOD.read_bytes())
    again = pickle.loads(pickle.dumps(alert))
    assert again == alert
    assert again.to_xml() == alert.to_xml()


# -- memory stays flat -------------------------------------------------------------------------


def _peak_bytes(count: int) -> int:
    """Peak traced memory while validating ``count`` files with findings, discarding results."""
    items = itertools.repeat(str(CAP11), count)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        summary = Summary()
        for result in validate_many(items):
            summary.add(result)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert summary.files == count and summary.invalid == count
    return peak


def test_memory_does_not_grow_with_the_number_of_files() -> None:
    list(validate_many([str(CAP11)] * 5))  # warm caches (imports, schema) first
    small = _peak_bytes(100)
    large = _peak_bytes(1000)
    # Collected results would grow ~10x; streamed ones stay within noise of the small run.
    assert large < small * 2 + 32 * 1024, (small, large)


def test_jobs_beyond_the_cpus_start_one_worker_per_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 100000 must not try to start 100,000 processes: the pool has one per CPU."""
    started: list[int] = []
    real_init = _batch._Pool.__init__

    def spy(self: _batch._Pool, workers: int) -> None:
        started.append(workers)
        real_init(self, workers)

    monkeypatch.setattr(_batch._Pool, "__init__", spy)
    monkeypatch.setattr(_batch, "cpu_count", lambda: 2)
    items = [str(GOOD)] * 40
    results = list(validate_many(items, jobs=24, chunksize=4))
    assert [r.ok for r in results] == [True] * 40
    assert started == [2]

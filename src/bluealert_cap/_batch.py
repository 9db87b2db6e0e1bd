"""Batch validation: many files, in this process or in worker processes, results in input order.

The engine behind ``bluealert-cap validate`` and usable on its own::

    from bluealert_cap import iter_inputs, validate_many

    for result in validate_many(iter_inputs(["archive/"]), profile="ipaws", jobs=4):
        print(result.path, result.ok)

Everything is streamed: paths are found lazily (directories are walked as they are reached),
only a bounded window of work is in flight, and each result is yielded as soon as it and every
result before it are done. Memory therefore stays flat however many files there are.

Worker processes receive paths (or, for standard input, the bytes) and send back
:class:`FileResult` values, so only small, picklable values cross process boundaries.
"""

from __future__ import annotations

import dataclasses
import itertools
import multiprocessing
import os
import signal
import stat
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._validation import DEFAULT_PROFILE, Finding, Report, validate
from ._validation._registry import chain
from ._xml import DEFAULT_LIMITS, read_limited

__all__ = [
    "DEFAULT_CHUNKSIZE",
    "DEFAULT_SUFFIXES",
    "FileResult",
    "InputProblem",
    "MemoryInput",
    "Summary",
    "count_inputs",
    "cpu_count",
    "iter_inputs",
    "read_limited",
    "validate_file",
    "validate_many",
]

DEFAULT_SUFFIXES: tuple[str, ...] = (".xml", ".cap")
"""File name endings picked up when walking a directory (compared case-insensitively)."""

DEFAULT_CHUNKSIZE = 16
"""Files per task sent to a worker process: large enough to amortise inter-process traffic,
small enough to keep workers evenly loaded."""

_INFLIGHT_CHUNKS_PER_WORKER = 8

_WORKER_DIED = "the worker process validating this file stopped abruptly"


# -- inputs ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemoryInput:
    """A document already in memory (e.g. read from standard input), shown as ``name``."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class InputProblem:
    """A named input that yields no document: missing, unreadable, or an empty directory."""

    path: str
    message: str


Item = str | MemoryInput | InputProblem
"""What :func:`validate_many` consumes: a file path, an in-memory document, or a problem."""


def _matches(name: str, suffixes: tuple[str, ...]) -> bool:
    lowered = name.lower()
    return any(lowered.endswith(s) for s in suffixes)


def _walk(directory: str, suffixes: tuple[str, ...]) -> Iterator[Item]:
    """Files under ``directory`` whose names end with one of ``suffixes``, in sorted order.

    Subdirectories are entered (symbolic links to directories are not followed, so a link
    loop cannot trap the walk). A subdirectory that cannot be listed, a matching name that is a
    broken link or not a regular file, each is an InputProblem. Only the listings of the
    directories on the current path are held; the walk uses an explicit stack, so no nesting
    depth can exhaust Python's recursion limit.
    """
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _listing(directory)
    if isinstance(listing, InputProblem):
        yield listing
        return
    stack.append(listing)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        path = entry.path
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            sub = _listing(path)
            if isinstance(sub, InputProblem):
                yield sub
            else:
                stack.append(sub)
        elif _matches(entry.name, suffixes):
            try:
                # A regular file is known from the listing (no stat() call); a symbolic link
                # or an unknown entry type is looked at through stat().
                regular = entry.is_file(follow_symlinks=False)
                mode = stat.S_IFREG if regular else entry.stat(follow_symlinks=True).st_mode
            except OSError as exc:  # a broken or looping symbolic link
                yield InputProblem(path, f"cannot be opened: {_reason(exc)}")
                continue
            if stat.S_ISREG(mode):
                yield path
            elif stat.S_ISDIR(mode):
                yield InputProblem(path, "symbolic link to a directory (not followed)")
            else:
                yield InputProblem(path, "not a regular file (device, pipe or socket)")


def _listing(directory: str) -> Iterator[os.DirEntry[str]] | InputProblem:
    """The entries of ``directory`` sorted by name, or why it cannot be listed."""
    try:
        with os.scandir(directory) as it:
            return iter(sorted(it, key=lambda e: e.name))
    except OSError as exc:
        return InputProblem(directory, f"cannot list directory: {_reason(exc)}")


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES,
) -> Iterator[Item]:
    """Expand ``paths`` lazily into the items :func:`validate_many` consumes, in order.

    A file is yielded as given, whatever its name; a directory is walked recursively for files
    ending in ``suffixes`` (sorted by name). A path that does not exist, or a directory holding
    no such file, becomes an :class:`InputProblem`; nothing is dropped silently. ``-`` is not
    special here (the CLI maps it to standard input).
    """
    for raw in paths:
        path = os.fspath(raw)
        try:
            st = os.stat(path)
        except OSError as exc:
            yield InputProblem(path, _reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            found = False
            for item in _walk(path, suffixes):
                found = found or isinstance(item, str)
                yield item
            if not found:
                wanted = " or ".join(f"*{s}" for s in suffixes)
                yield InputProblem(path, f"no {wanted} files in this directory")
        else:
            yield path


def count_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    suffixes: tuple[str, ...] = DEFAULT_SUFFIXES,
) -> int:
    """How many items :func:`iter_inputs` would yield (walks the directories, reads no file)."""
    return sum(1 for _ in iter_inputs(paths, suffixes=suffixes))


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return exc.strerror or str(exc) or type(exc).__name__


# -- results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FileResult:
    """The outcome for one input: its report, or (``report is None``) why it was not validated.

    ``error`` is set when the input could not be read at all (missing file, permission denied,
    empty directory) or validation itself failed unexpectedly; such a result counts as neither
    valid nor invalid but as unreadable (exit status 2 in the CLI).
    """

    path: str
    report: Report | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the input was validated and has no finding of severity ``error``."""
        return self.report is not None and self.report.ok

    @property
    def findings(self) -> list[Finding]:
        return self.report.findings if self.report is not None else []

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the CLI: ``{"path", "ok", "findings": [...]}`` (+ ``"error"``)."""
        out: dict[str, Any] = {
            "path": self.path,
            "ok": self.ok,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.error is not None:
            out["error"] = self.error
        return out


@dataclass(slots=True)
class Summary:
    """Running totals over :class:`FileResult` values (feed each with :meth:`add`)."""

    files: int = 0
    valid: int = 0
    invalid: int = 0
    unreadable: int = 0
    severities: dict[str, int] = field(
        default_factory=lambda: {"error": 0, "warning": 0, "info": 0}
    )

    def add(self, result: FileResult) -> None:
        self.files += 1
        if result.report is None:
            self.unreadable += 1
            return
        if result.ok:
            self.valid += 1
        else:
            self.invalid += 1
        for f in result.report.findings:
            self.severities[f.severity] = self.severities.get(f.severity, 0) + 1

    @property
    def exit_code(self) -> int:
        """2 if some input could not be read, else 1 if some file has an error, else 0."""
        if self.unreadable:
            return 2
        return 1 if self.invalid else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "valid": self.valid,
            "invalid": self.invalid,
            "unreadable": self.unreadable,
            "errors": self.severities.get("error", 0),
            "warnings": self.severities.get("warning", 0),
            "infos": self.severities.get("info", 0),
            "exit_code": self.exit_code,
        }


# -- validating one input ----------------------------------------------------------------------


def validate_file(
    item: Item, profile: str = DEFAULT_PROFILE, options: Mapping[str, Any] | None = None
) -> FileResult:
    """Validate one item; never raises for bad input.

    A file that cannot be opened or read gives a result with ``error`` set; anything that can
    be read is handed to :func:`bluealert_cap.validate`, whose findings cover malformed,
    hostile, oversized and non-CAP documents. An unexpected exception inside validation (a bug)
    is caught and reported as this file's ``error`` so that the other files still get done.
    """
    opts = dict(options or {})
    if isinstance(item, InputProblem):
        return FileResult(item.path, None, item.message)
    if isinstance(item, MemoryInput):
        name: str = item.name
        source: bytes | Path = item.data
    else:
        name = item
        limit = DEFAULT_LIMITS.max_bytes
        try:
            with open(item, "rb") as fh:
                st = os.fstat(fh.fileno())
                if stat.S_ISREG(st.st_mode) and st.st_size > limit:
                    # validate() refuses it from its size alone, without reading it.
                    source = Path(item)
                else:
                    hint = st.st_size if stat.S_ISREG(st.st_mode) else 0
                    source = read_limited(fh, limit, size_hint=hint)
        except OSError as exc:
            if isinstance(exc, IsADirectoryError):
                return FileResult(name, None, "is a directory")
            return FileResult(name, None, f"cannot read: {_reason(exc)}")
    try:
        report = validate(source, profile=profile, **opts)
    except Exception as exc:  # a bug in a layer must not stop the batch
        return FileResult(
            name,
            None,
            f"internal error while validating ({type(exc).__name__}: {exc}); please report it",
        )
    if isinstance(source, bytes) and len(source) > DEFAULT_LIMITS.max_bytes:
        # Reading a stream (pipe, device, stdin) stopped one byte past the limit: say so,
        # rather than give that count as the size.
        report = Report(report.profile, [_stream_over_limit(f) for f in report.findings])
    return FileResult(name, report)


def _stream_over_limit(finding: Finding) -> Finding:
    if finding.rule != "DOCUMENT_IS_WITHIN_LIMITS":
        return finding
    limit = DEFAULT_LIMITS.max_bytes
    return dataclasses.replace(
        finding,
        message=f"the input is larger than the limit of {limit} bytes (reading stopped there)",
    )


def _validate_chunk(
    items: list[str | MemoryInput], profile: str, options: dict[str, Any]
) -> list[FileResult]:
    return [validate_file(item, profile, options) for item in items]


def _mp_context() -> multiprocessing.context.BaseContext:
    """The platform's default start method (fork on Linux before 3.14: workers start at once)."""
    return multiprocessing.get_context()


def _worker_init() -> None:
    # Ctrl-C is handled by the parent, which then stops the pool; workers must not print
    # KeyboardInterrupt tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# -- the engine --------------------------------------------------------------------------------


def cpu_count() -> int:
    """CPUs this process may run on (its affinity mask where known)."""
    if hasattr(os, "sched_getaffinity"):
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except OSError:
            pass
    return max(1, os.cpu_count() or 1)


def validate_many(
    items: Iterable[Item],
    *,
    profile: str = DEFAULT_PROFILE,
    jobs: int = 1,
    chunksize: int | None = None,
    in_process: bool | None = None,
    options: Mapping[str, Any] | None = None,
) -> Iterator[FileResult]:
    """Validate ``items`` (see :func:`iter_inputs`) and yield one result each, in input order.

    ``jobs`` is the number of worker processes (``0`` means one per CPU), at most one per CPU:
    validation is CPU-bound, so more processes would only cost memory and start-up time (and
    a huge ``jobs`` would start that many processes). With one job, with fewer than two chunks
    of items, or with ``in_process=True``, everything runs in this process;
    ``in_process=False`` uses worker processes even for one job or a single file.
    ``options`` go to :func:`bluealert_cap.validate` and must be picklable when workers are
    used. Raises ``ValueError`` for an unknown profile (before any
    work starts) and for a negative ``jobs``.
    """
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (one per CPU) or more, not {jobs}")
    chain(profile)  # unknown profile: fail now, not once per file
    workers = jobs or cpu_count()
    opts = dict(options or {})
    size = chunksize or DEFAULT_CHUNKSIZE
    iterator = iter(items)
    if in_process is None:
        in_process = workers == 1
        if not in_process:
            # Starting processes is not worth it for a couple of chunks' worth of files.
            head = list(itertools.islice(iterator, 2 * size))
            in_process = len(head) < 2 * size
            iterator = itertools.chain(head, iterator)
    if in_process:
        for item in iterator:
            yield validate_file(item, profile, opts)
        return
    yield from _run_pool(iterator, profile, opts, min(workers, cpu_count()), size)


@dataclass(slots=True)
class _Slot:
    """One entry of the in-order window: results ready now, or a chunk being validated."""

    items: list[str | MemoryInput]
    ready: list[FileResult] | None = None
    future: Future[list[FileResult]] | None = None


def _chunks(items: Iterable[Item], size: int) -> Iterator[_Slot]:
    batch: list[str | MemoryInput] = []
    for item in items:
        if isinstance(item, InputProblem):
            if batch:
                yield _Slot(batch)
                batch = []
            yield _Slot([], ready=[FileResult(item.path, None, item.message)])
            continue
        batch.append(item)
        if len(batch) >= size:
            yield _Slot(batch)
            batch = []
    if batch:
        yield _Slot(batch)


class _Pool:
    """A process pool that can be replaced when a worker dies."""

    def __init__(self, workers: int):
        self.workers = workers
        self.executor = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=_mp_context(),
            initializer=_worker_init,
        )

    def renew(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new()

    def close(self, *, wait: bool) -> None:
        self.executor.shutdown(wait=wait, cancel_futures=True)


def _isolated(
    items: list[str | MemoryInput], profile: str, options: dict[str, Any]
) -> list[FileResult]:
    """Validate ``items`` one at a time in a separate worker, so that an item which makes
    the worker die is known for certain and reported as such."""
    results: list[FileResult] = []
    solo = _Pool(1)
    try:
        for item in items:
            future = solo.executor.submit(_validate_chunk, [item], profile, options)
            try:
                results.extend(future.result())
            except BrokenProcessPool:
                name = item.name if isinstance(item, MemoryInput) else item
                results.append(FileResult(name, None, _WORKER_DIED))
                solo.renew()
    finally:
        solo.close(wait=True)
    return results


def _succeeded(future: Future[list[FileResult]] | None) -> bool:
    return (
        future is not None
        and future.done()
        and not future.cancelled()
        and future.exception() is None
    )


def _run_pool(
    items: Iterable[Item], profile: str, options: dict[str, Any], workers: int, chunksize: int
) -> Iterator[FileResult]:
    pool = _Pool(workers)
    window: deque[_Slot] = deque()
    max_inflight = workers * _INFLIGHT_CHUNKS_PER_WORKER
    inflight = 0

    def submit(slot: _Slot) -> None:
        slot.future = pool.executor.submit(_validate_chunk, slot.items, profile, options)

    def resolve_head() -> list[FileResult]:
        """Wait for the oldest slot and return its results (recovering from a dead worker)."""
        nonlocal inflight
        while True:
            head = window[0]
            if head.ready is not None:
                window.popleft()
                return head.ready
            assert head.future is not None
            try:
                results = head.future.result()
            except BrokenProcessPool:
                _recover(head)
                continue
            window.popleft()
            inflight -= 1
            return results

    def _recover(head: _Slot) -> None:
        """A worker died, and with it the pool. Any file in flight may have killed it, so the
        oldest chunk is re-run one file at a time in a separate one-worker pool: the file
        that kills a worker there is the culprit and is reported; the others get their
        results. The rest of the pending work goes to a fresh pool (and is recovered the same
        way when it reaches the head, should it contain the culprit)."""
        nonlocal inflight
        pool.renew()
        head.ready = _isolated(head.items, profile, options)
        head.future = None
        inflight -= 1
        for slot in window:
            if slot.ready is None and not _succeeded(slot.future):
                submit(slot)

    completed = False
    try:
        for slot in _chunks(items, chunksize):
            if slot.ready is None:
                submit(slot)
                inflight += 1
            window.append(slot)
            # Stream out whatever is finished at the head, and bound the work in flight.
            while window and (
                window[0].ready is not None
                or (window[0].future is not None and window[0].future.done())
                or inflight >= max_inflight
            ):
                yield from resolve_head()
        while window:
            yield from resolve_head()
        completed = True
    finally:
        # On early exit (Ctrl-C, closed pipe) do not wait for queued work.
        pool.close(wait=completed)

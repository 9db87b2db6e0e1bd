"""``bluealert-cap validate``: check CAP files, folders of them, or standard input.

Text output groups the findings per file (``line:column``, severity, rule, XPath, message) and
ends with a summary; ``--format json`` writes one JSON document, streamed file by file::

    {"files": [{"path", "ok", "findings": [{rule, severity, xpath, line, column, message,
    source}]}, ...], "summary": {...}}

Exit status: 0 no file has an error, 1 some file has one, 2 usage error or some input could not
be read (it is reported, and every other file is still validated).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, TextIO

from .._batch import (
    FileResult,
    InputProblem,
    Item,
    MemoryInput,
    Summary,
    count_inputs,
    iter_inputs,
    read_limited,
    validate_many,
)
from .._errors import CapError
from .._validation import DEFAULT_PROFILE
from .._validation._registry import chain, profile_names
from .._xml import DEFAULT_LIMITS
from ._io import display, silence_stdout


class _Sink(Protocol):
    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...


STDIN_NAME = "<stdin>"
"""How standard input (given as ``-``) is named in the output."""

PROGRESS_MIN_FILES = 20
"""A progress bar is drawn (on a terminal) only when there are more files than this."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``validate`` subcommand."""
    p = subparsers.add_parser(
        "validate",
        help="check CAP 1.2 files against a profile (schema, cap, ipaws, ...)",
        description=(
            "Validate CAP 1.2 documents. PATH may be a file (any name), a directory (searched "
            "recursively for *.xml and *.cap files) or - for standard input. Exit status: 0 "
            "when no file has an error, 1 when some file has one, 2 for a usage error or an "
            "input that could not be read (reported; the other files are still validated)."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="file, directory, or - for stdin")
    p.add_argument(
        "--profile",
        choices=profile_names(),
        default=DEFAULT_PROFILE,
        help=f"the profile to validate against (default: {DEFAULT_PROFILE}); each profile "
        "includes the layers below it",
    )
    p.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or one JSON document {files: [...], summary: {...}}",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="worker processes, at most one per CPU (default 1: validate in this process; 0 "
        "or auto: one per CPU)",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text output: print only the summary (and inputs that could not be read)",
    )
    p.add_argument(
        "--errors-only",
        action="store_true",
        help="text output: show only findings of severity error, and only files that have one",
    )
    p.add_argument(
        "--no-progress",
        action="store_true",
        help="never draw the progress bar (drawn on stderr when it is a terminal and there "
        f"are more than {PROGRESS_MIN_FILES} files)",
    )
    # Options of individual layers (e.g. signature trust, ``--trust CERT``) are added by the
    # modules that own them here, and turned into validate() options in _layer_options().
    from ._sign import add_trust_arguments

    add_trust_arguments(p)
    p.set_defaults(func=run)


def _jobs(text: str) -> int:
    if text.strip().lower() == "auto":
        return 0
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number of worker processes or 'auto', not {text!r}"
        ) from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (auto) or more, not {n}")
    return n


def _layer_options(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword options for :func:`bluealert_cap.validate`, from the command line.

    They are sent to worker processes, so they must be picklable (e.g. certificate bytes, not
    open files). ``--trust`` (signature verification) adds ``trusted`` (certificate DER
    bytes), ``allow_sha1``, ``at`` and ``require``.
    """
    if getattr(args, "trust", None):
        from ._sign import trust_options

        return trust_options(args)
    return {}


# -- entry point -------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    """Validate every input named on the command line; return the exit status."""
    if sum(1 for p in args.paths if p == "-") > 1:
        print("bluealert-cap validate: error: '-' (standard input) can be given only once",
              file=sys.stderr)
        return 2
    if args.format == "json" and (args.quiet or args.errors_only):
        print("bluealert-cap validate: note: --quiet and --errors-only shape the text output; "
              "the JSON output always lists every file and finding", file=sys.stderr)
    from ._sign import verification_options_without_trust

    unused = verification_options_without_trust(args)
    if unused:
        print(f"bluealert-cap validate: error: {', '.join(unused)} given without --trust: "
              "signatures are verified only against the certificates given with --trust",
              file=sys.stderr)
        return 2
    try:
        chain(args.profile)
    except ValueError as exc:  # e.g. the default profile's module failed to register
        print(f"bluealert-cap validate: error: {exc}", file=sys.stderr)
        return 2
    try:
        options = _layer_options(args)
    except CapError as exc:  # e.g. an unreadable --trust certificate
        print(f"bluealert-cap validate: error: {exc}", file=sys.stderr)
        return 2

    progress: _Progress | None = None
    if not args.no_progress and _isatty(sys.stderr):
        total = sum(1 if p == "-" else count_inputs([p]) for p in args.paths)
        if total > PROGRESS_MIN_FILES:
            progress = _Progress(sys.stderr, total)

    results = validate_many(
        _items(args.paths), profile=args.profile, jobs=args.jobs, options=options
    )
    out: _Sink = sys.stdout
    if progress is not None and _isatty(sys.stdout):
        # The bar shares the terminal with the report: take it away before each write.
        out = _ClearingStream(sys.stdout, progress)
    writer: _Writer
    if args.format == "json":
        writer = _JsonWriter(out, args.profile)
    else:
        writer = _TextWriter(out, args.profile, quiet=args.quiet, errors_only=args.errors_only)
    summary = Summary()
    try:
        writer.start()
        for result in results:
            summary.add(result)
            writer.file(result)
            if progress is not None:
                progress.update(summary)
        if progress is not None:
            progress.close()
        writer.finish(summary)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python from
        # complaining when it flushes stdout at exit.
        silence_stdout()
        return summary.exit_code
    finally:
        if progress is not None:
            progress.close()
        close = getattr(results, "close", None)
        if close is not None:
            close()
    return summary.exit_code


def _items(paths: Iterable[str]) -> Iterator[Item]:
    """The inputs in command-line order; ``-`` is standard input (read when its turn comes)."""
    for path in paths:
        if path == "-":
            yield _read_stdin()
        else:
            yield from iter_inputs([path])


def _read_stdin() -> MemoryInput | InputProblem:
    stream = sys.stdin
    if stream is None or stream.closed:
        return InputProblem(STDIN_NAME, "there is no standard input to read")
    if _isatty(stream):
        print("reading a CAP document from standard input (end it with Ctrl-D)",
              file=sys.stderr)
    limit = DEFAULT_LIMITS.max_bytes
    try:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            data = read_limited(buffer, limit)
        else:  # a text stream without bytes underneath (e.g. replaced in tests)
            data = stream.read().encode("utf-8", "surrogateescape")
    except (OSError, ValueError) as exc:
        return InputProblem(STDIN_NAME, f"cannot read standard input: {exc}")
    return MemoryInput(STDIN_NAME, bytes(data))


# -- output ------------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    if word == "info":
        return f"{n} info"
    return f"{n} {word}{'' if n == 1 else 's'}"


class _Writer:
    def start(self) -> None:
        """Write what comes before the first file."""

    def file(self, result: FileResult) -> None:
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        raise NotImplementedError


class _TextWriter(_Writer):
    """Findings grouped per file, then a one-line summary."""

    def __init__(self, out: _Sink, profile: str, *, quiet: bool, errors_only: bool):
        self.out = out
        self.profile = profile
        self.quiet = quiet
        self.errors_only = errors_only

    def file(self, result: FileResult) -> None:
        path = display(result.path)
        if result.report is None:
            self.out.write(f"{path}: not validated: {result.error}\n")
            return
        if self.quiet:
            return
        findings = result.report.findings
        if self.errors_only:
            findings = [f for f in findings if f.severity == "error"]
            if not findings:
                return
        if not findings:
            self.out.write(f"{path}: ok\n")
            return
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in findings:
            counts[f.severity] = counts.get(f.severity, 0) + 1
        parts = [_plural(n, sev) for sev, n in counts.items() if n]
        self.out.write(f"{path}: {', '.join(parts)}\n")
        for f in findings:
            if f.line is not None and f.column is not None:
                where = f"{f.line}:{f.column}"
            elif f.line is not None:
                where = f"{f.line}"
            else:
                where = "-"
            message = f.message.replace("\n", "\n      ")
            self.out.write(f"  {where:<8} {f.severity:<7} {f.rule}  {f.xpath}\n      {message}\n")

    def finish(self, summary: Summary) -> None:
        n = summary.files
        parts = [f"{summary.valid} valid", f"{summary.invalid} with errors"]
        if summary.unreadable:
            parts.append(f"{summary.unreadable} not validated")
        sev = summary.severities
        self.out.write(
            f"{_plural(n, 'file')} checked against profile {self.profile!r}: "
            f"{', '.join(parts)}; {_plural(sev.get('error', 0), 'error')}, "
            f"{_plural(sev.get('warning', 0), 'warning')}, {_plural(sev.get('info', 0), 'info')}\n"
        )


class _JsonWriter(_Writer):
    """One JSON document, written file by file so that nothing accumulates in memory."""

    def __init__(self, out: _Sink, profile: str):
        self.out = out
        self.profile = profile
        self.first = True

    def start(self) -> None:
        self.out.write('{"files": [')

    def file(self, result: FileResult) -> None:
        entry = result.to_dict()
        entry["path"] = display(result.path)
        self.out.write(("\n" if self.first else ",\n") + json.dumps(entry))
        self.first = False

    def finish(self, summary: Summary) -> None:
        data = {"profile": self.profile, **summary.to_dict()}
        self.out.write(("" if self.first else "\n") + '], "summary": ' + json.dumps(data) + "}\n")


# -- terminal helpers --------------------------------------------------------------------------


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False




class _ClearingStream:
    """Stdout wrapper that clears the progress bar (same terminal) before each write."""

    def __init__(self, stream: TextIO, progress: _Progress):
        self.stream = stream
        self.progress = progress

    def write(self, text: str) -> int:
        self.progress.clear()
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()


class _Progress:
    """A one-line progress bar on a terminal stream, redrawn at most ten times a second."""

    def __init__(self, stream: TextIO, total: int):
        self.stream = stream
        self.total = max(total, 1)
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, summary: Summary) -> None:
        now = time.monotonic()
        if self.shown and now - self.last < 0.1 and summary.files < self.total:
            return
        self.last = now
        done = summary.files
        width = shutil.get_terminal_size((80, 24)).columns
        elapsed = now - self.start
        eta = ""
        if 0 < done < self.total and elapsed > 0.5:
            left = int(elapsed / done * (self.total - done))
            eta = f" ETA {left // 60}:{left % 60:02d}"
        bad = summary.invalid + summary.unreadable
        tail = f" {done}/{self.total} {100 * done // self.total:3d}% {bad} with problems{eta}"
        bar_width = max(10, min(40, width - len(tail) - 4))
        filled = bar_width * min(done, self.total) // self.total
        line = "[" + "#" * filled + "-" * (bar_width - filled) + "]" + tail
        self.stream.write("\r" + line[: width - 1] + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def close(self) -> None:
        self.clear()

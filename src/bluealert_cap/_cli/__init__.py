"""The ``bluealert-cap`` command line: one module per subcommand, registered below.

Exit codes: 0 success (no file with an error), 1 some input has an error, 2 usage error or an
unreadable input.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence

from .._version import __version__

# Each module named here defines ``register(subparsers) -> None``, adding its subcommand(s)
# with ``set_defaults(func=...)``; ``func(args) -> int`` returns the exit code.
SUBCOMMAND_MODULES: tuple[str, ...] = ("_validate", "_sign", "_compose", "_preview")

# Which module defines which command, so that a run imports only the module of its command
# (the Blue Alert domain and the signing stack take most of the start-up time).
# tests/test_cli_startup.py checks this table against what the modules register.
COMMAND_MODULES: dict[str, str] = {
    "validate": "_validate",
    "sign": "_sign",
    "verify": "_sign",
    "compose": "_compose",
    "schema": "_compose",
    "preview": "_preview",
}


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv`` (its first non-option word), if it is a known one."""
    for word in argv:
        if not word.startswith("-"):
            return word if word in COMMAND_MODULES else None
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with ``command``, only that command's module is imported."""
    parser = argparse.ArgumentParser(
        prog="bluealert-cap",
        description=(
            "Compose, validate, sign and verify CAP 1.2 Blue Alerts for IPAWS, "
            "and check any CAP 1.2 file."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = (COMMAND_MODULES[command],) if command else SUBCOMMAND_MODULES
    for name in names:
        module = importlib.import_module(f"{__name__}.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (also used as the console script's status)."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_of(words))
    try:
        args = parser.parse_args(words)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help/--version
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    # Never fail on a character the output's encoding cannot show (a legacy Windows code
    # page, PYTHONIOENCODING=ascii): escape it instead. Binary outputs (XML) are not affected.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="backslashreplace")
    if sys.stdout is None:  # started with standard output closed (>&-)
        print(f"bluealert-cap {args.command}: standard output is closed; redirect it instead "
              "(e.g. > /dev/null)", file=sys.stderr)
        return 2
    from ._io import silence_stdout

    try:
        status = int(args.func(args))
        sys.stdout.flush()  # a failed write is reported here, not ignored at exit
        return status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        silence_stdout()
        return 0
    except OSError as exc:  # writing the output failed: a full disk, a closed descriptor
        where = exc.filename if exc.filename else "cannot write to standard output"
        print(f"bluealert-cap {args.command}: {where}: {exc.strerror or exc}", file=sys.stderr)
        silence_stdout()
        return 2


def _entry() -> None:
    sys.exit(main())

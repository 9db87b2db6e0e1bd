"""Reading inputs and writing output files for the subcommands, the same way everywhere.

Every input is read through :func:`read_input`: never more than the size limit
(``Limits.max_bytes``) plus one byte, so a huge or endless input (``/dev/zero``, ``yes |``) is
refused with :class:`LimitExceededError` instead of filling memory (docs/limits.md).

Every output file is written through :func:`write_output`: a regular file (new or existing)
is replaced atomically, through a temporary file beside it that is removed if anything fails;
anything else (``/dev/null``, a FIFO, a terminal) is written in place, as a shell
redirection would, and a symbolic link is followed, never replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile

from .._errors import CapError, LimitExceededError
from .._xml import DEFAULT_LIMITS

STDIN_NAME = "<stdin>"


def display(path: str) -> str:
    """A path as printable text: file-name bytes that are not UTF-8 are shown as \\xNN
    escapes, so that printing a name never fails, whatever the terminal's encoding."""
    try:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    except (UnicodeError, TypeError):
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def silence_stdout() -> None:
    """Point standard output at the null device, so that the flush at exit cannot fail again
    (after a closed pipe or a full disk has been reported)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def read_input(name: str, *, limit: int | None = None) -> bytes:
    """The bytes of the file ``name`` (``-``: standard input), at most ``limit`` bytes
    (default: the document size limit, ``Limits.max_bytes``).

    Raises :class:`LimitExceededError` for a larger input (never reading more than one byte
    past the limit) and :class:`CapError` for one that cannot be read. The messages do not
    repeat the input's name: callers put it in front.
    """
    from .._batch import read_limited

    limit = DEFAULT_LIMITS.max_bytes if limit is None else limit
    try:
        if name == "-":
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:
                raise CapError("there is no standard input to read")
            data = read_limited(stream, limit)
        else:
            with open(name, "rb") as fh:
                st = os.fstat(fh.fileno())
                regular = stat.S_ISREG(st.st_mode)
                if regular and st.st_size > limit:
                    raise LimitExceededError(
                        f"{st.st_size} bytes is over the limit of {limit} bytes"
                    )
                data = read_limited(fh, limit, size_hint=st.st_size if regular else 0)
    except OSError as exc:
        raise CapError(f"cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise LimitExceededError(
            f"more than {limit} bytes, over the limit (reading stopped there)"
        )
    return data


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_output(path: str, data: bytes) -> None:
    """Write ``data`` to the file ``path`` (see the module docstring); raises ``OSError``."""
    real = os.path.realpath(path)  # a symbolic link: write its target, keep the link
    try:
        st: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        # A device, FIFO or terminal is written in place (replacing it would destroy it); a
        # directory fails here with "Is a directory".
        with open(real, "wb") as fh:
            fh.write(data)
        return
    directory, name = os.path.split(real)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory or ".")
    except PermissionError:
        if st is None:
            raise
        # The folder is not writable but the file may be: write it in place.
        with open(real, "wb") as fh:
            fh.write(data)
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise

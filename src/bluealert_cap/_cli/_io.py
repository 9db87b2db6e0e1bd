"""Writing output files for the subcommands, the same way everywhere.

Every output file is written through :func:`write_output`: a regular file (new or existing)
is replaced atomically, through a temporary file beside it that is removed if anything fails;
anything else (``/dev/null``, a FIFO, a terminal) is written in place, as a shell
redirection would, and a symbolic link is followed, never replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile


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

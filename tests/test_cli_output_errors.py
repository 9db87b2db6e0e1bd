"""A report that cannot be written (full disk, closed standard output) is an error with a
message and exit status 2, for every subcommand; never a traceback."""

from __future__ import annotations

import errno
import io
import sys
from pathlib import Path

import pytest
from test_bluealert_helpers import example_files

from bluealert_cap._cli import main

GOOD = Path(__file__).parents[2] / "shared/reference/corpus/oasis-examples/" \
    "oasiscap_v1dot2_appendix_a1_hsas.xml"


class _FullDisk(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def _commands(tmp_path: Path) -> list[list[str]]:
    return [
        ["validate", str(GOOD)],
        ["validate", "--format", "json", str(GOOD)],
        ["preview", str(GOOD)],
        ["schema"],
        ["compose", str(example_files()[0])],
    ]


@pytest.mark.parametrize("index", range(5))
def test_a_full_disk_is_reported(index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    args = _commands(tmp_path)[index]
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(_FullDisk())))
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"bluealert-cap {args[0]}: cannot write to standard output: No space left" in err


@pytest.mark.parametrize("index", range(5))
def test_a_closed_standard_output_is_reported(
    index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = _commands(tmp_path)[index]
    monkeypatch.setattr(sys, "stdout", None)
    assert main(args) == 2
    assert "standard output is closed" in capsys.readouterr().err

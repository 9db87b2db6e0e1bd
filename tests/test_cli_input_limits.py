"""Every subcommand reads its input through the size limit (docs/limits.md): an endless or
oversized input, on standard input or as a file, is refused after at most ``max_bytes + 1``
bytes, with a message and an exit status, never a MemoryError."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from test_signature import Pki, make_pki, pem, pem_key

from bluealert_cap import Limits
from bluealert_cap._cli import main

LIMIT = Limits().max_bytes


class _Endless(io.RawIOBase):
    """An endless stream of spaces that fails the test if read far past the limit."""

    def __init__(self) -> None:
        self.total = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = len(buffer)
        self.total += n
        if self.total > LIMIT + (1 << 22):
            raise AssertionError("the input was read far past the size limit")
        buffer[:n] = b" " * n
        return n


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture()
def keys(pki: Pki, tmp_path: Path) -> tuple[str, str]:
    key = tmp_path / "k.pem"
    key.write_bytes(pem_key(pki.key))
    cert = tmp_path / "c.pem"
    cert.write_bytes(pem(pki.cert))
    return str(key), str(cert)


@pytest.mark.parametrize(
    ("command", "status"),
    [("sign", 1), ("verify", 2), ("preview", 2), ("compose", 2)],
)
def test_endless_standard_input_is_refused_at_the_limit(
    command: str, status: int, keys: tuple[str, str], monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    key, cert = keys
    args = {
        "sign": ["sign", "--key", key, "--cert", cert, "-"],
        "verify": ["verify", "--trust", cert, "-"],
        "preview": ["preview", "-"],
        "compose": ["compose", "-"],
    }[command]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(_Endless())))
    assert main(args) == status
    out, err = capsys.readouterr()
    assert f"more than {LIMIT} bytes, over the limit" in out + err
    assert "<stdin>" in out + err


@pytest.mark.parametrize("command", ["sign", "verify", "compose"])
def test_oversized_file_is_refused_by_its_size(
    command: str, keys: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    key, cert = keys
    big = tmp_path / "big.xml"
    with big.open("wb") as fh:
        fh.truncate(LIMIT + 10)  # sparse: costs no disk
    args = {
        "sign": ["sign", "--key", key, "--cert", cert, str(big)],
        "verify": ["verify", "--trust", cert, str(big)],
        "compose": ["compose", str(big)],
    }[command]
    assert main(args) in (1, 2)
    out, err = capsys.readouterr()
    assert f"{LIMIT + 10} bytes is over the limit of {LIMIT} bytes" in out + err
    assert "Traceback" not in out + err

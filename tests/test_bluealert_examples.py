"""The example scripts run and do what their docstrings say."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest
from test_bluealert_helpers import EXAMPLES

from bluealert_cap import BlueAlert, MsgType, parse, validate


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_compose_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "blue.xml"
    assert _load("compose").main(out) == 0
    b = BlueAlert.from_cap(parse(out))
    assert b.vehicles[0].plate == "8CX1234" and b.spanish is not None
    assert "CMAMtext" in capsys.readouterr().out


def test_update_cancel_script(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _load("update_cancel").main(tmp_path) == 0
    alert, update, cancel = (parse(tmp_path / f"{n}.xml") for n in ("alert", "update", "cancel"))
    assert update.msg_type is MsgType.UPDATE and update.references == (alert.reference,)
    assert cancel.msg_type is MsgType.CANCEL
    assert cancel.references == (alert.reference, update.reference)
    for a in (alert, update, cancel):
        assert validate(a, profile="bluealert").ok


def test_validate_folder_script(
    tmp_path: Path, reference: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _load("update_cancel").main(tmp_path) == 0
    capsys.readouterr()
    assert _load("validate_folder").main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "3 file(s), 0 with errors" in out
    assert "Blue Alert: Cancel; officer_killed; vehicle MD 8CX1234" in out
    nws = next(p for p in sorted((reference / "corpus" / "nws").glob("*.xml")))
    shutil.copy(nws, tmp_path / "nws.xml")
    assert _load("validate_folder").main([str(tmp_path)]) == 1
    assert "EVENT_CODE_IS_BLU" in capsys.readouterr().out

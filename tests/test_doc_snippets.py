"""Python examples in the documentation run as written."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _snippets(doc: str) -> list[str]:
    text = (ROOT / doc).read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.S)


def test_bluealert_doc_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    (code,) = _snippets("docs/bluealert.md")
    monkeypatch.chdir(ROOT)  # it reads examples/... from the repository root
    exec(compile(code, "docs/bluealert.md", "exec"), {})
    assert os.getcwd() == str(ROOT)

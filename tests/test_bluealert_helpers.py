"""Shared builders for the Blue Alert tests (no tests here): one good alert, changed one thing
at a time."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from bluealert_cap import BlueAlert

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

GOOD: dict[str, Any] = {
    "identifier": "TEST-BLU-0001",
    "sent": "2026-11-24T02:05:00-05:00",
    "reason": "officer_killed",
    "agency": {
        "name": "Test County Sheriff",
        "sender_id": "blue@sheriff.example.gov",
        "contact_phone": "555-0100",
        "web": "https://sheriff.example.gov/blue",
    },
    "incident": {"time": "2026-11-24T01:40:00-05:00", "location": "Main Street",
                 "summary": "A deputy was shot"},
    "suspects": [{"sex": "male", "race": "white", "age": "30-35", "armed": True,
                  "dangerous": True}],
    "vehicles": [{"year": 2015, "make": "Ford", "model": "F-150", "color": "white",
                  "plate": "8CX1234", "plate_state": "MD", "direction": "north on I-795"}],
    "areas": [{"description": "Carroll County, MD", "same_codes": ["024013"],
               "circles": ["39.57,-76.99 30"]}],
    "expires": "2026-11-24T08:05:00-05:00",
    "time_zone": "EST",
}


def good(**changes: Any) -> dict[str, Any]:
    """A deep copy of GOOD with top-level ``changes`` (a value of ``...`` removes the key)."""
    data = copy.deepcopy(GOOD)
    for k, v in changes.items():
        if v is ...:
            data.pop(k, None)
        else:
            data[k] = v
    return data


def build(**changes: Any) -> BlueAlert:
    result: BlueAlert = BlueAlert.model_validate(good(**changes))
    return result


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.json"))


def load_example(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data

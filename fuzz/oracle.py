"""The property every fuzz input must satisfy, shared by the test, the campaign and atheris.

For any bytes: ``parse`` returns an :class:`~bluealert_cap.Alert` or raises a
:class:`~bluealert_cap.CapError`; a parsed alert serializes and reads back equal; ``validate``
returns a :class:`~bluealert_cap.Report` (never raises) under every registered profile; no call
takes longer than ``SLOW_SECONDS``.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field

import bluealert_cap as bc
from bluealert_cap._validation import profile_names

SLOW_SECONDS = 1.0


@dataclass
class Outcome:
    """What one input did: ``parsed`` (a model came out) and every broken property."""

    parsed: bool = False
    problems: list[str] = field(default_factory=list)
    slowest: float = 0.0


def _timed(outcome: Outcome, what: str, start: float) -> None:
    spent = time.perf_counter() - start
    outcome.slowest = max(outcome.slowest, spent)
    if spent > SLOW_SECONDS:
        outcome.problems.append(f"SLOW {what}: {spent:.2f} s")


def _crash(what: str, exc: BaseException) -> str:
    tb = traceback.extract_tb(exc.__traceback__)
    where = f"{tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno}" if tb else "?"
    return f"CRASH {what}: {type(exc).__name__}: {str(exc)[:200]} at {where}"


def check(data: bytes, profiles: list[str] | None = None) -> Outcome:
    """Run ``data`` through parse, serialize, re-parse and validate; list what went wrong."""
    outcome = Outcome()
    names = profiles if profiles is not None else [profile_names_top()]
    start = time.perf_counter()
    alert = None
    try:
        alert = bc.parse(data)
        outcome.parsed = True
    except bc.CapError:
        pass
    except Exception as exc:
        outcome.problems.append(_crash("parse", exc))
    _timed(outcome, "parse", start)
    if alert is not None:
        start = time.perf_counter()
        try:
            again = bc.parse(alert.to_xml())
            if again != alert:
                outcome.problems.append("ROUNDTRIP parse(to_xml(a)) != a")
        except Exception as exc:
            outcome.problems.append(_crash("to_xml/re-parse", exc))
        _timed(outcome, "to_xml+parse", start)
    for name in names:
        start = time.perf_counter()
        try:
            report = bc.validate(data, profile=name)
            if not isinstance(report, bc.Report):
                outcome.problems.append(f"CRASH validate[{name}] returned {type(report)}")
        except Exception as exc:
            outcome.problems.append(_crash(f"validate[{name}]", exc))
        _timed(outcome, f"validate[{name}]", start)
    return outcome


def profile_names_top() -> str:
    """The outermost registered profile (its chain runs every layer)."""
    names = profile_names()
    return "bluealert" if "bluealert" in names else ("ipaws" if "ipaws" in names else "cap")


__all__ = ["SLOW_SECONDS", "Outcome", "check", "profile_names", "profile_names_top"]

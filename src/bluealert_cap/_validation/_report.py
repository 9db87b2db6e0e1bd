"""Findings and reports: the values :func:`bluealert_cap.validate` returns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True, init=False)
class Finding:
    """One thing a validation layer found: an immutable value.

    ``rule`` is a stable id that reads as an assertion (``EXPIRES_IS_REQUIRED``); ``xpath`` is a
    fully positional path without prefixes (``/alert[1]/info[2]/area[1]/polygon[1]``) to the
    offending element, or to its parent when something is missing; ``line``/``column`` are
    1-based positions in the source document (``None`` when validating a model); ``source`` names
    the profile layer that produced it (``schema``, ``cap``, ``ipaws``, ...).
    """

    rule: str
    severity: Severity
    xpath: str
    line: int | None
    column: int | None
    message: str
    source: str = ""

    def __init__(
        self,
        rule: str,
        severity: Severity,
        xpath: str,
        line: int | None,
        column: int | None,
        message: str,
        source: str = "",
    ) -> None:
        # The frozen dataclass's own __init__ sets each field through object.__setattr__; the
        # slots' descriptors do the same job in a third of the time (validation builds
        # thousands of findings).
        _SET_RULE(self, rule)
        _SET_SEVERITY(self, severity)
        _SET_XPATH(self, xpath)
        _SET_LINE(self, line)
        _SET_COLUMN(self, column)
        _SET_MESSAGE(self, message)
        _SET_SOURCE(self, source)

    def to_dict(self) -> dict[str, Any]:
        """The finding as a JSON-ready dict (the CLI's JSON format)."""
        return {
            "rule": self.rule,
            "severity": self.severity,
            "xpath": self.xpath,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "source": self.source,
        }


_SLOTS: dict[str, Any] = dict(vars(Finding))
_SET_RULE = _SLOTS["rule"].__set__
_SET_SEVERITY = _SLOTS["severity"].__set__
_SET_XPATH = _SLOTS["xpath"].__set__
_SET_LINE = _SLOTS["line"].__set__
_SET_COLUMN = _SLOTS["column"].__set__
_SET_MESSAGE = _SLOTS["message"].__set__
_SET_SOURCE = _SLOTS["source"].__set__


@dataclass(frozen=True, slots=True)
class Report:
    """The result of validating one document under one profile.

    ``findings`` come in document order, all layers merged. ``ok`` is true when no finding has
    severity ``error``.
    """

    profile: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def rules(self) -> set[str]:
        """The set of rule ids found (handy in tests and scripts)."""
        return {f.rule for f in self.findings}

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "ok": self.ok,
            "findings": [f.to_dict() for f in self.findings],
        }

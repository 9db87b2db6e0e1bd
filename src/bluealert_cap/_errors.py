"""The exceptions bluealert_cap raises. Every one is a :class:`CapError`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class CapError(Exception):
    """Base class of every error this package raises."""


class MalformedXmlError(CapError):
    """The input is not a well-formed XML document (empty, binary, bad encoding, syntax error).

    ``line`` and ``column`` locate the problem in the input when the XML parser reported them.
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        # libxml2's own messages often end with the position already; do not say it twice.
        where = ""
        if line is not None and f"line {line}" not in message:
            where = f" (line {line}, column {column})"
        super().__init__(f"{message}{where}")
        self.line = line
        self.column = column


class ForbiddenXmlError(CapError):
    """The input uses an XML construct this package refuses (DOCTYPE, entities, XInclude).

    ``line`` and ``column`` locate the construct in the input when it is known.
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


class LimitExceededError(ForbiddenXmlError):
    """The input exceeds a documented size limit (bytes, text node size, depth, counts)."""


class NotCapError(CapError):
    """The document is XML but not a CAP alert (wrong root element or namespace)."""


class UnsupportedVersionError(NotCapError):
    """The document is a CAP alert of a version other than 1.2 (1.0 or 1.1).

    ``version`` holds the recognised version, e.g. ``"1.1"``.
    """

    def __init__(self, version: str, namespace: str):
        super().__init__(
            f"this is a CAP {version} document (namespace {namespace}); "
            "only CAP 1.2 (urn:oasis:names:tc:emergency:cap:1.2) is supported"
        )
        self.version = version
        self.namespace = namespace


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason content was refused: where (field path and, for documents, XPath/line) and why."""

    location: str
    message: str
    xpath: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.location or "(document)"
        if self.xpath:
            where += f" [{self.xpath}"
            where += f", line {self.line}]" if self.line is not None else "]"
        return f"{where}: {self.message}"


class InvalidContentError(CapError, ValueError):
    """Content breaks a rule the types enforce; ``problems`` lists each field and reason."""

    def __init__(self, problems: Sequence[Problem], *, what: str = "CAP content"):
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        n = len(self.problems)
        super().__init__(f"invalid {what} ({n} problem{'s' if n != 1 else ''}):\n{lines}")


class SignatureError(CapError):
    """Signing failed, or a key/certificate could not be loaded."""

"""Validation: schema → CAP 1.2 rules → profiles (IPAWS, Blue Alert), merged into one report."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from .._errors import (
    CapError,
    ForbiddenXmlError,
    LimitExceededError,
    MalformedXmlError,
    NotCapError,
    UnsupportedVersionError,
)
from .._xml import Source, check_cap12_root, load_xml
from ._context import CATALOGUE, Context, Rule, rule
from ._registry import Profile, chain, profile_names, register
from ._report import Finding, Report, Severity

if TYPE_CHECKING:
    from .._model import Alert

__all__ = [
    "CATALOGUE",
    "Context",
    "Finding",
    "Profile",
    "Report",
    "Rule",
    "Severity",
    "profile_names",
    "register",
    "rule",
    "validate",
]

DEFAULT_PROFILE = "cap"

# Findings for documents that never get as far as the layers.
XML_IS_WELL_FORMED = rule(
    "XML_IS_WELL_FORMED", "error", "schema", "XML 1.0 §2.1",
    "The document is a well-formed XML document in a known encoding.",
)
XML_HAS_NO_FORBIDDEN_CONSTRUCTS = rule(
    "XML_HAS_NO_FORBIDDEN_CONSTRUCTS", "error", "schema", "bluealert_cap security policy",
    "The document has no DOCTYPE, entity declaration or entity reference.",
)
DOCUMENT_IS_WITHIN_LIMITS = rule(
    "DOCUMENT_IS_WITHIN_LIMITS", "error", "schema", "bluealert_cap limits (docs/limits.md)",
    "The document is within the size, text-node and depth limits.",
)
ROOT_IS_CAP_ALERT = rule(
    "ROOT_IS_CAP_ALERT", "error", "schema", "CAP 1.2 §3.2.1 (alert)",
    "The root element is <alert> in the CAP 1.2 namespace.",
)
CAP_VERSION_IS_1_2 = rule(
    "CAP_VERSION_IS_1_2", "error", "schema", "CAP 1.2 §3.2.1 (alert xmlns)",
    "The document is CAP 1.2, not CAP 1.0 or 1.1.",
)
SOURCE_IS_READABLE = rule(
    "SOURCE_IS_READABLE", "error", "schema", "-",
    "The file can be read.",
)


def _load_failure(
    profile: str, exc: CapError, *, line: int | None = None, column: int | None = None
) -> Report:
    if isinstance(exc, UnsupportedVersionError):
        r = CAP_VERSION_IS_1_2
    elif isinstance(exc, NotCapError):
        r = ROOT_IS_CAP_ALERT
    elif isinstance(exc, LimitExceededError):
        r = DOCUMENT_IS_WITHIN_LIMITS
    elif isinstance(exc, ForbiddenXmlError):
        r = XML_HAS_NO_FORBIDDEN_CONSTRUCTS
    elif isinstance(exc, MalformedXmlError):
        r = XML_IS_WELL_FORMED
    else:
        r = SOURCE_IS_READABLE
    if line is None:
        line = getattr(exc, "line", None)
        column = getattr(exc, "column", None)
    finding = Finding(r.id, "error", "/", line, column, str(exc), r.profile)
    return Report(profile=profile, findings=[finding])


def validate(source: Source | Alert, *, profile: str = DEFAULT_PROFILE, **options: Any) -> Report:
    """Validate a CAP document (bytes/str/path) or an :class:`Alert` under ``profile``.

    Runs every layer from ``schema`` up to ``profile`` and returns all findings in document
    order. Never raises for bad content: unreadable, malformed or hostile input is an error
    finding. Raises ``ValueError`` only for an unknown profile name. ``options`` are passed to
    layers that take them (e.g. ``trusted=`` for signature verification).
    """
    layers = chain(profile)
    positions = True
    try:
        if isinstance(source, (bytes, str, os.PathLike)):
            doc = load_xml(source)
        else:
            # Imported here: validating documents needs no models (pydantic schemas take a
            # noticeable part of the import time of the command line and its workers).
            from .._model import Alert

            if isinstance(source, Alert):
                doc = load_xml(source.to_xml())
                positions = False
            else:
                doc = load_xml(source)  # raises TypeError naming the accepted types
    except CapError as exc:
        return _load_failure(profile, exc)
    try:
        check_cap12_root(doc.root)
    except CapError as exc:  # not CAP 1.2: the finding points at the root element
        line, column = Context(doc.root, doc.data, positions=positions).position(doc.root)
        return _load_failure(profile, exc, line=line, column=column)
    ctx = Context(doc.root, doc.data, positions=positions)
    ctx.options = options
    for index, layer in enumerate(layers):
        ctx.begin_layer(layer.name, index)
        layer.check(ctx)
    if options:
        # Imported here: verification needs the signature stack (signxml, cryptography).
        from ._verification import check_signatures, wants_verification

        if wants_verification(options):  # trusted= given: add signature verification findings
            ctx.begin_layer("signature", len(layers))
            check_signatures(ctx)
    return Report(profile=profile, findings=ctx.findings())

"""Hardened XML loading: the one place untrusted bytes become an lxml tree.

No DTDs, no entity expansion, no network, no XInclude; size and depth limits. Every failure is
a :class:`~bluealert_cap.CapError` subclass that says what is wrong and, where the XML parser
knows it, where.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from lxml import etree

from ._errors import (
    CapError,
    ForbiddenXmlError,
    LimitExceededError,
    MalformedXmlError,
    NotCapError,
    UnsupportedVersionError,
)

CAP12_NS = "urn:oasis:names:tc:emergency:cap:1.2"
CAP11_NS = "urn:oasis:names:tc:emergency:cap:1.1"
CAP10_NS = "http://www.incident.com/cap/1.0"
DSIG_NS = "http://www.w3.org/2000/09/xmldsig#"
EDXLDE_NS = "urn:oasis:names:tc:emergency:EDXL:DE:1.0"

_OTHER_VERSIONS = {CAP11_NS: "1.1", CAP10_NS: "1.0"}

Source = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]"]
"""What :func:`parse` and :func:`validate` accept: ``bytes``/``str`` are an XML document,
an ``os.PathLike`` is a file to read."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits applied to every input. Past one, loading fails with LimitExceededError."""

    max_bytes: int = 32 * 1024 * 1024
    """Largest document accepted, in bytes (embedded EAS audio makes real messages ~0.5 MB)."""
    max_depth: int = 64
    """Deepest element nesting accepted (CAP itself needs 5, a ds:Signature about 8)."""
    max_text: int = 10_000_000
    """Largest single text node, in bytes (libxml2's own limit without huge_tree)."""


DEFAULT_LIMITS = Limits()

_PARSER_OPTIONS = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_blank_text=False,
    collect_ids=False,
    attribute_defaults=False,
)


def _new_parser() -> etree.XMLParser:
    return etree.XMLParser(**_PARSER_OPTIONS)  # type: ignore[arg-type]


# lxml parsers are not thread-safe but may be reused within one thread; one per process is
# enough for our synchronous use and avoids per-call set-up.
_PARSER = _new_parser()

_DOCTYPE_RE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENCODING_DECL_RE = re.compile(r"^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*(['\"])[^'\"]*\2")


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded, well-formed XML document: its root element, raw bytes and origin path."""

    root: etree._Element
    data: bytes
    path: str | None = None


def read_source(source: Source, limits: Limits = DEFAULT_LIMITS) -> tuple[bytes, str | None]:
    """Return the document bytes of ``source`` and its path (``None`` unless it was a path)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        path = None
    elif isinstance(source, str):
        # A str is an XML document. An encoding declaration in it is meaningless (the text is
        # already decoded), so drop it and encode as UTF-8.
        text = _ENCODING_DECL_RE.sub(r"\1", source, count=1)
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise MalformedXmlError(f"the text contains a lone surrogate ({exc.reason})") from None
        path = None
    elif isinstance(source, os.PathLike):
        p = Path(os.fspath(source))
        path = str(p)
        try:
            size = p.stat().st_size
            if size > limits.max_bytes:
                raise LimitExceededError(
                    f"{path}: {size} bytes is over the limit of {limits.max_bytes} bytes"
                )
            data = p.read_bytes()
        except CapError:
            raise
        except OSError as exc:
            raise CapError(f"cannot read {path}: {exc.strerror or exc}") from None
    else:
        raise TypeError(
            "source must be bytes or str (an XML document) or an os.PathLike (a file), "
            f"not {type(source).__name__}"
        )
    if len(data) > limits.max_bytes:
        raise LimitExceededError(
            f"document of {len(data)} bytes is over the limit of {limits.max_bytes} bytes"
        )
    return data, path


def load_xml(source: Source, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse ``source`` into a tree with the hardened parser; do not check that it is CAP.

    Raises MalformedXmlError, ForbiddenXmlError (DOCTYPE, entity references) or
    LimitExceededError. Reads no file other than ``source`` and opens no connection.
    """
    data, path = read_source(source, limits)
    if not data.strip():
        raise MalformedXmlError("the document is empty")
    if _DOCTYPE_RE.search(data, 0, 4096) is not None:
        raise ForbiddenXmlError(
            "the document has a DOCTYPE declaration; DTDs and entity declarations are refused "
            "(CAP needs neither, and they enable entity-expansion and external-file attacks)"
        )
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        msg = exc.msg or "not well-formed XML"
        lowered = msg.lower()
        if "huge" in lowered or "depth" in lowered or "exceeded" in lowered:
            raise LimitExceededError(f"{msg} (line {line}, column {column})") from None
        if "doctype" in lowered or "entity" in lowered:
            raise ForbiddenXmlError(f"{msg} (line {line}, column {column})") from None
        raise MalformedXmlError(msg, line=line, column=column) from None
    except ValueError as exc:  # e.g. lxml refusing a str with a declaration
        raise MalformedXmlError(str(exc)) from None
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise ForbiddenXmlError("the document has a DOCTYPE declaration; DTDs are refused")
    _check_tree(root, limits)
    return Document(root=root, data=data, path=path)


def _check_tree(root: etree._Element, limits: Limits) -> None:
    """Refuse entity references and over-deep nesting left in a parsed tree."""
    # Entity references survive as nodes because resolve_entities=False; any is refused.
    for node in root.iter(etree.Entity):
        name = getattr(node, "name", "?")
        raise ForbiddenXmlError(
            f"entity reference &{name}; at line {sourceline(node)}: entities are refused"
        )
    depth_limit = limits.max_depth
    # Depth check without recursion: walk with an explicit stack of (element, depth).
    stack: list[tuple[etree._Element, int]] = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > depth_limit:
            raise LimitExceededError(
                f"element nesting deeper than {depth_limit} levels at line {el.sourceline}"
            )
        if len(el):
            d = depth + 1
            stack.extend((child, d) for child in el)


def sourceline(el: etree._Element) -> int | None:
    """The 1-based line of ``el``'s start tag, or ``None`` when lxml does not know it."""
    line = el.sourceline
    return line if isinstance(line, int) else None


def check_cap12_root(root: etree._Element) -> None:
    """Raise NotCapError/UnsupportedVersionError unless ``root`` is a CAP 1.2 ``<alert>``."""
    tag = root.tag
    if not isinstance(tag, str):
        raise NotCapError("the root node is not an element")
    qname = etree.QName(tag)
    ns, local = qname.namespace, qname.localname
    if ns == CAP12_NS and local == "alert":
        return
    if ns in _OTHER_VERSIONS and local == "alert":
        raise UnsupportedVersionError(_OTHER_VERSIONS[ns], ns)
    if ns == EDXLDE_NS:
        raise NotCapError(
            "this is an EDXL-DE envelope (EDXLDistribution), not a CAP alert; "
            "extract the CAP <alert> from its contentObject first"
        )
    if local == "alert":
        shown = ns if ns else "no namespace"
        raise NotCapError(
            f"the root <alert> is in {shown}; a CAP 1.2 alert is in namespace {CAP12_NS}"
        )
    shown_tag = f"{{{ns}}}{local}" if ns else local
    raise NotCapError(f"the root element is <{shown_tag}>, not a CAP 1.2 <alert>")

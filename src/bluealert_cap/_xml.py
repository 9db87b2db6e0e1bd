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
from typing import Any, BinaryIO, Union

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


LIBXML2_MAX_TEXT = 10_000_000
"""libxml2's largest text node without its ``huge`` option (``XML_MAX_TEXT_LENGTH``)."""
LIBXML2_MAX_DEPTH = 256
"""libxml2's deepest nesting without its ``huge`` option."""
LIBXML2_MAX_NAME = 50_000
"""libxml2's longest element or attribute name without its ``huge`` option
(``XML_MAX_NAME_LENGTH``)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """Size limits applied to every input. Past one, loading fails with LimitExceededError."""

    max_bytes: int = 32 * 1024 * 1024
    """Largest document accepted, in bytes (embedded EAS audio makes real messages ~0.5 MB)."""
    max_depth: int = LIBXML2_MAX_DEPTH
    """Deepest element nesting accepted (CAP itself needs 5, a ds:Signature about 8). At most
    256, libxml2's own ceiling, which is also the default: libxml2 stops deeper documents while
    parsing, at no cost; a lower limit is checked on the tree (by XPath, in C)."""
    max_text: int = LIBXML2_MAX_TEXT
    """Largest single text node or attribute value, in bytes. At most 10,000,000, libxml2's own
    ceiling (a 40,000-point polygon is about 1 MB, embedded EAS audio about 0.7 MB)."""
    max_nodes: int = 100_000
    """Most nodes in one document: elements (every ``<info>``, ``<area>``, ``<geocode>``,
    ``<parameter>``, signature element, ...), attributes, comments and processing instructions.
    The largest real message we know has about 1,000. Counted while parsing, so a document of
    millions of tiny nodes never becomes a tree."""

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_depth", "max_text", "max_nodes"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Limits.{name} must be a positive integer, not {value!r}")
        if self.max_depth > LIBXML2_MAX_DEPTH:
            raise ValueError(
                f"Limits.max_depth {self.max_depth} is above libxml2's ceiling of "
                f"{LIBXML2_MAX_DEPTH}"
            )
        if self.max_text > LIBXML2_MAX_TEXT:
            raise ValueError(
                f"Limits.max_text {self.max_text} is above libxml2's ceiling of {LIBXML2_MAX_TEXT}"
            )


DEFAULT_LIMITS = Limits()

# Note on collect_ids: lxml implements ``collect_ids=False`` by setting libxml2's "skip IDs"
# bit in the same field that tells libxml2 to load the external DTD subset, and libxml2 then
# READS the file a DOCTYPE names (``<!DOCTYPE alert SYSTEM "file:///etc/passwd">``), even with
# ``load_dtd=False``. So it stays at its default; the DOCTYPE pre-scan below refuses such a
# document before libxml2 sees it anyway (tests/test_hostile.py proves no file is opened).
_PARSER_OPTIONS = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_blank_text=False,
    attribute_defaults=False,
)


def _new_parser() -> etree.XMLParser:
    return etree.XMLParser(**_PARSER_OPTIONS)  # type: ignore[arg-type]


# lxml parsers are not thread-safe but may be reused within one thread; one per process is
# enough for our synchronous use and avoids per-call set-up.
_PARSER = _new_parser()

# (a str read with an explicit-endian codec such as "utf-16-le" keeps the byte-order mark as
# U+FEFF before the declaration)
_ENCODING_DECL_RE = re.compile(r"^(\ufeff?\s*<\?xml[^>]*?)\s+encoding\s*=\s*(['\"])[^'\"]*\2")
_DECLARED_ENCODING_RE = re.compile(r"\A\s*<\?xml[^>]*?\sencoding\s*=\s*(['\"])([^'\"]*)\1")

# Byte signatures of the encodings XML 1.0 Appendix F detects, longest first, and the
# declared encoding names each is compatible with.
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\x3c\x00\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\x00\x3c", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
    (b"\x3c\x00\x3f\x00", "utf-16-le", "UTF-16"),
    (b"\x00\x3c\x00\x3f", "utf-16-be", "UTF-16"),
)
_COMPATIBLE_NAMES = {
    "UTF-8": ("UTF-8", "UTF8"),
    "UTF-16": ("UTF-16", "UTF-16LE", "UTF-16BE", "UTF16", "ISO-10646-UCS-2", "UCS-2", "UCS2"),
    "UTF-32": ("UTF-32", "UTF-32LE", "UTF-32BE", "UTF32", "ISO-10646-UCS-4", "UCS-4", "UCS4"),
}
@dataclass(frozen=True, slots=True)
class Document:
    """A loaded, well-formed XML document: its root element, raw bytes and origin path."""

    root: etree._Element
    data: bytes
    path: str | None = None


def read_limited(stream: BinaryIO, limit: int, *, size_hint: int = 0) -> bytes:
    """Read ``stream`` to its end, but no more than ``limit + 1`` bytes (one past the limit is
    enough for the size check to refuse it). Memory follows what is read, not ``limit``.
    ``size_hint`` is the size of a regular file (``0`` for pipes and terminals).
    """
    parts: list[bytes] = []
    total = 0
    want = size_hint + 1 if 0 < size_hint <= limit else 1 << 16
    while total <= limit:
        asked = min(want, limit + 1 - total)
        chunk = stream.read(asked)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        if size_hint and len(chunk) < asked:
            break  # a short read of a regular file is its end
        want = 1 << 20
    return b"".join(parts)


def read_source(source: Source, limits: Limits = DEFAULT_LIMITS) -> tuple[bytes, str | None]:
    """Return the document bytes of ``source`` and its path (``None`` unless it was a path).

    Never holds more than ``limits.max_bytes + 1`` bytes of a file: a larger file (or an
    endless one such as ``/dev/zero``) is refused with LimitExceededError.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        if len(source) > limits.max_bytes:  # before copying it
            raise LimitExceededError(
                f"document of {len(source)} bytes is over the limit of {limits.max_bytes} bytes"
            )
        data = bytes(source)
        path = None
    elif isinstance(source, str):
        # Every character is at least one UTF-8 byte: refuse an oversized str before encoding.
        if len(source) > limits.max_bytes:
            raise LimitExceededError(
                f"document of {len(source)} characters is over the limit of "
                f"{limits.max_bytes} bytes"
            )
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
            with p.open("rb") as fh:  # bounded even if the size lied
                data = read_limited(fh, limits.max_bytes, size_hint=size)
        except CapError:
            raise
        except OSError as exc:
            raise CapError(f"cannot read {path}: {exc.strerror or exc}") from None
        if len(data) > limits.max_bytes:
            raise LimitExceededError(
                f"{path}: more than {limits.max_bytes} bytes, over the limit"
            )
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

    Raises MalformedXmlError (empty, binary, not well-formed, invalid bytes for its encoding,
    an encoding declaration contradicting the byte-order mark), ForbiddenXmlError (DOCTYPE,
    entity references) or LimitExceededError (see :class:`Limits`). Reads no file other than
    ``source`` and opens no connection: DTDs, external entities and XInclude are never
    processed.
    """
    data, path = read_source(source, limits)
    if not data or data.isspace():
        raise MalformedXmlError("the document is empty")
    if isinstance(source, str) and "<" not in source:
        # parse("alert.xml"): a str is the document itself, not a file name
        shown = source.strip()
        shown = repr(shown if len(shown) <= 80 else shown[:77] + "...")
        raise MalformedXmlError(
            f"the text {shown} is not an XML document (it has no '<'); a str is the document "
            "itself: to read a file, pass a path, e.g. pathlib.Path(name)",
            line=1, column=1,
        )
    detected = _detect(data) if data[0] in _SIGNATURE_STARTS else None
    _refuse_doctype(data, detected)
    if detected is not None:
        _check_encoding_label(data, detected)
    counted = _check_counts(data, limits)
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        # libxml2 ends some messages with a line break, after which lxml adds ", line L, ..."
        msg = _LINE_BREAK_RE.sub(" ", _BREAK_BEFORE_COMMA_RE.sub("", exc.msg or ""))
        msg = msg.strip() or "not well-formed XML"
        lowered = msg.lower()
        if detected is None:
            _check_single_byte_label(data)
        # libxml2's messages usually end with ", line L, column C" already
        where = "" if f"line {line}," in msg else f" (line {line}, column {column})"
        if "depth" in lowered:
            raise LimitExceededError(
                f"element nesting deeper than {limits.max_depth} levels (line {line}, column "
                f"{column})", line=line, column=column,
            ) from None
        if "name too long" in lowered:
            raise LimitExceededError(
                f"{msg}{where}; an element or attribute name may have at most "
                f"{LIBXML2_MAX_NAME} bytes", line=line, column=column,
            ) from None
        if any(w in lowered for w in ("huge", "exceeded", "too long", "too big")):
            msg = _HUGE_HINT_RE.sub("", msg).strip()
            raise LimitExceededError(
                f"{msg}{where}; a text node or tag may have at most {limits.max_text} bytes",
                line=line, column=column,
            ) from None
        if "entityref" in lowered:
            # "xmlParseEntityRef: no name", "EntityRef: expecting ';'": a bare "&" in text
            # (AT&T, Smith & Sons), a well-formedness error, not an entity
            raise MalformedXmlError(
                "an '&' that does not start a character or entity reference (write a literal "
                f"& as &amp;): {msg}", line=line, column=column,
            ) from None
        if "doctype" in lowered or "entity" in lowered:
            raise ForbiddenXmlError(f"{msg}{where}", line=line, column=column) from None
        raise MalformedXmlError(msg, line=line, column=column) from None
    except ValueError as exc:  # e.g. lxml refusing a str with a declaration
        raise MalformedXmlError(str(exc)) from None
    docinfo: Any = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.externalDTD is not None or docinfo.doctype:
        # Unreachable after the prolog scan; kept as a second line of defence.
        raise ForbiddenXmlError("the document has a DOCTYPE declaration; DTDs are refused")
    _check_tree(root, limits)
    if not counted:
        nodes = int(_COUNT_NODES(root))  # type: ignore[arg-type]
        if nodes > limits.max_nodes:
            raise LimitExceededError(
                f"the document has {nodes} nodes (elements, attributes, comments, processing "
                f"instructions), over the limit of {limits.max_nodes}"
            )
    return Document(root=root, data=data, path=path)


_DOCTYPE_MESSAGE = (
    "the document has a DOCTYPE declaration; DTDs and entity declarations are refused "
    "(CAP needs neither, and they enable entity-expansion and external-file attacks)"
)


def _detect(data: bytes) -> tuple[str, str] | None:
    """(Python codec, family) of a UTF-8-BOM, UTF-16 or UTF-32 document by its first bytes
    (XML 1.0 Appendix F); ``None`` for every other (ASCII-compatible) document."""
    head = data[:4]
    for signature, codec, family in _SIGNATURES:
        if head.startswith(signature):
            return codec, family
    return None


def _refuse_doctype(data: bytes, detected: tuple[str, str] | None) -> None:
    """Raise ForbiddenXmlError if the prolog of ``data`` has a DOCTYPE, wherever it is.

    Runs before libxml2 sees the document, so a DTD is never parsed and a file it names is
    never opened. Only the prolog is read (BOM, white space, XML declaration, comments, PIs,
    up to the first other markup), so the cost does not grow with the document; a literal
    ``<!DOCTYPE`` in the content (a comment or CDATA section inside the root) does not count.
    """
    if detected is None or detected[1] == "UTF-8":
        # ASCII-compatible: the markup characters are ASCII in all such encodings.
        found = _PROLOG_DOCTYPE_RE.match(data) is not None
    else:
        codec = detected[0]
        needle = "<!DOCTYPE".encode(codec)
        pos = data.find(needle)
        if pos < 0:
            return
        text = data[: pos + len(needle)].decode(codec, errors="replace")
        found = _prolog_has_doctype(text, 0, "<!DOCTYPE", "<!--", "-->", "<?", "?>")
    if found:
        line = column = None
        if detected is None or detected[1] == "UTF-8":  # locate it for the finding
            pos = data.find(b"<!DOCTYPE")
            if pos >= 0:
                line = data.count(b"\n", 0, pos) + 1
                column = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
        raise ForbiddenXmlError(_DOCTYPE_MESSAGE, line=line, column=column)


# The prolog of an ASCII-compatible document up to a DOCTYPE: optional UTF-8 BOM, then white
# space, comments and PIs (the XML declaration is one), possessive so nothing backtracks.
_PROLOG_DOCTYPE_RE = re.compile(
    rb"(?:\xef\xbb\xbf)?+"
    rb"(?:[ \t\r\n]++|<!--[^-]*+(?:-(?!->)[^-]*+)*+-->|<\?[^?]*+(?:\?(?!>)[^?]*+)*+\?>)*+"
    rb"<!DOCTYPE"
)
# First bytes of the signatures _detect knows (anything else is ASCII-compatible).
_SIGNATURE_STARTS = frozenset(b"\xff\x00\x3c\xef\xfe")
_PROLOG_SPACE = frozenset(" \t\r\n\ufeff\ufffd\x00") | frozenset(b" \t\r\n\x00")


def _prolog_has_doctype(text: Any, i: int, doctype: Any, c_open: Any, c_close: Any,
                        pi_open: Any, pi_close: Any) -> bool:
    """True if ``text`` (bytes or str) from ``i`` reaches a DOCTYPE through nothing but the
    prolog: white space, the XML declaration, comments and PIs."""
    n = len(text)
    while i < n:
        if text[i] in _PROLOG_SPACE:
            i += 1
        elif text.startswith(c_open, i):
            end = text.find(c_close, i + 4)
            if end < 0:
                return False
            i = end + 3
        elif text.startswith(pi_open, i):
            end = text.find(pi_close, i + 2)
            if end < 0:
                return False
            i = end + 2
        else:
            return bool(text.startswith(doctype, i))
    return False


def _check_encoding_label(data: bytes, detected: tuple[str, str]) -> None:
    """Raise MalformedXmlError when the byte-order mark (or the UTF-16/32 byte pattern of
    ``<?``) contradicts the encoding the XML declaration names (XML 1.0 §4.3.3: a fatal error).
    Documents without such a signature are checked by libxml2 itself."""
    codec, family = detected
    text = data[:512].decode(codec, errors="ignore").lstrip("\ufeff")
    m = _DECLARED_ENCODING_RE.match(text)
    if m is None:
        return
    declared = m.group(2).strip().upper()
    if declared not in _COMPATIBLE_NAMES[family]:
        raise MalformedXmlError(
            f"the document is encoded as {family} (by its first bytes) but its XML declaration "
            f"says encoding={m.group(2)!r}; one of them is wrong"
        )


_BREAK_BEFORE_COMMA_RE = re.compile(r"[ \t]*\r?\n[ \t]*(?=,)")
_LINE_BREAK_RE = re.compile(r"[ \t]*\r?\n[ \t]*")
_WIDE_FAMILIES = ("UTF-16", "UTF16", "UTF-32", "UTF32", "UCS-2", "UCS2", "UCS-4", "UCS4",
                  "ISO-10646-UCS")


def _check_single_byte_label(data: bytes) -> None:
    """Raise MalformedXmlError when a document whose first bytes are single-byte ASCII
    (``<?xml``, no byte-order mark) declares UTF-16 or UTF-32 (libxml2 then says only
    "Blank needed here" or the like)."""
    m = _DECLARED_ENCODING_BYTES_RE.match(data)
    if m is None:
        return
    declared = m.group(2).decode("ascii")
    if declared.upper().startswith(_WIDE_FAMILIES):
        raise MalformedXmlError(
            f"the XML declaration says encoding={declared!r}, but the document is not in "
            f"{declared}: its first bytes are '<?xml' one byte per character, without a "
            "byte-order mark; save it in the declared encoding or correct the declaration "
            "(e.g. encoding=\"UTF-8\")",
            line=1, column=1,
        )


_HUGE_HINT_RE = re.compile(r",?\s*(?:try|use) XML_PARSE_HUGE(?: option)?")
def _check_counts(data: bytes, limits: Limits) -> bool:
    """Refuse, before building a tree, a document with more than ``limits.max_nodes`` nodes.
    Return False when the count is left to :func:`_check_tree` (after parsing).

    A node takes at least 4 bytes (``<a/>``, `` a=''``, ``<?a?>``): a document under
    ``4 x max_nodes`` bytes cannot pass the limit. One under ``_PRECOUNT_BYTES`` is counted
    after parsing (its worst-case tree is small and quick to build, and this spares byte scans
    of large text such as embedded audio). A larger one is checked here: each element, comment
    or PI needs a ``<`` and each attribute a ``=``; if those bytes are too many, a scanner
    counts the nodes as the tree would (elements, attributes other than namespace
    declarations, comments, PIs other than the XML declaration) and stops at the limit, so
    time and memory stay bounded by the limit, not by the input. It is linear: an
    unterminated comment, CDATA section or PI ends the scan (libxml2 then refuses it).
    """
    if len(data) < 4 * limits.max_nodes:
        return True
    if len(data) < _PRECOUNT_BYTES:
        return False
    if data.count(b"<") + data.count(b"=") <= limits.max_nodes:
        return True
    if data[0] in _SIGNATURE_STARTS:
        detected = _detect(data)
        if detected is not None and detected[1] != "UTF-8":  # UTF-16/32: scan the text
            data = utf8_view(data)
    budget = limits.max_nodes
    nodes = 0
    for m in _NODE_RE.finditer(data):
        kind = m.lastgroup
        if kind == "tag":
            nodes += 1
            a = _ATTRIBUTE_RE.match(data, m.end())
            while a is not None and nodes <= budget:  # one attribute after the other
                name = a.group(1)
                if name != b"xmlns" and not name.startswith(b"xmlns:"):
                    nodes += 1
                a = _ATTRIBUTE_RE.match(data, a.end())
        elif kind in ("comment", "pi"):
            nodes += 1
        if nodes > budget:
            raise LimitExceededError(
                f"the document has more than {limits.max_nodes} nodes (elements, attributes, "
                "comments, processing instructions), over the limit"
            )
    return True


_PRECOUNT_BYTES = 2 * 1024 * 1024
"""Documents at least this long have their nodes counted before parsing (at most ~500,000
nodes, a ~75 MB tree built in a quarter of a second, can hide in a shorter one)."""
_COUNT_NODES = etree.XPath(
    "count(//*) + count(//@*) + count(//comment()) + count(//processing-instruction())"
)


# The markup that makes nodes, each alternative linear: a comment, CDATA section or PI runs to
# its end or, unterminated, to the end of the document (never rescanned from each "<"); the
# XML declaration is not a PI; a start tag (its name: the attributes are counted after it);
# end tags match nothing.
_NODE_RE = re.compile(
    rb"(?P<comment><!--.*?(?:-->|\Z))"
    rb"|(?P<cdata><!\[CDATA\[.*?(?:\]\]>|\Z))"
    rb"|(?P<decl><\?xml[ \t\r\n].*?(?:\?>|\Z))"
    rb"|(?P<pi><\?.*?(?:\?>|\Z))"
    rb"|(?P<other><![^>]*>?)"
    rb"|(?P<tag><[^/!?<>\s]+)",
    re.S,
)
# One attribute of a start tag (values cannot hold "<", so it never runs past the next "<");
# matched one after the other from the end of the tag's name.
_ATTRIBUTE_RE = re.compile(
    rb"[ \t\r\n]+([^\s=/>]+)[ \t\r\n]*=[ \t\r\n]*(?:\"[^\"<]*\"|'[^'<]*')"
)


_XPATH_CACHE: dict[tuple[str, int], etree.XPath] = {}


def _xpath_for(kind: str, n: int) -> etree.XPath:
    key = (kind, n)
    xp = _XPATH_CACHE.get(key)
    if xp is None:
        if kind == "depth":
            # an element at depth n+1 (the root is depth 1): /*/*/... with n+1 steps
            xp = etree.XPath("/*" + "/*" * n)
        elif kind == "namespace":
            # the first element with a long namespace name in scope (the declaring one)
            xp = etree.XPath(
                f"(//*[namespace::*[name() != 'xml' and string-length(.) > {n}]])[1]"
            )
        else:
            xp = etree.XPath(
                f"//text()[string-length(.) > {n}] | //@*[string-length(.) > {n}]"
            )
        _XPATH_CACHE[key] = xp
    return xp


def _check_tree(root: etree._Element, limits: Limits) -> None:
    """Refuse entity references, over-deep nesting, too many elements and (when the limit is
    below libxml2's own) over-long text nodes left in a parsed tree. All in libxml2's C code."""
    # No entity reference node can exist: without a DTD (refused above) an undeclared entity
    # is a well-formedness error, and the predefined ones are always replaced.
    if len(root) and limits.max_depth < LIBXML2_MAX_DEPTH:  # else libxml2 already enforced it
        too_deep: Any = _xpath_for("depth", limits.max_depth)(root)
        if too_deep:
            raise LimitExceededError(
                f"element nesting deeper than {limits.max_depth} levels at line "
                f"{too_deep[0].sourceline}"
            )
    if limits.max_text < LIBXML2_MAX_TEXT:
        # Characters are never more than bytes: only a long enough text can be too many bytes.
        hits = _xpath_for("text", limits.max_text // 4)(root)
        for hit in hits:  # type: ignore[union-attr]
            size = len(str(hit).encode("utf-8"))
            if size > limits.max_text:
                parent = hit.getparent() if hasattr(hit, "getparent") else None
                line = parent.sourceline if parent is not None else None
                raise LimitExceededError(
                    f"a text node or attribute value of {size} bytes at line {line} is over the "
                    f"limit of {limits.max_text} bytes"
                )
        # A namespace declaration (xmlns:p="...") is an attribute in the source, not in the tree.
        declaring: Any = _xpath_for("namespace", limits.max_text // 4)(root)
        for el in declaring:
            for uri in el.nsmap.values():
                size = len(uri.encode("utf-8"))
                if size > limits.max_text:
                    raise LimitExceededError(
                        f"a namespace name (xmlns attribute value) of {size} bytes at line "
                        f"{el.sourceline} is over the limit of {limits.max_text} bytes"
                    )


_ASCII_ENCODING_NAMES = frozenset({"UTF-8", "UTF8", "US-ASCII", "ASCII"})
_DECLARED_ENCODING_BYTES_RE = re.compile(
    rb"<\?xml[^>]*?\sencoding\s*=\s*(['\"])([A-Za-z0-9._:\-]{1,64})\1"
)


def find_pair(data: bytes, pair: bytes, start: int) -> int:
    """``data.find(pair, start)`` for two bytes whose second one is rare in CAP text (``!``,
    ``?``, ``#``): a byte search for that one (``memchr``) is much faster than a two-byte
    search through a large document."""
    first = pair[0]
    rare = pair[1:]
    i = data.find(rare, start + 1)
    while i >= 0:
        if data[i - 1] == first:
            return i - 1
        i = data.find(rare, i + 1)
    return -1


def utf8_view(data: bytes) -> bytes:
    """The text of ``data`` (a document :func:`load_xml` accepted) as UTF-8 bytes.

    For byte searches that look for markup in the source (finding positions, the quick look
    for ``xsi:`` attributes): those assume that ``<``, names and the like appear as their
    ASCII bytes, which is not so in UTF-16 or UTF-32 (``<`` is ``3C 00``), nor reliably in
    other declared encodings. ``data`` itself when it is UTF-8 or ASCII (nearly always);
    otherwise decoded (a byte-order mark stays, as U+FEFF) and re-encoded. Never raises.
    """
    if data[:1] != b"<" or data[1:2] == b"\x00":
        detected = _detect(data) if data and data[0] in _SIGNATURE_STARTS else None
        if detected is not None and detected[1] != "UTF-8":
            return data.decode(detected[0], errors="replace").encode("utf-8")
        if not data.startswith(b"\xef\xbb\xbf<?xml"):
            return data
    elif not data.startswith(b"<?xml"):
        return data
    m = _DECLARED_ENCODING_BYTES_RE.match(data, 3 if data[:1] == b"\xef" else 0)
    if m is None:
        return data
    name = m.group(2).decode("ascii")
    if name.upper() in _ASCII_ENCODING_NAMES:
        return data
    try:
        return data.decode(name, errors="replace").encode("utf-8")
    except (LookupError, UnicodeError, ValueError):  # a name Python does not know
        return data


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

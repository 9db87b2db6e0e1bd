"""Layer ``schema``: the CAP 1.2 XML Schema, with the verdict of a conformant XSD 1.0 processor.

Engine: libxml2 (``lxml.etree.XMLSchema``) compiled once per thread from our own XSD
(``schemas/cap-1.2.xsd``, shipped as ``bluealert_cap.schemas``) and run on the tree the loader
already built: no second parse, no per-call set-up. libxml2 is several times faster than a
pure-Python processor, but it is not a perfectly conformant XSD 1.0 processor; every gap
found by cross-checking it against ``xmlschema`` and the XSD 1.0 Recommendation is closed
here by a small check (see ``docs/schema.md`` for the full list and the reasoning):

``G1`` info after a signature
    ``<alert>`` is ``header, info*, ds:*``. With the wildcard written as a bare ``xs:any``
    libxml2 (2.14) accepts an ``<info>`` *after* a ``ds:*`` element. Our XSD writes the
    wildcard as a repeated one-particle sequence (same language), which libxml2 handles
    correctly; :func:`_check_info_after_signature` guards against other libxml2 builds.
``G2`` ``xs:anyURI`` (``info/web``, ``resource/uri``)
    XSD 1.0 (Part 2, 3.2.17.1) defines the lexical space as strings that, after the
    XLink 5.4 escaping of disallowed characters, are URI references per RFC 2396 as amended by
    RFC 2732. libxml2 applies its RFC 3986 parser instead, which differs in corners (it
    rejects ``http://h:/``, ``http://x/?a[b]``, accepts ``?q``, ``x:``, ``http://[v1.x]/``).
    We drop libxml2's anyURI verdicts and apply an RFC 2396/2732 grammar ourselves.
``G3`` ``xsi:type`` naming a CAP type
    The OASIS schema declares every type anonymously, so ``xsi:type="cap:Anything"`` can never
    resolve there (cvc-elt.4.2); our XSD has named types, so libxml2 would accept e.g.
    ``<status xsi:type="cap:StatusType">``. Any ``xsi:type`` in the CAP namespace is an error.
    Only looked for when the document mentions the XML Schema instance namespace at all.
``G4`` whitespace around an ``xsi:type`` value
    ``xsi:type`` is an ``xs:QName``, whose whiteSpace facet is ``collapse`` (Part 2 §3.2.18),
    so ``xsi:type=" xs:string "`` names ``xs:string``. libxml2 does not collapse it and reports
    an unresolvable QName. When (and only when) such a value occurs, libxml2 validates a copy of
    the tree with those values trimmed; findings are mapped back to the original elements.
``G5`` an empty CDATA section in ``<language>``
    ``<language><![CDATA[]]></language>`` has no character children (an empty CDATA section
    contributes none), so the default ``en-US`` applies; libxml2 keeps an empty text node and
    reports ``''`` as not an ``xs:language``. That error is dropped (:func:`_is_empty_language`).

Findings carry rule ids chosen from libxml2's structured error code (``_LogEntry.type``), the
element is found from the structured node path libxml2 gives (``_LogEntry.path``) with the
line as a fallback; libxml2's own text is kept as the detail of the message.
"""

from __future__ import annotations

import copy
import re
import threading
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any, cast

from lxml import etree

from .._xml import CAP12_NS, DSIG_NS, find_pair
from ._context import Context, Rule, rule
from ._registry import Profile, register

SCHEMA_RESOURCE = "cap-1.2.xsd"
"""File name of our CAP 1.2 XSD inside the ``bluealert_cap.schemas`` package."""

_CAP = "{" + CAP12_NS + "}"
_DS = "{" + DSIG_NS + "}"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_XSI_TYPE = "{" + _XSI_NS + "}type"
_XSI_MARK = _XSI_NS.encode("ascii")

# --------------------------------------------------------------------------------------------
# Rules: one per KIND of schema violation.
# --------------------------------------------------------------------------------------------
_CLAUSE = "CAP 1.2 §3.4 (XML Schema), §3.2 (element structure)"

SCHEMA_IS_VALID = rule(
    "SCHEMA_IS_VALID", "error", "schema", "CAP 1.2 §3.4, §4.2",
    "The document is valid under the CAP 1.2 XML Schema.",
)
SCHEMA_ELEMENT_IS_EXPECTED = rule(
    "SCHEMA_ELEMENT_IS_EXPECTED", "error", "schema", _CLAUSE,
    "Every element the schema requires is present, no element appears that the schema does not "
    "expect at that place, and elements come in the schema's order and number.",
)
SCHEMA_VALUE_IS_VALID = rule(
    "SCHEMA_VALUE_IS_VALID", "error", "schema", "CAP 1.2 §3.2, §3.3.2; XSD 1.0 Part 2",
    "Every value is valid for its schema type: code-list values exactly as listed, date-times "
    "in the CAP form, integers, decimals, language tags and URIs in their XSD lexical form.",
)
SCHEMA_CONTENT_IS_ALLOWED = rule(
    "SCHEMA_CONTENT_IS_ALLOWED", "error", "schema", _CLAUSE,
    "Text appears only in elements that hold a value, and elements that hold a value have no "
    "child elements.",
)
SCHEMA_ATTRIBUTE_IS_ALLOWED = rule(
    "SCHEMA_ATTRIBUTE_IS_ALLOWED", "error", "schema", _CLAUSE,
    "CAP elements carry no attributes (other than the XML Schema instance attributes).",
)
SCHEMA_XSI_IS_VALID = rule(
    "SCHEMA_XSI_IS_VALID", "error", "schema", "XSD 1.0 Part 1 cvc-elt.3, cvc-elt.4",
    "xsi:type names a type the CAP 1.2 schema defines that the element's type allows, and "
    "xsi:nil is not used (no CAP element is nillable).",
)

_T = etree.ErrorTypes
_RULE_BY_CODE: dict[int, Rule] = {}
for _name, _rule in (
    # content model: missing / unexpected / misordered / too many elements
    ("SCHEMAV_ELEMENT_CONTENT", SCHEMA_ELEMENT_IS_EXPECTED),
    ("SCHEMAV_CVC_ELT_1", SCHEMA_ELEMENT_IS_EXPECTED),
    ("SCHEMAV_CVC_WILDCARD", SCHEMA_ELEMENT_IS_EXPECTED),
    ("SCHEMAV_NOROOT", SCHEMA_ELEMENT_IS_EXPECTED),
    ("SCHEMAV_UNDECLAREDELEM", SCHEMA_ELEMENT_IS_EXPECTED),
    ("SCHEMAV_WRONGELEM", SCHEMA_ELEMENT_IS_EXPECTED),
    ("SCHEMAV_MISSING", SCHEMA_ELEMENT_IS_EXPECTED),
    ("SCHEMAV_ELEMCONT", SCHEMA_ELEMENT_IS_EXPECTED),
    ("SCHEMAV_EXTRACONTENT", SCHEMA_ELEMENT_IS_EXPECTED),
    ("SCHEMAV_DOCUMENT_ELEMENT_MISSING", SCHEMA_ELEMENT_IS_EXPECTED),
    # values: datatype, facets
    ("SCHEMAV_CVC_DATATYPE_VALID_1_2_1", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_DATATYPE_VALID_1_2_2", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_DATATYPE_VALID_1_2_3", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_PATTERN_VALID", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_ENUMERATION_VALID", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_FACET_VALID", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_LENGTH_VALID", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_MINLENGTH_VALID", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_MAXLENGTH_VALID", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_MININCLUSIVE_VALID", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_MAXINCLUSIVE_VALID", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_MINEXCLUSIVE_VALID", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_MAXEXCLUSIVE_VALID", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_TOTALDIGITS_VALID", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_FRACTIONDIGITS_VALID", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_ELT_5_1_1", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_ELT_5_1_2", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_ELT_5_2_1", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_ELT_5_2_2_1", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_ELT_5_2_2_2_1", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_CVC_ELT_5_2_2_2_2", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_VALUE", SCHEMA_VALUE_IS_VALID),
    ("SCHEMAV_FACET", SCHEMA_VALUE_IS_VALID),
    # text / child elements where the content type forbids them
    ("SCHEMAV_CVC_COMPLEX_TYPE_2_1", SCHEMA_CONTENT_IS_ALLOWED),
    ("SCHEMAV_CVC_COMPLEX_TYPE_2_2", SCHEMA_CONTENT_IS_ALLOWED),
    ("SCHEMAV_CVC_COMPLEX_TYPE_2_3", SCHEMA_CONTENT_IS_ALLOWED),
    ("SCHEMAV_CVC_COMPLEX_TYPE_2_4", SCHEMA_CONTENT_IS_ALLOWED),
    ("SCHEMAV_CVC_TYPE_3_1_2", SCHEMA_CONTENT_IS_ALLOWED),
    ("SCHEMAV_NOTEMPTY", SCHEMA_CONTENT_IS_ALLOWED),
    ("SCHEMAV_NOTSIMPLE", SCHEMA_CONTENT_IS_ALLOWED),
    # attributes
    ("SCHEMAV_CVC_TYPE_3_1_1", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_CVC_COMPLEX_TYPE_3_1", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_CVC_COMPLEX_TYPE_3_2_1", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_CVC_COMPLEX_TYPE_3_2_2", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_CVC_COMPLEX_TYPE_4", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_CVC_COMPLEX_TYPE_5_1", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_CVC_COMPLEX_TYPE_5_2", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_CVC_ATTRIBUTE_1", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_CVC_ATTRIBUTE_2", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_CVC_ATTRIBUTE_3", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_CVC_ATTRIBUTE_4", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_CVC_AU", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_ATTRUNKNOWN", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_ATTRINVALID", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    ("SCHEMAV_INVALIDATTR", SCHEMA_ATTRIBUTE_IS_ALLOWED),
    # xsi:type / xsi:nil
    ("SCHEMAV_CVC_ELT_2", SCHEMA_XSI_IS_VALID),
    ("SCHEMAV_CVC_ELT_3_1", SCHEMA_XSI_IS_VALID),
    ("SCHEMAV_CVC_ELT_3_2_1", SCHEMA_XSI_IS_VALID),
    ("SCHEMAV_CVC_ELT_3_2_2", SCHEMA_XSI_IS_VALID),
    ("SCHEMAV_CVC_ELT_4_1", SCHEMA_XSI_IS_VALID),
    ("SCHEMAV_CVC_ELT_4_2", SCHEMA_XSI_IS_VALID),
    ("SCHEMAV_CVC_ELT_4_3", SCHEMA_XSI_IS_VALID),
    ("SCHEMAV_CVC_TYPE_1", SCHEMA_XSI_IS_VALID),
    ("SCHEMAV_CVC_TYPE_2", SCHEMA_XSI_IS_VALID),
    ("SCHEMAV_NOTNILLABLE", SCHEMA_XSI_IS_VALID),
    ("SCHEMAV_ISABSTRACT", SCHEMA_XSI_IS_VALID),
    ("SCHEMAV_NOTYPE", SCHEMA_XSI_IS_VALID),
):
    _RULE_BY_CODE[int(getattr(_T, _name))] = _rule

_LEADS: dict[str, str] = {
    SCHEMA_ELEMENT_IS_EXPECTED.id: "element not where the CAP 1.2 schema expects it",
    SCHEMA_VALUE_IS_VALID.id: "value not valid for its CAP 1.2 schema type",
    SCHEMA_CONTENT_IS_ALLOWED.id: "content not allowed by the CAP 1.2 schema",
    SCHEMA_ATTRIBUTE_IS_ALLOWED.id: "attribute not allowed by the CAP 1.2 schema",
    SCHEMA_XSI_IS_VALID.id: "xsi: attribute not valid under the CAP 1.2 schema",
    SCHEMA_IS_VALID.id: "not valid under the CAP 1.2 schema",
}

_ANYURI_CODE = int(_T.SCHEMAV_CVC_DATATYPE_VALID_1_2_1)
_DATE_TIME_TAGS = frozenset(
    "{" + CAP12_NS + "}" + name for name in ("sent", "effective", "onset", "expires")
)
_DATE_TIME_EXPECTED = (
    "Expected: a CAP date-time (CAP 1.2 §3.3.2), an existing date and time with seconds and "
    "a UTC offset of at most 14:00, e.g. 2024-05-06T07:08:09-05:00 (no 'Z', no fractional "
    "seconds; UTC is written -00:00 or +00:00)."
)


# --------------------------------------------------------------------------------------------
# The compiled schema: once per thread (an lxml XMLSchema keeps its error log on the object).
# --------------------------------------------------------------------------------------------
_local = threading.local()


def load_schema_bytes() -> bytes:
    """The bytes of our CAP 1.2 XSD, read from the installed ``bluealert_cap.schemas``."""
    return resources.files("bluealert_cap.schemas").joinpath(SCHEMA_RESOURCE).read_bytes()


def compiled_schema() -> etree.XMLSchema:
    """The CAP 1.2 schema compiled by libxml2; built on first use in each thread, then reused."""
    schema: etree.XMLSchema | None = getattr(_local, "schema", None)
    if schema is None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        schema = etree.XMLSchema(etree.fromstring(load_schema_bytes(), parser))
        _local.schema = schema
    return schema


# --------------------------------------------------------------------------------------------
# G2: xs:anyURI per XSD 1.0 Part 2 §3.2.17.1 = RFC 2396 as amended by RFC 2732, applied after
# the XLink §5.4 escaping. XLink escapes every character that is not allowed in a URI (non-ASCII,
# controls, space, < > " { } | \ ^ `) except # % [ ]; an escaped character is a legal "escaped"
# octet wherever RFC 2396 allows one, so the grammar below accepts those characters directly
# where "escaped" is allowed.
# --------------------------------------------------------------------------------------------
_ESC = r'(?:%[0-9A-Fa-f]{2}|[^\x21-\x7e]|[<>"{}|\\^`])'
_UNRESERVED = r"[A-Za-z0-9\-_.!~*'()]"


def _alt(*parts: str) -> str:
    return "(?:" + "|".join(parts) + ")"


_URIC = _alt(r"[;/?:@&=+$,\[\]]", _UNRESERVED, _ESC)  # RFC 2732 adds [ ] to "reserved"
_PCHAR = _alt(_UNRESERVED, _ESC, r"[:@&=+$,]")
_SEGMENT = f"{_PCHAR}*(?:;{_PCHAR}*)*"
_ABS_PATH = f"/{_SEGMENT}(?:/{_SEGMENT})*"
_REL_PATH = _alt(_UNRESERVED, _ESC, r"[;@&=+$,]") + f"+(?:{_ABS_PATH})?"
_REG_NAME = _alt(_UNRESERVED, _ESC, r"[$,;:@&=+]") + "+"
_USERINFO = _alt(_UNRESERVED, _ESC, r"[;:&=+$,]") + "*"
# Hostnames and IPv4 addresses are strings of reg_name characters; only the RFC 2732 IPv6
# reference needs its own branch: "[" IPv6address "]" with IPv6address as in RFC 2373
# Appendix B (hexpart [":" IPv4address]), plus "::" or "hexseq::" directly followed by an IPv4
# address, the form RFC 2373 section 2.2 writes "::13.1.68.3" that its grammar misses.
_HEX4 = "[0-9A-Fa-f]{1,4}"
_HEXSEQ = f"{_HEX4}(?::{_HEX4})*"
_IPV4 = "[0-9]{1,3}(?:\\.[0-9]{1,3}){3}"
_HEXPART = f"(?:{_HEXSEQ}(?:::(?:{_HEXSEQ})?)?|::(?:{_HEXSEQ})?)"
_IPV6 = f"(?:{_HEXPART}(?::{_IPV4})?|(?:{_HEXSEQ})?::{_IPV4})"
_SERVER = rf"(?:(?:{_USERINFO}@)?\[{_IPV6}\](?::[0-9]*)?)?"
_NET_PATH = f"//{_alt(_REG_NAME, _SERVER)}(?:{_ABS_PATH})?"
_QUERY = f"(?:\\?{_URIC}*)?"
_SCHEME = r"[A-Za-z][A-Za-z0-9+\-.]*"
_OPAQUE = _alt(_UNRESERVED, _ESC, r"[;?:@&=+$,]") + f"{_URIC}*"
_ABSOLUTE = f"{_SCHEME}:{_alt(_alt(_NET_PATH, _ABS_PATH) + _QUERY, _OPAQUE)}"
_RELATIVE = _alt(_NET_PATH, _ABS_PATH, _REL_PATH) + _QUERY
_URI_REFERENCE = re.compile(f"(?:{_ABSOLUTE}|{_RELATIVE})?(?:#{_URIC}*)?")
_XSD_SPACE = re.compile(r"[ \t\n\r]+")


# A fast path for the common "scheme://host/path?query#fragment" spelling without escapes,
# brackets or non-ASCII: every string it matches is also matched by _URI_REFERENCE (host chars
# are reg_name chars; path chars are pchar plus ";" and "/"; query/fragment chars are uric).
_COMMON_URI = re.compile(
    r"[A-Za-z][A-Za-z0-9+.\-]*://[A-Za-z0-9\-_.!~*'()$,;:@&=+]*"
    r"(?:/[A-Za-z0-9\-_.!~*'():@&=+$,;/]*)?"
    r"(?:\?[A-Za-z0-9\-_.!~*'();/?:@&=+$,]*)?"
    r"(?:#[A-Za-z0-9\-_.!~*'();/?:@&=+$,]*)?"
)


def is_xsd10_any_uri(text: str) -> bool:
    """True if ``text`` is in the XSD 1.0 lexical space of ``xs:anyURI``.

    Whitespace is collapsed first (only #x20, #x9, #xA, #xD count as XSD whitespace).
    """
    value = text.strip(_XSD_WS)
    if _COMMON_URI.fullmatch(value) is not None:
        return True
    value = _XSD_SPACE.sub(" ", value)
    return _URI_REFERENCE.fullmatch(value) is not None


def _element_value(el: etree._Element) -> str:
    """The character content of a simple-typed element (comments and PIs ignored)."""
    if len(el) == 0:
        return el.text or ""
    return "".join(cast("Iterator[str]", el.itertext()))


# --------------------------------------------------------------------------------------------
# Mapping libxml2's structured error to the element.
# --------------------------------------------------------------------------------------------
_STEP_RE = re.compile(r"^(?P<name>[^\[\]]+)(?:\[(?P<index>\d+)\])?$")


def _element_children(el: etree._Element) -> list[etree._Element]:
    return [c for c in el if isinstance(c.tag, str)]


_Steps = dict[tuple[etree._Element, str], list[etree._Element]]


def _resolve_path(
    root: etree._Element, path: str | None, steps: _Steps | None = None
) -> etree._Element | None:
    """Follow a libxml2 node path (``xmlGetNodePath``: ``/*/*[7]/ds:Signature[2]``) from root.

    ``*[n]`` is the n-th element child (libxml2 writes ``*`` for elements in a default
    namespace and counts all element siblings then); ``p:name[n]`` is the n-th child with that
    prefix and local name; ``name[n]`` the n-th child in no namespace. A missing index means 1.
    Returns ``None`` if the path does not lead to an element. ``steps`` caches the candidate
    children of (parent, name) across the findings of one document, so that many findings
    among many siblings stay linear.
    """
    if not path or not path.startswith("/"):
        return None
    if steps is None:
        steps = {}
    el = root
    for step in path.split("/")[2:]:  # "" and the root step
        if step.startswith("@") or step.startswith("text()") or not step:
            break
        m = _STEP_RE.match(step)
        if m is None:
            return None
        name = m.group("name")
        index = int(m.group("index") or 1)
        candidates = steps.get((el, name))
        if candidates is None:
            kids = _element_children(el)
            if name == "*":
                candidates = kids
            elif ":" in name:
                prefix, local = name.split(":", 1)
                candidates = [
                    c for c in kids if c.prefix == prefix and etree.QName(c).localname == local
                ]
            else:
                candidates = [c for c in kids if c.tag == name]
            steps[(el, name)] = candidates
        if index < 1 or index > len(candidates):
            return None
        el = candidates[index - 1]
    return el


def _element_at_line(
    root: etree._Element, line: int, lines: dict[int, etree._Element] | None = None
) -> etree._Element:
    """The first element whose start tag is on ``line`` (the root if none is). ``lines``, when
    given, is filled once with every line's first element and then reused."""
    if lines is None:
        for el in root.iter(etree.Element):
            if cast(int | None, el.sourceline) == line:
                return el
        return root
    if not lines:
        for el in root.iter(etree.Element):
            lines.setdefault(cast(int, el.sourceline), el)
        lines.setdefault(-1, root)  # filled, even for a tree without line numbers
    return lines.get(line, root)


_NS_SHORT = ((_CAP, ""), (_DS, "ds:"))


def _tidy(message: str) -> str:
    """libxml2's message with the CAP namespace dropped and xmldsig written as ``ds:``."""
    for long, short in _NS_SHORT:
        message = message.replace(long, short)
    return message.strip()


def _describe(el: etree._Element) -> str:
    q = etree.QName(el)
    if q.namespace == CAP12_NS:
        return f"<{q.localname}>"
    if q.namespace == DSIG_NS:
        return f"<ds:{q.localname}>"
    if q.namespace:
        return f"<{q.localname}> (namespace {q.namespace})"
    return f"<{q.localname}> (no namespace)"


# --------------------------------------------------------------------------------------------
# The layer.
# --------------------------------------------------------------------------------------------
# (rule id, element); holding the element keeps its lxml proxy (and so its identity) alive.
_Key = tuple[str, etree._Element]


@register
class SchemaProfile(Profile):
    """OASIS CAP 1.2 XML Schema validity, with the verdict of a conformant XSD 1.0 processor."""

    name = "schema"
    parent = None
    description = "CAP 1.2 XML Schema only (the OASIS schema's verdict)."

    def check(self, ctx: Context) -> None:
        root = ctx.root
        schema = compiled_schema()
        # G3/G4 concern xsi:type attributes only. Such an attribute needs the XML Schema
        # instance namespace declared (written out, or spelled with character references such
        # as "&#x2D;") and is written "prefix:type=": byte searches of the source text (as
        # UTF-8) rule out nearly every document before any tree walk.
        data = ctx.data
        xsi_types: list[Any] = []
        if data is None or (
            (_XSI_MARK in data or find_pair(data, b"&#", 0) >= 0)
            and _XSI_TYPE_ATTR_RE.search(data)
        ):
            found = _XSI_TYPE_VALUES(root)
            assert isinstance(found, list)
            xsi_types = found
        target = _with_collapsed_xsi_types(root, xsi_types) if xsi_types else root
        valid = schema.validate(target)
        reported: set[_Key] = set()
        if not valid:
            self._report_libxml2(ctx, schema, reported)
        # One XPath finds what G1 and G2 look at: the first ds:* child of the alert and the
        # anyURI elements in their declared places.
        found = _G1_G2_ELEMENTS(root)
        assert isinstance(found, list)
        uris: list[etree._Element] = []
        for el in found:
            assert isinstance(el, etree._Element)
            if el.tag.startswith(_DS):
                # G1: guard; our XSD is written so that libxml2 2.14 already rejects this.
                _check_info_after_signature(ctx, el, reported)
            else:
                uris.append(el)
        # G2: anyURI elements, always (libxml2's anyURI verdicts were dropped above).
        if uris:
            _check_any_uris(ctx, uris, reported)
        # G3: only when the document mentions the XML Schema instance namespace.
        if xsi_types:
            _check_xsi_types(ctx, xsi_types, reported)

    @staticmethod
    def _report_libxml2(ctx: Context, schema: etree.XMLSchema, reported: set[_Key]) -> None:
        root = ctx.root
        seen_messages: set[tuple[str, etree._Element, str]] = set()
        steps: _Steps = {}
        lines: dict[int, etree._Element] = {}
        for entry in cast("Iterable[etree._LogEntry]", schema.error_log):
            r = _RULE_BY_CODE.get(entry.type, SCHEMA_IS_VALID)
            el = _resolve_path(root, entry.path, steps)
            if el is None:
                el = _element_at_line(root, entry.line, lines) if entry.line else root
            if (
                entry.type == _ANYURI_CODE
                and _is_any_uri_element(el)
                and _xsi_attributes_are_lexically_valid(el)
            ):
                continue  # G2: the error is about the URI; the RFC 2396 check decides
            if r is SCHEMA_VALUE_IS_VALID and _is_empty_language(el):
                continue  # G5: no character children, so the default en-US is the value
            detail = _tidy(entry.message)
            if (
                r is SCHEMA_VALUE_IS_VALID
                and el.tag in _DATE_TIME_TAGS
                and _xsi_attributes_are_lexically_valid(el)
            ):
                # libxml2 names only our type ('DateTimeType') or shows the pattern
                detail = f"{detail} {_DATE_TIME_EXPECTED}"
            key = (r.id, el, detail)
            if key in seen_messages:
                continue
            seen_messages.add(key)
            reported.add((r.id, el))
            ctx.add(r, el, f"{_describe(el)}: {_LEADS[r.id]}: {detail}")


def _is_any_uri_element(el: etree._Element) -> bool:
    """True for the two xs:anyURI elements in their declared places: info/web, resource/uri."""
    tag = el.tag
    parent = el.getparent()
    if parent is None:
        return False
    if tag == _CAP + "web":
        return bool(parent.tag == _CAP + "info")
    if tag == _CAP + "uri":
        return bool(parent.tag == _CAP + "resource")
    return False


_XSD_WS = " \t\n\r"
_XSI_TYPE_VALUES = etree.XPath("//@xsi:type", namespaces={"xsi": _XSI_NS})
_XSI_TYPE_ATTR_RE = re.compile(rb":type[ \t\r\n]*=")
_QNAME_RE = re.compile(r"(?:[^\W\d][\w.\-]*:)?[^\W\d][\w.\-]*")
_XSI_NIL = "{" + _XSI_NS + "}nil"


def _is_empty_language(el: etree._Element) -> bool:
    """G5: True for an ``info/language`` without character or element children that libxml2
    nevertheless validated as ``''``: it keeps an empty CDATA section
    (``<language><![CDATA[]]></language>``) as an empty text node. In the XML Infoset an empty
    CDATA section contributes no character, so the element is empty and its default
    ``en-US`` applies (XSD 1.0 cvc-elt.5.1.2), as for ``<language/>``."""
    parent = el.getparent()
    return (
        el.tag == _CAP + "language"
        and parent is not None
        and parent.tag == _CAP + "info"
        and not any(isinstance(c.tag, str) for c in el)
        and _element_value(el) == ""
        and _xsi_attributes_are_lexically_valid(el)
    )


def _xsi_attributes_are_lexically_valid(el: etree._Element) -> bool:
    """True unless ``el`` has an ``xsi:type`` that is not a resolvable QName or an ``xsi:nil``
    that is not a boolean: then a libxml2 datatype error on ``el`` may be about the attribute,
    not the element's value (libxml2 gives both the same code and the same node)."""
    xsi_type = el.get(_XSI_TYPE)
    if xsi_type is not None:
        qname = xsi_type.strip(_XSD_WS)
        if _QNAME_RE.fullmatch(qname) is None:
            return False
        prefix = qname.partition(":")[0] if ":" in qname else None
        if prefix not in el.nsmap:
            return False
    xsi_nil = el.get(_XSI_NIL)
    return xsi_nil is None or xsi_nil.strip(_XSD_WS) in ("true", "false", "1", "0")


def _with_collapsed_xsi_types(root: etree._Element, values: list[Any]) -> etree._Element:
    """G4: ``root``, or a copy of it whose ``xsi:type`` values have their XSD whitespace
    trimmed when one of ``values`` (the document's xsi:type values) has any (libxml2 does not
    apply the QName's collapse facet)."""
    if all(str(v) == str(v).strip(_XSD_WS) for v in values):
        return root
    clone = copy.deepcopy(root)
    for el in clone.iter(etree.Element):
        value = el.get(_XSI_TYPE)
        if value is not None:
            el.set(_XSI_TYPE, value.strip(_XSD_WS))
    return clone


def _check_info_after_signature(
    ctx: Context, first_sig: etree._Element, reported: set[_Key]
) -> None:
    """G1: an ``<info>`` after a ``ds:*`` child of ``<alert>`` is out of the schema's order."""
    for el in first_sig.itersiblings(_CAP + "info"):
        if (SCHEMA_ELEMENT_IS_EXPECTED.id, el) in reported:
            continue
        reported.add((SCHEMA_ELEMENT_IS_EXPECTED.id, el))
        ctx.add(
            SCHEMA_ELEMENT_IS_EXPECTED,
            el,
            f"<info>: {_LEADS[SCHEMA_ELEMENT_IS_EXPECTED.id]}: it follows the signature element "
            f"{_describe(first_sig)}; in <alert> every <info> comes before the xmldsig (ds:*) "
            "elements.",
        )
        return  # the first one decides; a schema processor stops at it as well


_G1_G2_ELEMENTS = etree.XPath(
    "ds:*[1] | c:info/c:web | c:info/c:resource/c:uri",
    namespaces={"c": CAP12_NS, "ds": DSIG_NS},
)


def _check_any_uris(ctx: Context, uris: list[etree._Element], reported: set[_Key]) -> None:
    """G2: ``info/web`` and ``info/resource/uri`` (``uris``) must be XSD 1.0 anyURI values."""
    for el in uris:
        if len(el) and any(isinstance(c.tag, str) for c in el):
            continue  # child elements: already a SCHEMA_CONTENT_IS_ALLOWED finding
        value = _element_value(el)
        if is_xsd10_any_uri(value):
            continue
        reported.add((SCHEMA_VALUE_IS_VALID.id, el))
        ctx.add(
            SCHEMA_VALUE_IS_VALID,
            el,
            f"{_describe(el)}: {_LEADS[SCHEMA_VALUE_IS_VALID.id]}: {value!r} is not an "
            "xs:anyURI (a URI reference per RFC 2396/2732 once spaces and non-ASCII "
            "characters are %-escaped; check '%' escapes, '#', brackets and the scheme).",
        )


def _check_xsi_types(ctx: Context, values: list[Any], reported: set[_Key]) -> None:
    """G3: ``xsi:type`` must not name a type in the CAP namespace (the OASIS schema has none).

    ``values`` are the document's xsi:type attribute values (XPath results that know their
    element through ``getparent()``).
    """
    for attr in values:
        el = attr.getparent()
        value = str(attr)
        prefix, _, local = value.strip(_XSD_WS).rpartition(":")
        namespace = el.nsmap.get(prefix or None)
        if namespace != CAP12_NS:
            continue
        if (SCHEMA_XSI_IS_VALID.id, el) in reported:
            continue
        reported.add((SCHEMA_XSI_IS_VALID.id, el))
        ctx.add(
            SCHEMA_XSI_IS_VALID,
            el,
            f"{_describe(el)}: {_LEADS[SCHEMA_XSI_IS_VALID.id]}: xsi:type={value!r} names "
            f"'{local}' in the CAP namespace, but the CAP 1.2 schema defines no named types "
            "(every CAP type is anonymous), so it cannot resolve (cvc-elt.4.2).",
        )

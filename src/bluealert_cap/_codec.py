"""The XML codec: :func:`parse` reads CAP 1.2 into the model; :func:`alert_to_xml` writes it.

Reading accepts every message the OASIS schema accepts, plus common unambiguous deviations
(namespace prefixes, surrounding whitespace in enumerated tokens, date-times and numbers,
elements out of schema order, the CAP 1.0 certainty ``Very Likely`` read as ``Likely``).
Anything it cannot represent without loss — an unknown element, an attribute, text between
elements, a missing required element — is refused with an error naming the element, its XPath
and line. Writing always produces schema-valid XML in schema order.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from ._errors import InvalidContentError, Problem
from ._geometry import Circle, Polygon, format_number
from ._model import (
    Alert,
    Area,
    Info,
    Resource,
    ValuePair,
    format_datetime,
    join_quoted,
    parse_datetime,
    problems_from,
    reading,
)
from ._xml import (
    CAP12_NS,
    DEFAULT_LIMITS,
    DSIG_NS,
    Limits,
    Source,
    check_cap12_root,
    load_xml,
    sourceline,
)

_CAP = "{" + CAP12_NS + "}"
_XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
_XSI_SCHEMA_LOCATION = "{" + _XSI_NS + "}schemaLocation"
_INT_RE = re.compile(r"[+-]?[0-9]+\Z")

# element name -> (field name, kind); kinds: text, token (stripped), dt, int, dec, list (repeat)
_ALERT_FIELDS: dict[str, tuple[str, str]] = {
    "identifier": ("identifier", "text"),
    "sender": ("sender", "text"),
    "sent": ("sent", "dt"),
    "status": ("status", "token"),
    "msgType": ("msg_type", "token"),
    "source": ("source", "text"),
    "scope": ("scope", "token"),
    "restriction": ("restriction", "text"),
    "addresses": ("addresses", "text"),
    "code": ("codes", "list"),
    "note": ("note", "text"),
    "references": ("references", "refs"),
    "incidents": ("incidents", "text"),
}
_INFO_FIELDS: dict[str, tuple[str, str]] = {
    "language": ("language", "token"),
    "category": ("categories", "tokenlist"),
    "event": ("event", "text"),
    "responseType": ("response_types", "tokenlist"),
    "urgency": ("urgency", "token"),
    "severity": ("severity", "token"),
    "certainty": ("certainty", "certainty"),
    "audience": ("audience", "text"),
    "effective": ("effective", "dt"),
    "onset": ("onset", "dt"),
    "expires": ("expires", "dt"),
    "senderName": ("sender_name", "text"),
    "headline": ("headline", "text"),
    "description": ("description", "text"),
    "instruction": ("instruction", "text"),
    "web": ("web", "token"),
    "contact": ("contact", "text"),
}
_RESOURCE_FIELDS: dict[str, tuple[str, str]] = {
    "resourceDesc": ("resource_desc", "text"),
    "mimeType": ("mime_type", "text"),
    "size": ("size", "int"),
    "uri": ("uri", "token"),
    "derefUri": ("deref_uri", "text"),
    "digest": ("digest", "text"),
}
_AREA_FIELDS: dict[str, tuple[str, str]] = {
    "areaDesc": ("area_desc", "text"),
    "altitude": ("altitude", "dec"),
    "ceiling": ("ceiling", "dec"),
}
_REQUIRED = {
    "alert": ("identifier", "sender", "sent", "status", "msgType", "scope"),
    "info": ("category", "event", "urgency", "severity", "certainty"),
    "resource": ("resourceDesc", "mimeType"),
    "area": ("areaDesc",),
}
# model field -> element local name, for locating errors
_FIELD_TO_ELEMENT = {
    field: name
    for table in (_ALERT_FIELDS, _INFO_FIELDS, _RESOURCE_FIELDS, _AREA_FIELDS)
    for name, (field, _) in table.items()
} | {
    "infos": "info",
    "resources": "resource",
    "areas": "area",
    "polygons": "polygon",
    "circles": "circle",
    "geocodes": "geocode",
    "event_codes": "eventCode",
    "parameters": "parameter",
    "signatures": "Signature",
}


class _ReadError(Exception):
    """A problem met while walking the tree; carries the element it is about."""

    def __init__(self, element: etree._Element, message: str):
        super().__init__(message)
        self.element = element
        self.message = message


def parse(source: Source, *, limits: Limits = DEFAULT_LIMITS) -> Alert:
    """Read a CAP 1.2 document into an :class:`Alert`.

    ``source`` is the document as ``bytes`` or ``str``, or an ``os.PathLike`` naming a file.
    Raises a :class:`~bluealert_cap.CapError`: MalformedXmlError (not well-formed, bad
    encoding, empty), ForbiddenXmlError (DOCTYPE, entities), LimitExceededError, NotCapError,
    UnsupportedVersionError (CAP 1.0/1.1), InvalidContentError (listing each element that cannot
    be read, with XPath and line). Reads no file but ``source`` and opens no connection.
    """
    doc = load_xml(source, limits)
    check_cap12_root(doc.root)
    return alert_from_element(doc.root)


def alert_from_element(root: etree._Element) -> Alert:
    """Build an :class:`Alert` from a parsed CAP 1.2 ``<alert>`` element."""
    try:
        data = _read_alert(root)
    except _ReadError as exc:
        problem = _problem_at(exc.element, exc.message)
        raise InvalidContentError([problem], what="CAP message") from None
    try:
        with reading():
            return Alert.model_validate(data)  # type: ignore[no-any-return]
    except InvalidContentError as exc:
        located = [_locate(root, p) for p in exc.problems]
        raise InvalidContentError(located, what="CAP message") from None


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------
def _xpath(el: etree._Element) -> str:
    parts = []
    node: etree._Element | None = el
    while node is not None:
        parent = node.getparent()
        name = etree.QName(node).localname if isinstance(node.tag, str) else "node()"
        if parent is None:
            parts.append(f"{name}[1]")
        else:
            idx = 1
            for sib in parent:
                if sib is node:
                    break
                if sib.tag == node.tag:
                    idx += 1
            parts.append(f"{name}[{idx}]")
        node = parent
    return "/" + "/".join(reversed(parts))


def _problem_at(el: etree._Element, message: str, location: str = "") -> Problem:
    return Problem(location or etree.QName(el).localname, message, _xpath(el), sourceline(el))


_LOC_RE = re.compile(r"(\w+)((?:\[\d+\])*)")


def _locate(root: etree._Element, problem: Problem) -> Problem:
    """Add the XPath and line of the element a model-field problem is about."""
    el = root
    for m in _LOC_RE.finditer(problem.location):
        tag = _FIELD_TO_ELEMENT.get(m.group(1))
        if tag is None:
            break
        ns = DSIG_NS if tag == "Signature" else CAP12_NS
        children = el.findall(f"{{{ns}}}{tag}")
        indexes = re.findall(r"\d+", m.group(2))
        idx = int(indexes[0]) if indexes else 0
        if idx >= len(children):
            break
        el = children[idx]
    return Problem(problem.location, problem.message, _xpath(el), sourceline(el))


def _check_leaf(el: etree._Element) -> str:
    for child in el:
        if isinstance(child.tag, str):
            raise _ReadError(child, f"<{etree.QName(el).localname}> holds text, not elements")
    if el.attrib:
        name = next(iter(el.attrib))
        raise _ReadError(el, f"unexpected attribute {name!r}; CAP elements take no attributes")
    text = el.text or ""
    if len(el):  # comments or PIs inside a text element: keep all the text around them
        text = "".join(str(t) for t in el.itertext())
    return text


def _check_tail(el: etree._Element) -> None:
    tail = el.tail
    if tail and not tail.isspace():
        raise _ReadError(el, f"unexpected text {tail.strip()[:40]!r} after this element")


def _read_fields(
    el: etree._Element,
    table: dict[str, tuple[str, str]],
    kind: str,
    nested: dict[str, Callable[[etree._Element], Any]],
    out: dict[str, Any],
) -> None:
    if el.attrib:
        for name, value in el.attrib.items():
            if kind == "alert" and name == _XSI_SCHEMA_LOCATION:
                out["schema_location"] = value
                continue
            raise _ReadError(el, f"unexpected attribute {name!r}; CAP elements take no attributes")
    text = el.text
    if text and not text.isspace():
        raise _ReadError(el, f"unexpected text {text.strip()[:40]!r} inside <{kind}>")
    seen: set[str] = set()
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):  # comment or processing instruction
            _check_tail(child)
            continue
        _check_tail(child)
        if not tag.startswith(_CAP):
            if kind == "alert" and tag.startswith("{" + DSIG_NS + "}"):
                out.setdefault("signatures", []).append(_signature_bytes(child))
                continue
            raise _ReadError(child, f"unexpected element <{tag}> in <{kind}>; it is not CAP 1.2")
        name = tag[len(_CAP) :]
        reader = nested.get(name)
        if reader is not None:
            out.setdefault(_FIELD_TO_ELEMENT_REVERSE[name], []).append(reader(child))
            continue
        spec = table.get(name)
        if spec is None:
            raise _ReadError(child, f"unexpected element <{name}> in <{kind}>")
        field, how = spec
        value = _check_leaf(child)
        if how in ("list", "tokenlist"):
            out.setdefault(field, []).append(value.strip() if how == "tokenlist" else value)
            continue
        if name in seen:
            raise _ReadError(child, f"<{name}> appears more than once in <{kind}>")
        seen.add(name)
        if how == "text":
            out[field] = value
        elif how == "token":
            out[field] = value.strip()
        elif how == "certainty":
            token = value.strip()
            out[field] = "Likely" if token == "Very Likely" else token
        elif how == "dt":
            try:
                out[field] = parse_datetime(value)
            except ValueError as exc:
                raise _ReadError(child, str(exc)) from None
        elif how == "int":
            token = value.strip()
            if not _INT_RE.match(token):
                raise _ReadError(child, f"{token!r} is not an integer (xs:integer)")
            out[field] = int(token)
        elif how == "dec":
            out[field] = value.strip()
        elif how == "refs":
            out[field] = value
    missing = [n for n in _REQUIRED[kind] if table[n][0] not in out]
    if missing:
        plural = "s" if len(missing) > 1 else ""
        names = ", ".join(f"<{n}>" for n in missing)
        raise _ReadError(el, f"<{kind}> lacks the required element{plural} {names}")


def _signature_bytes(el: etree._Element) -> bytes:
    clone = copy.deepcopy(el)
    clone.tail = None
    etree.cleanup_namespaces(clone)
    return etree.tostring(clone, encoding="utf-8")


def _read_pair(el: etree._Element) -> ValuePair:
    if el.attrib:
        raise _ReadError(el, "CAP elements take no attributes")
    name = value = None
    for child in el:
        if not isinstance(child.tag, str):
            continue
        _check_tail(child)
        if child.tag == _CAP + "valueName" and name is None:
            name = _check_leaf(child)
        elif child.tag == _CAP + "value" and value is None and name is not None:
            value = _check_leaf(child)
        else:
            raise _ReadError(child, f"unexpected <{etree.QName(child).localname}> in a value pair")
    if name is None or value is None:
        raise _ReadError(el, "a value pair needs <valueName> then <value>")
    return ValuePair(name, value)


def _read_resource(el: etree._Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _read_fields(el, _RESOURCE_FIELDS, "resource", {}, out)
    return out


def _read_area(el: etree._Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _read_fields(el, _AREA_FIELDS, "area", _AREA_NESTED, out)
    return out


def _read_polygon(el: etree._Element) -> Polygon:
    return Polygon.read(_check_leaf(el))


def _read_circle(el: etree._Element) -> Circle:
    return Circle.read(_check_leaf(el))


def _read_info(el: etree._Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _read_fields(el, _INFO_FIELDS, "info", _INFO_NESTED, out)
    return out


def _read_alert(el: etree._Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    _read_fields(el, _ALERT_FIELDS, "alert", _ALERT_NESTED, out)
    return out


_AREA_NESTED: dict[str, Callable[[etree._Element], Any]] = {
    "polygon": _read_polygon,
    "circle": _read_circle,
    "geocode": _read_pair,
}
_INFO_NESTED: dict[str, Callable[[etree._Element], Any]] = {
    "eventCode": _read_pair,
    "parameter": _read_pair,
    "resource": _read_resource,
    "area": _read_area,
}
_ALERT_NESTED: dict[str, Callable[[etree._Element], Any]] = {"info": _read_info}
_FIELD_TO_ELEMENT_REVERSE = {
    "info": "infos",
    "resource": "resources",
    "area": "areas",
    "polygon": "polygons",
    "circle": "circles",
    "geocode": "geocodes",
    "eventCode": "event_codes",
    "parameter": "parameters",
}


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------
def _esc(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


class _Writer:
    __slots__ = ("out", "pretty")

    def __init__(self, pretty: bool):
        self.out: list[str] = []
        self.pretty = pretty

    def nl(self, depth: int) -> None:
        if self.pretty:
            self.out.append("\n" + "  " * depth)

    def leaf(self, depth: int, name: str, text: str) -> None:
        if self.pretty:
            self.out.append("\n" + "  " * depth)
        if text:
            self.out.append(f"<{name}>{_esc(text)}</{name}>")
        else:
            self.out.append(f"<{name}/>")

    def opt(self, depth: int, name: str, text: str | None) -> None:
        if text is not None:
            self.leaf(depth, name, text)

    def pairs(self, depth: int, name: str, pairs: tuple[ValuePair, ...]) -> None:
        for pair in pairs:
            self.nl(depth)
            self.out.append(f"<{name}>")
            self.leaf(depth + 1, "valueName", pair.name)
            self.leaf(depth + 1, "value", pair.value)
            self.nl(depth)
            self.out.append(f"</{name}>")


def alert_to_xml(alert: Alert, *, pretty: bool = False) -> bytes:
    """Serialize ``alert`` as a CAP 1.2 document (see :meth:`Alert.to_xml`)."""
    w = _Writer(pretty)
    out = w.out
    out.append('<?xml version="1.0" encoding="UTF-8"?>\n')
    if alert.schema_location is None:
        out.append(f'<alert xmlns="{CAP12_NS}">')
    else:
        loc = _esc(alert.schema_location)
        loc = loc.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
        out.append(
            f'<alert xmlns="{CAP12_NS}" xmlns:xsi="{_XSI_NS}" xsi:schemaLocation="{loc}">'
        )
    w.leaf(1, "identifier", alert.identifier)
    w.leaf(1, "sender", alert.sender)
    w.leaf(1, "sent", format_datetime(alert.sent))
    w.leaf(1, "status", alert.status.value)
    w.leaf(1, "msgType", alert.msg_type.value)
    w.opt(1, "source", alert.source)
    w.leaf(1, "scope", alert.scope.value)
    w.opt(1, "restriction", alert.restriction)
    if alert.addresses is not None:
        w.leaf(1, "addresses", join_quoted(alert.addresses))
    for code in alert.codes:
        w.leaf(1, "code", code)
    w.opt(1, "note", alert.note)
    if alert.references is not None:
        w.leaf(1, "references", " ".join(str(r) for r in alert.references))
    if alert.incidents is not None:
        w.leaf(1, "incidents", join_quoted(alert.incidents))
    for info in alert.infos:
        _write_info(w, info)
    for sig in alert.signatures:
        w.nl(1)
        out.append(sig.decode("utf-8"))
    w.nl(0)
    out.append("</alert>")
    if pretty:
        out.append("\n")
    return "".join(out).encode("utf-8")


def _write_info(w: _Writer, info: Info) -> None:
    out = w.out
    w.nl(1)
    out.append("<info>")
    w.opt(2, "language", info.language)
    for cat in info.categories:
        w.leaf(2, "category", cat.value)
    w.leaf(2, "event", info.event)
    for rt in info.response_types:
        w.leaf(2, "responseType", rt.value)
    w.leaf(2, "urgency", info.urgency.value)
    w.leaf(2, "severity", info.severity.value)
    w.leaf(2, "certainty", info.certainty.value)
    w.opt(2, "audience", info.audience)
    w.pairs(2, "eventCode", info.event_codes)
    if info.effective is not None:
        w.leaf(2, "effective", format_datetime(info.effective))
    if info.onset is not None:
        w.leaf(2, "onset", format_datetime(info.onset))
    if info.expires is not None:
        w.leaf(2, "expires", format_datetime(info.expires))
    w.opt(2, "senderName", info.sender_name)
    w.opt(2, "headline", info.headline)
    w.opt(2, "description", info.description)
    w.opt(2, "instruction", info.instruction)
    w.opt(2, "web", info.web)
    w.opt(2, "contact", info.contact)
    w.pairs(2, "parameter", info.parameters)
    for res in info.resources:
        _write_resource(w, res)
    for area in info.areas:
        _write_area(w, area)
    w.nl(1)
    out.append("</info>")


def _write_resource(w: _Writer, res: Resource) -> None:
    w.nl(2)
    w.out.append("<resource>")
    w.leaf(3, "resourceDesc", res.resource_desc)
    w.leaf(3, "mimeType", res.mime_type)
    if res.size is not None:
        w.leaf(3, "size", str(res.size))
    w.opt(3, "uri", res.uri)
    w.opt(3, "derefUri", res.deref_uri)
    w.opt(3, "digest", res.digest)
    w.nl(2)
    w.out.append("</resource>")


def _write_area(w: _Writer, area: Area) -> None:
    w.nl(2)
    w.out.append("<area>")
    w.leaf(3, "areaDesc", area.area_desc)
    for poly in area.polygons:
        w.leaf(3, "polygon", str(poly))
    for circle in area.circles:
        w.leaf(3, "circle", str(circle))
    w.pairs(3, "geocode", area.geocodes)
    if area.altitude is not None:
        w.leaf(3, "altitude", format_number(area.altitude))
    if area.ceiling is not None:
        w.leaf(3, "ceiling", format_number(area.ceiling))
    w.nl(2)
    w.out.append("</area>")


__all__ = ["alert_from_element", "alert_to_xml", "parse", "problems_from"]

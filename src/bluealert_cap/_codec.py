"""The XML codec: :func:`parse` reads CAP 1.2 into the model; :func:`alert_to_xml` writes it.

Reading accepts every message the OASIS schema accepts, plus common unambiguous deviations
(namespace prefixes, surrounding whitespace in enumerated tokens, date-times and numbers,
elements out of schema order, the CAP 1.0 certainty ``Very Likely`` read as ``Likely``).
Anything it cannot represent without loss — an unknown element, an attribute, text between
elements, a missing required element — is refused with an error naming the element, its XPath
and line. Writing always produces schema-valid XML in schema order.
"""

from __future__ import annotations

from lxml import etree

from ._geometry import format_number
from ._model import Alert, Area, Info, Resource, ValuePair, format_datetime, join_quoted
from ._reader import XSI_NS, read_alert
from ._xml import (
    CAP12_NS,
    DEFAULT_LIMITS,
    Limits,
    Source,
    check_cap12_root,
    find_pair,
    load_xml,
    utf8_view,
)

_XSI_MARK = XSI_NS.encode("ascii")


def parse(source: Source, *, limits: Limits = DEFAULT_LIMITS) -> Alert:
    """Read a CAP 1.2 document into an :class:`Alert`.

    ``source`` is the document as ``bytes`` or ``str``, or an ``os.PathLike`` naming a file.
    Raises a :class:`~bluealert_cap.CapError`: MalformedXmlError (not well-formed, bad
    encoding, empty), ForbiddenXmlError (DOCTYPE, entities), LimitExceededError, NotCapError,
    UnsupportedVersionError (CAP 1.0/1.1), InvalidContentError (the element that cannot be
    read, with XPath and line). Reads no file but ``source`` and opens no connection.
    """
    doc = load_xml(source, limits)
    check_cap12_root(doc.root)
    # libxml2's schema check (in C) is cheaper than the reader's own structural checks; a
    # document that passes it, and has no xsi: attributes, is read without them. The look for
    # xsi: is a byte search of the text (UTF-16/32 re-encoded); a namespace name written with
    # character references ("XMLSchema&#x2D;instance") is looked for in the tree.
    from ._validation._schema import compiled_schema

    text = utf8_view(doc.data)
    valid = (
        _XSI_MARK not in text
        and (find_pair(text, b"&#", 0) < 0 or not _HAS_XSI_ATTRIBUTE(doc.root))
        and compiled_schema().validate(doc.root)
    )
    return read_alert(doc.root, schema_valid=valid)


_HAS_XSI_ATTRIBUTE = etree.XPath(f"boolean(//@*[namespace-uri() = '{XSI_NS}'])")


def alert_from_element(root: etree._Element) -> Alert:
    """Build an :class:`Alert` from a parsed CAP 1.2 ``<alert>`` element (see :func:`parse`)."""
    return read_alert(root)


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
            f'<alert xmlns="{CAP12_NS}" xmlns:xsi="{XSI_NS}" xsi:schemaLocation="{loc}">'
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


__all__ = ["alert_from_element", "alert_to_xml", "parse"]

"""Reading a parsed CAP 1.2 ``<alert>`` tree into the model.

The reader converts every value to its type itself (enumerations, date-times with their written
offset, integers, decimals, references, quoted lists, geometry) and reports a value it cannot
read at the element that holds it, with XPath and line. Because every value is already typed
and checked, models are assembled with ``model_construct`` (no second validation pass).

Accepted deviations: namespace prefixes, whitespace around enumerated tokens, date-times,
numbers and URIs (the schema collapses it for all but the enumerations), CAP elements out of
schema order, the CAP 1.0 certainty ``Very Likely`` (read as ``Likely``, CAP 1.2 §3.2.2).
Refused, because they could not be written back: unknown or foreign elements, attributes on
CAP elements (but ``xsi:schemaLocation`` on ``<alert>``, which is kept), text between
elements, repeated single elements, missing required elements.
"""

from __future__ import annotations

import copy
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Any

from lxml import etree

from ._errors import InvalidContentError, Problem
from ._geometry import Circle, Polygon
from ._model import (
    Alert,
    Area,
    CapModel,
    Category,
    Certainty,
    Info,
    MsgType,
    Resource,
    ResponseType,
    Scope,
    Severity,
    Status,
    Urgency,
    ValuePair,
    assemble,
    parse_datetime,
    parse_reference,
    split_quoted,
)
from ._xml import CAP12_NS, DSIG_NS, sourceline

_CAP = "{" + CAP12_NS + "}"
_DSIG = "{" + DSIG_NS + "}"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSI_SCHEMA_LOCATION = "{" + XSI_NS + "}schemaLocation"

_INT_RE = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
_LANGUAGE_RE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")
# CAP elements that carry attributes: found in C, so the common case costs one XPath call.
_CAP_WITH_ATTRIBUTES = etree.XPath("//c:*[@*]", namespaces={"c": CAP12_NS})


class ReadError(Exception):
    """A value or element the reader cannot keep; carries the element it is about."""

    def __init__(self, element: etree._Element, message: str):
        super().__init__(message)
        self.element = element
        self.message = message


def xpath_of(el: etree._Element) -> str:
    """Fully positional XPath without prefixes, e.g. ``/alert[1]/info[2]``.

    Positions count the siblings with the same local name in any namespace, as the unprefixed
    steps read (``info[2]`` is ``*[local-name()='info'][2]``), like the validator's XPaths."""
    parts = []
    node: etree._Element | None = el
    while node is not None:
        parent = node.getparent()
        tag = node.tag
        name = etree.QName(tag).localname if isinstance(tag, str) else "node()"
        index = 1
        if parent is not None:
            for sib in parent:
                if sib is node:
                    break
                if sib.tag == tag or (
                    isinstance(tag, str) and isinstance(sib.tag, str)
                    and sib.tag.rpartition("}")[2] == name
                ):
                    index += 1
        parts.append(f"{name}[{index}]")
        node = parent
    return "/" + "/".join(reversed(parts))


def read_alert(root: etree._Element, *, schema_valid: bool = False) -> Alert:
    """Build an :class:`Alert` from a CAP 1.2 ``<alert>`` element; raise InvalidContentError.

    ``schema_valid=True`` promises that the tree is valid under the CAP 1.2 schema and carries
    no XML Schema instance attribute: then the structural checks (attributes, stray text,
    repeated or missing elements, unknown elements) cannot fail and are skipped.
    """
    try:
        if schema_valid:
            alert = _read(root, _ALERT, None, True)
        else:
            extra = _check_attributes(root)
            alert = _read(root, _ALERT, extra, False)
    except ReadError as exc:
        problem = Problem(
            etree.QName(exc.element).localname if isinstance(exc.element.tag, str) else "",
            exc.message,
            xpath_of(exc.element),
            sourceline(exc.element),
        )
        raise InvalidContentError([problem], what="CAP message") from None
    assert isinstance(alert, Alert)
    return alert


def _check_attributes(root: etree._Element) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    found = _CAP_WITH_ATTRIBUTES(root)
    for el in found if isinstance(found, list) else ():
        assert isinstance(el, etree._Element)
        for name, value in el.attrib.items():
            if el is root and name == XSI_SCHEMA_LOCATION:
                extra["schema_location"] = str(value)
                continue
            raise ReadError(el, f"unexpected attribute {name!r}; CAP elements take no attributes")
    return extra


# ---------------------------------------------------------------------------------------------
# Value converters: (text, element) -> value; raise ReadError
# ---------------------------------------------------------------------------------------------
Converter = Callable[[str, etree._Element], Any]


def _text(text: str, el: etree._Element) -> str:
    return text


def _token(text: str, el: etree._Element) -> str:
    return text.strip()


def _enum(cls: type[StrEnum]) -> Converter:
    allowed = ", ".join(m.value for m in cls)
    by_value = {m.value: m for m in cls}

    def convert(text: str, el: etree._Element) -> StrEnum:
        member = by_value.get(text.strip())
        if member is None:
            if cls is Certainty and text.strip() == "Very Likely":
                return Certainty.LIKELY
            raise ReadError(el, f"{text!r} is not one of: {allowed}")
        return member

    return convert


def _datetime(text: str, el: etree._Element) -> Any:
    try:
        return parse_datetime(text)
    except ValueError as exc:
        raise ReadError(el, str(exc)) from None


def _integer(text: str, el: etree._Element) -> int:
    token = text.strip()
    if not _INT_RE.match(token):
        raise ReadError(el, f"{token!r} is not an integer (xs:integer)")
    try:
        return int(token)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits())
        raise ReadError(
            el, f"an integer of {len(token.lstrip('+-'))} digits is more than this library "
            f"reads (at most {sys.get_int_max_str_digits() or 'unlimited'} digits)"
        ) from None


def _decimal(text: str, el: etree._Element) -> Decimal:
    token = text.strip()
    if not _DECIMAL_RE.match(token):
        raise ReadError(el, f"{token!r} is not a plain decimal number (xs:decimal)")
    return Decimal(token)


def _language(text: str, el: etree._Element) -> str:
    token = text.strip()
    if token and not _LANGUAGE_RE.match(token):
        raise ReadError(el, f"{token!r} is not an RFC 3066 language tag (xs:language)")
    return token


def _references(text: str, el: etree._Element) -> tuple[Any, ...]:
    try:
        return tuple(parse_reference(tok) for tok in text.split())
    except ValueError as exc:
        raise ReadError(el, str(exc)) from None


def _quoted_list(text: str, el: etree._Element) -> tuple[str, ...]:
    try:
        return split_quoted(text)
    except ValueError as exc:
        raise ReadError(el, str(exc)) from None


def _polygon(text: str, el: etree._Element) -> Polygon:
    return Polygon.read(text)


def _circle(text: str, el: etree._Element) -> Circle:
    return Circle.read(text)


# ---------------------------------------------------------------------------------------------
# Element specs
# ---------------------------------------------------------------------------------------------
class _Spec:
    """How to read one CAP container element into one model class."""

    __slots__ = (
        "defaults", "dispatch", "kind", "leaves", "model", "nested", "repeated", "required"
    )

    def __init__(
        self,
        kind: str,
        model: type[CapModel],
        leaves: dict[str, tuple[str, Converter]],
        repeated: dict[str, tuple[str, Converter]],
        nested: dict[str, tuple[str, Callable[[etree._Element], Any] | _Spec]],
        required: tuple[tuple[str, str], ...],
    ):
        self.kind = kind
        self.model = model
        self.leaves = {_CAP + k: v for k, v in leaves.items()}
        self.repeated = {_CAP + k: v for k, v in repeated.items()}
        self.nested = {_CAP + k: v for k, v in nested.items()}
        self.required = required
        self.dispatch: dict[str, tuple[int, str, Any]] = {}
        for tag, (field, fn) in self.leaves.items():
            self.dispatch[tag] = (_LEAF, field, fn)
        for tag, (field, fn) in self.repeated.items():
            self.dispatch[tag] = (_REPEAT, field, fn)
        for tag, (field, reader) in self.nested.items():
            self.dispatch[tag] = (_NESTED, field, reader)
        self.defaults = {
            name: field.default
            for name, field in model.model_fields.items()
            if not field.is_required()
        }


def _leaf_text(el: etree._Element) -> str:
    if len(el):
        for child in el:
            if isinstance(child.tag, str):
                raise ReadError(child, f"<{etree.QName(el).localname}> holds text, not elements")
        return "".join(str(t) for t in el.itertext())
    return el.text or ""


_LEAF, _REPEAT, _NESTED = 0, 1, 2


def _read(
    el: etree._Element, spec: _Spec, extra: dict[str, Any] | None, valid: bool
) -> CapModel:
    """Read ``el`` into ``spec.model``. ``valid``: the tree is schema-valid (see read_alert)."""
    if valid:
        return _read_valid(el, spec)
    text = el.text
    if text and not text.isspace():
        raise ReadError(el, f"unexpected text {text.strip()[:40]!r} inside <{spec.kind}>")
    values: dict[str, Any] = dict(spec.defaults)
    if extra:
        values.update(extra)
    lists: dict[str, list[Any]] = {}
    seen: set[str] = set()
    dispatch = spec.dispatch
    for child in el:
        tail = child.tail
        if tail and not tail.isspace():
            raise ReadError(child, f"unexpected text {tail.strip()[:40]!r} after this element")
        tag = child.tag
        entry = dispatch.get(tag)
        if entry is not None:
            how, field, fn = entry
            if how == _NESTED:
                value = _read(child, fn, None, False) if isinstance(fn, _Spec) else fn(child)
            else:
                # inlined _leaf_text(): a leaf normally has no children at all
                value = fn(_leaf_text(child) if len(child) else (child.text or ""), child)
                if how == _LEAF:
                    if field in seen:
                        name = tag[len(_CAP) :]
                        raise ReadError(
                            child, f"<{name}> appears more than once in <{spec.kind}>"
                        )
                    seen.add(field)
                    values[field] = value
                    continue
            items = lists.get(field)
            if items is None:
                lists[field] = [value]
            else:
                items.append(value)
            continue
        if not isinstance(tag, str):  # comment or processing instruction
            continue
        if spec.kind == "alert" and tag.startswith(_DSIG):
            lists.setdefault("signatures", []).append(_signature_bytes(child))
            continue
        if tag.startswith(_CAP):
            raise ReadError(child, f"unexpected element <{tag[len(_CAP):]}> in <{spec.kind}>")
        raise ReadError(child, f"unexpected element <{tag}> in <{spec.kind}>; it is not CAP 1.2")
    for field, found in lists.items():
        values[field] = tuple(found)
    for _name, field in spec.required:
        if field not in values:
            missing = [n for n, f in spec.required if f not in values]
            plural = "s" if len(missing) > 1 else ""
            names = ", ".join(f"<{n}>" for n in missing)
            raise ReadError(el, f"<{spec.kind}> lacks the required element{plural} {names}")
    return _construct(spec.model, values)


def _read_valid(el: etree._Element, spec: _Spec) -> CapModel:
    """:func:`_read` for a schema-valid tree: only dispatch and convert."""
    values: dict[str, Any] = dict(spec.defaults)
    lists: dict[str, list[Any]] = {}
    dispatch = spec.dispatch
    for child in el:
        entry = dispatch.get(child.tag)
        if entry is None:
            tag = child.tag
            if isinstance(tag, str) and tag.startswith(_DSIG):  # the schema's only wildcard
                lists.setdefault("signatures", []).append(_signature_bytes(child))
            continue  # comments and processing instructions
        how, field, fn = entry
        if how == _NESTED:
            # the nested readers are the element specs and the value-pair reader
            value = _read_valid(child, fn) if isinstance(fn, _Spec) else _read_pair_valid(child)
        else:
            value = fn(_leaf_text(child) if len(child) else (child.text or ""), child)
            if how == _LEAF:
                values[field] = value
                continue
        items = lists.get(field)
        if items is None:
            lists[field] = [value]
        else:
            items.append(value)
    for field, found in lists.items():
        values[field] = tuple(found)
    return _construct(spec.model, values)


def _construct(cls: type[CapModel], values: dict[str, Any]) -> CapModel:
    """The model from the spec's filled-in ``values`` (every field present, all checked)."""
    return assemble(cls, values)


def _signature_bytes(el: etree._Element) -> bytes:
    """The signature element as standalone XML that means the same wherever it is pasted.

    The writer puts it inside ``<alert xmlns="...cap:1.2">``; an element in no namespace inside
    it would then fall into the CAP namespace, so the default namespace is undeclared
    (``xmlns=""``) on the fragment when it holds such an element and does not declare one.
    """
    clone = copy.deepcopy(el)
    clone.tail = None
    for e in clone.iter(etree.Element):
        if e.text == "":  # an empty CDATA section: <X><![CDATA[]]></X> is <X/>, written so
            e.text = None
    etree.cleanup_namespaces(clone)
    data = etree.tostring(clone, encoding="utf-8")
    if None not in clone.nsmap and any(
        isinstance(e.tag, str) and not e.tag.startswith("{") for e in clone.iter()
    ):
        end = re.search(rb"[\s/>]", data)
        assert end is not None
        data = data[: end.start()] + b' xmlns=""' + data[end.start() :]
    return data


_VALUE_NAME = _CAP + "valueName"
_VALUE = _CAP + "value"


def _read_pair(el: etree._Element) -> ValuePair:
    # Fast path: exactly <valueName>text</valueName><value>text</value>, whitespace between.
    if len(el) == 2:
        first, second = el[0], el[1]
        if (
            first.tag == _VALUE_NAME
            and second.tag == _VALUE
            and not len(first)
            and not len(second)
            and (not el.text or el.text.isspace())
            and (not first.tail or first.tail.isspace())
            and (not second.tail or second.tail.isspace())
        ):
            return ValuePair(first.text or "", second.text or "")
    return _read_pair_slowly(el)


def _read_pair_valid(el: etree._Element) -> ValuePair:
    """:func:`_read_pair` in a schema-valid tree: <valueName> then <value>, no stray text."""
    if len(el) == 2:
        first, second = el
        if first.tag == _VALUE_NAME and second.tag == _VALUE:
            name = _leaf_text(first) if len(first) else (first.text or "")
            value = _leaf_text(second) if len(second) else (second.text or "")
            return ValuePair(name, value)
    return _read_pair_slowly(el)  # comments or processing instructions in between


def _read_pair_slowly(el: etree._Element) -> ValuePair:
    text = el.text
    if text and not text.isspace():
        raise ReadError(el, f"unexpected text {text.strip()[:40]!r} in a value pair")
    name = value = None
    for child in el:
        tail = child.tail
        if tail and not tail.isspace():
            raise ReadError(child, f"unexpected text {tail.strip()[:40]!r} after this element")
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == _CAP + "valueName" and name is None:
            name = _leaf_text(child)
        elif tag == _CAP + "value" and name is not None and value is None:
            value = _leaf_text(child)
        else:
            local = etree.QName(tag).localname
            raise ReadError(child, f"unexpected <{local}>; a value pair is <valueName> <value>")
    if name is None or value is None:
        raise ReadError(el, "a value pair needs <valueName> then <value>")
    return ValuePair(name, value)


_RESOURCE = _Spec(
    "resource",
    Resource,
    leaves={
        "resourceDesc": ("resource_desc", _text),
        "mimeType": ("mime_type", _text),
        "size": ("size", _integer),
        "uri": ("uri", _token),
        "derefUri": ("deref_uri", _text),
        "digest": ("digest", _text),
    },
    repeated={},
    nested={},
    required=(("resourceDesc", "resource_desc"), ("mimeType", "mime_type")),
)
_AREA = _Spec(
    "area",
    Area,
    leaves={
        "areaDesc": ("area_desc", _text),
        "altitude": ("altitude", _decimal),
        "ceiling": ("ceiling", _decimal),
    },
    repeated={"polygon": ("polygons", _polygon), "circle": ("circles", _circle)},
    nested={"geocode": ("geocodes", _read_pair)},
    required=(("areaDesc", "area_desc"),),
)
_INFO = _Spec(
    "info",
    Info,
    leaves={
        "language": ("language", _language),
        "event": ("event", _text),
        "urgency": ("urgency", _enum(Urgency)),
        "severity": ("severity", _enum(Severity)),
        "certainty": ("certainty", _enum(Certainty)),
        "audience": ("audience", _text),
        "effective": ("effective", _datetime),
        "onset": ("onset", _datetime),
        "expires": ("expires", _datetime),
        "senderName": ("sender_name", _text),
        "headline": ("headline", _text),
        "description": ("description", _text),
        "instruction": ("instruction", _text),
        "web": ("web", _token),
        "contact": ("contact", _text),
    },
    repeated={
        "category": ("categories", _enum(Category)),
        "responseType": ("response_types", _enum(ResponseType)),
    },
    nested={
        "eventCode": ("event_codes", _read_pair),
        "parameter": ("parameters", _read_pair),
        "resource": ("resources", _RESOURCE),
        "area": ("areas", _AREA),
    },
    required=(
        ("category", "categories"),
        ("event", "event"),
        ("urgency", "urgency"),
        ("severity", "severity"),
        ("certainty", "certainty"),
    ),
)
_ALERT = _Spec(
    "alert",
    Alert,
    leaves={
        "identifier": ("identifier", _text),
        "sender": ("sender", _text),
        "sent": ("sent", _datetime),
        "status": ("status", _enum(Status)),
        "msgType": ("msg_type", _enum(MsgType)),
        "source": ("source", _text),
        "scope": ("scope", _enum(Scope)),
        "restriction": ("restriction", _text),
        "addresses": ("addresses", _quoted_list),
        "note": ("note", _text),
        "references": ("references", _references),
        "incidents": ("incidents", _quoted_list),
    },
    repeated={"code": ("codes", _text)},
    nested={"info": ("infos", _INFO)},
    required=(
        ("identifier", "identifier"),
        ("sender", "sender"),
        ("sent", "sent"),
        ("status", "status"),
        ("msgType", "msg_type"),
        ("scope", "scope"),
    ),
)

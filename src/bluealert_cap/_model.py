"""The whole of CAP 1.2 as typed, immutable values.

Every CAP 1.2 element has a field here (snake_case; repeated elements are tuples named in the
plural). Models are frozen pydantic v2 models compared by value with ``==``. Building one that
breaks a CAP rule the types can express raises :class:`~bluealert_cap.InvalidContentError`
naming the field, e.g. a naive date-time, an identifier with a space, a polygon that is not
closed, a Private alert without addresses.

Messages read from third parties (:func:`bluealert_cap.parse`) are held to what the OASIS
schema requires, so that every schema-valid message can be read and written back losslessly;
CAP text rules they break (an unclosed polygon, an identifier with a space) are kept as written
and reported by :func:`bluealert_cap.validate`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.functional_validators import AfterValidator, WrapValidator

from ._errors import InvalidContentError, Problem
from ._geometry import Circle, Point, Polygon

__all__ = [
    "Alert",
    "Area",
    "Category",
    "Certainty",
    "Circle",
    "Info",
    "MsgType",
    "Point",
    "Polygon",
    "Reference",
    "Resource",
    "ResponseType",
    "Scope",
    "Severity",
    "Status",
    "Urgency",
    "ValuePair",
    "format_datetime",
    "parse_datetime",
]


# ---------------------------------------------------------------------------------------------
# Enumerations (CAP 1.2 §3.2)
# ---------------------------------------------------------------------------------------------
class Status(StrEnum):
    """``<status>``: the appropriate handling of the alert message."""

    ACTUAL = "Actual"
    EXERCISE = "Exercise"
    SYSTEM = "System"
    TEST = "Test"
    DRAFT = "Draft"


class MsgType(StrEnum):
    """``<msgType>``: the nature of the alert message."""

    ALERT = "Alert"
    UPDATE = "Update"
    CANCEL = "Cancel"
    ACK = "Ack"
    ERROR = "Error"


class Scope(StrEnum):
    """``<scope>``: the intended distribution of the alert message."""

    PUBLIC = "Public"
    RESTRICTED = "Restricted"
    PRIVATE = "Private"


class Category(StrEnum):
    """``<category>``: the category of the subject event."""

    GEO = "Geo"
    MET = "Met"
    SAFETY = "Safety"
    SECURITY = "Security"
    RESCUE = "Rescue"
    FIRE = "Fire"
    HEALTH = "Health"
    ENV = "Env"
    TRANSPORT = "Transport"
    INFRA = "Infra"
    CBRNE = "CBRNE"
    OTHER = "Other"


class ResponseType(StrEnum):
    """``<responseType>``: the type of action recommended for the target audience."""

    SHELTER = "Shelter"
    EVACUATE = "Evacuate"
    PREPARE = "Prepare"
    EXECUTE = "Execute"
    AVOID = "Avoid"
    MONITOR = "Monitor"
    ASSESS = "Assess"
    ALL_CLEAR = "AllClear"
    NONE = "None"


class Urgency(StrEnum):
    """``<urgency>``: the time available to prepare."""

    IMMEDIATE = "Immediate"
    EXPECTED = "Expected"
    FUTURE = "Future"
    PAST = "Past"
    UNKNOWN = "Unknown"


class Severity(StrEnum):
    """``<severity>``: the intensity of impact."""

    EXTREME = "Extreme"
    SEVERE = "Severe"
    MODERATE = "Moderate"
    MINOR = "Minor"
    UNKNOWN = "Unknown"


class Certainty(StrEnum):
    """``<certainty>``: the confidence in the observation or prediction."""

    OBSERVED = "Observed"
    LIKELY = "Likely"
    POSSIBLE = "Possible"
    UNLIKELY = "Unlikely"
    UNKNOWN = "Unknown"


# ---------------------------------------------------------------------------------------------
# Shared value rules
# ---------------------------------------------------------------------------------------------
_READING: ContextVar[bool] = ContextVar("bluealert_cap_reading", default=False)
"""True while the XML reader builds a model: CAP text rules are relaxed (kept as written)."""
_NESTED: ContextVar[bool] = ContextVar("bluealert_cap_nested", default=False)


def _reading(info: ValidationInfo | None = None) -> bool:
    return _READING.get()


@contextmanager
def reading() -> Iterator[None]:
    """Within this block, models accept values that break CAP text rules (the XML reader's
    lossless mode); the schema-level rules still hold."""
    token = _READING.set(True)
    try:
        yield
    finally:
        _READING.reset(token)


_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    m = _NOT_XML_CHAR.search(value)
    if m:
        raise ValueError(
            f"character U+{ord(m.group()):04X} at position {m.start()} cannot appear in XML 1.0"
        )
    return value


Text = Annotated[str, AfterValidator(_xml_text)]
"""A CAP text value: any string of XML 1.0 characters (empty allowed, CAP §3.2 null values)."""

_ID_FORBIDDEN = re.compile(r"[\s,<&]")


def _identifier(value: str, info: ValidationInfo) -> str:
    _xml_text(value)
    if _reading(info):
        return value
    if not value:
        raise ValueError("must not be empty")
    m = _ID_FORBIDDEN.search(value)
    if m:
        what = {",": "a comma", "<": "'<'", "&": "'&'"}.get(m.group(), "whitespace")
        raise ValueError(
            f"{value!r} contains {what}; CAP 1.2 §3.2.1 forbids spaces, commas, '<' and '&'"
        )
    return value


def _identifier_wrap(value: Any, handler: Any, info: ValidationInfo) -> str:
    return _identifier(handler(value), info)


Identifier = Annotated[str, WrapValidator(_identifier_wrap)]
"""An identifier or sender: no whitespace, commas, ``<`` or ``&`` (CAP 1.2 §3.2.1)."""


# -- date-times (CAP 1.2 §3.3.2) --------------------------------------------------------------
_DT_RE = re.compile(  # ASCII digits only: int() also reads "٢٠٢٦"
    r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)([+-])(\d\d):(\d\d)\Z", re.ASCII
)
_TZ_CACHE: dict[str, timezone] = {}
PLUS_ZERO = timezone(timedelta(0), "+00:00")
"""The zone of a time read as ``+00:00`` (kept so that it is written back as read)."""
MINUS_ZERO = timezone(timedelta(0), "-00:00")
"""The zone of a time read as ``-00:00`` (CAP's spelling of UTC)."""


def _zone(sign: str, hh: str, mm: str) -> timezone:
    key = f"{sign}{hh}:{mm}"
    tz = _TZ_CACHE.get(key)
    if tz is None:
        minutes = int(hh) * 60 + int(mm)
        if minutes == 0:
            tz = PLUS_ZERO if sign == "+" else MINUS_ZERO
        else:
            delta = timedelta(minutes=minutes if sign == "+" else -minutes)
            tz = timezone(delta)
        _TZ_CACHE[key] = tz
    return tz


def parse_datetime(text: str) -> datetime:
    """A CAP date-time (``2026-11-24T02:36:45-05:00``) as an aware ``datetime``.

    The form is CAP 1.2 §3.3.2's: no ``Z``, no fractional seconds, an explicit offset. A zero
    offset keeps its sign (``+00:00`` or ``-00:00``) so that it is written back as read.
    ``24:00:00``, which the CAP schema accepts (XML Schema 1.0: the first instant of the next
    day), is read as that instant and written as ``00:00:00`` of the next day (the same
    xs:dateTime value). Raises ``ValueError`` for anything else.
    """
    m = _DT_RE.match(text.strip())
    if m is None:
        raise ValueError(
            f"{text!r} is not a CAP date-time YYYY-MM-DDThh:mm:ss±hh:mm "
            "(no 'Z', no fractional seconds, explicit offset)"
        )
    y, mo, d, h, mi, s, sign, oh, om = m.groups()
    if int(oh) > 14 or int(om) > 59 or (int(oh) == 14 and int(om) != 0):
        raise ValueError(f"{text!r}: time-zone offset {sign}{oh}:{om} is outside ±14:00")
    end_of_day = h == "24" and mi == "00" and s == "00"
    try:
        tz = _zone(sign, oh, om)
        value = datetime(int(y), int(mo), int(d), 0 if end_of_day else int(h), int(mi), int(s),
                         tzinfo=tz)
        return value + timedelta(days=1) if end_of_day else value
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{text!r} is not a real date-time: {exc}") from None


def format_datetime(value: datetime) -> str:
    """Write an aware ``datetime`` in CAP form; UTC is ``-00:00`` unless it was read as
    ``+00:00``."""
    offset = value.utcoffset()
    if offset is None:
        raise ValueError("a CAP date-time needs a time-zone offset")
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        # Only a zone read as "+00:00" (PLUS_ZERO, or a copy of it) is written with "+".
        sign = "+" if value.tzname() == "+00:00" else "-"
    else:
        sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}T"
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    )


def _datetime_before(value: Any) -> Any:
    if isinstance(value, str):
        return parse_datetime(value)
    if isinstance(value, (int, float)):  # pydantic would read it as Unix time, in UTC
        raise ValueError(
            f"{value!r} is a number; a CAP date-time is a datetime or text such as "
            "2026-11-24T02:30:00-05:00"
        )
    return value


def _datetime_after(value: datetime) -> datetime:
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(
            "a naive date-time is refused: CAP date-times carry a time-zone offset "
            "(use e.g. datetime(..., tzinfo=timezone.utc))"
        )
    if value.microsecond:
        raise ValueError(
            "CAP date-times have whole seconds; drop the fraction (value.replace(microsecond=0))"
        )
    seconds = int(offset.total_seconds())
    if seconds % 60:
        raise ValueError("a CAP time-zone offset is whole minutes (±hh:mm)")
    if abs(seconds) > 14 * 3600:
        raise ValueError("a CAP time-zone offset is within ±14:00")
    return value


CapDateTime = Annotated[
    datetime,
    BeforeValidator(_datetime_before),
    AfterValidator(_datetime_after),
    # JSON in CAP form: pydantic's own writes UTC as "Z", which the CAP form refuses (and it
    # would lose the difference between "+00:00" and "-00:00")
    PlainSerializer(format_datetime, return_type=str, when_used="json"),
]
"""An aware date-time with whole seconds and an offset of whole minutes within ±14:00."""


# -- token lists (addresses, incidents) --------------------------------------------------------
def split_quoted(text: str) -> tuple[str, ...]:
    """Split CAP's space-delimited list where an item containing whitespace is in double quotes
    (``<addresses>``, ``<incidents>``). Raises ``ValueError`` for an unbalanced quote."""
    items: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise ValueError(f"unbalanced double quote at position {i} in {text!r}")
            items.append(text[i + 1 : end])
            i = end + 1
        else:
            j = i
            while j < n and not text[j].isspace():
                if text[j] == '"':
                    raise ValueError(f"double quote inside an item at position {j} in {text!r}")
                j += 1
            items.append(text[i:j])
            i = j
    return tuple(items)


def join_quoted(items: tuple[str, ...]) -> str:
    """Write a CAP space-delimited list, quoting items that contain whitespace or are empty
    (an empty item read as ``""`` is written back as ``""``, not dropped)."""
    return " ".join(f'"{x}"' if not x or any(c.isspace() for c in x) else x for x in items)


def _token_list_before(value: Any) -> Any:
    if isinstance(value, str):
        return split_quoted(value)
    return value


def _token_list_after(
    value: tuple[str, ...] | None, info: ValidationInfo
) -> tuple[str, ...] | None:
    if value is None:
        return None
    for item in value:
        _xml_text(item)
        if '"' in item:
            raise ValueError(f"item {item!r} contains a double quote, which CAP cannot write")
        if not _reading(info) and (not item or not item.strip()):
            raise ValueError("items must not be empty")
    if not value and not _reading(info):
        raise ValueError("give at least one item, or leave the element out (None)")
    return value


# ---------------------------------------------------------------------------------------------
# Base model: frozen values whose construction errors are CapErrors
# ---------------------------------------------------------------------------------------------
def _loc_text(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def problems_from(exc: ValidationError) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into located :class:`Problem` values."""
    problems = []
    errors = exc.errors(include_url=False)
    inner = {tuple(e.get("loc", ()))[:-1] for e in errors}
    for err in errors:
        if err.get("type") == "too_short" and tuple(err.get("loc", ())) in inner:
            # "should have at least 1 item after validation, not 0": its items were refused,
            # each with its own problem; the count only repeats that
            continue
        msg = str(err.get("msg", "invalid"))
        for prefix in ("Value error, ", "Assertion failed, "):
            if msg.startswith(prefix):
                msg = msg[len(prefix) :]
        loc = tuple(p for p in err.get("loc", ()) if not (isinstance(p, str) and "[" in p))
        problems.append(Problem(_loc_text(loc), msg))
    return problems


def _outermost(cls: type, validate: Callable[[], Any]) -> Any:
    """Run a pydantic validation entry point of ``cls``. Nested inside another validation it
    just runs (pydantic adds the field location to its errors); at the outermost level its
    ``ValidationError`` becomes an :class:`InvalidContentError` naming each field."""
    if _NESTED.get():
        return validate()
    token = _NESTED.set(True)
    try:
        return validate()
    except ValidationError as exc:
        raise InvalidContentError(problems_from(exc), what=cls.__name__) from None
    finally:
        _NESTED.reset(token)


class CapModel(BaseModel):
    """Base of every CAP model: frozen, no unknown fields, errors raised as CapErrors."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)

    def __init__(self, /, **data: Any) -> None:
        init = super().__init__
        _outermost(type(self), lambda: init(**data))

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Any:
        """Validate ``obj`` (a dict or model) into this model; raises InvalidContentError."""
        base = super().model_validate
        return _outermost(cls, lambda: base(
            obj, strict=strict, from_attributes=from_attributes, context=context))

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Any:
        """Validate JSON text into this model; raises InvalidContentError (also for text that
        is not JSON), like :meth:`model_validate`."""
        base = super().model_validate_json
        return _outermost(cls, lambda: base(json_data, strict=strict, context=context))

    @classmethod
    def model_validate_strings(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Any:
        """Validate a dict of strings into this model; raises InvalidContentError."""
        base = super().model_validate_strings
        return _outermost(cls, lambda: base(obj, strict=strict, context=context))

    def replace(self, **changes: Any) -> Any:
        """A copy with ``changes`` applied and every rule checked again (unlike model_copy)."""
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(changes)
        return type(self).model_validate(data)


_M = TypeVar("_M", bound=BaseModel)
_set = object.__setattr__


def assemble(cls: type[_M], values: dict[str, Any]) -> _M:
    """An instance of ``cls`` holding ``values``, which must give every field, already typed
    and checked (the XML reader and the Blue Alert composer build models this way).

    This is what ``model_construct`` does for these models (no aliases, extras, private
    attributes or post-init hooks) without its per-call overhead; ``==`` and ``hash`` treat
    the result like a validated instance.
    """
    obj = cls.__new__(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


# ---------------------------------------------------------------------------------------------
# Value pairs and references
# ---------------------------------------------------------------------------------------------
class ValuePair(NamedTuple):
    """A ``valueName``/``value`` pair of ``<eventCode>``, ``<parameter>`` or ``<geocode>``."""

    name: str
    value: str


def _pairs_before(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(ValuePair(str(k), str(v)) for k, v in value.items())
    return value


def _pairs_after(value: tuple[ValuePair, ...]) -> tuple[ValuePair, ...]:
    for pair in value:
        _xml_text(pair.name)
        _xml_text(pair.value)
    return value


ValuePairs = Annotated[
    tuple[ValuePair, ...], BeforeValidator(_pairs_before), AfterValidator(_pairs_after)
]


class Reference(CapModel):
    """One entry of ``<references>``: the extended message identifier ``sender,identifier,sent``."""

    sender: Identifier
    identifier: Identifier
    sent: CapDateTime

    @classmethod
    def parse(cls, text: str) -> Reference:
        """A reference from its CAP form ``sender,identifier,sent``; raises InvalidContentError."""
        try:
            return parse_reference(text)
        except ValueError as exc:
            raise InvalidContentError([Problem("references", str(exc))], what="Reference") from None

    @classmethod
    def to(cls, alert: Alert) -> Reference:
        """The reference that points at ``alert``."""
        return cls(sender=alert.sender, identifier=alert.identifier, sent=alert.sent)

    def __str__(self) -> str:
        return f"{self.sender},{self.identifier},{format_datetime(self.sent)}"


def parse_reference(text: str) -> Reference:
    """One ``sender,identifier,sent`` reference; raises ``ValueError`` naming what is wrong."""
    m = _NOT_XML_CHAR.search(text)
    if m:
        raise ValueError(
            f"reference {text!r}: character U+{ord(m.group()):04X} cannot appear in XML 1.0"
        )
    parts = text.split(",")
    if len(parts) != 3:
        raise ValueError(f"reference {text!r} is not 'sender,identifier,sent'")
    sender, identifier, sent_text = parts
    for what, value in (("sender", sender), ("identifier", identifier)):
        m = _ID_FORBIDDEN.search(value) if value else None
        if not value or m:
            raise ValueError(f"reference {text!r}: the {what} part {value!r} is not a CAP {what}")
    try:
        sent = parse_datetime(sent_text)
    except ValueError as exc:
        raise ValueError(f"reference {text!r}: {exc}") from None
    return Reference.model_construct(sender=sender, identifier=identifier, sent=sent)


def _references_before(value: Any) -> Any:
    if isinstance(value, str):
        return tuple(parse_reference(tok) for tok in value.split())
    if isinstance(value, (list, tuple)):
        return tuple(parse_reference(v) if isinstance(v, str) else v for v in value)
    return value


# ---------------------------------------------------------------------------------------------
# Resource, Area, Info, Alert
# ---------------------------------------------------------------------------------------------
_MIME_RE = re.compile(r"[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\s*;.*)?\Z", re.S)
_URI_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_DECIMAL_TEXT_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")


class Resource(CapModel):
    """``<resource>``: a file (image, audio, ...) that supplements an ``<info>``."""

    resource_desc: Text
    mime_type: Text
    size: int | None = None
    uri: Text | None = None
    deref_uri: str | None = Field(default=None, repr=False)
    digest: Text | None = None

    @field_validator("mime_type")
    @classmethod
    def _mime(cls, v: str, info: ValidationInfo) -> str:
        if not _reading(info) and not _MIME_RE.match(v):
            raise ValueError(f"{v!r} is not a MIME type 'type/subtype' (RFC 2046)")
        return v

    @field_validator("size")
    @classmethod
    def _size(cls, v: int | None, info: ValidationInfo) -> int | None:
        if v is not None and v < 0 and not _reading(info):
            raise ValueError(f"size {v} is negative; it is a size in bytes")
        return v

    @field_validator("deref_uri")
    @classmethod
    def _deref(cls, v: str | None, info: ValidationInfo) -> str | None:
        if v is None or _reading(info):
            return v
        _xml_text(v)
        try:
            base64.b64decode("".join(v.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("deref_uri is not base-64 encoded data") from None
        return v

    @model_validator(mode="after")
    def _uri_rules(self, info: ValidationInfo) -> Resource:
        if _reading(info) or self.uri is None:
            return self
        if not _URI_SCHEME_RE.match(self.uri) and self.deref_uri is None:
            raise ValueError(
                f"uri {self.uri!r} is relative; it must be absolute unless deref_uri is given "
                "(CAP 1.2 §3.2.3)"
            )
        return self

    @classmethod
    def embed(
        cls, resource_desc: str, mime_type: str, data: bytes, *, uri: str | None = None
    ) -> Resource:
        """A resource carrying ``data`` inline (``derefUri``) with its size and SHA-1 digest."""
        return cls(
            resource_desc=resource_desc,
            mime_type=mime_type,
            size=len(data),
            uri=uri,
            deref_uri=base64.b64encode(data).decode("ascii"),
            digest=hashlib.sha1(data).hexdigest(),
        )

    @property
    def data(self) -> bytes | None:
        """The decoded ``derefUri`` content, or ``None`` when there is none.

        Raises ``ValueError`` if the text is not base-64."""
        if self.deref_uri is None:
            return None
        try:
            return base64.b64decode("".join(self.deref_uri.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("derefUri is not valid base-64") from None


def _decimal_before(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if not _DECIMAL_TEXT_RE.match(text):
            raise ValueError(f"{value!r} is not a plain decimal number (xs:decimal)")
        return Decimal(text)
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _decimal_after(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite number")
    return value


CapDecimal = Annotated[Decimal, BeforeValidator(_decimal_before), AfterValidator(_decimal_after)]


def _sound_geometry(value: Any, info: ValidationInfo) -> Any:
    # A Polygon or Circle read from a message (Polygon.read) may break a CAP rule; a model
    # built in code takes it only while reading, like every other CAP text rule.
    if not _reading(info) and value.defects:
        raise ValueError("; ".join(value.defects))
    return value


SoundPolygon = Annotated[Polygon, AfterValidator(_sound_geometry)]
SoundCircle = Annotated[Circle, AfterValidator(_sound_geometry)]


class Area(CapModel):
    """``<area>``: an affected geographic area (the union of its polygons, circles, geocodes).

    ``altitude`` and ``ceiling`` are in feet above mean sea level (WGS 84)."""

    area_desc: Text
    polygons: tuple[SoundPolygon, ...] = ()
    circles: tuple[SoundCircle, ...] = ()
    geocodes: ValuePairs = ()
    altitude: CapDecimal | None = None
    ceiling: CapDecimal | None = None

    @model_validator(mode="after")
    def _ceiling(self, info: ValidationInfo) -> Area:
        if _reading(info) or self.ceiling is None:
            return self
        if self.altitude is None:
            raise ValueError("ceiling is given without altitude (CAP 1.2 §3.2.4)")
        if self.ceiling < self.altitude:
            raise ValueError(f"ceiling {self.ceiling} is below altitude {self.altitude}")
        return self

    def geocode_values(self, name: str) -> list[str]:
        """The values of the geocodes named ``name`` (e.g. ``"SAME"``), in order."""
        return [p.value for p in self.geocodes if p.name == name]


_LANGUAGE_RE = re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*\Z")


class Info(CapModel):
    """``<info>``: one description of the event (per language or parameter band)."""

    language: Text | None = None
    categories: tuple[Category, ...] = Field(min_length=1)
    event: Text
    response_types: tuple[ResponseType, ...] = ()
    urgency: Urgency
    severity: Severity
    certainty: Certainty
    audience: Text | None = None
    event_codes: ValuePairs = ()
    effective: CapDateTime | None = None
    onset: CapDateTime | None = None
    expires: CapDateTime | None = None
    sender_name: Text | None = None
    headline: Text | None = None
    description: Text | None = None
    instruction: Text | None = None
    web: Text | None = None
    contact: Text | None = None
    parameters: ValuePairs = ()
    resources: tuple[Resource, ...] = ()
    areas: tuple[Area, ...] = ()

    @field_validator("language")
    @classmethod
    def _language(cls, v: str | None) -> str | None:
        if v and not _LANGUAGE_RE.match(v):
            raise ValueError(f"{v!r} is not an RFC 3066 language tag such as 'en-US'")
        return v

    @field_validator("web")
    @classmethod
    def _web(cls, v: str | None, info: ValidationInfo) -> str | None:
        if v is not None and not _reading(info) and not _URI_SCHEME_RE.match(v):
            raise ValueError(f"web {v!r} is not a full, absolute URI (CAP 1.2 §3.2.2)")
        return v

    @model_validator(mode="after")
    def _times(self, info: ValidationInfo) -> Info:
        if _reading(info) or self.expires is None:
            return self
        # Only `effective` bounds `expires`: a watch may expire before the event's onset
        # (NWS does this), so onset is not checked here (the cap layer warns).
        if self.effective is not None and self.expires < self.effective:
            raise ValueError(f"expires {format_datetime(self.expires)} is before effective")
        return self

    @property
    def effective_language(self) -> str:
        """The language in effect: ``en-US`` when ``<language>`` is absent or empty (§3.2.2)."""
        return self.language or "en-US"

    def parameter_values(self, name: str) -> list[str]:
        """The values of the parameters named ``name``, in order."""
        return [p.value for p in self.parameters if p.name == name]

    def parameter(self, name: str) -> str | None:
        """The value of the first parameter named ``name``, or ``None``."""
        for p in self.parameters:
            if p.name == name:
                return p.value
        return None

    def event_code_values(self, name: str) -> list[str]:
        """The values of the event codes named ``name`` (e.g. ``"SAME"``), in order."""
        return [p.value for p in self.event_codes if p.name == name]


TokenList = Annotated[
    tuple[str, ...] | None,
    BeforeValidator(_token_list_before),
    AfterValidator(_token_list_after),
]


class Alert(CapModel):
    """``<alert>``: a CAP 1.2 message.

    ``signatures`` holds each XML-Signature element that follows the ``<info>`` blocks,
    verbatim (serialized XML), so a signed message keeps its signature.
    """

    identifier: Identifier
    sender: Identifier
    sent: CapDateTime
    status: Status
    msg_type: MsgType
    source: Text | None = None
    scope: Scope
    restriction: Text | None = None
    addresses: TokenList = None
    codes: tuple[Text, ...] = ()
    note: Text | None = None
    references: Annotated[tuple[Reference, ...] | None, BeforeValidator(_references_before)] = None
    incidents: TokenList = None
    infos: tuple[Info, ...] = ()
    signatures: tuple[bytes, ...] = Field(default=(), repr=False)
    schema_location: Text | None = None
    """An ``xsi:schemaLocation`` hint carried on ``<alert>`` (kept so nothing read is lost)."""

    @field_validator("signatures")
    @classmethod
    def _signatures(cls, v: tuple[bytes, ...], info: ValidationInfo) -> tuple[bytes, ...]:
        # Written verbatim into <alert>: each must be one XML-Signature element, or to_xml()
        # would write a document that is not well-formed or not CAP. Kept in the form the
        # reader gives (so that parse(a.to_xml()) == a).
        if _reading(info) or not v:
            return v
        from ._errors import CapError
        from ._reader import _signature_bytes
        from ._xml import DSIG_NS, load_xml

        out = []
        for i, sig in enumerate(v):
            try:
                root = load_xml(bytes(sig)).root
            except CapError as exc:
                raise ValueError(f"signatures[{i}] is not one XML element: {exc}") from None
            if not str(root.tag).startswith("{" + DSIG_NS + "}"):
                raise ValueError(
                    f"signatures[{i}] is <{root.tag}>, not an XML-Signature element "
                    f"(namespace {DSIG_NS})"
                )
            out.append(_signature_bytes(root))
        return tuple(out)

    @model_validator(mode="after")
    def _alert_rules(self, info: ValidationInfo) -> Alert:
        if _reading(info):
            return self
        if self.scope is Scope.PRIVATE and not self.addresses:
            raise ValueError("scope Private requires addresses (CAP 1.2 §3.2.1)")
        if self.msg_type in (MsgType.UPDATE, MsgType.CANCEL) and not self.references:
            raise ValueError(
                f"msg_type {self.msg_type.value} requires references to the earlier message(s)"
            )
        if self.references == ():
            raise ValueError("give at least one reference, or leave references out (None)")
        for i, inf in enumerate(self.infos):
            if inf.expires is not None and inf.expires < self.sent:
                raise ValueError(
                    f"infos[{i}].expires {format_datetime(inf.expires)} is before sent "
                    f"{format_datetime(self.sent)}"
                )
        return self

    # -- codec -----------------------------------------------------------------------------------
    def to_xml(self, pretty: bool = False) -> bytes:
        """This alert as a CAP 1.2 document: UTF-8, default CAP 1.2 namespace, schema order.

        Serializing, parsing and serializing again gives the same bytes; a signature read
        from a message is written back verbatim as the last child(ren) of ``<alert>``.
        """
        from ._codec import alert_to_xml

        return alert_to_xml(self, pretty=pretty)

    @property
    def reference(self) -> Reference:
        """The reference that points at this alert (for an Update or Cancel of it)."""
        return Reference.to(self)

    def iter_areas(self) -> Iterator[Area]:
        """Every area of every info block, in document order."""
        for inf in self.infos:
            yield from inf.areas


if TYPE_CHECKING:  # pragma: no cover - typing aid only
    _ = (Decimal, InvalidOperation)

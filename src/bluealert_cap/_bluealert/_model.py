"""The Blue Alert domain: what a Blue Alert says, as typed, immutable values.

A :class:`BlueAlert` holds the facts of one Blue Alert message (why it is issued, who issues
it, the incident, the suspects and vehicles, the missing officer, where to look, where to
alert, until when) plus the message identity (identifier, sent time, Alert/Update/Cancel and
the references of an Update or Cancel). :meth:`BlueAlert.to_cap` writes it as an IPAWS-ready
CAP 1.2 :class:`~bluealert_cap.Alert`; :meth:`BlueAlert.from_cap` reads it back.

Building a BlueAlert checks the COPS Office activation criteria (``ipaws-domain.md`` §4): a
reason (officer killed, seriously injured, missing, or an imminent and credible threat), a
description of a suspect or a vehicle for broadcast (for a missing officer: the officer or
the patrol vehicle), and an Update or Cancel refers to earlier messages. A model that breaks a
rule raises :class:`~bluealert_cap.InvalidContentError` naming every field at fault, e.g.
``suspects[0].age``.

Values read from a third-party message (:meth:`BlueAlert.from_cap`) are kept even when they
lack facts: the criteria are not enforced while reading, so that whatever the message carries
comes back and the rest stays empty.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    Field,
    GetJsonSchemaHandler,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.functional_validators import AfterValidator, BeforeValidator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from .._errors import InvalidContentError, Problem
from .._model import (
    CapModel,
    Certainty,
    Identifier,
    MsgType,
    Reference,
    ResponseType,
    Severity,
    SoundCircle,
    SoundPolygon,
    Status,
    Urgency,
    _reading,
    _xml_text,
    parse_datetime,
    parse_reference,
)

if TYPE_CHECKING:
    from .._model import Alert

__all__ = [
    "Agency",
    "BlueAlert",
    "Channel",
    "Incident",
    "LastKnown",
    "MissingOfficer",
    "Photo",
    "Range",
    "Reason",
    "Sex",
    "SpanishText",
    "Suspect",
    "TargetArea",
    "Vehicle",
    "WeaHandling",
]


# ---------------------------------------------------------------------------------------------
# Enumerations
# ---------------------------------------------------------------------------------------------
class Reason(StrEnum):
    """Why the Blue Alert is issued: the activation criteria of the National Blue Alert Act."""

    OFFICER_KILLED = "officer_killed"
    OFFICER_SERIOUSLY_INJURED = "officer_seriously_injured"
    OFFICER_MISSING = "officer_missing"
    IMMINENT_THREAT = "imminent_threat"


class Sex(StrEnum):
    """A person's sex as law-enforcement descriptions give it."""

    MALE = "male"
    FEMALE = "female"


class WeaHandling(StrEnum):
    """The IPAWS ``WEAHandling`` parameter: the WEA alert class (``ipaws-domain.md`` R22)."""

    IMMINENT_THREAT = "Imminent Threat"
    PUBLIC_SAFETY = "Public Safety"


class Channel(StrEnum):
    """An IPAWS dissemination channel a message can be kept from (``BLOCKCHANNEL``, R23)."""

    EAS = "EAS"
    NWEM = "NWEM"
    CMAS = "CMAS"
    PUBLIC = "PUBLIC"
    CAPEXCH = "CAPEXCH"


# ---------------------------------------------------------------------------------------------
# Value types
# ---------------------------------------------------------------------------------------------
def _clean_text(value: str) -> str:
    text = " ".join(value.split())
    _xml_text(text)
    if not text and not _reading():
        raise ValueError("must not be empty (leave the field out instead)")
    return text


Text = Annotated[str, AfterValidator(_clean_text)]
"""Free text: runs of whitespace become one space, ends trimmed; empty is refused."""


def _datetime_after(value: datetime) -> datetime:
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(
            "a date-time needs a time-zone offset, e.g. 2026-11-24T02:30:00-05:00"
        )
    if value.microsecond:
        raise ValueError("date-times have whole seconds in CAP; drop the fraction")
    seconds = int(offset.total_seconds())
    if seconds % 60 or abs(seconds) > 14 * 3600:
        raise ValueError("the time-zone offset must be whole minutes within ±14:00")
    return value


def _datetime_before(value: Any) -> Any:
    if isinstance(value, (int, float)):  # pydantic would read it as Unix time, in UTC
        raise ValueError(
            f"{value!r} is a number; a date-time is text such as 2026-11-24T02:30:00-05:00"
        )
    if isinstance(value, str) and "T24:" in value:
        # XML Schema's end of day (as CAP reads it: the next day's midnight), which pydantic
        # refuses with "unexpected extra characters"
        return parse_datetime(value.strip())
    return value


DateTime = Annotated[
    datetime, BeforeValidator(_datetime_before), AfterValidator(_datetime_after)
]
"""An aware date-time with whole seconds (ISO 8601 text such as ``2026-11-24T02:30:00-05:00``)."""

# Numbers of at most 9 ASCII digits: a longer one is no age, height or weight (and int() refuses
# more than 4,300 digits with a message about Python, not about the value).
_RANGE_RE = re.compile(r"\s*([0-9]{1,9})\s*(?:(?:-|–|to)\s*([0-9]{1,9})\s*)?\Z")
_FEET_RE = re.compile(
    r"""\s*([0-9]{1,9})\s*(?:'|ft|′)\s*(?:([0-9]{1,9})\s*(?:"|in|″|'')?)?\s*\Z"""
)


class Range(CapModel):
    """A whole-number range ``low``-``high`` (one value when ``low == high``).

    Input may be a number (``30``), text (``"30-35"``), a list ``[30, 35]`` or
    ``{"low": 30, "high": 35}``. Heights are in inches and also accept feet and inches
    (``"5'10\\"-6'0\\""``); weights are in pounds; ages in years.
    """

    low: int = Field(ge=0, le=10000)
    high: int = Field(ge=0, le=10000)

    @model_validator(mode="before")
    @classmethod
    def _coerce(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("a range is a number, 'low-high' text or {low, high}")
        if isinstance(value, float):  # 30.0 from JSON written by other languages
            if not value.is_integer():
                raise ValueError(f"{value} is not a whole number")
            value = int(value)
        if isinstance(value, int):
            return {"low": value, "high": value}
        if isinstance(value, (list, tuple)):
            if len(value) == 1:
                return {"low": value[0], "high": value[0]}
            if len(value) == 2:
                return {"low": value[0], "high": value[1]}
            raise ValueError("a range list has one or two numbers")
        if isinstance(value, str):
            return _parse_range(value)
        if not isinstance(value, (dict, Range)):
            raise ValueError(
                f"{value!r} is not a range: give a number, 'low-high' text, [low, high] or "
                "{low, high}"
            )
        return value

    @model_validator(mode="after")
    def _order(self) -> Range:
        if self.high < self.low:
            raise ValueError(f"range {self.low}-{self.high}: high is below low")
        return self

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        obj = handler(schema)
        return {
            "title": "Range",
            "description": "One number, 'low-high' text (heights also 5'10\"-6'1\"), "
            "[low, high] or {low, high}.",
            "anyOf": [
                {"type": "integer", "minimum": 0},
                {"type": "string"},
                {"type": "array", "items": {"type": "integer", "minimum": 0},
                 "minItems": 1, "maxItems": 2},
                obj,
            ],
        }


def _inches(text: str) -> int | None:
    m = _FEET_RE.match(text)
    if m is None:
        return None
    return int(m.group(1)) * 12 + int(m.group(2) or 0)


def _parse_range(text: str) -> dict[str, int]:
    m = _RANGE_RE.match(text)
    if m:
        low = int(m.group(1))
        return {"low": low, "high": int(m.group(2)) if m.group(2) else low}
    parts = re.split(r"\s*(?:–|\bto\b|-)\s*(?=[0-9])", text.strip())
    values = [_inches(p) for p in parts]
    if 1 <= len(values) <= 2 and all(v is not None for v in values):
        nums = [v for v in values if v is not None]
        return {"low": nums[0], "high": nums[-1]}
    shown = text if len(text) <= 40 else text[:37] + "..."
    raise ValueError(
        f"{shown!r} is not a range such as '30', '30-35' or (heights) 5'10\"-6'0\""
    )


def _not_feet(value: Any, info: ValidationInfo) -> Any:
    """Refuse feet-and-inches text for an age or a weight (it would become a number)."""
    if isinstance(value, str) and not _reading(info) and not _RANGE_RE.match(value):
        try:
            _parse_range(value)
        except ValueError:
            return value  # not a range at all: Range says so
        unit = "years" if info.field_name == "age" else "pounds"
        raise ValueError(
            f"{value!r} is feet and inches, which only a height takes; {info.field_name} is in "
            f"{unit}"
        )
    return value


def _plausible_height(value: Range | None, info: ValidationInfo) -> Range | None:
    """Refuse a height under a foot: it is in inches, so "5-10" would be broadcast 0'5"-0'10"."""
    if value is not None and value.low < 12 and not _reading(info):
        raise ValueError(
            f"height {value} is in inches (under one foot); write feet and inches as "
            f"5'10\" (or 5'10\"-6'1\"), or inches as 70"
        )
    return value


def _require_some(model: CapModel, info: ValidationInfo) -> None:
    if _reading(info):
        return
    for name, field in type(model).model_fields.items():
        if getattr(model, name) != field.default:
            return
    raise ValueError(f"an empty {type(model).__name__} says nothing; give a detail or leave it out")


_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _check_absolute_uri(what: str, v: str) -> None:
    """Refuse what the validator would (WEB_IS_ABSOLUTE_URI, URI_IS_ABSOLUTE, the schema's
    xs:anyURI): a URI needs a scheme and something after it, no white space (``Text`` has
    already turned any run of white space, a no-break space included, into one space), and
    RFC 2396 syntax."""
    if not _SCHEME_RE.match(v) or len(v) == _SCHEME_RE.match(v).end():  # type: ignore[union-attr]
        raise ValueError(f"{what} {v!r} is not an absolute URI (https://...)")
    if " " in v:
        raise ValueError(
            f"{what} {v!r} contains white space, which a URI cannot hold (escape it, e.g. %20)"
        )
    from .._validation._schema import is_xsd10_any_uri

    if not is_xsd10_any_uri(v):
        raise ValueError(
            f"{what} {v!r} is not a valid URI (xs:anyURI, RFC 2396/2732): check '%' escapes "
            "(% and two hex digits), a second '#', and '[' or ']' outside an IPv6 host"
        )


class Photo(CapModel):
    """A photo of a suspect or officer, written as a CAP ``<resource>``."""

    uri: Text
    mime_type: Text = "image/jpeg"
    description: Text | None = None

    @field_validator("uri")
    @classmethod
    def _absolute(cls, v: str, info: ValidationInfo) -> str:
        if not _reading(info):
            _check_absolute_uri("photo uri", v)
        return v

    @field_validator("mime_type")
    @classmethod
    def _mime(cls, v: str, info: ValidationInfo) -> str:
        if not _reading(info) and not re.match(r"[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+\Z", v):
            raise ValueError(f"{v!r} is not a MIME type such as image/jpeg")
        return v


class Agency(CapModel):
    """The law-enforcement agency of jurisdiction that issues the alert.

    ``sender_id`` is the CAP ``<sender>`` (the IPAWS COG's registered sender); ``name`` goes to
    ``<senderName>``, ``contact_phone`` to ``<contact>``, ``web`` to ``<web>``.
    """

    name: Text | None = None
    sender_id: Identifier
    contact_phone: Text | None = None
    web: Text | None = None

    @field_validator("web")
    @classmethod
    def _web(cls, v: str | None, info: ValidationInfo) -> str | None:
        if v is not None and not _reading(info):
            _check_absolute_uri("web", v)
        return v


class Incident(CapModel):
    """What happened, when and where."""

    time: DateTime | None = None
    location: Text | None = None
    summary: Text | None = None


class Suspect(CapModel):
    """A suspect as the agency describes them; ``name`` only once it is released."""

    name: Text | None = None
    sex: Sex | None = None
    race: Text | None = None
    age: Range | None = None
    height: Range | None = None
    """In inches."""
    weight: Range | None = None
    """In pounds."""
    hair: Text | None = None
    eyes: Text | None = None
    clothing: Text | None = None
    marks: Text | None = None
    """Scars, marks, tattoos and other distinguishing features."""
    armed: bool | None = None
    dangerous: bool | None = None
    weapon: Text | None = None
    photo: Photo | None = None

    _age_weight = field_validator("age", "weight", mode="before")(_not_feet)
    _height = field_validator("height")(_plausible_height)

    @model_validator(mode="after")
    def _not_empty(self, info: ValidationInfo) -> Suspect:
        _require_some(self, info)
        return self

    @property
    def is_described(self) -> bool:
        """True when the suspect has at least one identifying detail beyond armed/weapon."""
        return any(
            getattr(self, f) is not None
            for f in ("name", "sex", "race", "age", "height", "weight", "hair", "eyes",
                      "clothing", "marks", "photo")
        )


class Vehicle(CapModel):
    """A vehicle: the suspect's, or the missing officer's patrol vehicle."""

    year: int | None = Field(default=None, ge=1886, le=2100)
    make: Text | None = None
    model: Text | None = None
    color: Text | None = None
    body_style: Text | None = None
    plate: Text | None = None
    plate_state: Text | None = None
    partial_plate: bool = False
    """True when ``plate`` is only part of the registration number."""
    features: Text | None = None
    """Damage, stickers, markings, unit number and other features."""
    direction: Text | None = None
    """Direction of travel, e.g. ``northbound on I-70``."""

    @property
    def is_described(self) -> bool:
        """True when the vehicle has at least one identifying detail."""
        return any(
            getattr(self, f) is not None
            for f in ("year", "make", "model", "color", "body_style", "plate", "features")
        )

    @model_validator(mode="after")
    def _partial(self, info: ValidationInfo) -> Vehicle:
        _require_some(self, info)
        if self.partial_plate and self.plate is None and not _reading(info):
            raise ValueError("partial_plate is set but no plate is given")
        return self


class MissingOfficer(CapModel):
    """The missing officer (only where the reason is ``officer_missing``).

    Officer privacy (COPS guidance): the name stays out unless it is set explicitly.
    """

    name: Text | None = None
    sex: Sex | None = None
    race: Text | None = None
    age: Range | None = None
    height: Range | None = None
    weight: Range | None = None
    hair: Text | None = None
    eyes: Text | None = None
    clothing: Text | None = None
    """Uniform or clothing."""
    marks: Text | None = None
    photo: Photo | None = None
    patrol_vehicle: Vehicle | None = None

    _age_weight = field_validator("age", "weight", mode="before")(_not_feet)
    _height = field_validator("height")(_plausible_height)

    @model_validator(mode="after")
    def _not_empty(self, info: ValidationInfo) -> MissingOfficer:
        _require_some(self, info)
        return self

    @property
    def is_described(self) -> bool:
        """True when the officer or the patrol vehicle has an identifying detail."""
        own = any(
            getattr(self, f) is not None
            for f in ("name", "sex", "race", "age", "height", "weight", "hair", "eyes",
                      "clothing", "marks", "photo")
        )
        return own or (self.patrol_vehicle is not None and self.patrol_vehicle.is_described)


class LastKnown(CapModel):
    """Where and when the suspect (or missing officer) was last seen, and heading where."""

    location: Text | None = None
    time: DateTime | None = None
    direction: Text | None = None

    @model_validator(mode="after")
    def _not_empty(self, info: ValidationInfo) -> LastKnown:
        _require_some(self, info)
        return self


_SAME_RE = re.compile(r"[0-9]{6}\Z")


class TargetArea(CapModel):
    """One alerted area: a CAP ``<area>`` (description, SAME codes, polygons, circles)."""

    description: Text
    same_codes: tuple[str, ...] = ()
    """SAME/FIPS location codes ``PSSCCC`` (``024013`` = all of Carroll County, MD)."""
    polygons: tuple[SoundPolygon, ...] = ()
    circles: tuple[SoundCircle, ...] = ()

    @field_validator("same_codes", mode="before")
    @classmethod
    def _codes_before(cls, v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            return tuple(f"{x:06d}" if isinstance(x, int) and not isinstance(x, bool) else x
                         for x in v)
        return v

    @field_validator("same_codes")
    @classmethod
    def _codes(cls, v: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        if _reading(info):
            return v
        from .._validation._codes import SAME_ALL_US, SAME_AREA_PREFIXES

        for code in v:
            if not _SAME_RE.match(code):
                raise ValueError(f"SAME code {code!r} is not six digits PSSCCC")
            if code != SAME_ALL_US and code[1:3] not in SAME_AREA_PREFIXES:
                raise ValueError(
                    f"SAME code {code!r}: {code[1:3]!r} is not a state/territory FIPS code"
                )
        if len(set(v)) != len(v):
            raise ValueError("a SAME code is listed twice")
        return v


class SpanishText(CapModel):
    """Ask for a Spanish (``es-US``) info block; the free text is given in Spanish here.

    Fixed phrases (event, reason, labels, instruction) are translated by the library; the
    facts themselves (names, colours, places) are written as supplied in the English fields
    unless a Spanish version is given here.
    """

    incident_summary: Text | None = None
    last_known_location: Text | None = None
    additional_info: Text | None = None


# ---------------------------------------------------------------------------------------------
# Reason → CAP values (documented in docs/bluealert.md)
# ---------------------------------------------------------------------------------------------
REASON_CAP: dict[Reason, tuple[Urgency, Severity, Certainty, tuple[ResponseType, ...]]] = {
    Reason.OFFICER_KILLED: (
        Urgency.IMMEDIATE, Severity.SEVERE, Certainty.OBSERVED,
        (ResponseType.AVOID, ResponseType.MONITOR),
    ),
    Reason.OFFICER_SERIOUSLY_INJURED: (
        Urgency.IMMEDIATE, Severity.SEVERE, Certainty.OBSERVED,
        (ResponseType.AVOID, ResponseType.MONITOR),
    ),
    Reason.OFFICER_MISSING: (
        Urgency.IMMEDIATE, Severity.SEVERE, Certainty.OBSERVED,
        (ResponseType.MONITOR,),
    ),
    Reason.IMMINENT_THREAT: (
        Urgency.IMMEDIATE, Severity.SEVERE, Certainty.LIKELY,
        (ResponseType.AVOID, ResponseType.MONITOR),
    ),
}
"""Urgency, severity, certainty and response types of an Alert or Update, per reason."""

CANCEL_CAP: tuple[Urgency, Severity, Certainty, tuple[ResponseType, ...]] = (
    Urgency.PAST, Severity.MINOR, Certainty.OBSERVED, (ResponseType.ALL_CLEAR,),
)
"""The values of a Cancel: the threat is over (suspect in custody, officer found)."""

_IT_URGENCY = {Urgency.IMMEDIATE, Urgency.EXPECTED}
_IT_SEVERITY = {Severity.EXTREME, Severity.SEVERE}
_IT_CERTAINTY = {Certainty.OBSERVED, Certainty.LIKELY}


def cap_values(
    reason: Reason | None, msg_type: MsgType
) -> tuple[Urgency, Severity, Certainty, tuple[ResponseType, ...]]:
    """The urgency, severity, certainty and response types a message of this kind carries."""
    if msg_type is MsgType.CANCEL:
        return CANCEL_CAP
    if reason is None:
        return (Urgency.UNKNOWN, Severity.UNKNOWN, Certainty.UNKNOWN, ())
    return REASON_CAP[reason]


def meets_imminent_threat(reason: Reason | None, msg_type: MsgType) -> bool:
    """True when the message's U/S/C meet the FCC Imminent Threat minimums (47 CFR 10.400)."""
    u, s, c, _ = cap_values(reason, msg_type)
    return u in _IT_URGENCY and s in _IT_SEVERITY and c in _IT_CERTAINTY


# ---------------------------------------------------------------------------------------------
# The Blue Alert
# ---------------------------------------------------------------------------------------------
_CRITERIA_MARK = "Blue Alert criteria:\n"


def _relocate(exc: InvalidContentError) -> InvalidContentError:
    """Split the whole-model criteria problems into one problem per field path."""
    problems: list[Problem] = []
    for p in exc.problems:
        if _CRITERIA_MARK in p.message:
            for line in p.message.split(_CRITERIA_MARK, 1)[1].split("\n"):
                field, _, message = line.partition(": ")
                loc = f"{p.location}.{field}" if p.location else field
                problems.append(Problem(loc, message))
        else:
            problems.append(p)
    return InvalidContentError(problems, what="BlueAlert")


# ---------------------------------------------------------------------------------------------
class BlueAlert(CapModel):
    """One Blue Alert message (Alert, Update or Cancel) and all the facts it carries.

    ``identifier`` and ``sent`` are fields, so :meth:`to_cap` is deterministic; use
    :meth:`new` to have them filled. ``wea_handling`` left out defaults to ``Imminent Threat``
    when the message meets the FCC minimums (every Alert/Update does) and ``Public Safety``
    otherwise (a Cancel); ``None`` writes no ``WEAHandling`` parameter.
    """

    identifier: Identifier
    sent: DateTime
    status: Status = Status.ACTUAL
    msg_type: MsgType = MsgType.ALERT
    references: tuple[Reference, ...] = ()
    note: Text | None = None
    reason: Reason | None = None
    agency: Agency
    incident: Incident = Incident()
    suspects: tuple[Suspect, ...] = ()
    vehicles: tuple[Vehicle, ...] = ()
    officer: MissingOfficer | None = None
    last_known: LastKnown | None = None
    areas: tuple[TargetArea, ...] = ()
    expires: DateTime | None = None
    time_zone: Text | None = None
    """Time-zone abbreviation for texts (``EST``); also the IPAWS ``timezone`` parameter."""
    wea_handling: WeaHandling | None = None
    block_channels: tuple[Channel, ...] = ()
    additional_info: Text | None = None
    cancel_reason: Text | None = None
    """Why a Cancel is sent, e.g. ``Suspect in custody``."""
    spanish: SpanishText | None = None

    @model_validator(mode="before")
    @classmethod
    def _defaults(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict) and "wea_handling" not in data and not _reading(info):
            reason = data.get("reason")
            msg_type = data.get("msg_type", MsgType.ALERT)
            try:
                r = Reason(reason) if reason is not None else None
                m = MsgType(msg_type)
            except ValueError:
                return data  # the field validators report the bad value
            data = dict(data)
            data["wea_handling"] = (
                WeaHandling.IMMINENT_THREAT if r is not None and meets_imminent_threat(r, m)
                else WeaHandling.PUBLIC_SAFETY
            )
        return data

    @field_validator("msg_type")
    @classmethod
    def _kind(cls, v: MsgType) -> MsgType:
        if v not in (MsgType.ALERT, MsgType.UPDATE, MsgType.CANCEL):
            raise ValueError(f"a Blue Alert is an Alert, Update or Cancel, not {v.value}")
        return v

    @field_validator("references", mode="before")
    @classmethod
    def _refs(cls, v: Any) -> Any:
        # parse_reference's ValueError names the reference and what is wrong with it
        if isinstance(v, str):
            return tuple(parse_reference(t) for t in v.split())
        if isinstance(v, (list, tuple)):
            return tuple(parse_reference(x) if isinstance(x, str) else x for x in v)
        return v

    @field_validator("block_channels")
    @classmethod
    def _channels(cls, v: tuple[Channel, ...]) -> tuple[Channel, ...]:
        if len(set(v)) != len(v):
            raise ValueError("a channel is listed twice")
        return v

    @model_validator(mode="after")
    def _criteria(self, info: ValidationInfo) -> BlueAlert:
        if _reading(info):
            return self
        problems: list[str] = []
        if self.reason is None:
            problems.append(
                "reason: no activation criterion; a Blue Alert is issued when an officer is "
                "killed (officer_killed), seriously injured (officer_seriously_injured), "
                "missing (officer_missing), or under an imminent and credible threat "
                "(imminent_threat)"
            )
        if self.msg_type is not MsgType.CANCEL:
            if self.reason is Reason.OFFICER_MISSING:
                described = (self.officer is not None and self.officer.is_described) or any(
                    s.is_described for s in self.suspects
                ) or any(v.is_described for v in self.vehicles)
                if not described:
                    problems.append(
                        "officer: a missing-officer Blue Alert needs a description of the "
                        "officer or the patrol vehicle (or of a suspect or vehicle)"
                    )
            elif not (
                any(s.is_described for s in self.suspects)
                or any(v.is_described for v in self.vehicles)
                or (self.officer is not None and self.officer.is_described)
            ):
                problems.append(
                    "suspects: a Blue Alert needs a description of a suspect or of a "
                    "vehicle (make, model, colour or plate) for broadcast; none is given"
                )
        if self.officer is not None and self.reason not in (Reason.OFFICER_MISSING, None):
            problems.append(
                "officer: officer details are only carried when the reason is officer_missing "
                "(officer privacy)"
            )
        if not self.areas:
            problems.append("areas: give at least one target area (SAME codes or a polygon)")
        if self.expires is None:
            problems.append("expires: a Blue Alert needs an expiry time (IPAWS requires it)")
        elif self.expires <= self.sent:
            problems.append("expires: the expiry time is not after sent")
        if self.msg_type is not MsgType.ALERT and not self.references:
            problems.append(
                f"references: an {self.msg_type.value} must reference the earlier message(s)"
            )
        if (
            self.wea_handling is WeaHandling.IMMINENT_THREAT
            and not meets_imminent_threat(self.reason, self.msg_type)
        ):
            u, s, c, _ = cap_values(self.reason, self.msg_type)
            problems.append(
                f"wea_handling: Imminent Threat needs urgency Immediate/Expected, severity "
                f"Extreme/Severe and certainty Observed/Likely (47 CFR 10.400(b)); this "
                f"{self.msg_type.value} has {u.value}/{s.value}/{c.value}"
            )
        if self.cancel_reason is not None and self.msg_type is not MsgType.CANCEL:
            problems.append("cancel_reason: only a Cancel carries a cancel reason")
        if problems:
            raise ValueError(_CRITERIA_MARK + "\n".join(problems))
        return self

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except InvalidContentError as exc:
            raise _relocate(exc) from None

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Any:
        """Validate ``obj`` (a dict, e.g. parsed JSON) into a BlueAlert; raises
        InvalidContentError listing every problem with its field path."""
        try:
            return super().model_validate(obj, **kwargs)
        except InvalidContentError as exc:
            raise _relocate(exc) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Any:
        """Validate JSON text (e.g. a compose input file) into a BlueAlert; raises
        InvalidContentError listing every problem with its field path."""
        try:
            return super().model_validate_json(json_data, **kwargs)
        except InvalidContentError as exc:
            raise _relocate(exc) from None

    # -- constructors ---------------------------------------------------------------------------
    @classmethod
    def new(cls, **fields: Any) -> BlueAlert:
        """A Blue Alert with ``identifier`` (a UUID-based id) and ``sent`` (now, whole
        seconds, local offset) filled when not given. They are ordinary fields afterwards."""
        if "identifier" not in fields:
            fields["identifier"] = f"BLU-{uuid.uuid4()}"
        if "sent" not in fields:
            fields["sent"] = datetime.now(UTC).astimezone().replace(microsecond=0)
        result: BlueAlert = cls.model_validate(fields)
        return result

    def update(self, *, identifier: str, sent: datetime, **changes: Any) -> BlueAlert:
        """An Update of this alert: the same facts (and WEA class) with ``changes`` applied,
        referencing this message and every message this one referenced."""
        return self._follow_up(MsgType.UPDATE, identifier, sent, changes)

    def cancel(
        self, *, identifier: str, sent: datetime, reason: str = "Suspect in custody",
        **changes: Any,
    ) -> BlueAlert:
        """A Cancel of this alert (e.g. suspect in custody, officer found), referencing it and
        every message it referenced. An Imminent Threat class becomes Public Safety (a Cancel
        does not meet the FCC minimums); any other class is kept."""
        changes.setdefault("cancel_reason", reason)
        return self._follow_up(MsgType.CANCEL, identifier, sent, changes)

    def _follow_up(
        self, kind: MsgType, identifier: str, sent: datetime, changes: dict[str, Any]
    ) -> BlueAlert:
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data["cancel_reason"] = None
        if kind is MsgType.CANCEL and self.wea_handling is WeaHandling.IMMINENT_THREAT:
            data.pop("wea_handling")  # a Cancel does not meet the minimums: default again
        data.update(
            identifier=identifier,
            sent=sent,
            msg_type=kind,
            references=(*self.references, self.reference),
            note=None,
        )
        data.update(changes)
        result: BlueAlert = type(self).model_validate(data)
        return result

    @property
    def reference(self) -> Reference:
        """The reference that points at this message (``sender,identifier,sent``)."""
        return Reference.model_construct(
            sender=self.agency.sender_id, identifier=self.identifier, sent=self.sent
        )

    # -- CAP ------------------------------------------------------------------------------------
    def to_cap(self) -> Alert:
        """This Blue Alert as an IPAWS-ready CAP 1.2 alert (deterministic: same model, same
        message). See ``docs/bluealert.md`` for every choice it makes."""
        from ._compose import compose

        return compose(self)

    @classmethod
    def from_cap(cls, alert: Alert) -> BlueAlert:
        """The Blue Alert a CAP message carries.

        Exact for messages :meth:`to_cap` writes; for a third-party Blue Alert (SAME ``BLU``)
        the facts it carries come back and the rest stays empty. Raises
        :class:`~bluealert_cap.InvalidContentError` only when the message is not a Blue Alert.
        """
        from ._read import read

        return read(alert)


"""Texts of a Blue Alert: headline, description, instruction and the WEA texts.

The WEA texts (``CMAMtext`` ≤ 90 and ``CMAMlongtext`` ≤ 360 characters) are assembled from
segments, each with variants from long to short. The most actionable facts are placed first
(short form), in this priority: the fixed head and the call to action, each vehicle with its
plate, each suspect, the direction of travel, the armed flag, the reason, the expiry time,
the agency; then each placed segment is lengthened as far as the limit allows. The plate is
in every vehicle variant, so it is the last fact to go.

WEA character rule (``ipaws-domain.md`` R20a; ``docs/bluealert.md``): WEA text holds only
characters of the GSM 03.38 default alphabet and its extension table (3GPP TS 23.038), since
cell broadcast carries either that alphabet or UCS-2 and handsets are only sure to show the
former. :func:`to_gsm` maps everything else: typographic quotes and dashes to ASCII, letters
with accents the alphabet lacks to the base letter (``á`` → ``a``; ``é``, ``ñ``, ``ü`` stay),
other symbols to a close ASCII form or ``?``; control characters and line breaks become spaces.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, TypeVar

from pydantic import BaseModel

from .._model import MsgType
from .._validation._codes import GSM_CHARACTERS
from ._model import (
    BlueAlert,
    MissingOfficer,
    Range,
    Reason,
    Sex,
    Suspect,
    Vehicle,
)

__all__ = ["CMAM_LONG_LIMIT", "CMAM_TEXT_LIMIT", "Texts", "texts", "to_gsm"]

CMAM_TEXT_LIMIT = 90
CMAM_LONG_LIMIT = 360
HEADLINE_LIMIT = 160

# -- GSM 03.38 ---------------------------------------------------------------------------------
_WEA_SAFE = frozenset(GSM_CHARACTERS) - {"\n", "\r", "\f"}
_REPLACE = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2039": "'", "\u203a": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2026": "...", "\u2022": "*", "\u00b7": ".", "\u00d7": "x",
    "\u00b0": " deg", "\u00a9": "(c)", "\u00ae": "(R)", "\u2122": "TM", "\u00bd": "1/2",
    "\u00bc": "1/4", "\u00be": "3/4", "\u00e7": "c", "\u00f0": "d", "\u00d0": "D",
    "\u00fe": "th", "\u00de": "Th", "\u0153": "oe", "\u0152": "OE", "\u0142": "l",
    "\u0141": "L", "\u0111": "d", "\u0110": "D", "`": "'", "\u00b4": "'", "\u00a2": "c",
}


_SAFE_CLASS = "".join(re.escape(c) for c in sorted(_WEA_SAFE))
_UNSAFE = re.compile("[^" + _SAFE_CLASS + "]|  |^ | $")
_UNSAFE_CHAR = re.compile("[^" + _SAFE_CLASS + "]")
_CHAR_CACHE: dict[str, str] = {}


def _gsm_char(ch: str) -> str:
    """The replacement of one character outside the WEA-safe set."""
    if ch in _REPLACE:
        return _REPLACE[ch]
    if ch.isspace() or unicodedata.category(ch)[0] in ("C", "Z"):
        return " "
    if unicodedata.combining(ch):
        return ""
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if base and all(c in _WEA_SAFE for c in base):
        return base
    return "?"


def _replace_char(m: re.Match[str]) -> str:
    ch = m.group()
    out = _CHAR_CACHE.get(ch)
    if out is None:
        out = _CHAR_CACHE[ch] = _gsm_char(ch)
    return out


@lru_cache(maxsize=4096)
def to_gsm(text: str) -> str:
    """``text`` with every character a WEA handset may not show replaced (see module doc).

    The result uses only GSM 03.38 default-alphabet and extension characters, with no line
    breaks; whitespace runs become one space.
    """
    if not _UNSAFE.search(text):
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = _UNSAFE_CHAR.sub(_replace_char, text)
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        text = " ".join(text.split(" "))
        text = " ".join(text.split())
    return text


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a word boundary when possible."""
    if len(text) <= limit:
        return text
    cut = text[: limit]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-")


# -- phrases -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Phrases:
    """The fixed phrases of one language."""

    language: str
    event: str
    head: str
    reason: dict[Reason, str]
    reason_short: dict[Reason, str]
    sex: dict[Sex, str]
    suspect: str
    vehicle: str
    officer: str
    patrol_vehicle: str
    plate: str
    partial_plate: str
    age: str
    hair: str
    eyes: str
    wearing: str
    marks: str
    armed_dangerous: str
    armed: str
    dangerous: str
    armed_short: str
    weapon: str
    photo: str
    heading: str
    last_seen: str
    at: str
    on_date: str
    incident: str
    issued_by: str
    info_call: str
    more_info: str
    instruction: str
    instruction_missing: str
    instruction_cancel: str
    tips: str
    action_long: str
    action_short: str
    until: str
    cancelled: str
    cancelled_head: str
    updated: str
    seeks: str
    months: tuple[str, ...]


EN = Phrases(
    language="en-US",
    event="Blue Alert",
    head="Blue Alert:",
    reason={
        Reason.OFFICER_KILLED: "A law enforcement officer was killed in the line of duty.",
        Reason.OFFICER_SERIOUSLY_INJURED:
            "A law enforcement officer was seriously injured in the line of duty.",
        Reason.OFFICER_MISSING: "A law enforcement officer is missing in the line of duty.",
        Reason.IMMINENT_THREAT:
            "There is an imminent and credible threat to law enforcement officers.",
    },
    reason_short={
        Reason.OFFICER_KILLED: "Officer killed.",
        Reason.OFFICER_SERIOUSLY_INJURED: "Officer seriously injured.",
        Reason.OFFICER_MISSING: "Missing officer.",
        Reason.IMMINENT_THREAT: "Threat to officers.",
    },
    sex={Sex.MALE: "male", Sex.FEMALE: "female"},
    suspect="Suspect",
    vehicle="Vehicle",
    officer="Missing officer",
    patrol_vehicle="Patrol vehicle",
    plate="plate",
    partial_plate="partial plate",
    age="age",
    hair="{} hair",
    eyes="{} eyes",
    wearing="wearing",
    marks="marks",
    armed_dangerous="Armed and dangerous.",
    armed="Armed.",
    dangerous="Dangerous.",
    armed_short="Armed & dangerous.",
    weapon="weapon",
    photo="photo",
    heading="heading",
    last_seen="Last seen",
    at="at",
    on_date="on",
    incident="Incident",
    issued_by="Issued by",
    info_call="Information: call",
    more_info="More:",
    instruction="Do not approach. Call 911.",
    instruction_missing=(
        "Do not approach. Call 911 if you see the officer, the patrol vehicle or a suspect."
    ),
    instruction_cancel="No further action is needed. Thank you for your help.",
    tips="Tips:",
    action_long="Do not approach. Call 911.",
    action_short="Call 911.",
    until="Until",
    cancelled="The Blue Alert is cancelled:",
    cancelled_head="Blue Alert cancelled:",
    updated="Update:",
    seeks="seeks",
    months=("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
            "Dec"),
)

ES = Phrases(
    language="es-US",
    event="Alerta Azul",
    head="Alerta Azul:",
    reason={
        Reason.OFFICER_KILLED: "Un agente del orden murió en cumplimiento del deber.",
        Reason.OFFICER_SERIOUSLY_INJURED:
            "Un agente del orden resultó gravemente herido en cumplimiento del deber.",
        Reason.OFFICER_MISSING: "Un agente del orden está desaparecido en cumplimiento del deber.",
        Reason.IMMINENT_THREAT:
            "Existe una amenaza inminente y creíble contra agentes del orden.",
    },
    reason_short={
        Reason.OFFICER_KILLED: "Agente muerto.",
        Reason.OFFICER_SERIOUSLY_INJURED: "Agente gravemente herido.",
        Reason.OFFICER_MISSING: "Agente desaparecido.",
        Reason.IMMINENT_THREAT: "Amenaza contra agentes.",
    },
    sex={Sex.MALE: "hombre", Sex.FEMALE: "mujer"},
    suspect="Sospechoso",
    vehicle="Vehículo",
    officer="Agente desaparecido",
    patrol_vehicle="Patrulla",
    plate="placa",
    partial_plate="placa parcial",
    age="edad",
    hair="cabello {}",
    eyes="ojos {}",
    wearing="vestía",
    marks="señas",
    armed_dangerous="Armado y peligroso.",
    armed="Armado.",
    dangerous="Peligroso.",
    armed_short="Armado y peligroso.",
    weapon="arma",
    photo="foto",
    heading="rumbo",
    last_seen="Visto por última vez",
    at="en",
    on_date="el",
    incident="Incidente",
    issued_by="Emitida por",
    info_call="Información: llame al",
    more_info="Más:",
    instruction="No se acerque. Llame al 911.",
    instruction_missing=(
        "No se acerque. Llame al 911 si ve al agente, la patrulla o un sospechoso."
    ),
    instruction_cancel="No se requiere ninguna acción. Gracias por su ayuda.",
    tips="Pistas:",
    action_long="No se acerque. Llame al 911.",
    action_short="Llame al 911.",
    until="Hasta",
    cancelled="La Alerta Azul queda cancelada:",
    cancelled_head="Alerta Azul cancelada:",
    updated="Actualización:",
    seeks="busca",
    months=("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov",
            "dic"),
)


# -- fact phrases ------------------------------------------------------------------------------
def height_text(r: Range) -> str:
    """A height range in inches as feet and inches: ``5'10"-6'1"``."""

    def one(v: int) -> str:
        return f"{v // 12}'{v % 12}\""

    return one(r.low) if r.low == r.high else f"{one(r.low)}-{one(r.high)}"


def weight_text(r: Range) -> str:
    return f"{r} lb"


ZONE_OFFSETS: dict[str, int] = {
    "UTC": 0, "GMT": 0,
    "AST": -4 * 60, "ADT": -3 * 60,  # Atlantic (Puerto Rico, US Virgin Islands)
    "EST": -5 * 60, "EDT": -4 * 60, "CST": -6 * 60, "CDT": -5 * 60,
    "MST": -7 * 60, "MDT": -6 * 60, "PST": -8 * 60, "PDT": -7 * 60,
    "AKST": -9 * 60, "AKDT": -8 * 60, "HST": -10 * 60, "HDT": -9 * 60,
    "SST": -11 * 60, "CHST": 10 * 60,  # Samoa; Chamorro (Guam, Northern Mariana Islands)
}
"""UTC offsets, in minutes, of the US time-zone abbreviations a ``timezone`` parameter holds."""


_ZONES: dict[str, tuple[timedelta, timezone]] = {
    name: (timedelta(minutes=m), timezone(timedelta(minutes=m)))
    for name, m in ZONE_OFFSETS.items()
}


def in_zone(dt: datetime, zone: str | None) -> datetime:
    """``dt`` on the clock of ``zone`` when it is a known abbreviation (``EST``), so that a time
    given in another offset (UTC, say) is not printed next to the wrong zone; else as given."""
    if not zone:
        return dt
    known = _ZONES.get(zone) or _ZONES.get(zone.strip().upper())
    if known is None or dt.utcoffset() == known[0]:  # unknown, or already on its clock
        return dt
    try:
        return dt.astimezone(known[1])
    except OverflowError:  # within hours of year 1 or 9999: keep the time as given
        return dt


def clock(dt: datetime, zone: str | None, p: Phrases) -> str:
    """``6:30 AM EST`` on the zone's clock (see :func:`in_zone`; with no zone, in the time's
    own offset, named ``UTC-05:00``)."""
    dt = in_zone(dt, zone)
    hour = dt.hour % 12 or 12
    ampm = "AM" if dt.hour < 12 else "PM"
    if zone is None:
        off = dt.utcoffset()
        minutes = int(off.total_seconds()) // 60 if off is not None else 0
        sign = "-" if minutes < 0 else "+"
        minutes = abs(minutes)
        zone = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{hour}:{dt.minute:02d} {ampm} {zone}"


def when(dt: datetime, zone: str | None, p: Phrases) -> str:
    """``6:30 AM EST on Nov 24`` (date and time)."""
    dt = in_zone(dt, zone)
    return f"{clock(dt, zone, p)} {p.on_date} {p.months[dt.month - 1]} {dt.day}"


def _join(parts: Sequence[str | None], sep: str = ", ") -> str:
    return sep.join([p for p in parts if p])


def person_parts(s: Suspect | MissingOfficer, p: Phrases) -> list[str]:
    """The physical description of a person, in order, without the name."""
    out: list[str | None] = [
        p.sex[s.sex] if s.sex else None,
        s.race,
        f"{p.age} {s.age}" if s.age else None,
        height_text(s.height) if s.height else None,
        weight_text(s.weight) if s.weight else None,
        _feature(p.hair, s.hair) if s.hair else None,
        _feature(p.eyes, s.eyes) if s.eyes else None,
        f"{p.wearing} {s.clothing}" if s.clothing else None,
        f"{p.marks}: {s.marks}" if s.marks else None,
    ]
    return [x for x in out if x]


def _feature(pattern: str, value: str) -> str:
    """``brown hair`` for a short value, ``hair: black, shaved on the sides`` otherwise."""
    if "," in value or len(value.split()) > 2:
        label = pattern.replace("{}", "").strip()
        return f"{label}: {value}"
    return pattern.format(value)


def vehicle_core(v: Vehicle) -> str:
    """``white 2015 Ford F-150 pickup``."""
    return _join([v.color, str(v.year) if v.year else None, v.make, v.model, v.body_style], " ")


def plate_text(v: Vehicle, p: Phrases) -> str | None:
    if v.plate is None:
        return None
    label = p.partial_plate if v.partial_plate else p.plate
    return _join([v.plate_state, label, v.plate], " ")


def vehicle_sentence(v: Vehicle, p: Phrases, label: str) -> str:
    parts = [vehicle_core(v) or None, plate_text(v, p), v.features,
             f"{p.heading} {v.direction}" if v.direction else None]
    return f"{label}: {_join(parts)}."


def suspect_sentence(s: Suspect, p: Phrases, label: str) -> str:
    body = _join([s.name, *person_parts(s, p)])
    extra: list[str] = []
    if s.armed and s.dangerous:
        extra.append(p.armed_dangerous)
    elif s.armed:
        extra.append(p.armed)
    elif s.dangerous:
        extra.append(p.dangerous)
    if s.weapon:
        extra.append(f"{p.weapon.capitalize()}: {s.weapon}.")
    if s.photo:
        extra.append(f"{p.photo.capitalize()}: {s.photo.uri}")
    sentence = f"{label}: {body}." if body else f"{label}."
    return _join([sentence, *extra], " ")


# -- GSM views: facts and phrases mapped once, so every WEA variant is GSM-safe -----------------
def _gsm_value(value: Any, optional: bool) -> Any:
    if type(value) is str:
        g = to_gsm(value)
        return None if not g and optional else g
    if isinstance(value, BaseModel):
        return _gsm_view(value)
    if type(value) is tuple and value and isinstance(value[0], BaseModel):
        views = tuple(_gsm_view(v) for v in value)
        return value if all(a is b for a, b in zip(views, value, strict=True)) else views
    return value


_M = TypeVar("_M", bound=BaseModel)


def _gsm_view(model: _M) -> _M:
    """A copy of ``model`` whose text fields went through :func:`to_gsm` (not validated again:
    only the WEA text builder reads it). Text that maps to nothing becomes ``None`` where the
    field is optional."""
    current = model.__dict__
    values: dict[str, Any] | None = None  # copied on the first change (most views change none)
    for name, optional in _text_fields(type(model)):
        old = current[name]
        if old is None or old is True or old is False:
            continue
        new = _gsm_value(old, optional)
        if new is not old:
            if values is None:
                values = dict(current)
            values[name] = new
    if values is None:
        return model
    view = type(model).__new__(type(model))
    object.__setattr__(view, "__dict__", values)
    object.__setattr__(view, "__pydantic_fields_set__", model.__pydantic_fields_set__)
    object.__setattr__(view, "__pydantic_extra__", None)
    object.__setattr__(view, "__pydantic_private__", None)
    return view


_SKIP_VIEW = frozenset({"identifier", "sent", "status", "msg_type", "references", "areas",
                        "expires", "wea_handling", "block_channels", "spanish", "note",
                        "additional_info", "incident"})
_TEXT_FIELDS: dict[type[BaseModel], tuple[tuple[str, bool], ...]] = {}


def _text_fields(cls: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """(name, optional) of the fields of ``cls`` the WEA texts may read."""
    out = _TEXT_FIELDS.get(cls)
    if out is None:
        out = _TEXT_FIELDS[cls] = tuple(
            (n, f.default is None) for n, f in cls.model_fields.items() if n not in _SKIP_VIEW
        )
    return out


def _gsm_phrases(p: Phrases) -> Phrases:
    changes: dict[str, Any] = {}
    for f in fields(p):
        value = getattr(p, f.name)
        if f.name == "language":
            continue
        if isinstance(value, str):
            changes[f.name] = to_gsm(value)
        elif isinstance(value, dict):
            changes[f.name] = {k: to_gsm(v) for k, v in value.items()}
        elif isinstance(value, tuple):
            changes[f.name] = tuple(to_gsm(v) for v in value)
    return replace(p, **changes)


_GSM_PHRASES = {p.language: _gsm_phrases(p) for p in (EN, ES)}


# -- the texts ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Texts:
    """The generated texts of one language."""

    headline: str
    description: str
    instruction: str
    cmam_text: str
    cmam_long_text: str


def gsm_view(b: BlueAlert) -> BlueAlert:
    """``b`` with the text the WEA texts read mapped by :func:`to_gsm` (``b`` itself when it
    is all GSM already); pass it to :func:`texts` to map once for several languages."""
    return _gsm_view(b)


def texts(b: BlueAlert, p: Phrases, view: BlueAlert | None = None) -> Texts:
    """Headline, description, instruction and WEA texts of ``b`` in the language of ``p``
    (``view``: :func:`gsm_view` of ``b``, computed here when not given)."""
    es = p is ES and b.spanish is not None
    if b.msg_type is MsgType.CANCEL:
        cmam = _cancel_wea(b, p, CMAM_TEXT_LIMIT)
        cmam_long = _cancel_wea(b, p, CMAM_LONG_LIMIT)
    else:
        segs = _segments(view or _gsm_view(b), _GSM_PHRASES[p.language])
        cmam = _fit(segs, CMAM_TEXT_LIMIT)
        cmam_long = _fit(segs, CMAM_LONG_LIMIT)
    return Texts(
        headline=_headline(b, p),
        description=_description(b, p, es),
        instruction=_instruction(b, p),
        cmam_text=cmam,
        cmam_long_text=cmam_long,
    )


def _agency(b: BlueAlert) -> str:
    return b.agency.name or b.agency.sender_id


def _headline(b: BlueAlert, p: Phrases) -> str:
    if b.msg_type is MsgType.CANCEL:
        text = f"{p.cancelled_head} {b.cancel_reason or ''}".strip()
        return clip(f"{text} - {_agency(b)}", HEADLINE_LIMIT)
    reason = p.reason_short[b.reason] if b.reason else ""
    prefix = f"{p.updated} " if b.msg_type is MsgType.UPDATE else ""
    subject = ""
    if b.vehicles:
        v = b.vehicles[0]
        subject = _join([vehicle_core(v), plate_text(v, p)], " ")
    elif b.suspects:
        subject = _join(person_parts(b.suspects[0], p)[:3])
    text = f"{prefix}{p.head} {reason} {_agency(b)}"
    if subject:
        text += f" {p.seeks} {subject}"
    return clip(" ".join(text.split()), HEADLINE_LIMIT)


def _description(b: BlueAlert, p: Phrases, es: bool) -> str:
    sp = b.spanish
    lines: list[str] = []
    if b.msg_type is MsgType.CANCEL:
        lines.append(f"{p.cancelled} {b.cancel_reason or ''}".strip())
    if b.reason is not None:
        lines.append(p.reason[b.reason])
    summary = sp.incident_summary if es and sp and sp.incident_summary else b.incident.summary
    inc = b.incident
    where_when = _join([
        f"{p.at} {inc.location}" if inc.location else None,
        when(inc.time, b.time_zone, p) if inc.time else None,
    ], ", ")
    if summary or where_when:
        body = _join([summary.rstrip(".") if summary else None, where_when])
        lines.append(f"{p.incident}: {body}.")
    n = len(b.suspects)
    for i, s in enumerate(b.suspects, 1):
        lines.append(suspect_sentence(s, p, f"{p.suspect} {i}" if n > 1 else p.suspect))
    n = len(b.vehicles)
    for i, v in enumerate(b.vehicles, 1):
        lines.append(vehicle_sentence(v, p, f"{p.vehicle} {i}" if n > 1 else p.vehicle))
    if b.officer is not None:
        o = b.officer
        body = _join([o.name, *person_parts(o, p)])
        line = f"{p.officer}: {body}." if body else f"{p.officer}."
        if o.photo:
            line += f" {p.photo.capitalize()}: {o.photo.uri}"
        lines.append(line)
        if o.patrol_vehicle is not None:
            lines.append(vehicle_sentence(o.patrol_vehicle, p, p.patrol_vehicle))
    lk = b.last_known
    if lk is not None:
        loc = sp.last_known_location if es and sp and sp.last_known_location else lk.location
        parts = _join([
            f"{p.at} {loc}" if loc else None,
            when(lk.time, b.time_zone, p) if lk.time else None,
            f"{p.heading} {lk.direction}" if lk.direction else None,
        ], ", ")
        if parts:
            lines.append(f"{p.last_seen} {parts}.")
    extra = sp.additional_info if es and sp and sp.additional_info else b.additional_info
    if extra:
        lines.append(extra)
    issued = f"{p.issued_by} {_agency(b)}."
    if b.agency.contact_phone:
        issued += f" {p.info_call} {b.agency.contact_phone}."
    if b.agency.web:
        issued += f" {p.more_info} {b.agency.web}"
    lines.append(issued)
    return "\n".join(lines)


def _instruction(b: BlueAlert, p: Phrases) -> str:
    if b.msg_type is MsgType.CANCEL:
        return p.instruction_cancel
    text = p.instruction_missing if b.reason is Reason.OFFICER_MISSING else p.instruction
    if b.agency.contact_phone:
        text += f" {p.tips} {b.agency.contact_phone}."
    return text


# -- WEA texts ---------------------------------------------------------------------------------
def _variants(*texts: str | None) -> list[str]:
    out: list[str] = []
    for t in texts:
        if t:
            g = t  # built from GSM views of the facts and phrases: already GSM-safe
            if g[0].islower() and g[0].upper() in _WEA_SAFE:
                g = g[0].upper() + g[1:]
            if g and g not in out:
                out.append(g)
    out.sort(key=len, reverse=True)
    return out


def _vehicle_variants(v: Vehicle, p: Phrases, label: str | None) -> list[str]:
    plate = plate_text(v, p)
    short_plate = _join([v.plate_state, v.plate], " ") if v.plate and not v.partial_plate \
        else plate
    core = vehicle_core(v)
    mid = _join([v.color, v.make, v.model], " ")
    small = _join([v.color, v.make], " ")
    options: list[str | None] = []
    for body in (core, mid, small, v.make or v.model or v.color):
        for pl in (plate, short_plate):
            options.append(_join([body, pl], " ") + "." if (body or pl) else None)
    if plate:
        options.append(f"{plate}.")
        options.append(f"{short_plate}.")
    long = _join([core, plate, f"{p.heading} {v.direction}" if v.direction else None])
    if label and long:
        options.insert(0, f"{label}: {long}.")
    if long:
        options.insert(0, f"{long}.")
    return _variants(*options)


def _suspect_variants(s: Suspect, p: Phrases, label: str | None) -> list[str]:
    parts = person_parts(s, p)
    options: list[str | None] = []
    for k in range(len(parts), 0, -1):
        options.append(_join([s.name, *parts[:k]]) + ".")
        if s.name is None and k <= 3:
            options.append(_join(parts[:k], " ") + ".")
    if s.name:
        options.append(f"{s.name}.")
    if label and options and options[0]:
        options.insert(0, f"{label}: {options[0]}")
    return _variants(*options)


def _officer_variants(o: MissingOfficer, p: Phrases) -> list[str]:
    parts = person_parts(o, p)
    options: list[str | None] = []
    for k in range(len(parts), 0, -1):
        options.append(f"{p.officer}: " + _join([o.name, *parts[:k]]) + ".")
    if o.name:
        options.append(f"{p.officer}: {o.name}.")
    return _variants(*options)


def wea_text(b: BlueAlert, p: Phrases, limit: int) -> str:
    """The WEA text of ``b`` within ``limit`` characters, GSM-safe (see module doc)."""
    if b.msg_type is MsgType.CANCEL:
        return _cancel_wea(b, p, limit)
    return _fit(_segments(b, p), limit)


def _cancel_wea(b: BlueAlert, p: Phrases, limit: int) -> str:
    reason = (b.cancel_reason or "").rstrip(".")
    reason = f"{reason}." if reason else ""
    agency = _agency(b)
    head = p.cancelled_head
    for text in (f"{head} {reason} {p.instruction_cancel} -{agency}",
                 f"{head} {reason} -{agency}", f"{head} {reason}"):
        text = to_gsm(text)
        if len(text) <= limit:
            return text
    return clip(to_gsm(f"{head} {reason}"), limit)


def _segments(b: BlueAlert, p: Phrases) -> list[tuple[int, int, list[str]]]:
    """(priority, display order, variants long to short) of every WEA text segment."""
    segs: list[tuple[int, int, list[str]]] = []

    def add(priority: int, order: int, variants: list[str]) -> None:
        if variants:
            segs.append((priority, order, variants))

    head = p.head if b.msg_type is MsgType.ALERT else f"{p.updated} {p.head}"
    add(0, 0, _variants(head))
    add(1, 90, _variants(p.action_long, p.action_short))
    if b.reason is not None and not (
        b.reason is Reason.OFFICER_MISSING and b.officer is not None
    ):
        add(40, 10, _variants(p.reason_short[b.reason]))
    if b.officer is not None:
        add(12, 20, _officer_variants(b.officer, p))
        if b.officer.patrol_vehicle is not None:
            add(11, 21, _vehicle_variants(b.officer.patrol_vehicle, p, p.patrol_vehicle))
    multi_v = len(b.vehicles) > 1
    for i, v in enumerate(b.vehicles):
        label = f"{p.vehicle} {i + 1}" if multi_v else p.vehicle
        add(10 + 10 * i, 30 + i, _vehicle_variants(v, p, label))
    multi_s = len(b.suspects) > 1
    for i, s in enumerate(b.suspects):
        label = f"{p.suspect} {i + 1}" if multi_s else p.suspect
        add(15 + 10 * i, 50 + i, _suspect_variants(s, p, label))
    direction = b.last_known.direction if b.last_known and b.last_known.direction else None
    if direction is None:
        direction = next((v.direction for v in b.vehicles if v.direction), None)
    if direction:
        loc = b.last_known.location if b.last_known else None
        add(17, 70, _variants(
            f"{p.last_seen} {p.at} {loc}, {p.heading} {direction}." if loc else None,
            f"{p.heading.capitalize()} {direction}.",
        ))
    elif b.last_known is not None and b.last_known.location:
        add(18, 70, _variants(f"{p.last_seen} {p.at} {b.last_known.location}."))
    if any(s.armed or s.dangerous for s in b.suspects):
        armed = any(s.armed for s in b.suspects)
        dangerous = any(s.dangerous for s in b.suspects)
        add(19, 80, _variants(
            p.armed_short if armed and dangerous else (p.armed if armed else p.dangerous),
            p.armed if armed else p.dangerous,
        ))
    if b.expires is not None:
        add(45, 95, _variants(f"{p.until} {clock(b.expires, b.time_zone, p)}."))
    add(50, 99, _variants(f"-{_agency(b)}"))
    segs.sort(key=lambda t: t[0])
    return segs


def _fit(segs: list[tuple[int, int, list[str]]], limit: int) -> str:
    """Choose a variant per segment (or leave it out) so the joined text fits ``limit``.

    Facts (priority below :data:`_TAIL`) are placed short first, then lengthened in priority
    order, the call to action last. The tail (reason, expiry, agency) takes the room left in
    the 90-character text; in the long text it is placed before the facts are lengthened.
    """
    chosen = [-1] * len(segs)
    total = -1  # length of the joined text; each placed segment adds len + 1 (a space)

    def place(i: int, shortest: bool) -> None:
        nonlocal total
        variants = segs[i][2]
        order = range(len(variants) - 1, -1, -1) if shortest else range(len(variants))
        for k in order:
            if total + len(variants[k]) + 1 <= limit:
                chosen[i] = k
                total += len(variants[k]) + 1
                return

    def lengthen(i: int) -> None:
        nonlocal total
        c = chosen[i]
        variants = segs[i][2]
        for k in range(max(c, 0)):
            if total - len(variants[c]) + len(variants[k]) <= limit:
                chosen[i] = k
                total += len(variants[k]) - len(variants[c])
                return

    facts = [i for i, seg in enumerate(segs) if seg[0] < _TAIL]
    tail = [i for i, seg in enumerate(segs) if seg[0] >= _TAIL]
    for i in facts:  # most important first, shortest form
        place(i, shortest=True)
    if limit > CMAM_TEXT_LIMIT:  # the long text has room for the expiry time and agency
        for i in tail:
            place(i, shortest=False)
    for i in facts:  # then lengthen, most important first; the action last
        if segs[i][0] > _ACTION:
            lengthen(i)
    for i in facts:
        if segs[i][0] <= _ACTION:
            lengthen(i)
    for i in tail:
        if chosen[i] < 0:
            place(i, shortest=False)
    placed = sorted(
        (segs[i][1], segs[i][2][c]) for i, c in enumerate(chosen) if c >= 0
    )
    return clip(to_gsm(" ".join(t for _, t in placed)), limit)


_ACTION = 1
"""Priorities up to this (the head and the call to action) are lengthened last."""
_TAIL = 40
"""Priorities from this on (reason, expiry, agency) fill the room the facts leave."""

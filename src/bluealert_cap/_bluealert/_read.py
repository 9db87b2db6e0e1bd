"""Reading a CAP alert back as a :class:`BlueAlert`.

Messages composed by this library carry their facts as ``bluealert:`` parameters (see
:mod:`._facts`), so they come back exactly. A third-party Blue Alert (SAME ``BLU``) gives
what it carries — identity, agency (sender, senderName, contact, web), expiry, target areas,
WEA class, blocked channels, its description as ``additional_info`` — and leaves the rest
empty; malformed ``bluealert:`` parameters are dropped, never raised.
"""

from __future__ import annotations

import contextlib
from typing import Any

from .._errors import InvalidContentError, Problem
from .._geometry import Circle
from .._model import Alert, Info, MsgType, Polygon, reading
from ._facts import PREFIX, lenient, unflatten
from ._model import (
    Agency,
    BlueAlert,
    Channel,
    Incident,
    LastKnown,
    MissingOfficer,
    SpanishText,
    Suspect,
    TargetArea,
    Vehicle,
    WeaHandling,
)

__all__ = ["is_blue_alert", "read"]


def _is_blue(info: Info) -> bool:
    return "BLU" in (v.strip() for v in info.event_code_values("SAME")) or any(
        p.name.startswith(PREFIX) for p in info.parameters
    )


def is_blue_alert(alert: Alert) -> bool:
    """True when some ``<info>`` has SAME event code ``BLU`` or ``bluealert:`` facts, or the
    message is a Cancel without ``<info>``."""
    if not alert.infos:
        return alert.msg_type is MsgType.CANCEL
    return any(_is_blue(i) for i in alert.infos)


def read(alert: Alert) -> BlueAlert:
    """The BlueAlert ``alert`` carries (see module doc)."""
    if not is_blue_alert(alert):
        raise InvalidContentError(
            [Problem("infos", "no <info> has SAME event code BLU: this is not a Blue Alert")],
            what="Blue Alert",
        )
    blue = [i for i in alert.infos if _is_blue(i)]
    main = next((i for i in blue if not _spanish(i)), blue[0] if blue else None)
    spanish = next((i for i in blue if _spanish(i) and i is not main), None)
    with reading():
        return _build(alert, main, spanish)


def _spanish(info: Info) -> bool:
    return (info.language or "").lower().startswith("es")


def _build(alert: Alert, main: Info | None, es: Info | None) -> BlueAlert:
    data: dict[str, Any] = {}
    if main is not None:
        data = unflatten([(p.name, p.value) for p in main.parameters])
    data.pop("version", None)
    data.pop("spanish", None)
    fields: dict[str, Any] = {
        "identifier": alert.identifier,
        "sent": alert.sent,
        "status": alert.status,
        "msg_type": alert.msg_type,
        "references": alert.references or (),
        "note": _text(alert.note),
        "agency": _agency(alert, main),
        "wea_handling": None,
    }
    has_facts = bool(data)
    simple: dict[str, type[Any]] = {
        "incident": Incident, "officer": MissingOfficer, "last_known": LastKnown,
    }
    for key, cls in simple.items():
        if isinstance(data.get(key), dict):
            value = lenient(cls, data[key])
            if value is not None and value != cls.model_construct():
                fields[key] = value
    for key, cls in (("suspects", Suspect), ("vehicles", Vehicle)):
        items = data.get(key)
        if isinstance(items, list):
            fields[key] = tuple(
                v for v in (lenient(cls, x) for x in items if isinstance(x, dict))
                if v is not None and v != cls.model_construct()
            )
    for key in ("reason", "additional_info", "cancel_reason"):
        if isinstance(data.get(key), str):
            fields[key] = data[key]
    if main is not None:
        fields["expires"] = main.expires
        fields["areas"] = tuple(
            a for a in (_area(x) for x in main.areas) if a is not None
        )
        tz = main.parameter("timezone")
        if tz is not None and tz.strip():
            fields["time_zone"] = tz
        handling = main.parameter("WEAHandling")
        if handling is not None:
            with contextlib.suppress(ValueError):
                fields["wea_handling"] = WeaHandling(handling.strip())
        channels: list[Channel] = []
        for value in main.parameter_values("BLOCKCHANNEL"):
            try:
                ch = Channel(value.strip())
            except ValueError:
                continue
            if ch not in channels:
                channels.append(ch)
        fields["block_channels"] = tuple(channels)
        if not has_facts and _text(main.description):
            fields["additional_info"] = main.description
    if es is not None:
        es_data = unflatten([(p.name, p.value) for p in es.parameters]).get("spanish")
        fields["spanish"] = (
            lenient(SpanishText, es_data) if isinstance(es_data, dict) else None
        ) or SpanishText()
    result = lenient(BlueAlert, fields)
    if result is None:  # only identity fields can fail now; keep what CAP guarantees
        raise InvalidContentError(
            [Problem("", "the message could not be read as a Blue Alert")], what="Blue Alert"
        )
    return result  # type: ignore[no-any-return]


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(value.split())
    return text or None


def _agency(alert: Alert, info: Info | None) -> Agency:
    agency: Agency = Agency.model_validate({
        "sender_id": alert.sender,
        "name": _text(info.sender_name) if info else None,
        "contact_phone": _text(info.contact) if info else None,
        "web": _text(info.web) if info else None,
    })
    return agency


def _area(area: Any) -> TargetArea | None:
    polygons = tuple(p for p in area.polygons if isinstance(p, Polygon) and p.is_valid)
    circles = tuple(c for c in area.circles if isinstance(c, Circle) and c.is_valid)
    codes: list[str] = []
    for value in area.geocode_values("SAME"):
        v = value.strip()
        if v and v not in codes:
            codes.append(v)
    value = lenient(TargetArea, {
        "description": _text(area.area_desc) or "",
        "same_codes": tuple(codes),
        "polygons": polygons,
        "circles": circles,
    })
    return value if isinstance(value, TargetArea) else None

"""Hypothesis: random valid Blue Alerts always compose into messages that are valid under the
official XSD, ipaws and bluealert, with WEA texts within limits, and read back equal."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import xmlschema
from conftest import OFFICIAL_XSD
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bluealert_cap import Alert, BlueAlert, parse, validate
from bluealert_cap._validation._codes import GSM_CHARACTERS

_XSD = xmlschema.XMLSchema(str(OFFICIAL_XSD))

# Any XML character (no surrogates, no C0 controls), weighted towards readable text.
_chars = st.one_of(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.'-/"),
    st.characters(blacklist_categories=("Cs", "Cc", "Cn"), max_codepoint=0x1F6FF),
    st.sampled_from("áéíóúñüÁÉÍÓÚÑ“”‘’–—…&<>\"\t\n"),
)
text = st.text(_chars, min_size=1, max_size=40).filter(lambda s: bool(s.split()))
maybe_text = st.none() | text
ident = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._:@-]{0,30}", fullmatch=True)
offsets = st.integers(-10 * 4, 14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
times = st.builds(
    lambda d, tz: d.replace(tzinfo=tz),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)).map(
        lambda d: d.replace(microsecond=0)),
    offsets,
)
ranges = st.none() | st.tuples(st.integers(0, 120), st.integers(0, 20)).map(
    lambda t: f"{t[0]}-{t[0] + t[1]}" if t[1] else t[0])
heights = st.none() | st.tuples(st.integers(12, 108), st.integers(0, 20)).map(
    lambda t: f"{t[0]}-{t[0] + t[1]}" if t[1] else t[0])  # inches; under a foot is refused
same_codes = st.sampled_from(["024013", "024005", "048141", "030063", "013189", "000000",
                              "136001", "072127"])


@st.composite
def photos(draw: st.DrawFn) -> dict[str, Any] | None:
    if not draw(st.booleans()):
        return None
    return {"uri": f"https://photos.example/{draw(ident)}.jpg",
            "description": draw(maybe_text)}


def person(draw: st.DrawFn) -> dict[str, Any]:
    data = {
        "name": draw(maybe_text), "sex": draw(st.none() | st.sampled_from(["male", "female"])),
        "race": draw(maybe_text), "age": draw(ranges), "height": draw(heights),
        "weight": draw(ranges), "hair": draw(maybe_text), "eyes": draw(maybe_text),
        "clothing": draw(maybe_text), "marks": draw(maybe_text), "photo": draw(photos()),
    }
    data["sex"] = data["sex"] or "male"  # at least one detail
    return {k: v for k, v in data.items() if v is not None}


@st.composite
def suspects(draw: st.DrawFn) -> dict[str, Any]:
    data = person(draw)
    for key in ("armed", "dangerous"):
        value = draw(st.none() | st.booleans())
        if value is not None:
            data[key] = value
    weapon = draw(maybe_text)
    if weapon:
        data["weapon"] = weapon
    return data


@st.composite
def vehicles(draw: st.DrawFn) -> dict[str, Any]:
    data = {
        "year": draw(st.none() | st.integers(1950, 2030)), "make": draw(maybe_text),
        "model": draw(maybe_text), "color": draw(maybe_text), "body_style": draw(maybe_text),
        "plate": draw(text), "plate_state": draw(maybe_text),
        "partial_plate": draw(st.booleans()), "features": draw(maybe_text),
        "direction": draw(maybe_text),
    }
    return {k: v for k, v in data.items() if v is not None}


@st.composite
def areas(draw: st.DrawFn) -> dict[str, Any]:
    lat = draw(st.integers(-80, 79))
    lon = draw(st.integers(-179, 178))
    box = f"{lat},{lon} {lat},{lon + 1} {lat + 1},{lon + 1} {lat + 1},{lon} {lat},{lon}"
    return {
        "description": draw(text),
        "same_codes": draw(st.lists(same_codes, max_size=3, unique=True)),
        "polygons": [box] if draw(st.booleans()) else [],
        "circles": [f"{lat}.5,{lon}.5 {draw(st.integers(0, 300))}"] if draw(st.booleans())
        else [],
    }


@st.composite
def blue_alerts(draw: st.DrawFn) -> BlueAlert:
    sent = draw(times)
    reason = draw(st.sampled_from(
        ["officer_killed", "officer_seriously_injured", "officer_missing", "imminent_threat"]))
    data: dict[str, Any] = {
        "identifier": draw(ident),
        "sent": sent,
        "reason": reason,
        "agency": {"sender_id": draw(ident), "name": draw(maybe_text),
                   "contact_phone": draw(maybe_text),
                   "web": draw(st.none() | ident.map(lambda s: f"https://{s}.example"))},
        "suspects": draw(st.lists(suspects(), max_size=4)),
        "vehicles": draw(st.lists(vehicles(), max_size=3)),
        "areas": draw(st.lists(areas(), min_size=1, max_size=3)),
        "expires": sent + timedelta(minutes=draw(st.integers(1, 24 * 60))),
    }
    if not data["suspects"] and not data["vehicles"]:
        data["suspects"] = [draw(suspects())]
    if reason == "officer_missing" and draw(st.booleans()):
        officer = person(draw)
        if draw(st.booleans()):
            officer["patrol_vehicle"] = draw(vehicles())
        data["officer"] = officer
    incident = {"time": draw(st.none() | times), "location": draw(maybe_text),
                "summary": draw(maybe_text)}
    data["incident"] = {k: v for k, v in incident.items() if v is not None}
    if draw(st.booleans()):
        data["last_known"] = {"location": draw(text), "time": draw(st.none() | times),
                              "direction": draw(maybe_text)}
    for key in ("time_zone", "additional_info", "note"):
        value = draw(maybe_text)
        if value is not None:
            data[key] = value
    if draw(st.booleans()):
        data["spanish"] = {"incident_summary": draw(maybe_text),
                           "additional_info": draw(maybe_text)}
    data["block_channels"] = draw(st.lists(st.sampled_from(["NWEM", "PUBLIC", "CAPEXCH"]),
                                           unique=True, max_size=2))
    handling = draw(st.sampled_from(["default", "Public Safety", None]))
    if handling != "default":
        data["wea_handling"] = handling
    b = BlueAlert.model_validate(data)
    kind = draw(st.sampled_from(["Alert", "Update", "Cancel"]))
    later = b.sent + timedelta(seconds=30)
    if kind == "Update":
        b = b.update(identifier=draw(ident), sent=later)
    elif kind == "Cancel":
        b = b.cancel(identifier=draw(ident), sent=later, reason=draw(text))
    return b


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blue_alerts())
def test_random_blue_alerts_compose_validate_and_read_back(b: BlueAlert) -> None:
    alert = b.to_cap()
    # the unvalidated build holds values the model accepts, nested models included
    assert Alert.model_validate(alert.model_dump()) == alert
    xml = alert.to_xml()
    _XSD.validate(xml.decode("utf-8"))
    errors = [(f.rule, f.xpath, f.message) for f in validate(xml, profile="bluealert").findings
              if f.severity == "error"]
    assert errors == []
    for info in alert.infos:
        short = info.parameter("CMAMtext") or ""
        long = info.parameter("CMAMlongtext") or ""
        assert 0 < len(short) <= 90 and 0 < len(long) <= 360
        assert all(c in GSM_CHARACTERS and c not in "\n\r\f" for c in short + long)
    assert BlueAlert.from_cap(parse(xml)) == b
    assert BlueAlert.from_cap(parse(alert.to_xml(pretty=True))) == b

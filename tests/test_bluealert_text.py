"""Generated texts: WEA limits, what survives the 90-character limit, GSM characters."""

from __future__ import annotations

from typing import Any

import pytest
from test_bluealert_helpers import build

from bluealert_cap import BlueAlert, Info
from bluealert_cap._bluealert._text import clip, to_gsm
from bluealert_cap._validation._codes import GSM_CHARACTERS


def _wea(b: BlueAlert, index: int = 0) -> tuple[str, str]:
    info: Info = b.to_cap().infos[index]
    return info.parameter("CMAMtext") or "", info.parameter("CMAMlongtext") or ""


def _check_limits(short: str, long: str) -> None:
    assert 0 < len(short) <= 90, short
    assert 0 < len(long) <= 360, long
    for text in (short, long):
        assert all(c in GSM_CHARACTERS for c in text), text
        assert "\n" not in text and "  " not in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain ASCII 123", "plain ASCII 123"),
        ("Peña, café, Müller", "Peña, café, Müller"),  # in the GSM alphabet: kept
        ("Ángel Ríos Gómez", "Angel Rios Gomez"),  # not in it: base letter
        ("“EL PASO” – ‘x’…", '"EL PASO" - \'x\'...'),
        ("line\nbreak\ttab", "line break tab"),
        ("emoji 🚓 here", "emoji ? here"),
        ("cafe\u0301", "café"),  # combining accent composed first
        ("Łódź ½", "Lodz 1/2"),
    ],
)
def test_to_gsm(text: str, expected: str) -> None:
    assert to_gsm(text) == expected
    assert all(c in GSM_CHARACTERS for c in to_gsm(text))


def test_clip_cuts_at_a_word() -> None:
    assert clip("one two three four", 12) == "one two"
    assert clip("short", 90) == "short"
    assert len(clip("x" * 200, 90)) == 90


def test_plate_vehicle_suspect_direction_survive_90() -> None:
    short, long = _wea(build())
    _check_limits(short, long)
    for fact in ("8CX1234", "Ford", "Male", "north", "911"):
        assert fact in short, (fact, short)
    assert "Until 8:05 AM EST" in long


def test_long_names_keep_plate_in_90() -> None:
    b = build(
        agency={"name": "The Extraordinarily Long Named County Sheriff's Office of "
                "Northern Southwestern Maryland", "sender_id": "x@y.example"},
        suspects=[{"name": "Maximiliano Bartholomew Fitzgerald-Wolfeschlegelstein III",
                   "sex": "male", "race": "white", "armed": True}],
        vehicles=[{"color": "metallic midnight blue with gold pinstripes",
                   "make": "Mercedes-Benz", "model": "Sprinter 3500 High Roof Extended",
                   "body_style": "cargo van", "plate": "LONG9999", "plate_state": "VA",
                   "direction": "southbound on the Capital Beltway outer loop toward "
                   "Springfield Interchange"}],
    )
    short, long = _wea(b)
    _check_limits(short, long)
    assert "LONG9999" in short and "LONG9999" in long
    assert "Call 911" in short


def test_many_suspects_and_vehicles_stay_within_limits() -> None:
    suspects = [{"sex": "male", "race": "white", "age": 20 + i, "hair": "brown",
                 "clothing": f"shirt number {i}", "armed": True} for i in range(8)]
    vehicles = [{"color": "red", "make": "Ford", "model": f"Model{i}",
                 "plate": f"PLT{i:04d}", "plate_state": "MD"} for i in range(5)]
    b = build(suspects=suspects, vehicles=vehicles)
    short, long = _wea(b)
    _check_limits(short, long)
    assert "PLT0000" in short  # first vehicle's plate is the most important fact
    assert "PLT0001" in long
    description = b.to_cap().infos[0].description or ""
    assert "Suspect 8:" in description and "Vehicle 5:" in description


def test_no_vehicle_gives_suspect_first() -> None:
    b = build(vehicles=[], suspects=[{"sex": "female", "race": "Asian", "age": "40-45",
                                      "height": "5'4\"", "clothing": "green coat"}])
    short, long = _wea(b)
    _check_limits(short, long)
    assert "female, Asian" in short
    assert "Vehicle" not in long and "plate" not in long
    assert "5'4\"" in long and "green coat" in long


def test_partial_plate_is_marked() -> None:
    b = build(vehicles=[{"make": "Nissan", "color": "silver", "plate": "CQ7",
                         "plate_state": "GA", "partial_plate": True}])
    short, long = _wea(b)
    _check_limits(short, long)
    assert "partial plate CQ7" in short
    assert "GA partial plate CQ7" in long
    assert "partial plate CQ7" in (b.to_cap().infos[0].headline or "")


def test_spanish_texts() -> None:
    b = build(spanish={})
    _en_short, _ = _wea(b, 0)
    es_short, es_long = _wea(b, 1)
    _check_limits(es_short, es_long)
    assert es_short.startswith("Alerta Azul:") and "Llame al 911" in es_short
    assert "8CX1234" in es_short
    assert "Hasta 8:05 AM EST" in es_long
    assert "Vehiculo" in es_long  # "Vehículo": í is not in the GSM alphabet
    info = b.to_cap().infos[1]
    assert "Vehículo:" in (info.description or "")  # other fields keep the accents


def test_characters_a_handset_cannot_show_are_replaced() -> None:
    b = build(suspects=[{"name": "José “Pepe” Núñez 🚗", "sex": "male",
                         "clothing": "black jacket — «NY» logo"}])
    short, long = _wea(b)
    _check_limits(short, long)
    assert 'Jose "Pepe" Nuñez ?' in long or 'José "Pepe" Nuñez ?' in long
    assert "José “Pepe” Núñez 🚗" in (b.to_cap().infos[0].description or "")
    # the ipaws layer's GSM rule finds nothing to warn about
    from bluealert_cap import validate

    report = validate(b.to_cap().to_xml(), profile="ipaws")
    assert "WEA_TEXT_USES_GSM_CHARACTERS" not in {f.rule for f in report.findings}


def test_missing_officer_text() -> None:
    b = build(reason="officer_missing", suspects=[], vehicles=[], officer={
        "sex": "female", "age": 34,
        "patrol_vehicle": {"make": "Chevrolet", "model": "Tahoe", "plate": "MHP 214",
                           "plate_state": "MT"}})
    short, long = _wea(b)
    _check_limits(short, long)
    assert "MHP 214" in short and "female" in short
    assert long.count("Missing officer") == 1
    info = b.to_cap().infos[0]
    assert "if you see the officer" in (info.instruction or "")


def test_cancel_texts() -> None:
    from datetime import timedelta

    b = build()
    c = b.cancel(identifier="C-1", sent=b.sent + timedelta(hours=1),
                 reason="Suspect arrested in Frederick " + "x" * 120)
    short, long = _wea(c)
    _check_limits(short, long)
    assert short.startswith("Blue Alert cancelled: Suspect arrested in Frederick")
    info = c.to_cap().infos[0]
    assert (info.instruction or "").startswith("No further action is needed")


def test_expiry_with_offset_when_no_zone_name() -> None:
    b = build(time_zone=...)
    _, long = _wea(b)
    assert "Until 8:05 AM UTC-05:00" in long


@pytest.mark.parametrize("extra", [{}, {"spanish": {}}])
def test_headline_within_160(extra: dict[str, Any]) -> None:
    b = build(agency={"name": "A" * 200, "sender_id": "x@y.example"}, **extra)
    for info in b.to_cap().infos:
        assert info.headline is not None and len(info.headline) <= 160


def test_times_given_in_utc_are_written_on_the_clock_of_time_zone() -> None:
    # The same instants in UTC, with time_zone EST: the texts say 8:05 AM EST, not 1:05 PM EST.
    local = build()
    utc = build(sent="2026-11-24T07:05:00-00:00", expires="2026-11-24T13:05:00-00:00",
                incident={"time": "2026-11-24T06:40:00-00:00", "location": "Main Street"})
    a, b = local.to_cap().infos[0], utc.to_cap().infos[0]
    assert "Until 8:05 AM EST" in (a.parameter("CMAMlongtext") or "")
    assert a.parameter("CMAMlongtext") == b.parameter("CMAMlongtext")
    assert "1:40 AM EST on Nov 24" in (b.description or "")
    # a zone it does not know is printed as given, next to each time in its own offset
    other = build(sent="2026-11-24T07:05:00-00:00", expires="2026-11-24T13:05:00-00:00",
                  time_zone="ET")
    assert "Until 1:05 PM ET" in (other.to_cap().infos[0].parameter("CMAMlongtext") or "")

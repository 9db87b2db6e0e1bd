"""``preview``: SAME header fields, purge-time increments, EAS crawl, WEA view, GeoJSON."""

from __future__ import annotations

import itertools
import json
import math
from datetime import timedelta
from pathlib import Path

import pytest
from test_bluealert_helpers import build, example_files

from bluealert_cap import Alert, parse
from bluealert_cap._bluealert._preview import (
    circle_ring,
    eas_crawl,
    geojson,
    purge_time,
    same_header,
    wea_views,
)
from bluealert_cap._cli import main


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(0, "0015"), (1, "0015"), (15, "0015"), (16, "0030"), (44, "0045"), (60, "0100"),
     (61, "0130"), (90, "0130"), (91, "0200"), (360, "0600"), (361, "0630"),
     (99 * 60 + 30, "9930"), (200 * 60, "9930"), (-30, "0015")],
)
def test_purge_time_increments(minutes: int, expected: str) -> None:
    assert purge_time(timedelta(minutes=minutes)) == expected


def test_purge_time_rounds_seconds_up() -> None:
    assert purge_time(timedelta(minutes=15, seconds=1)) == "0030"


def _alert(**changes: object) -> Alert:
    return build(**changes).to_cap()


def test_same_header_fields() -> None:
    # sent 2026-11-24T02:05:00-05:00 = 07:05 UTC on day 328; expires 6 hours later
    h = same_header(_alert(), "WXYZ/FM")
    assert h.text == "ZCZC-CIV-BLU-024013+0600-3280705-WXYZ/FM -"
    assert (h.originator, h.event, h.locations, h.purge, h.issued) == (
        "CIV", "BLU", ("024013",), "0600", "3280705")
    assert h.notes == ()


def test_same_header_issue_time_crosses_midnight_utc() -> None:
    a = _alert(sent="2026-12-31T20:30:00-05:00", expires="2026-12-31T21:15:00-05:00")
    h = same_header(a, "KABC")
    assert h.issued == "0010130" and h.purge == "0045"  # 01:30 UTC on 1 January


def test_same_header_locations_in_order_and_at_most_31() -> None:
    codes = [f"0240{n:02d}" for n in range(1, 48, 2)] + [f"0510{n:02d}" for n in range(1, 30, 2)]
    areas = [{"description": "Big area", "same_codes": codes[:20]},
             {"description": "More", "same_codes": codes[20:]}]
    h = same_header(_alert(areas=areas), "KABC")
    assert len(codes) == 39
    assert h.locations == tuple(codes[:31])
    assert "-".join(codes[:31]) in h.text
    assert any("31" in n for n in h.notes)


@pytest.mark.parametrize("station", ["", "TOOLONG99", "AB-C", "A+B", "ÄBC"])
def test_bad_station_refused(station: str) -> None:
    with pytest.raises(ValueError):
        same_header(_alert(), station)


def test_header_of_third_party_message_without_eas_org(reference: Path) -> None:
    path = next(p for p in sorted((reference / "corpus" / "nws").glob("*.xml")))
    alert = parse(path)
    h = same_header(alert, "KLWX/NWS")
    assert h.text.startswith("ZCZC-WXR-") and h.text.endswith("-KLWX/NWS-")


def test_eas_crawl() -> None:
    text = eas_crawl(_alert(), "WXYZ")
    assert text.startswith(
        "A CIVIL AUTHORITY HAS ISSUED A BLUE ALERT FOR THE FOLLOWING COUNTIES/AREAS: "
        "CARROLL COUNTY, MD; AT 2:05 AM EST ON NOV 24, 2026 EFFECTIVE UNTIL 8:05 AM EST. "
        "MESSAGE FROM WXYZ.")
    assert "Do not approach. Call 911." in text


def test_wea_views_show_handset_text() -> None:
    a = _alert(spanish={})
    en, es = wea_views(a)
    assert en.language == "en-US" and es.language == "es-US"
    assert en.handling == "Imminent Threat"
    assert en.short == a.infos[0].parameter("CMAMtext")
    assert es.long is not None and es.long.startswith("Alerta Azul:")


def test_wea_view_replaces_non_gsm_in_received_text() -> None:
    a = _alert()
    info = a.infos[0]
    params = tuple(p if p.name != "CMAMtext" else p._replace(value="Blue Alert: “Ángel” 🚓")
                   for p in info.parameters)
    a = a.replace(infos=(info.replace(parameters=params),))
    (view,) = wea_views(a)
    assert view.short == 'Blue Alert: "Angel" ?'
    assert any("GSM" in n for n in view.notes)


def test_circle_ring_is_closed_ccw_and_at_the_radius() -> None:
    ring = circle_ring(39.0, -77.0, 10.0)
    assert ring[0] == ring[-1] and len(ring) == 65
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring))
    assert area > 0  # counter-clockwise (RFC 7946 exterior ring)
    for lon, lat in ring[:-1]:
        p1, p2 = math.radians(39.0), math.radians(lat)
        dl = math.radians(lon + 77.0)
        d = math.acos(min(1.0, math.sin(p1) * math.sin(p2)
                          + math.cos(p1) * math.cos(p2) * math.cos(dl))) * 6371.0088
        assert abs(d - 10.0) < 0.01


def test_geojson_features() -> None:
    areas = [{"description": "Box", "same_codes": ["024013"],
              "polygons": ["39,-77 39,-76 40,-76 40,-77 39,-77"], "circles": ["39.5,-76.5 5"]},
             {"description": "Codes only", "same_codes": ["024005"]}]
    data = geojson(_alert(areas=areas))
    assert data["type"] == "FeatureCollection"
    kinds = [f["properties"]["kind"] for f in data["features"]]
    assert kinds == ["polygon", "circle", "geocodes"]
    poly = data["features"][0]["geometry"]["coordinates"][0]
    assert poly[0] == poly[-1] == [-77.0, 39.0]
    assert data["features"][1]["properties"]["radius_km"] == 5.0
    assert data["features"][2]["geometry"] is None


def test_geojson_same_area_in_two_languages_once() -> None:
    data = geojson(_alert(spanish={}))
    assert len(data["features"]) == 1


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_preview_cli(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xml = tmp_path / "a.xml"
    assert main(["compose", str(path), "-o", str(xml)]) == 0
    out_geo = tmp_path / "a.geojson"
    code = main(["preview", str(xml), "--station", "KXYZ", "--geojson", str(out_geo)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "ZCZC-CIV-BLU-" in out and "-KXYZ    -" in out
    assert "HAS ISSUED A BLUE ALERT" in out
    assert "WEA [en-US]" in out
    geo = json.loads(out_geo.read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and geo["features"]


def test_preview_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<nope/>", encoding="utf-8")
    assert main(["preview", str(bad)]) == 2
    assert main(["preview", str(tmp_path / "missing.xml")]) == 2
    assert main(["preview", str(example_files()[0]), "--station", "WAY-TOO-LONG"]) == 2
    _, err = capsys.readouterr()
    assert "Traceback" not in err and "station id" in err


def test_eas_crawl_times_on_the_clock_of_the_timezone_parameter() -> None:
    utc = build(sent="2026-11-24T07:05:00-00:00", expires="2026-11-24T13:05:00-00:00")
    crawl = eas_crawl(utc.to_cap(), "WXYZ")
    assert "AT 2:05 AM EST ON NOV 24, 2026 EFFECTIVE UNTIL 8:05 AM EST." in crawl


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<sent>2026-11-24T02:05:00-05:00", "<sent>0001-01-01T00:00:00+05:00"),
        ("<expires>2026-11-24T08:05:00-05:00", "<expires>9999-12-31T23:00:00-05:00"),
    ],
)
def test_preview_of_times_at_the_ends_of_the_calendar(old: str, new: str) -> None:
    # Converting these to UTC (or to sent's offset) leaves years 1-9999: no OverflowError.
    xml = build().to_cap().to_xml().decode().replace(old, new)
    assert new in xml
    alert = parse(xml)
    assert same_header(alert, "WXYZ").text.startswith("ZCZC-CIV-BLU-")
    assert "BLUE ALERT" in eas_crawl(alert, "WXYZ")


def test_preview_on_an_output_that_cannot_encode_every_character(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A legacy console code page (or PYTHONIOENCODING=ascii) cannot show 'ñ': the character is
    escaped, as validate does, instead of a UnicodeEncodeError traceback."""
    import io
    import sys

    spanish = next(p for p in example_files() if "spanish" in p.stem)
    xml = tmp_path / "a.xml"
    assert main(["compose", str(spanish), "-o", str(xml)]) == 0
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii"))
    assert main(["preview", str(xml)]) == 0
    sys.stdout.flush()
    assert b"Pe\\xf1a" in raw.getvalue()

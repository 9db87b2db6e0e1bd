"""Fast paths in the validation layers decide exactly as the paths they shortcut.

* the cap layer's quick polygon regex accepts only polygons the in-bounds regex accepts (so a
  quick match leads to the same findings, and a quick miss falls back to that regex);
* the cap layer's decimal-pairs path (out-of-bounds polygons of plain decimals) reports what
  the general path reports;
* the ipaws layer's polygon point count equals ``len(text.split())``;
* ``date_time`` (regex, then ``datetime.fromisoformat``) reads every CAP date-time as the plain
  field-by-field construction does, 24:00:00 and offset bounds included.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lxml import etree

import bluealert_cap._validation._cap_rules as cap_rules
from bluealert_cap import validate
from bluealert_cap._validation import Context
from bluealert_cap._validation._cap_rules import _POLYGON_IN_BOUNDS_RE, _POLYGON_QUICK_RE
from bluealert_cap._validation._context import _DATE_TIME_RE, date_time
from bluealert_cap._validation._ipaws import _token_count

NS = "urn:oasis:names:tc:emergency:cap:1.2"

_number_parts = st.sampled_from(
    ["", "-", "+", "0", "1", "8", "9", "17", "18", "89", "90", "91", "99", "100", "179", "180",
     "181", "099", "1000", ".", ".5", "5.", "5.25", "0.000001", "00", "-0", "+.", "1e3", "٣"]
)
_blank = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "", "\x0b", "\xa0", " \n  "])


@st.composite
def polygon_like(draw: st.DrawFn) -> str:
    """Strings near the polygon grammar: pairs of number-ish parts, odd blanks and commas."""
    pairs = draw(st.lists(st.tuples(_number_parts, _number_parts, _number_parts,
                                    st.sampled_from([",", ",", ",", ", ", ",,", ""])),
                          min_size=1, max_size=8))
    out = [draw(_blank)]
    for lat_int, lat_frac, lon, comma in pairs:
        out.append(f"{lat_int}{lat_frac}{comma}{lon}")
        out.append(draw(_blank))
    return "".join(out)


@settings(max_examples=1500, deadline=None)
@given(polygon_like())
def test_quick_polygon_regex_accepts_only_in_bounds_polygons(text: str) -> None:
    if _POLYGON_QUICK_RE.match(text):
        assert _POLYGON_IN_BOUNDS_RE.match(text)


def _polygon_findings(text: str) -> list[tuple[str, str]]:
    root = etree.Element(f"{{{NS}}}alert")
    polygon = etree.SubElement(root, f"{{{NS}}}polygon")
    polygon.text = text
    ctx = Context(root, None, positions=False)
    cap_rules._Checker(ctx).polygon(polygon)
    return [(f.rule, f.message) for f in ctx.findings()]


_NEVER = cap_rules.re.compile(r"(?!)")


@settings(max_examples=1500, deadline=None)
@given(polygon_like())
def test_decimal_pairs_path_reports_what_the_general_path_reports(text: str) -> None:
    assume("\x0b" not in text)  # not an XML character: lxml refuses it as element text
    found = _polygon_findings(text)
    with pytest.MonkeyPatch.context() as mp:  # every shortcut off: the general path decides
        mp.setattr(cap_rules, "_POLYGON_DECIMALS_RE", _NEVER)
        mp.setattr(cap_rules, "_POLYGON_QUICK_RE", _NEVER)
        mp.setattr(cap_rules, "_POLYGON_IN_BOUNDS_RE", _NEVER)
        assert _polygon_findings(text) == found


def test_decimal_pairs_path_on_longitude_first_and_padded_polygons() -> None:
    swapped = "99.968294,9.311178 99.971467,9.307325 99.966934,9.300979 99.968294,9.311178"
    assert cap_rules._POLYGON_DECIMALS_RE.match(swapped)
    assert not _POLYGON_IN_BOUNDS_RE.match(swapped)
    assert _polygon_findings(swapped) == [(
        "POLYGON_IS_WITHIN_WGS84_BOUNDS",
        "polygon point 1 (99.968294,9.311178) is outside WGS 84 bounds; latitude must be -90..90 "
        "and longitude -180..180 (written lat,lon)",
    )]
    late = "10,10 020,+20 30,30 40,190 10,10"  # leading zero and '+': not the fast regexes
    assert _polygon_findings(late) == [(
        "POLYGON_IS_WITHIN_WGS84_BOUNDS",
        "polygon point 4 (40,190) is outside WGS 84 bounds; latitude must be -90..90 and "
        "longitude -180..180 (written lat,lon)",
    )]
    assert _polygon_findings("010,10 20,20 30,30 10,10.5")[0][0] == "POLYGON_IS_CLOSED"


def test_quick_polygon_regex_takes_real_polygons() -> None:
    ring = "38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14"
    assert _POLYGON_QUICK_RE.match(ring)
    assert _POLYGON_QUICK_RE.match(f"\n  {ring}\n")
    assert _POLYGON_QUICK_RE.match("8.5,-9 -1.25,179.9 0,0 8.5,-9")
    for out_of_bounds in ("90.5,0 1,1 2,2 90.5,0", "0,180.5 1,1 2,2 0,180.5", "91,0 1,1 91,0"):
        assert not _POLYGON_QUICK_RE.match(out_of_bounds)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1f\xa0\u2003ab,.-1", max_size=60),
       st.integers(min_value=0, max_value=3000))
def test_token_count_is_len_split(piece: str, repeat: int) -> None:
    text = piece * (repeat // max(len(piece), 1) + 1) if piece else " " * repeat
    assert _token_count(text) == len(text.split())


def test_token_count_of_a_long_single_spaced_polygon() -> None:
    rng = random.Random(3)
    points = [f"{rng.uniform(-80, 80):.5f},{rng.uniform(-170, 170):.5f}" for _ in range(5000)]
    text = " ".join(points)
    for variant in (text, f" {text} ", f"\n{text}\n", text.replace(" ", "  ", 3),
                    text.replace(" ", "\t", 2)):
        assert _token_count(variant) == len(variant.split()) == 5000


def _polygon_message(polygon: str) -> bytes:
    return (
        f'<alert xmlns="{NS}"><identifier>P-1</identifier><sender>s@example.gov</sender>'
        "<sent>2026-11-24T02:36:45-05:00</sent><status>Actual</status><msgType>Alert</msgType>"
        "<scope>Public</scope><code>IPAWSv1.0</code><info><category>Safety</category>"
        "<event>Test</event><urgency>Immediate</urgency><severity>Severe</severity>"
        "<certainty>Observed</certainty><expires>2026-11-24T03:36:45-05:00</expires>"
        f"<area><areaDesc>A</areaDesc><polygon>{polygon}</polygon></area></info></alert>"
    ).encode()


def test_a_40000_point_polygon_gives_the_findings_of_the_rules() -> None:
    """Over 100 points (ipaws) is found once; an open ring still is not closed."""
    rng = random.Random(5)
    points = [f"{rng.uniform(30, 40):.5f},{rng.uniform(-120, -110):.5f}" for _ in range(39_999)]
    closed = " ".join([*points, points[0]])
    report = validate(_polygon_message(closed), profile="ipaws")
    polygon_rules = [f.rule for f in report.findings if f.xpath.endswith("/polygon[1]")]
    assert polygon_rules == ["POLYGON_HAS_AT_MOST_100_POINTS"]
    assert "40000 points" in next(
        f.message for f in report.findings if f.rule == "POLYGON_HAS_AT_MOST_100_POINTS"
    )
    report = validate(_polygon_message(" ".join(points)), profile="cap")
    assert [f.rule for f in report.findings if f.xpath.endswith("/polygon[1]")] == [
        "POLYGON_IS_CLOSED"
    ]


def _date_time_by_fields(text: str) -> datetime | None:
    """The slow, obvious reading: every field converted, the offset and 24:00 by hand."""
    m = _DATE_TIME_RE.match(text.strip(" \t\n\r"))
    if m is None:
        return None
    year, month, day, hour, minute, second, sign, off_h, off_m = m.groups()
    offset = int(off_h) * 60 + int(off_m)
    if int(off_m) > 59 or offset > 14 * 60:
        return None
    end_of_day = hour == "24"
    if end_of_day and (minute != "00" or second != "00"):
        return None
    try:
        zone = timezone(timedelta(minutes=-offset if sign == "-" else offset))
        value = datetime(int(year), int(month), int(day), 0 if end_of_day else int(hour),
                         int(minute), int(second), tzinfo=zone)
        return value + timedelta(days=1) if end_of_day else value
    except (ValueError, OverflowError):
        return None


_two = st.sampled_from(["00", "01", "09", "10", "12", "13", "14", "15", "23", "24", "25", "28",
                        "29", "30", "31", "59", "60", "61", "99"])


@settings(max_examples=3000, deadline=None)
@given(year=st.sampled_from(["0000", "0001", "1999", "2000", "2024", "2023", "9999"]),
       parts=st.tuples(_two, _two, _two, _two, _two, _two, _two),
       sign=st.sampled_from("+-"), pad=st.sampled_from(["", " ", "\n\t", "x"]))
def test_date_time_reads_as_the_field_by_field_construction(
    year: str, parts: tuple[str, ...], sign: str, pad: str,
) -> None:
    mo, d, h, mi, s, oh, om = parts
    text = f"{pad}{year}-{mo}-{d}T{h}:{mi}:{s}{sign}{oh}:{om}{pad}"
    fast, slow = date_time(text), _date_time_by_fields(text)
    assert fast == slow
    if fast is not None and slow is not None:
        assert fast.utcoffset() == slow.utcoffset()

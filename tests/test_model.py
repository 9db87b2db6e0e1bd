"""The model refuses what CAP 1.2 forbids and the types can express, naming the field."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

import bluealert_cap as bc
from bluealert_cap._model import format_datetime, parse_datetime, split_quoted

EST = timezone(timedelta(hours=-5))


def info(**kw: Any) -> bc.Info:
    base: dict[str, Any] = dict(
        categories=["Safety"], event="Blue Alert", urgency="Immediate",
        severity="Severe", certainty="Observed",
    )
    base.update(kw)
    return bc.Info(**base)


def alert(**kw: Any) -> bc.Alert:
    base: dict[str, Any] = dict(
        identifier="MDSP-2026-0001", sender="mdsp@maryland.gov",
        sent=datetime(2026, 11, 24, 2, 0, tzinfo=EST), status="Actual", msg_type="Alert",
        scope="Public", infos=[info()],
    )
    base.update(kw)
    return bc.Alert(**base)


def test_good_alert_builds_and_is_a_frozen_value() -> None:
    a = alert()
    assert a == alert()
    assert hash(a) == hash(alert())
    with pytest.raises(Exception):  # noqa: B017 - pydantic's frozen-instance error
        a.identifier = "other"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"sent": datetime(2026, 11, 24, 2, 0)}, "sent", "naive"),
        ({"sent": datetime(2026, 11, 24, 2, 0, 1, 500, tzinfo=EST)}, "sent", "whole seconds"),
        ({"sent": "2026-11-24T02:00:00Z"}, "sent", "no 'Z'"),
        ({"sent": datetime(2026, 1, 1, tzinfo=timezone(timedelta(seconds=30)))}, "sent", "minutes"),
        ({"identifier": "has space"}, "identifier", "whitespace"),
        ({"identifier": "a,b"}, "identifier", "comma"),
        ({"sender": "a<b"}, "sender", "'<'"),
        ({"sender": "a&b"}, "sender", "'&'"),
        ({"identifier": ""}, "identifier", "empty"),
        ({"status": "Real"}, "status", "Actual"),
        ({"msg_type": "Update"}, "", "references"),
        ({"scope": "Private"}, "", "addresses"),
        ({"addresses": ()}, "addresses", "at least one"),
        ({"addresses": ('a"b',)}, "addresses", "double quote"),
        ({"references": "a,b"}, "references", "sender,identifier,sent"),
        ({"references": "a,b,2026-01-01"}, "references", "CAP date-time"),
        # found by the review fuzz campaign: to_xml then raised UnicodeEncodeError (a lone
        # surrogate) or wrote a document that is not XML (U+0001)
        ({"references": "a\ud800,b,2026-11-24T01:00:00-05:00"}, "references", "U+D800"),
        ({"references": "a,b\x01,2026-11-24T01:00:00-05:00"}, "references", "U+0001"),
        ({"references": ["a,b,2026-11-24T01:00:00-05:00\ufffe"]}, "references", "U+FFFE"),
        ({"note": "bell \x07"}, "note", "U+0007"),
        ({"sent": 1700000000}, "sent", "is a number"),  # not read as Unix time
        ({"sent": "\u0662\u0660\u0662\u0666-01-01T00:00:00-05:00"}, "sent", "CAP date-time"),
        ({"infos": [info(expires="2026-11-24T01:00:00-05:00")]}, "", "before sent"),
    ],
)
def test_alert_rules(changes: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(bc.InvalidContentError) as exc:
        alert(**changes)
    problems = exc.value.problems
    assert len(problems) == 1
    assert problems[0].location == field
    assert words in problems[0].message
    assert isinstance(exc.value, bc.CapError)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"categories": []}, "categories", "at least 1"),
        ({"urgency": "Soon"}, "urgency", "Immediate"),
        ({"language": "english please"}, "language", "RFC 3066"),
        ({"web": "www.example.gov"}, "web", "absolute"),
        ({"effective": "2026-11-24T05:00:00-05:00", "expires": "2026-11-24T04:00:00-05:00"},
         "", "before effective"),
    ],
)
def test_info_rules(changes: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(bc.InvalidContentError) as exc:
        info(**changes)
    assert exc.value.problems[0].location == field
    assert words in exc.value.problems[0].message


def test_expires_may_precede_onset() -> None:
    # A watch can expire before the event it warns of begins (CAP sets no order; NWS does it).
    i = info(onset="2026-11-24T09:00:00-05:00", expires="2026-11-24T08:00:00-05:00")
    assert i.expires is not None and i.onset is not None and i.expires < i.onset


def test_nested_problem_names_the_full_path() -> None:
    with pytest.raises(bc.InvalidContentError) as exc:
        alert(infos=[info(), {"categories": ["Met"], "event": "x", "urgency": "Past",
                              "severity": "Minor", "certainty": "Likely",
                              "areas": [{"area_desc": "a", "polygons": ["1,1 2,2 3,3 1,1"],
                                         "circles": ["1,1 -2"]}]}])
    locs = {p.location for p in exc.value.problems}
    assert locs == {"infos[1].areas[0].circles[0]"}
    assert "negative" in exc.value.problems[0].message


def test_resource_rules() -> None:
    with pytest.raises(bc.InvalidContentError, match="mime_type"):
        bc.Resource(resource_desc="photo", mime_type="jpeg")
    with pytest.raises(bc.InvalidContentError, match="negative"):
        bc.Resource(resource_desc="photo", mime_type="image/jpeg", size=-1)
    with pytest.raises(bc.InvalidContentError, match="relative"):
        bc.Resource(resource_desc="photo", mime_type="image/jpeg", uri="photo.jpg")
    with pytest.raises(bc.InvalidContentError, match="base-64"):
        bc.Resource(resource_desc="photo", mime_type="image/jpeg", deref_uri="not base64!")
    embedded = bc.Resource.embed("photo", "image/jpeg", b"\xff\xd8\xff")
    assert embedded.data == b"\xff\xd8\xff"
    assert embedded.size == 3
    assert embedded.digest == hashlib.sha1(b"\xff\xd8\xff").hexdigest()
    # a relative uri naming the embedded content is allowed (CAP 1.2 §3.2.3)
    bc.Resource(resource_desc="photo", mime_type="image/jpeg", uri="photo.jpg",
                deref_uri=embedded.deref_uri)


def test_area_rules() -> None:
    with pytest.raises(bc.InvalidContentError, match="without altitude"):
        bc.Area(area_desc="x", ceiling=100)
    with pytest.raises(bc.InvalidContentError, match="below altitude"):
        bc.Area(area_desc="x", altitude=200, ceiling=100)
    with pytest.raises(bc.InvalidContentError, match="plain decimal"):
        bc.Area(area_desc="x", altitude="1e3")
    assert bc.Area(area_desc="x", altitude="100.50").altitude == Decimal("100.50")


class TestPolygon:
    def test_closed_ring_required(self) -> None:
        with pytest.raises(ValueError, match="not closed"):
            bc.Polygon([(1, 1), (1, 2), (2, 2), (2, 1)])

    def test_four_points_required(self) -> None:
        with pytest.raises(ValueError, match="3 points"):
            bc.Polygon([(1, 1), (1, 2), (1, 1)])

    @pytest.mark.parametrize("point", [(91, 0), (-90.5, 0), (0, 180.01), (0, -181)])
    def test_bounds(self, point: tuple[float, float]) -> None:
        with pytest.raises(ValueError, match="outside"):
            bc.Polygon.ring([point, (1, 2), (2, 2)])

    def test_ring_closes_and_keeps_digits(self) -> None:
        poly = bc.Polygon.ring([("38.470", "-120.14"), (38.5, -120.0), (38.6, -120.1)])
        assert str(poly) == "38.470,-120.14 38.5,-120.0 38.6,-120.1 38.470,-120.14"
        assert poly.points[0] == bc.Point(38.47, -120.14)
        assert bc.Polygon.parse(str(poly)) == poly

    def test_no_exponents_written(self) -> None:
        poly = bc.Polygon.ring([(1e-7, 1e-7), (1, 1), (1, 0)])
        assert "e" not in str(poly).lower()

    @pytest.mark.parametrize("text", ["", "1,1 2,2", "a,b c,d e,f a,b", "1,1,1 2,2 3,3 1,1,1",
                                      "1;1 2;2 3;3 1;1", "nan,1 2,2 3,3 nan,1"])
    def test_parse_refuses_malformed(self, text: str) -> None:
        with pytest.raises(ValueError):
            bc.Polygon.parse(text)
        # but reading keeps it, with the defect named
        read = bc.Polygon.read(text)
        assert read.defects and not read.is_valid
        assert str(read) == " ".join(text.split())

    def test_circle(self) -> None:
        c = bc.Circle((32.9525, -115.5527), 0)
        assert str(c) == "32.9525,-115.5527 0"
        assert c.radius == 0 and c.center == bc.Point(32.9525, -115.5527)
        with pytest.raises(ValueError, match="negative"):
            bc.Circle.parse("1,1 -5")
        with pytest.raises(ValueError, match="lat,lon radius"):
            bc.Circle.parse("1,1 2,2 5")
        assert bc.Circle.read("1,2 3,4").defects


class TestDateTimes:
    @pytest.mark.parametrize("text", ["2026-11-24T02:36:45-05:00", "2026-11-24T02:36:45+00:00",
                                      "2026-11-24T02:36:45-00:00", "2026-11-24T02:36:45+14:00"])
    def test_written_as_read(self, text: str) -> None:
        assert format_datetime(parse_datetime(text)) == text

    def test_utc_is_written_minus_zero(self) -> None:
        dt = datetime(2026, 1, 1, tzinfo=UTC)
        assert format_datetime(dt) == "2026-01-01T00:00:00-00:00"

    @pytest.mark.parametrize("text", ["2026-11-24T02:36:45Z", "2026-11-24T02:36:45",
                                      "2026-11-24T02:36:45.5-05:00", "2026-02-30T00:00:00-05:00",
                                      "2026-11-24T02:36:45+14:30", "2026-11-24 02:36:45-05:00"])
    def test_refused(self, text: str) -> None:
        with pytest.raises(ValueError):
            parse_datetime(text)


def test_split_quoted() -> None:
    assert split_quoted('a "b c"  d') == ("a", "b c", "d")
    with pytest.raises(ValueError, match="unbalanced"):
        split_quoted('a "b c')


def test_replace_rechecks_rules() -> None:
    a = alert()
    assert a.replace(identifier="X-2").identifier == "X-2"
    with pytest.raises(bc.InvalidContentError):
        a.replace(identifier="X 2")


def test_reference_round_trip() -> None:
    a = alert()
    ref = a.reference
    assert str(ref) == "mdsp@maryland.gov,MDSP-2026-0001,2026-11-24T02:00:00-05:00"
    assert bc.Reference.parse(str(ref)) == ref
    upd = alert(identifier="MDSP-2026-0002", msg_type="Update", references=[ref])
    assert bc.parse(upd.to_xml()).references == (ref,)


@pytest.mark.parametrize(
    "changes",
    [
        {"polygons": [[39.1, -77.2, 39.2, -77.3]]},  # a flat list, not (lat, lon) pairs
        {"polygons": [[[None, 1], [1, 1], [2, 2], [None, 1]]]},  # JSON null
        {"polygons": [["39.1,-77.2", "39.2,-77.3", "39.3,-77.3", "39.1,-77.2"]]},
        {"circles": [{"center": [39.1, -77.2], "radius": None}]},
        {"circles": [{"center": 5, "radius": 1}]},
        {"circles": [{"center": [39.1, -77.2], "radius": [1]}]},
    ],
)
def test_malformed_geometry_input_is_an_invalid_content_error(changes: dict[str, Any]) -> None:
    # Plain values of the wrong shape (as JSON input gives them) are refused with the field
    # path, never a TypeError.
    with pytest.raises(bc.InvalidContentError) as exc:
        bc.Area(area_desc="x", **changes)
    assert exc.value.problems[0].location.startswith(next(iter(changes)) + "[0]")


def test_model_validate_json_raises_invalid_content_error() -> None:
    # model_validate_json/_strings are pydantic's public entry points too: a CapError naming
    # each field, not a pydantic ValidationError wrapping the message.
    with pytest.raises(bc.InvalidContentError) as exc:
        bc.Alert.model_validate_json('{"identifier": "a b", "sender": "s"}')
    assert {p.location for p in exc.value.problems} == {
        "identifier", "sent", "status", "msg_type", "scope"
    }
    with pytest.raises(bc.InvalidContentError, match="Invalid JSON"):
        bc.Alert.model_validate_json("not json")
    with pytest.raises(bc.InvalidContentError) as exc:
        bc.Alert.model_validate_strings({"identifier": "x"})
    assert "sender" in {p.location for p in exc.value.problems}
    a = alert()
    assert bc.Alert.model_validate_json(a.model_dump_json()) == a


# Found by the review fuzz campaign: pydantic wrote a UTC date-time as "...Z" in JSON, which the
# CAP date-time form refuses, so model_dump_json -> model_validate_json failed for any message
# (or reference) sent in UTC, and "+00:00" came back as "-00:00".
@pytest.mark.parametrize("zone", ["-00:00", "+00:00", "+14:00", "-09:30"])
def test_json_round_trip_keeps_every_offset(zone: str) -> None:
    sent = parse_datetime(f"2026-11-24T07:00:00{zone}")
    ref = bc.Reference(sender="s", identifier="i", sent=sent)
    a = alert(sent=sent, msg_type="Update", references=[ref], infos=[info()])
    data = a.model_dump(mode="json")
    assert data["sent"] == data["references"][0]["sent"] == f"2026-11-24T07:00:00{zone}"
    again = bc.Alert.model_validate_json(a.model_dump_json())
    assert again == a and again.to_xml() == a.to_xml()
    assert a.model_dump()["sent"] is a.sent  # Python mode keeps the datetime


@pytest.mark.parametrize(
    ("sig", "words"),
    [
        (b"not xml", "is not one XML element"),
        (b"<x/>", "not an XML-Signature element"),
        (b"<ds:Signature xmlns:ds='http://www.w3.org/2000/09/xmldsig#'>", "not one XML element"),
        (b"<!DOCTYPE d [<!ENTITY e 'x'>]><d/>", "DOCTYPE"),
    ],
)
def test_signatures_built_in_code_must_be_signature_elements(sig: bytes, words: str) -> None:
    # Written verbatim by to_xml(): anything else would make it write a document that is not
    # well-formed, or one parse() refuses.
    with pytest.raises(bc.InvalidContentError, match=words) as exc:
        alert(signatures=(sig,))
    assert [p.location for p in exc.value.problems] == ["signatures"]


def test_signature_built_in_code_round_trips() -> None:
    a = alert(signatures=(b"<ds:Signature xmlns:ds='http://www.w3.org/2000/09/xmldsig#'>"
                          b"<ds:SignedInfo/></ds:Signature>",))
    assert bc.parse(a.to_xml()) == a
    assert bc.parse(a.to_xml(pretty=True)) == a


def test_defective_geometry_read_from_a_message_cannot_be_built_into_a_model() -> None:
    # Polygon.read/Circle.read keep a received message's rule breaks; a model built in code
    # refuses them as it refuses the same text (the reader, in its lossless mode, keeps them).
    with pytest.raises(bc.InvalidContentError) as exc:
        bc.Area(area_desc="a", polygons=[bc.Polygon.read("1,1 2,2 3,3 4,4")],
                circles=[bc.Circle.read("1,1 -5")])
    assert [p.location for p in exc.value.problems] == ["polygons[0]", "circles[0]"]
    assert "not closed" in exc.value.problems[0].message
    with pytest.raises(bc.InvalidContentError, match="not closed"):
        bc.TargetArea(description="a", polygons=[bc.Polygon.read("1,1 2,2 3,3 4,4")])
    good = bc.Polygon.read("1,1 1,2 2,2 1,1")
    assert bc.Area(area_desc="a", polygons=[good]).polygons == (good,)


def test_a_refused_item_is_not_also_reported_as_a_missing_one() -> None:
    with pytest.raises(bc.InvalidContentError) as exc:
        info(categories=["security"])
    assert [p.location for p in exc.value.problems] == ["categories[0]"]
    with pytest.raises(bc.InvalidContentError) as exc:
        info(categories=[])
    assert [p.location for p in exc.value.problems] == ["categories"]


@pytest.mark.parametrize(
    ("read", "text", "words"),
    [
        (bc.Polygon.read, "\u0661,\u0662 3,4 5,6 \u0661,\u0662", "decimal degrees"),
        (bc.Circle.read, "38.5,-120.0 \u0661\u0660", "decimal number"),
        (bc.Circle.read, "\u0663\u0668.5,-120.0 10", "decimal degrees"),
    ],
)
def test_geometry_numbers_are_ascii_digits(read: Any, text: str, words: str) -> None:
    # float() reads Arabic-Indic digits; CAP's WGS 84 decimal numbers are ASCII (as the cap
    # validation layer says too)
    defects = read(text).defects
    assert len(defects) == 1 and words in defects[0]

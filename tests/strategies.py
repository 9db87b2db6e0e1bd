"""Hypothesis strategies for random valid CAP 1.2 alerts (shared by property tests)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

from hypothesis import strategies as st

import bluealert_cap as bc
from bluealert_cap._model import MINUS_ZERO, PLUS_ZERO

# XML-safe text: any XML 1.0 character, including '\r', '&', '<' and non-BMP characters.
xml_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\x00\ufffe\uffff",
    ).filter(lambda c: c in "\t\n\r" or c >= " "),
    max_size=40,
)
identifier = st.from_regex(r"[A-Za-z0-9.@:_\-]{1,30}", fullmatch=True)
zones = st.sampled_from(
    [PLUS_ZERO, MINUS_ZERO, UTC, timezone(timedelta(hours=-5)),
     timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=14)),
     timezone(timedelta(hours=-12))]
)


@st.composite
def cap_datetimes(draw: st.DrawFn, lo: datetime | None = None) -> datetime:
    base = draw(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)))
    dt = base.replace(microsecond=0, tzinfo=draw(zones))
    if lo is not None and dt < lo:
        dt = lo + timedelta(seconds=draw(st.integers(0, 10**6)))
        dt = dt.replace(microsecond=0)
    return dt


lat = st.decimals(min_value=-90, max_value=90, places=4, allow_nan=False, allow_infinity=False)
lon = st.decimals(min_value=-180, max_value=180, places=4, allow_nan=False, allow_infinity=False)
floats_lat = st.floats(min_value=-90, max_value=90, allow_nan=False, allow_infinity=False)
floats_lon = st.floats(min_value=-180, max_value=180, allow_nan=False, allow_infinity=False)

polygons = st.lists(st.tuples(st.one_of(lat, floats_lat), st.one_of(lon, floats_lon)),
                    min_size=3, max_size=8).map(
    lambda pts: bc.Polygon([*pts, pts[0]])
)
circles = st.builds(
    bc.Circle,
    st.tuples(lat, lon),
    st.one_of(st.integers(0, 500), st.decimals(min_value=0, max_value=500, places=2)),
)
pairs = st.lists(st.builds(bc.ValuePair, xml_text, xml_text), max_size=3).map(tuple)
token_items = st.lists(
    st.text(alphabet=st.characters(whitelist_categories=("L", "N", "Zs")), min_size=1, max_size=12)
    .filter(lambda s: s.strip() != "")
    .map(lambda s: s.replace('"', "")),
    min_size=1,
    max_size=3,
).map(tuple)


@st.composite
def areas(draw: st.DrawFn) -> bc.Area:
    altitude = draw(st.none() | st.decimals(min_value=-1000, max_value=60000, places=1))
    ceiling = None
    if altitude is not None and draw(st.booleans()):
        ceiling = altitude + draw(st.decimals(min_value=0, max_value=1000, places=1))
    return bc.Area(
        area_desc=draw(xml_text),
        polygons=tuple(draw(st.lists(polygons, max_size=2))),
        circles=tuple(draw(st.lists(circles, max_size=2))),
        geocodes=draw(pairs),
        altitude=altitude,
        ceiling=ceiling,
    )


resources = st.one_of(
    st.builds(
        bc.Resource,
        resource_desc=xml_text,
        mime_type=st.sampled_from(["image/jpeg", "audio/x-ipaws-audio-mp3", "text/plain"]),
        size=st.none() | st.integers(0, 10**9),
        uri=st.none() | st.just("https://example.gov/a.jpg"),
        digest=st.none() | st.from_regex(r"[0-9a-f]{40}", fullmatch=True),
    ),
    st.builds(
        bc.Resource.embed,
        xml_text,
        st.just("image/png"),
        st.binary(max_size=64),
    ),
)


@st.composite
def infos(draw: st.DrawFn, sent: datetime) -> bc.Info:
    effective = draw(st.none() | cap_datetimes())
    onset = draw(st.none() | cap_datetimes())
    lo = max([t for t in (sent, effective, onset) if t is not None])
    expires = draw(st.none() | cap_datetimes(lo=lo))
    return bc.Info(
        language=draw(st.none() | st.sampled_from(["", "en-US", "es-US", "fr-CA", "zh-tw"])),
        categories=tuple(
            draw(st.lists(st.sampled_from(list(bc.Category)), min_size=1, max_size=3))
        ),
        event=draw(xml_text),
        response_types=tuple(draw(st.lists(st.sampled_from(list(bc.ResponseType)), max_size=2))),
        urgency=draw(st.sampled_from(list(bc.Urgency))),
        severity=draw(st.sampled_from(list(bc.Severity))),
        certainty=draw(st.sampled_from(list(bc.Certainty))),
        audience=draw(st.none() | xml_text),
        event_codes=draw(pairs),
        effective=effective,
        onset=onset,
        expires=expires,
        sender_name=draw(st.none() | xml_text),
        headline=draw(st.none() | xml_text),
        description=draw(st.none() | xml_text),
        instruction=draw(st.none() | xml_text),
        web=draw(st.none() | st.just("https://www.example.gov/alerts?id=1&x=2")),
        contact=draw(st.none() | xml_text),
        parameters=draw(pairs),
        resources=tuple(draw(st.lists(resources, max_size=2))),
        areas=tuple(draw(st.lists(areas(), max_size=2))),
    )


@st.composite
def alerts(draw: st.DrawFn) -> bc.Alert:
    sent = draw(cap_datetimes())
    scope = draw(st.sampled_from(list(bc.Scope)))
    msg_type = draw(st.sampled_from(list(bc.MsgType)))
    refs = None
    if msg_type in (bc.MsgType.UPDATE, bc.MsgType.CANCEL) or draw(st.booleans()):
        refs = tuple(
            draw(st.lists(st.builds(bc.Reference, sender=identifier, identifier=identifier,
                                    sent=cap_datetimes()), min_size=1, max_size=3))
        )
    addresses = draw(token_items) if scope is bc.Scope.PRIVATE else draw(st.none() | token_items)
    return bc.Alert(
        identifier=draw(identifier),
        sender=draw(identifier),
        sent=sent,
        status=draw(st.sampled_from(list(bc.Status))),
        msg_type=msg_type,
        source=draw(st.none() | xml_text),
        scope=scope,
        restriction=draw(st.none() | xml_text),
        addresses=addresses,
        codes=tuple(draw(st.lists(xml_text, max_size=2))),
        note=draw(st.none() | xml_text),
        references=refs,
        incidents=draw(st.none() | token_items),
        infos=tuple(draw(st.lists(infos(sent), max_size=3))),
    )


__all__ = ["Decimal", "alerts", "cap_datetimes"]

"""What receivers make of a CAP alert: the EAS SAME header and text crawl, the WEA texts, and
the target areas as GeoJSON.

The SAME header follows 47 CFR 11.31(c) (``ipaws-domain.md`` §2)::

    ZCZC-ORG-EEE-PSSCCC-PSSCCC+TTTT-JJJHHMM-LLLLLLLL-

``ORG`` is the ``EAS-ORG`` parameter, ``EEE`` the SAME event code, then up to 31 SAME location
codes in message order, ``TTTT`` the purge time (``expires - sent`` rounded *up* to 15-minute
steps up to one hour, then 30-minute steps, at most 99:30), ``JJJHHMM`` the day of the year
and UTC time of ``sent``, and ``LLLLLLLL`` the station id the EAS device fills in (given by
the caller, padded with spaces to eight characters). Works for any CAP 1.2 alert, not only
Blue Alerts; anything missing or out of range is explained in :attr:`SameHeader.notes`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from .._model import Alert, Info
from .._validation._codes import EAS_EVENT_CODES, SAME_ORIGINATOR_CODES, STATE_FIPS_CODES
from ._text import in_zone, to_gsm

__all__ = [
    "SameHeader",
    "WeaView",
    "eas_crawl",
    "geojson",
    "purge_time",
    "same_header",
    "wea_views",
]

MAX_LOCATIONS = 31
EARTH_RADIUS_KM = 6371.0088
CIRCLE_SEGMENTS = 64

_ORG_PHRASES = {
    "CIV": "A CIVIL AUTHORITY",
    "EAS": "AN EAS PARTICIPANT",
    "WXR": "THE NATIONAL WEATHER SERVICE",
    "PEP": "THE PRIMARY ENTRY POINT SYSTEM",
}


@dataclass(frozen=True)
class SameHeader:
    """The SAME header an EAS encoder derives from an alert, with its parts."""

    text: str
    originator: str
    event: str
    locations: tuple[str, ...]
    purge: str
    issued: str
    station: str
    notes: tuple[str, ...] = field(default=())


def _first_info(alert: Alert) -> Info | None:
    for info in alert.infos:
        if info.event_code_values("SAME"):
            return info
    return alert.infos[0] if alert.infos else None


def purge_time(duration: timedelta) -> str:
    """``TTTT`` for a message valid for ``duration``: rounded up to 15 minutes up to one hour,
    then to 30 minutes; at least 0015, at most 9930."""
    minutes = max(0, math.ceil(duration.total_seconds() / 60))
    if minutes <= 60:
        minutes = max(15, math.ceil(minutes / 15) * 15)
    else:
        minutes = math.ceil(minutes / 30) * 30
    minutes = min(minutes, 99 * 60 + 30)
    return f"{minutes // 60:02d}{minutes % 60:02d}"


def check_station(station: str) -> str:
    """The station id padded to 8 characters; raises ``ValueError`` if it cannot be one."""
    if not station or len(station) > 8 or "-" in station or "+" in station:
        raise ValueError(
            f"station id {station!r} must be 1 to 8 characters without '-' or '+'"
        )
    if not all(32 <= ord(c) < 127 for c in station):
        raise ValueError(f"station id {station!r} must be printable ASCII")
    return station.ljust(8)


def same_header(alert: Alert, station: str) -> SameHeader:
    """The SAME header of ``alert`` (see module doc); raises ``ValueError`` for a bad
    ``station``."""
    station = check_station(station)
    notes: list[str] = []
    info = _first_info(alert)
    org = event = ""
    locations: list[str] = []
    duration: timedelta | None = None
    if info is None:
        notes.append("the alert has no <info>: no event, location or purge time to encode")
    else:
        org = (info.parameter("EAS-ORG") or "").strip()
        codes = [v.strip() for v in info.event_code_values("SAME")]
        event = codes[0] if codes else ""
        for area in info.areas:
            for code in area.geocode_values("SAME"):
                code = code.strip()
                if code not in locations:
                    locations.append(code)
        if info.expires is not None:
            duration = info.expires - alert.sent
    if org not in SAME_ORIGINATOR_CODES:
        notes.append(
            f"EAS-ORG {org!r} is not a SAME originator code; an encoder would refuse it"
            if org else "no EAS-ORG parameter; an encoder cannot fill ORG"
        )
        org = org[:3].upper().ljust(3, "?") if org else "???"
    if len(event) != 3 or not event.isalpha() or not event.isupper():
        notes.append(
            f"SAME event code {event!r} is not three letters" if event
            else "no SAME event code; an encoder cannot fill EEE"
        )
        event = event[:3].ljust(3, "?") if event else "???"
    bad = [c for c in locations if len(c) != 6 or not c.isdigit()]
    if bad:
        notes.append(f"SAME location codes {bad} are not six digits; left out")
        locations = [c for c in locations if c not in bad]
    if len(locations) > MAX_LOCATIONS:
        notes.append(
            f"{len(locations)} SAME location codes; one header carries {MAX_LOCATIONS}, the "
            f"other {len(locations) - MAX_LOCATIONS} are left out"
        )
        locations = locations[:MAX_LOCATIONS]
    if not locations:
        notes.append("no SAME location code; the header has none to carry")
    if duration is None:
        notes.append("no <expires>: purge time 0100 (one hour) assumed")
        duration = timedelta(hours=1)
    elif duration <= timedelta(0):
        notes.append("<expires> is not after <sent>: purge time 0015 used")
    elif duration > timedelta(hours=99, minutes=30):
        notes.append("valid for more than 99:30; the purge time is capped at 9930")
    purge = purge_time(duration)
    try:
        sent = alert.sent.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+05:00 is in year 0 in UTC
        notes.append("sent is outside the years 1 to 9999 in UTC; the issue time is as written")
        sent = alert.sent
    issued = f"{sent.timetuple().tm_yday:03d}{sent.hour:02d}{sent.minute:02d}"
    text = f"ZCZC-{org}-{event}-{'-'.join(locations)}+{purge}-{issued}-{station}-"
    return SameHeader(text, org, event, tuple(locations), purge, issued, station, tuple(notes))


def _clock(dt: datetime, zone: str | None) -> str:
    dt = in_zone(dt, zone)
    hour = dt.hour % 12 or 12
    ampm = "AM" if dt.hour < 12 else "PM"
    if zone is None:
        off = dt.utcoffset() or timedelta(0)
        minutes = int(off.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        minutes = abs(minutes)
        zone = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return f"{hour}:{dt.minute:02d} {ampm} {zone}"


def eas_crawl(alert: Alert, station: str) -> str:
    """The EAS text crawl: the sentence an encoder builds from the header, then the alert's
    description and instruction (as CAP-to-EAS devices append them)."""
    header = same_header(alert, station)
    info = _first_info(alert)
    org = _ORG_PHRASES.get(header.originator, "AN ORIGINATOR")
    name = EAS_EVENT_CODES.get(header.event, f"EVENT {header.event}").upper()
    article = "AN" if name[:1] in "AEIOU" else "A"
    zone = info.parameter("timezone") if info else None
    areas: list[str] = []
    if info is not None:
        for area in info.areas:
            desc = " ".join(area.area_desc.split())
            if desc and desc not in areas:
                areas.append(desc)
    if not areas:
        states = sorted({STATE_FIPS_CODES.get(c[1:3], c) for c in header.locations})
        areas = states
    sent = alert.sent
    day = in_zone(sent, zone)
    start = f"{_clock(sent, zone)} ON {day.strftime('%b').upper()} {day.day}, {day.year}"
    text = (
        f"{org} HAS ISSUED {article} {name} FOR THE FOLLOWING COUNTIES/AREAS: "
        f"{'; '.join(areas).upper()}; AT {start}"
    )
    if info is not None and info.expires is not None:
        try:
            until = info.expires.astimezone(sent.tzinfo)
        except OverflowError:  # within hours of year 1 or 9999
            until = info.expires
        text += f" EFFECTIVE UNTIL {_clock(until, zone)}"
    text += f". MESSAGE FROM {header.station.strip()}."
    if info is not None:
        extra = " ".join(
            " ".join(t.split()) for t in (info.description, info.instruction) if t
        )
        if extra:
            text += " " + extra
    return text


@dataclass(frozen=True)
class WeaView:
    """What a handset shows for one ``<info>``: class, the 90- and 360-character texts."""

    language: str
    handling: str | None
    short: str | None
    long: str | None
    notes: tuple[str, ...]


def wea_views(alert: Alert) -> list[WeaView]:
    """The WEA texts of every ``<info>``, with only characters a handset shows (see
    :func:`~bluealert_cap._bluealert._text.to_gsm`)."""
    views: list[WeaView] = []
    for info in alert.infos:
        notes: list[str] = []
        if "CMAS" in (v.strip() for v in info.parameter_values("BLOCKCHANNEL")):
            notes.append("BLOCKCHANNEL CMAS: not sent to WEA")
        texts: list[str | None] = []
        for name, limit in (("CMAMtext", 90), ("CMAMlongtext", 360)):
            raw = info.parameter(name)
            if raw is None:
                texts.append(None)
                if name == "CMAMtext":
                    notes.append("no CMAMtext: the federal gateway builds text from other fields")
                continue
            shown = to_gsm(raw)
            if shown != " ".join(raw.split()):
                notes.append(f"{name}: characters outside the GSM 7-bit alphabet replaced")
            if len(raw) > limit:
                notes.append(f"{name} has {len(raw)} characters; WEA allows {limit}")
            texts.append(shown)
        views.append(WeaView(
            info.effective_language, info.parameter("WEAHandling"), texts[0], texts[1],
            tuple(notes),
        ))
    return views


# -- GeoJSON -----------------------------------------------------------------------------------
def circle_ring(lat: float, lon: float, radius_km: float,
                segments: int = CIRCLE_SEGMENTS) -> list[list[float]]:
    """A closed counter-clockwise ring of ``[lon, lat]`` points approximating a circle on the
    WGS 84 sphere (great-circle destination points)."""
    if radius_km <= 0:
        return [[lon, lat]] * 4
    d = radius_km / EARTH_RADIUS_KM
    p1, l1 = math.radians(lat), math.radians(lon)
    ring: list[list[float]] = []
    for k in range(segments):
        bearing = -2 * math.pi * k / segments  # counter-clockwise seen from above
        p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(bearing))
        l2 = l1 + math.atan2(math.sin(bearing) * math.sin(d) * math.cos(p1),
                             math.cos(d) - math.sin(p1) * math.sin(p2))
        lon2 = (math.degrees(l2) + 540) % 360 - 180
        ring.append([round(lon2, 6), round(math.degrees(p2), 6)])
    ring.append(ring[0])
    return ring


def _ccw(ring: list[list[float]]) -> list[list[float]]:
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in itertools.pairwise(ring))
    return ring if area >= 0 else ring[::-1]


def geojson(alert: Alert) -> dict[str, Any]:
    """The target areas as a GeoJSON FeatureCollection (RFC 7946): one Feature per polygon
    and per circle (as a 64-sided polygon), and a null-geometry Feature for an area given only
    by geocodes. Properties: ``areaDesc``, ``info`` (1-based), ``language``, ``kind``,
    ``radius_km`` for circles and ``SAME`` codes."""
    features: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for i, info in enumerate(alert.infos, 1):
        for area in info.areas:
            props: dict[str, Any] = {
                "areaDesc": area.area_desc,
                "info": i,
                "language": info.effective_language,
                "SAME": area.geocode_values("SAME"),
            }
            shapes = 0
            for poly in area.polygons:
                if not poly.is_valid:
                    continue
                key = ("polygon", str(poly))
                shapes += 1
                if key in seen:
                    continue
                seen.add(key)
                ring = _ccw([[p.lon, p.lat] for p in poly.points])
                features.append({
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                    "properties": {**props, "kind": "polygon"},
                })
            for circle in area.circles:
                if circle.center is None or circle.radius is None:
                    continue
                key = ("circle", str(circle))
                shapes += 1
                if key in seen:
                    continue
                seen.add(key)
                ring = circle_ring(circle.center.lat, circle.center.lon, circle.radius)
                features.append({
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                    "properties": {**props, "kind": "circle", "radius_km": circle.radius,
                                   "center": [circle.center.lon, circle.center.lat]},
                })
            key = ("area", area.area_desc + "|" + ",".join(props["SAME"]))
            if shapes == 0 and key not in seen:
                seen.add(key)
                features.append({
                    "type": "Feature", "geometry": None,
                    "properties": {**props, "kind": "geocodes"},
                })
    return {"type": "FeatureCollection", "features": features}

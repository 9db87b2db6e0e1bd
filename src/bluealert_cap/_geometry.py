"""CAP geometry values: WGS 84 points, polygons and circles.

The rules live in the types: a :class:`Polygon` built in code has at least four points, is
closed and lies within WGS 84 bounds; a :class:`Circle` has a centre within bounds and a radius
of zero or more kilometres. Coordinates keep the digits they were written with (``38.470``
stays ``38.470``) so that reading and writing a message loses nothing.

Messages read from third parties sometimes break these rules (an unclosed ring, an empty
``<polygon/>``, a circle without a radius). :meth:`Polygon.read` and :meth:`Circle.read` keep
such values exactly as written and list what is wrong in ``defects``; the validator reports
them. Only the XML reader uses ``read``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

_DECIMAL_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\Z")
# A whole coordinate list "lat,lon lat,lon ..." (single spaces: it is matched after split and
# join), every number a plain decimal in ASCII digits; possessive, so no backtracking stack.
_NUM = r"[+-]?+(?:[0-9]++(?:\.[0-9]*+)?+|\.[0-9]++)"
_PAIRS_RE = re.compile(rf"{_NUM},{_NUM}(?: {_NUM},{_NUM})*+")
# In such a list: a latitude whose integer part is 90 or more, a longitude whose integer part
# is 180 or more (leading zeros allowed). Where neither occurs every point is within bounds.
_BIG_LAT_RE = re.compile(r" [+-]?0*(?:9[0-9]|[1-9][0-9][0-9]+)[.,]")  # on " " + list
_BIG_LON_RE = re.compile(r",[+-]?0*(?:1[89][0-9]|[2-9][0-9][0-9]|[1-9][0-9][0-9][0-9]+)(?:\.| |\Z)")


class Point(NamedTuple):
    """A WGS 84 point in decimal degrees (CAP writes it ``lat,lon``)."""

    lat: float
    lon: float


def format_number(value: float | int | Decimal | str) -> str:
    """Write a number as a plain decimal (no exponent, no NaN/Infinity); strings pass unchanged
    after a format check."""
    if isinstance(value, str):
        text = value.strip()
        if not _DECIMAL_RE.match(text):
            raise ValueError(f"{value!r} is not a plain decimal number")
        return text
    if isinstance(value, bool):
        raise ValueError("a boolean is not a coordinate")
    if not isinstance(value, (int, float, Decimal)):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} is not a finite number")
        text = format(value, "f")
        return text
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number")
    text = repr(float(value))
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text


def _number(text: str) -> float | None:
    return float(text) if _DECIMAL_RE.match(text) else None


def _pair(token: str) -> Point | None:
    parts = token.split(",")
    if len(parts) != 2:
        return None
    lat, lon = _number(parts[0]), _number(parts[1])
    if lat is None or lon is None:
        return None
    return Point(lat, lon)


def _bounds_defect(lat: float, lon: float) -> str | None:
    if not -90.0 <= lat <= 90.0:
        return f"latitude {lat} is outside -90..90"
    if not -180.0 <= lon <= 180.0:
        return f"longitude {lon} is outside -180..180"
    return None


def _bounds_defects(text: str, defects: list[str]) -> None:
    """Append the latitude/longitude bounds defects of a well-formed coordinate list."""
    nums = list(map(float, text.replace(",", " ").split()))
    lats, lons = nums[0::2], nums[1::2]
    if min(lats) < -90.0 or max(lats) > 90.0:
        lat = next(x for x in lats if not -90.0 <= x <= 90.0)
        defects.append(f"latitude {lat} is outside -90..90")
    if min(lons) < -180.0 or max(lons) > 180.0:
        lon = next(x for x in lons if not -180.0 <= x <= 180.0)
        defects.append(f"longitude {lon} is outside -180..180")


def _pair_text(point: Point | tuple[Any, Any]) -> str:
    if not isinstance(point, (tuple, list)) or len(point) != 2:
        raise ValueError(f"a point is a (lat, lon) pair, got {point!r}")
    return f"{format_number(point[0])},{format_number(point[1])}"


class Polygon:
    """A closed ring of WGS 84 points (CAP ``<polygon>``): at least 4 points, first == last.

    Build one with ``Polygon([(lat, lon), ...])`` (the ring must already be closed; use
    :meth:`ring` to close it), or from CAP text with :meth:`parse`. Both raise ``ValueError``
    naming the problem.
    """

    __slots__ = ("_defects", "_pairs", "_points", "_text")

    _text: str | None
    _pairs: tuple[str, ...] | None
    _points: tuple[Point, ...] | None
    _defects: tuple[str, ...] | None

    def __init__(self, points: Iterable[Point | tuple[Any, Any]]):
        pairs = tuple(_pair_text(p) for p in points)
        self._init(pairs, strict=True)

    # -- constructors ---------------------------------------------------------------------------
    @classmethod
    def ring(cls, points: Iterable[Point | tuple[Any, Any]]) -> Polygon:
        """A polygon through ``points``, closed by repeating the first point if needed."""
        pairs = [_pair_text(p) for p in points]
        if pairs and _pair(pairs[0]) != _pair(pairs[-1]):
            pairs.append(pairs[0])
        obj = cls.__new__(cls)
        obj._init(tuple(pairs), strict=True)
        return obj

    @classmethod
    def parse(cls, text: str) -> Polygon:
        """A polygon from CAP text (``"lat,lon lat,lon ..."``); raises ``ValueError`` if it breaks
        a CAP rule."""
        obj = cls.__new__(cls)
        obj._init(tuple(text.split()), strict=True)
        return obj

    @classmethod
    def read(cls, text: str) -> Polygon:
        """A polygon exactly as a received message wrote it; rule breaks go to ``defects``.

        Costs nothing until the polygon is used: the text is split and checked on first access
        to ``pairs``, ``defects``, ``points`` (a 40,000-point polygon is not analysed by a
        parse that only writes it back)."""
        obj = cls.__new__(cls)
        obj._text = text
        obj._pairs = None
        obj._points = None
        obj._defects = None
        return obj

    def _init(self, pairs: tuple[str, ...], *, strict: bool) -> None:
        self._text = None
        self._pairs = pairs
        # Points are made on first use (``points``): a read message rarely needs them, and a
        # 40,000-point polygon would otherwise cost 40,000 tuples per parse.
        self._points = None
        defects = _polygon_defects(pairs)
        if defects and strict:
            raise ValueError("; ".join(defects))
        self._defects = tuple(defects)

    # -- values ---------------------------------------------------------------------------------
    @property
    def defects(self) -> tuple[str, ...]:
        """What is wrong with a polygon read from a message (empty for a valid one)."""
        if self._defects is None:
            self._defects = tuple(_polygon_defects(self.pairs))
        return self._defects

    @property
    def points(self) -> tuple[Point, ...]:
        """The points as floats (first == last). Raises ``ValueError`` for a defective polygon
        whose text has no readable points."""
        if self._points is None:
            pts = [_pair(p) for p in self.pairs]
            if any(p is None for p in pts):
                raise ValueError(f"polygon has unreadable points: {'; '.join(self.defects)}")
            self._points = tuple(p for p in pts if p is not None)
        return self._points

    @property
    def pairs(self) -> tuple[str, ...]:
        """The ``lat,lon`` pairs exactly as written."""
        if self._pairs is None:
            self._pairs = tuple((self._text or "").split())
        return self._pairs

    @property
    def is_valid(self) -> bool:
        """True unless this polygon was read from a message that breaks a CAP rule."""
        return not self.defects

    def __str__(self) -> str:
        text = self._text
        if text is not None and _is_normalized(text):
            return text
        return " ".join(self.pairs)

    def __repr__(self) -> str:
        pairs = self.pairs
        n = len(pairs)
        head = " ".join(pairs[:2]) + (" ..." if n > 2 else "")
        flag = f", defects={list(self.defects)!r}" if self.defects else ""
        return f"Polygon({n} points: {head}{flag})"

    def __eq__(self, other: object) -> bool:
        # The pairs hold no white space, so equal texts with single spaces <=> equal pairs.
        return isinstance(other, Polygon) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(("Polygon", str(self)))

    def __len__(self) -> int:
        return len(self.pairs)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_polygon, (self.pairs, self.defects))

    # -- pydantic -------------------------------------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_polygon,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "description": (
                "A closed ring of at least 4 WGS 84 points: CAP text 'lat,lon lat,lon ...' "
                "(first point repeated last) or a list of [lat, lon] pairs."
            ),
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "minItems": 4,
                    "items": {
                        "type": "array",
                        "prefixItems": [
                            {"type": "number", "minimum": -90, "maximum": 90},
                            {"type": "number", "minimum": -180, "maximum": 180},
                        ],
                        "minItems": 2,
                        "maxItems": 2,
                    },
                },
            ],
        }


def _rebuild_polygon(pairs: tuple[str, ...], defects: tuple[str, ...]) -> Polygon:
    obj = Polygon.__new__(Polygon)
    obj._text = None
    obj._pairs = pairs
    obj._points = None
    obj._defects = defects
    return obj


# White space that str.split() splits on, in ASCII; a text without it (but single spaces) and
# without leading/trailing space is already "lat,lon lat,lon ..." as written back.
_ASCII_SPLITTERS = ("  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")


def _is_normalized(text: str) -> bool:
    """True if ``" ".join(text.split()) == text``, found without splitting (C-speed scans)."""
    if not text:
        return True
    if not text.isascii() or text[0] == " " or text[-1] == " ":
        return False
    return not any(ws in text for ws in _ASCII_SPLITTERS)


def _polygon_defects(pairs: tuple[str, ...]) -> list[str]:
    """What breaks a CAP rule in a polygon given as its ``lat,lon`` tokens."""
    defects: list[str] = []
    text = " ".join(pairs)
    if not pairs:
        defects.append("the polygon is empty; at least 4 points are required")
    elif _PAIRS_RE.fullmatch(text) is None:
        bad = next((p for p in pairs if _pair(p) is None), pairs[0])
        defects.append(f"{bad!r} is not a 'lat,lon' pair of decimal degrees")
    else:
        # Every token is a plain decimal (checked above), so float() cannot fail.
        if len(pairs) < 4:
            defects.append(f"the polygon has {len(pairs)} points; at least 4 are required")
        first, last = pairs[0].split(","), pairs[-1].split(",")
        if (float(first[0]), float(first[1])) != (float(last[0]), float(last[1])):
            defects.append(
                f"the polygon is not closed: first point {pairs[0]} differs from "
                f"last point {pairs[-1]}"
            )
        if _BIG_LON_RE.search(text) is not None or _BIG_LAT_RE.search(" " + text) is not None:
            _bounds_defects(text, defects)  # else every |lat| < 90 and |lon| < 180
    return defects


def _validate_polygon(value: Any) -> Polygon:
    if isinstance(value, Polygon):
        return value
    if isinstance(value, str):
        return Polygon.parse(value)
    if isinstance(value, (list, tuple)):
        return Polygon(value)
    raise ValueError("a polygon is CAP text 'lat,lon lat,lon ...' or a list of (lat, lon) pairs")


class Circle:
    """A WGS 84 circle (CAP ``<circle>``): centre point and radius in kilometres (>= 0).

    ``Circle((lat, lon), radius_km)`` or :meth:`parse` of CAP text ``"lat,lon radius"``.
    """

    __slots__ = ("_center", "_radius", "center", "defects", "radius")

    _center: str
    _radius: str
    center: Point | None
    radius: float | None
    defects: tuple[str, ...]

    def __init__(self, center: Point | tuple[Any, Any], radius: float | int | Decimal | str):
        self._init(_pair_text(center), format_number(radius), strict=True)

    @classmethod
    def parse(cls, text: str) -> Circle:
        """A circle from CAP text ``"lat,lon radius"``; raises ``ValueError`` if malformed."""
        return cls._from_text(text, strict=True)

    @classmethod
    def read(cls, text: str) -> Circle:
        """A circle exactly as a received message wrote it; rule breaks go to ``defects``."""
        return cls._from_text(text, strict=False)

    @classmethod
    def _from_text(cls, text: str, *, strict: bool) -> Circle:
        obj = cls.__new__(cls)
        parts = text.split()
        if len(parts) == 2:
            obj._init(parts[0], parts[1], strict=strict)
        else:
            obj._center, obj._radius = " ".join(parts), ""
            obj.center = obj.radius = None
            obj.defects = (
                f"{text.strip()!r} is not 'lat,lon radius' (a point, one space, a radius in km)",
            )
            if strict:
                raise ValueError(obj.defects[0])
        return obj

    def _init(self, center: str, radius: str, *, strict: bool) -> None:
        self._center, self._radius = center, radius
        defects: list[str] = []
        point = _pair(center)
        r = _number(radius)
        if point is None:
            defects.append(f"circle centre {center!r} is not a 'lat,lon' pair of decimal degrees")
        else:
            bound = _bounds_defect(point.lat, point.lon)
            if bound:
                defects.append(f"circle centre: {bound}")
        if r is None:
            defects.append(f"circle radius {radius!r} is not a decimal number of kilometres")
        elif r < 0:
            defects.append(f"circle radius {radius} km is negative; it must be 0 or more")
        if defects and strict:
            raise ValueError("; ".join(defects))
        self.center = point
        self.radius = r
        self.defects = tuple(defects)

    @property
    def is_valid(self) -> bool:
        return not self.defects

    def __str__(self) -> str:
        return f"{self._center} {self._radius}" if self._radius else self._center

    def __repr__(self) -> str:
        flag = f", defects={list(self.defects)!r}" if self.defects else ""
        return f"Circle({str(self)!r}{flag})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Circle) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(("Circle", str(self)))

    def __reduce__(self) -> tuple[Any, ...]:
        return (Circle.read, (str(self),))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_circle,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "description": "CAP circle text 'lat,lon radius_km', e.g. '39.41,-77.41 8'.",
            "type": "string",
            "pattern": r"^\s*[+-]?[0-9.]+,[+-]?[0-9.]+\s+[0-9.]+\s*$",
        }


def _validate_circle(value: Any) -> Circle:
    if isinstance(value, Circle):
        return value
    if isinstance(value, str):
        return Circle.parse(value)
    if isinstance(value, dict) and {"center", "radius"} <= set(value):
        return Circle(value["center"], value["radius"])
    raise ValueError(
        "a circle is CAP text 'lat,lon radius' or {'center': [lat, lon], 'radius': km}"
    )

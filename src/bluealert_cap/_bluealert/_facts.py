"""The structured-facts scheme: Blue Alert facts as CAP ``<parameter>`` pairs.

Every fact the CAP elements themselves do not carry is one parameter whose ``valueName`` is
``bluealert:`` followed by the field path of the JSON input, list positions 1-based::

    bluealert:version                      1
    bluealert:reason                       officer_killed
    bluealert:incident.time                2026-11-24T01:47:00-05:00
    bluealert:suspects[1].sex              male
    bluealert:suspects[1].age              30-35          (ranges: "low-high" or one number)
    bluealert:suspects[1].height           70-73          (inches)
    bluealert:suspects[1].armed            true           (booleans: true / false)
    bluealert:vehicles[1].plate            ABC1234
    bluealert:officer.patrol_vehicle.make  Ford
    bluealert:spanish.incident_summary     ...            (in the es-US <info>)

Values are plain text; date-times are CAP date-times. Fields left at their default are not
written. Anything else in the message (``sender``, ``senderName``, ``contact``, ``web``,
``expires``, the areas, ``timezone``, ``WEAHandling``, ``BLOCKCHANNEL``) is read from its CAP
element. See ``docs/bluealert.md``.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .._errors import InvalidContentError
from .._model import ValuePair, format_datetime
from ._model import Range

__all__ = ["PREFIX", "VERSION", "flatten", "lenient", "unflatten"]

PREFIX = "bluealert:"
VERSION = "1"
_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[([1-9][0-9]{0,3})\])?\Z")


def _encode(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return format_datetime(value)
    return str(value)


_FIELDS: dict[type[BaseModel], tuple[tuple[str, Any], ...]] = {}


def _fields(cls: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    out = _FIELDS.get(cls)
    if out is None:
        out = _FIELDS[cls] = tuple((n, f.default) for n, f in cls.model_fields.items())
    return out


def flatten(model: BaseModel, path: str, out: list[ValuePair], skip: frozenset[str]) -> None:
    """Append ``model``'s non-default fields as ``bluealert:`` parameters (see module doc)."""
    values = model.__dict__
    prefix = PREFIX + path + "." if path else PREFIX
    for name, default in _fields(type(model)):
        value = values[name]
        if value is None or (default is not None and value == default) or name in skip:
            continue
        if type(value) is str:
            out.append(ValuePair(prefix + name, value))
        elif isinstance(value, Range):
            out.append(ValuePair(prefix + name, str(value)))
        elif isinstance(value, BaseModel):
            flatten(value, f"{path}.{name}" if path else name, out, frozenset())
        elif isinstance(value, tuple):
            key = f"{path}.{name}" if path else name
            for i, item in enumerate(value, 1):
                if isinstance(item, BaseModel):
                    flatten(item, f"{key}[{i}]", out, frozenset())
                else:
                    out.append(ValuePair(f"{PREFIX}{key}[{i}]", _encode(item)))
        else:
            out.append(ValuePair(prefix + name, _encode(value)))


def unflatten(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Nested data (dicts and lists) from ``bluealert:`` pairs; malformed names are skipped,
    a repeated name keeps its first value."""
    root: dict[str, Any] = {}
    for name, value in pairs:
        if not name.startswith(PREFIX):
            continue
        tokens = name[len(PREFIX):].split(".")
        node: dict[Any, Any] = root
        ok = True
        parsed: list[tuple[str, int | None]] = []
        for tok in tokens:
            m = _TOKEN.match(tok)
            if m is None:
                ok = False
                break
            parsed.append((m.group(1), int(m.group(2)) if m.group(2) else None))
        if not ok or not parsed:
            continue
        for depth, (key, index) in enumerate(parsed):
            last = depth == len(parsed) - 1
            if index is None:
                if last:
                    if key not in node:
                        node[key] = value
                    break
                child = node.get(key)
                if not isinstance(child, dict) or isinstance(child, _Indexed):
                    if key in node:
                        break
                    child = node[key] = {}
                node = child
            else:
                seq = node.get(key)
                if not isinstance(seq, _Indexed):
                    if key in node:
                        break
                    seq = node[key] = _Indexed()
                if last:
                    if index not in seq:
                        seq[index] = value
                    break
                item = seq.get(index)
                if not isinstance(item, dict) or isinstance(item, _Indexed):
                    if index in seq:
                        break
                    item = seq[index] = {}
                node = item
    result: dict[str, Any] = _lists(root)
    return result


class _Indexed(dict[int, Any]):
    """A list being filled by 1-based position."""


def _lists(node: Any) -> Any:
    if isinstance(node, _Indexed):
        return [_lists(node[k]) for k in sorted(node)]
    if isinstance(node, dict):
        return {k: _lists(v) for k, v in node.items()}
    return node


def lenient(cls: type[BaseModel], data: dict[str, Any]) -> Any:
    """``cls`` built from ``data``, dropping whatever entries it refuses (third-party input).

    Returns ``None`` when nothing usable is left."""
    data = dict(data)
    for _ in range(50):
        try:
            return cls.model_validate(data)
        except InvalidContentError as exc:
            removed = False
            for problem in exc.problems:
                if _remove(data, problem.location):
                    removed = True
            if not removed:
                return None
    return None


def _remove(data: Any, location: str) -> bool:
    """Remove the entry at ``location`` (``a.b[0].c``) or its nearest existing ancestor."""
    parts: list[str | int] = []
    for tok in location.split("."):
        m = re.match(r"([^\[]*)((?:\[\d+\])*)\Z", tok)
        if m is None:
            return False
        if m.group(1):
            parts.append(m.group(1))
        parts.extend(int(i) for i in re.findall(r"\[(\d+)\]", m.group(2)))
    if not parts:
        return False
    node = data
    trail: list[tuple[Any, str | int]] = []
    for part in parts:
        in_dict = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_dict or in_list):
            break
        trail.append((node, part))
        node = node[part]
    if not trail:
        return False
    container, key = trail[-1]
    if isinstance(container, dict):
        del container[key]
    else:
        container.pop(key)
    return True

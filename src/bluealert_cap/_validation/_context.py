"""What every validation layer works on: the parsed tree, positions, XPaths, and the findings.

Rules look at the lxml tree (not the model), so they also run on documents the model refuses,
and every finding can name its element's positional XPath, line and column.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from .._xml import CAP12_NS, sourceline
from ._report import Finding, Severity

_CAP = "{" + CAP12_NS + "}"


@dataclass(frozen=True, slots=True)
class Rule:
    """A catalogued rule: stable id, default severity, profile layer, clause cited, summary."""

    id: str
    severity: Severity
    profile: str
    clause: str
    summary: str


CATALOGUE: dict[str, Rule] = {}
"""Every rule id any layer can report, filled as the layer modules are imported."""


def rule(id: str, severity: Severity, profile: str, clause: str, summary: str) -> Rule:
    """Declare (and catalogue) a rule. Ids are unique across all profiles."""
    if id in CATALOGUE and CATALOGUE[id] != Rule(id, severity, profile, clause, summary):
        raise ValueError(f"rule {id} declared twice with different definitions")
    r = Rule(id, severity, profile, clause, summary)
    CATALOGUE[id] = r
    return r


# Start-tag scanner for columns: comments, CDATA and PIs are skipped so that the n-th match
# with a name is the n-th element in document order.
_NEWLINE_RE = re.compile(rb"\n")


def _column(prefix: bytes) -> int:
    """1-based column after ``prefix`` (a line's bytes up to a tag): characters if UTF-8."""
    try:
        return len(prefix.decode("utf-8")) + 1
    except UnicodeDecodeError:
        return len(prefix) + 1


_TAG_RE = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE[^>]*>|<([^\s/>!?])", re.S
)


class Context:
    """One document under validation.

    ``root`` is the document element; ``data`` the source bytes (``None`` when the document was
    serialized from a model: then findings carry no line/column).
    """

    def __init__(self, root: etree._Element, data: bytes | None, *, positions: bool = True):
        self.root = root
        self.data = data
        self._positions = positions and data is not None
        self._order: dict[etree._Element, int] | None = None
        self._offsets: list[int] | None = None
        self._newlines: list[int] | None = None
        self._columns: dict[int, list[tuple[int, int]]] = {}
        self._ascii: bool | None = None
        self._xpaths: dict[etree._Element, str] = {}
        self._sibling_indexes: dict[etree._Element, dict[etree._Element, int]] = {}
        self._findings: list[tuple[int, int, Finding]] = []
        self._layer = ""
        self._layer_index = 0
        self.options: dict[str, object] = {}
        """Caller options for layers that take them (e.g. ``trusted`` certificates)."""

    # -- layers -------------------------------------------------------------------------------
    def begin_layer(self, name: str, index: int) -> None:
        self._layer = name
        self._layer_index = index

    def findings(self) -> list[Finding]:
        """All findings so far, in document order (then layer order, then report order)."""
        return [f for _, _, f in sorted(self._findings, key=lambda t: (t[0], t[1]))]

    # -- reporting ----------------------------------------------------------------------------
    def add(
        self,
        rule: Rule,
        element: etree._Element | None,
        message: str,
        *,
        severity: Severity | None = None,
        xpath: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        """Report ``rule`` at ``element`` (the offending element, or the parent of a missing one).

        ``xpath``/``line``/``column`` override what is derived from ``element``.
        """
        el = element if element is not None else self.root
        if xpath is None:
            xpath = self.xpath(el)
        if line is None and column is None and self._positions:
            line, column = self.position(el)
        finding = Finding(
            rule=rule.id,
            severity=severity or rule.severity,
            xpath=xpath,
            line=line,
            column=column,
            message=message,
            source=self._layer or rule.profile,
        )
        self._findings.append((self.order(el), self._layer_index, finding))

    # -- positions ----------------------------------------------------------------------------
    def order(self, el: etree._Element) -> int:
        """Document-order index of ``el`` (0 for the root)."""
        if self._order is None:
            self._order = {e: i for i, e in enumerate(self.root.iter(etree.Element))}
        return self._order.get(el, 0)

    def position(self, el: etree._Element) -> tuple[int | None, int | None]:
        """1-based (line, column) of ``el``'s start tag in the source, where known."""
        line = sourceline(el)
        if not self._positions or self.data is None:
            return line, None
        if self._offsets is None:
            self._offsets = [m.start() for m in _TAG_RE.finditer(self.data) if m.group(1)]
        i = self.order(el)
        if i >= len(self._offsets):
            return line, None
        off = self._offsets[i]
        if self._newlines is None:  # once per document: findings cost O(log n) each
            self._newlines = [m.start() for m in _NEWLINE_RE.finditer(self.data)]
        before = bisect_right(self._newlines, off - 1)  # newlines before the tag
        line_no = before + 1
        line_start = self._newlines[before - 1] + 1 if before else 0
        # Columns count characters from the line start. For non-ASCII text on a long line (a
        # minified message) decode from the nearest column already computed on that line, so
        # that many findings stay linear in the document size.
        if self._ascii is None:
            self._ascii = self.data.isascii()
        if self._ascii:
            return line_no, off - line_start + 1
        marks = self._columns.setdefault(line_start, [(line_start, 1)])
        k = bisect_right(marks, (off, 1 << 62)) - 1
        base_off, base_col = marks[k]
        try:
            column = base_col + len(self.data[base_off:off].decode("utf-8"))
        except UnicodeDecodeError:
            column = _column(self.data[line_start:off])
        if marks[k][0] != off:
            marks.insert(k + 1, (off, column))
        return line_no, column

    def xpath(self, el: etree._Element) -> str:
        """Fully positional XPath without prefixes, e.g. ``/alert[1]/info[2]/area[1]``."""
        cached = self._xpaths.get(el)
        if cached is not None:
            return cached
        parent = el.getparent()
        name = etree.QName(el).localname
        if parent is None:
            path = f"/{name}[1]"
        else:
            # Index all children of the parent at once: with many siblings (50,000 polygons)
            # finding each one's position by scanning would be quadratic.
            indexes = self._sibling_indexes.get(parent)
            if indexes is None:
                counts: dict[object, int] = {}
                indexes = {}
                for sib in parent:
                    n = counts.get(sib.tag, 0) + 1
                    counts[sib.tag] = n
                    indexes[sib] = n
                self._sibling_indexes[parent] = indexes
            index = indexes.get(el, 1)
            path = f"{self.xpath(parent)}/{name}[{index}]"
        self._xpaths[el] = path
        return path

    # -- CAP-namespace helpers ------------------------------------------------------------------
    @staticmethod
    def children(el: etree._Element, name: str) -> list[etree._Element]:
        """Child elements of ``el`` named ``name`` in the CAP 1.2 namespace."""
        return el.findall(_CAP + name)

    @staticmethod
    def child(el: etree._Element, name: str) -> etree._Element | None:
        return el.find(_CAP + name)

    @staticmethod
    def text(el: etree._Element | None, name: str | None = None) -> str | None:
        """Text of ``el`` (or of its CAP child ``name``); ``""`` for an empty element."""
        if el is None:
            return None
        if name is not None:
            el = el.find(_CAP + name)
            if el is None:
                return None
        return el.text or ""

    @staticmethod
    def local(el: etree._Element) -> str:
        return etree.QName(el).localname

    def iter_cap(self, name: str) -> Iterator[etree._Element]:
        """All elements named ``name`` in the CAP namespace, in document order."""
        return self.root.iter(_CAP + name)

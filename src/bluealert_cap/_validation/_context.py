"""What every validation layer works on: the parsed tree, positions, XPaths, and the findings.

Rules look at the lxml tree (not the model), so they also run on documents the model refuses,
and every finding can name its element's positional XPath, line and column.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from lxml import etree

from .._xml import CAP12_NS, find_pair, sourceline, utf8_view
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

# Markup that is not a tag, by its opening, and how it ends (see Context._line_table).
_SPECIAL_ENDS = ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>"))
_MAX_SPECIAL = 64
"""More comments/CDATA/PIs than this (outside the XML declaration): positions by full scan."""
_MAX_SAME_LINE = 16
"""More elements than this before one on its line (a minified message): counted by document
order instead of walking back."""
_NAME_END = frozenset(b" \t\r/>")
_START_TAG_RE = re.compile(rb"<[^/!?]")

# A finding as add() records it; its XPath, line and column are worked out in findings().
_Pending = tuple[
    etree._Element, Rule, "Severity | None", str, str, int, "str | None", "int | None",
    "int | None",
]
_Key = tuple[int, ...]
_Pair = tuple["etree._Element | None", "str | None", "etree._Element | None", "str | None"]
_T_VALUE_NAME = _CAP + "valueName"
_T_VALUE = _CAP + "value"
_UNSET: object = object()


def content(el: etree._Element) -> str:
    """The character content of a value element: its text and the text after each comment or
    PI inside it (``""`` when empty).

    ``el.text`` alone stops at the first child node, so ``<value>CI<!-- x -->V</value>`` would
    read as ``CI``; XML Schema (and the model) ignore comments and PIs inside a value and read
    ``CIV``. Child elements (schema-invalid in a value) contribute their tails, not their text.
    """
    text = el.text or ""
    if len(el):
        return text + "".join(child.tail or "" for child in el)
    return text


_DATE_TIME_RE = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})([-+])([0-9]{2}):([0-9]{2})\Z"
)


def date_time(text: str | None) -> datetime | None:
    """The aware datetime of a CAP date-time, or ``None`` when absent or not one (every layer
    reads date-times with this one function).

    What the schema accepts in <sent> is accepted here (also for <references>): an offset of at
    most 14:00 with minutes below 60 (``datetime.fromisoformat`` alone takes ``+23:59`` and
    ``+12:75``), and ``24:00:00``, XML Schema 1.0's first instant of the next day (which
    ``datetime`` refuses).
    """
    if not text:
        return None
    stripped = text.strip(" \t\n\r")
    m = _DATE_TIME_RE.match(stripped)
    if m is None:
        return None
    hour, minute, second, off_h, off_m = m.group(4, 5, 6, 8, 9)
    if off_m > "59" or off_h > "14" or (off_h == "14" and off_m != "00"):
        return None
    try:
        if hour != "24":
            return datetime.fromisoformat(stripped)  # checked above: the CAP form exactly
        if minute != "00" or second != "00":
            return None
        midnight = datetime.fromisoformat(stripped[:11] + "00" + stripped[13:])
        return midnight + timedelta(days=1)
    except (ValueError, OverflowError):
        return None


def _previous_element(el: etree._Element) -> etree._Element | None:
    """The element before ``el`` in document order (by start tag), or ``None`` at the root."""
    prev = el.getprevious()
    while prev is not None and not isinstance(prev.tag, str):
        prev = prev.getprevious()
    if prev is None:
        return el.getparent()
    while len(prev):  # its last descendant element
        last: etree._Element | None = prev[-1]
        while last is not None and not isinstance(last.tag, str):
            last = last.getprevious()
        if last is None:
            break
        prev = last
    return prev


class Context:
    """One document under validation.

    ``root`` is the document element; ``data`` the source bytes (``None`` when the document was
    serialized from a model: then findings carry no line/column).

    Layers report with :meth:`add`, which only records the finding; XPaths, lines and columns
    are worked out once per element when :meth:`findings` is called (most documents have
    findings on only a few of their elements).
    """

    def __init__(self, root: etree._Element, data: bytes | None, *, positions: bool = True):
        self.root = root
        # Positions are found by byte searches for markup: in UTF-16/32 (or another non-UTF-8
        # encoding) they search the same text re-encoded as UTF-8. A byte-order mark is no
        # character of line 1: dropped, so that columns there are not one off.
        view = None if data is None else utf8_view(data)
        if view is not None and view.startswith(b"\xef\xbb\xbf"):
            view = view[3:]
        self.data = view
        self._positions = positions and data is not None
        self._order: dict[etree._Element, int] | None = None
        self._offsets: list[int] | None = None
        self._newlines: list[int] | None = None
        self._columns: dict[int, list[tuple[int, int]]] = {}
        self._ascii: bool | None = None
        self._xpaths: dict[etree._Element, str] = {}
        # parent -> {child: (position among all children, 1-based index among same-tag ones)}
        self._children: dict[etree._Element, dict[etree._Element, tuple[int, int]]] = {}
        self._keys: dict[etree._Element, _Key | None] = {}
        self._places: dict[etree._Element, tuple[int | None, int | None]] = {}
        self._lines: Any = _UNSET  # list[bytes] | None once computed
        self._dirty_lines: set[int] = set()
        self._newlines_ok: bool | None = None
        self._sourcelines: list[int] | None = None  # of the elements, in document order
        self._line_starts: dict[int, list[int]] = {}
        self._line_marks: dict[int, list[tuple[int, int]]] = {}
        self._line_columns: dict[int, list[int]] = {}
        self._crowded_lines: set[int] = set()  # lines with many elements (minified)
        self._asked: dict[etree._Element, int] = {}  # sibling-index lookups per parent
        self._pending: list[_Pending] = []
        self._explicit = False  # some finding was given its xpath/line/column by a layer
        self._kids: dict[etree._Element, list[tuple[Any, etree._Element]]] = {}
        self._pairs: dict[etree._Element, _Pair] = {}
        self._findings: list[tuple[etree._Element, int, Finding]] = []
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
        if self._pending:
            self._resolve()
        found = self._findings
        if (
            self._positions and not self._explicit
            and all(f.column is not None for _, _, f in found)
        ):
            # Every start tag was placed in the source: its (line, column) is document order.
            found.sort(key=_position_then_layer)  # stable: report order within a tie
        else:
            key = self._key
            found.sort(key=lambda entry: (key(entry[0]) or (), entry[1]))
        return [f for _, _, f in found]

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
        if xpath is not None or line is not None or column is not None:
            self._explicit = True  # positions given by a layer: order by the tree, not by them
        if element is None:
            element = self.root
        elif not isinstance(element.tag, str):  # a comment or PI: findings name elements
            parent = element.getparent()
            element = parent if parent is not None else self.root
        self._pending.append((
            element, rule, severity, message,
            self._layer or rule.profile, self._layer_index, xpath, line, column,
        ))

    def _resolve(self) -> None:
        """Turn the recorded findings into :class:`Finding` values (in report order, so that
        positions are computed in the same order as they were reported)."""
        pending, self._pending = self._pending, []
        positions = self._positions
        places = self._places
        xpaths = self._xpaths
        lines = self._line_table() if positions else None
        out = self._findings
        for el, r, severity, message, source, layer, xpath, line, column in pending:
            if xpath is None:
                xpath = xpaths.get(el) or self.xpath(el)
            if line is None and column is None and positions:
                place = places.get(el)
                if place is None:
                    if lines is not None and isinstance(el.tag, str):
                        place = self._place_on_line(el, lines)
                        lines = self._lines  # None once the fast way was given up
                    if place is None:
                        place = self.position(el)
                    places[el] = place
                line, column = place
            out.append((
                el, layer,
                Finding(r.id, severity or r.severity, xpath, line, column, message, source),
            ))

    # -- positions ----------------------------------------------------------------------------
    def order(self, el: etree._Element) -> int:
        """Document-order index of ``el`` (0 for the root)."""
        if self._order is None:
            self._order = {e: i for i, e in enumerate(self.root.iter(etree.Element))}
        return self._order.get(el, 0)

    def _key(self, el: etree._Element) -> _Key | None:
        """A sort key in document order: the child positions from the root down to ``el``.

        ``None`` (sorted with the root, as :meth:`order` gives 0) for a node that is not an
        element of this document.
        """
        keys = self._keys
        key = keys.get(el, _UNSET)
        if key is not _UNSET:
            return key  # type: ignore[return-value]
        if el is self.root:
            found: _Key | None = ()
        elif not isinstance(el.tag, str):
            found = None
        else:
            parent = el.getparent()
            above = None if parent is None else keys.get(parent, _UNSET)
            if above is _UNSET:
                above = self._key(parent)  # type: ignore[arg-type]
            if above is None:
                found = None
            else:
                # many siblings: index them once (len() of an lxml element walks its children,
                # so it is asked only until the table exists)
                if parent in self._children or len(parent) > 32:  # type: ignore[arg-type]
                    position = self._child_table(parent)[el][0]  # type: ignore[arg-type]
                else:  # a few siblings: count in C
                    position = parent.index(el)  # type: ignore[union-attr]
                found = (*above, position)  # type: ignore[misc]
        keys[el] = found
        return found

    def _line_table(self) -> list[bytes] | None:
        """The source split into lines, when start tags can be found line by line; else None.

        That is the case when the bytes are ASCII or UTF-8 (so that they are the document's
        characters and columns count them) and every line that a comment, CDATA section or PI
        touches is known: a line is "dirty" when such markup spans lines or has ``<`` or ``>``
        inside; elements on dirty lines are located by the full scan.
        """
        if self._lines is not _UNSET:
            return self._lines  # type: ignore[no-any-return]
        self._lines = None
        data = self.data
        if data is None or b"\x00" in data:
            return None
        if self._ascii is None:
            self._ascii = data.isascii()
        if not self._ascii and not self._parsed_as_utf8():
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                return None
        dirty = self._dirty_lines
        specials: list[tuple[int, int]] = []
        for opening in (b"<!", b"<?"):
            start = find_pair(data, opening, 0)
            while start >= 0:
                for head, tail in _SPECIAL_ENDS:
                    if data.startswith(head, start):
                        end = data.find(tail, start + len(head))
                        break
                else:
                    return None  # a DOCTYPE or other declaration: leave it to the full scan
                if end < 0 or len(specials) >= _MAX_SPECIAL:
                    return None
                end += len(tail)
                specials.append((start, end))
                start = find_pair(data, opening, start + 2)
        newline_count = 0
        counted_to = 0
        for start, end in sorted(specials):
            inner_start, inner_end = start + 1, end - 1
            if (
                data.find(b"<", inner_start, inner_end) < 0
                and data.find(b">", inner_start, inner_end) < 0
                and data.find(b"\n", start, end) < 0
            ):
                continue  # on one line, no angle brackets inside: it cannot be mistaken for a tag
            if start > counted_to:
                newline_count += data.count(b"\n", counted_to, start)
                counted_to = start
            first = newline_count + 1
            dirty.update(range(first, first + data.count(b"\n", start, end) + 1))
        lines = data.split(b"\n")
        self._lines = lines
        return lines

    def _parsed_as_utf8(self) -> bool:
        """True when libxml2 read ``data`` as UTF-8 (so it is valid UTF-8: libxml2 refuses
        invalid bytes). Only trusted for large documents, where decoding to check costs."""
        data = self.data
        if data is None or len(data) < 65536 or data.startswith((b"\xfe\xff", b"\xff\xfe")):
            return False
        encoding = self.root.getroottree().docinfo.encoding
        return isinstance(encoding, str) and encoding.upper() in ("UTF-8", "UTF8")

    def _place_on_line(
        self, el: etree._Element, lines: list[bytes]
    ) -> tuple[int, int] | None:
        """(line, column) of ``el`` from its ``sourceline``, or ``None`` when that is not safe.

        libxml2 gives each element the line of its start tag. On that line (if no comment, CDATA
        or PI makes it dirty and the line does not start inside a tag) every ``<`` begins
        markup, so ``el``'s start tag is the (k+1)-th start tag of the line, where k counts the
        elements before ``el`` in document order that have the same line. The tag's name is
        checked as well.
        """
        line_no = el.sourceline
        if (
            not isinstance(line_no, int) or not 0 < line_no <= len(lines)
            or line_no in self._dirty_lines
        ):
            return None
        text = lines[line_no - 1]
        pos = text.find(b"<")
        gt = text.find(b">")
        if pos < 0 or 0 <= gt < pos:  # the line may start inside a tag that began above
            return None
        # The line starts outside markup and is clean, so every "<" on it opens markup; a start
        # tag that ends on it began on it. When it has just one start tag, that is ``el``'s
        # (libxml2 gives an element the line where its start tag ends): no counting needed.
        if len(text) < 512 and (
            text.count(b"<") - text.count(b"</") - text.count(b"<!") - text.count(b"<?") == 1
        ):
            k: int | None = 0
        else:
            k = self._same_line_before(el, line_no)
            if k is None:
                return None
        known_column: int | None = None
        crowded = k >= 4
        if not crowded:
            while True:
                following = text[pos + 1 : pos + 2]
                if following not in (b"/", b"!", b"?", b""):
                    if k == 0:
                        break
                    k -= 1
                pos = text.find(b"<", pos + 1)
                if pos < 0:
                    return None
        else:
            starts = self._line_starts.get(line_no)
            if starts is None:
                starts = [m.start() for m in _START_TAG_RE.finditer(text)]
                self._line_starts[line_no] = starts
            if k >= len(starts):
                return None
            pos = starts[k]
            if not self._ascii:
                columns = self._line_columns.get(line_no)
                if columns is None:  # the column of every start tag, decoding the line once
                    columns = []
                    column, done = 1, 0
                    for start in starts:
                        column += len(text[done:start].decode("utf-8"))
                        columns.append(column)
                        done = start
                    self._line_columns[line_no] = columns
                known_column = columns[k]
        prefix = el.prefix
        local = el.tag.rpartition("}")[2]
        name = (f"{prefix}:{local}" if prefix else local).encode("utf-8")
        end = pos + 1 + len(name)
        if not text.startswith(name, pos + 1) or (end < len(text) and text[end] not in _NAME_END):
            return None
        if self._ascii:
            return line_no, pos + 1
        if crowded and known_column is not None:
            return line_no, known_column
        # Characters, counted from the nearest tag already placed on this line (a long
        # minified line with many findings is decoded about once).
        marks = self._line_marks.setdefault(line_no, [(0, 1)])
        i = bisect_right(marks, (pos, 1 << 62)) - 1
        base, base_column = marks[i]
        column = base_column + len(text[base:pos].decode("utf-8"))
        if base != pos:
            marks.insert(i + 1, (pos, column))
        return line_no, column

    def _same_line_before(self, el: etree._Element, line_no: int) -> int | None:
        """How many elements before ``el`` in document order have their start tag on
        ``line_no`` too (``None``: cannot tell)."""
        # A line break in the text just before the tag puts it on a later line than every
        # element before it (when text line breaks are source line breaks: no character
        # references, no lone CRs that libxml2 does not count as lines but XML reads as one).
        before = el.getprevious()
        if before is None:
            parent = el.getparent()
            text_before = "\n" if parent is None else parent.text  # nothing precedes the root
        else:
            text_before = before.tail
        if text_before and "\n" in text_before and self._text_newlines_are_lines():
            return 0
        if line_no not in self._crowded_lines:
            k = 0
            prev = _previous_element(el)
            while prev is not None and sourceline(prev) == line_no:
                k += 1
                if k > _MAX_SAME_LINE:
                    self._crowded_lines.add(line_no)
                    break
                prev = _previous_element(prev)
            else:
                return k
        # Many elements on one line (a minified message): count them by document order.
        if self._sourcelines is None:
            order = self._order
            if order is None:
                order = self._order = {
                    e: i for i, e in enumerate(self.root.iter(etree.Element))
                }
            found = [sourceline(e) for e in order]
            known = [n for n in found if n is not None]
            self._sourcelines = known if len(known) == len(found) else []
        sourcelines = self._sourcelines
        index = self.order(el)
        if not sourcelines or sourcelines[index] != line_no:
            return None
        return index - bisect_left(sourcelines, line_no)

    def _text_newlines_are_lines(self) -> bool:
        """Whether every line break in the parsed text is a line break that libxml2 counted."""
        ok = self._newlines_ok
        if ok is None:
            data = self.data or b""
            ok = find_pair(data, b"&#", 0) < 0 and (
                b"\r" not in data or data.count(b"\r") == data.count(b"\r\n")
            )
            self._newlines_ok = ok
        return ok

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

    def _child_table(self, parent: etree._Element) -> dict[etree._Element, tuple[int, int]]:
        """Each child of ``parent``: (position among all children, 1-based index among the
        children with its tag). Built once per parent, so that many siblings stay linear."""
        table = self._children.get(parent)
        if table is None:
            counts: dict[object, int] = {}
            table = {}
            for position, sib in enumerate(parent):
                tag = sib.tag
                name = tag.rpartition("}")[2] if isinstance(tag, str) else tag
                n = counts.get(name, 0) + 1
                counts[name] = n
                table[sib] = (position, n)
            self._children[parent] = table
        return table

    def xpath(self, el: etree._Element) -> str:
        """Fully positional XPath without prefixes, e.g. ``/alert[1]/info[2]/area[1]``.

        A step's position counts the siblings with the same local name, whatever their
        namespace (the path has no prefixes, so ``info[2]`` reads as
        ``*[local-name()='info'][2]``): a foreign or CAP 1.1 ``<info>`` before a CAP one is
        counted, and the path names the element the finding is about."""
        cached = self._xpaths.get(el)
        if cached is not None:
            return cached
        parent = el.getparent()
        tag = el.tag
        name = tag.rpartition("}")[2] if isinstance(tag, str) else etree.QName(el).localname
        if parent is None:
            path = f"/{name}[1]"
        else:
            asked = self._asked.get(parent, 0) + 1
            self._asked[parent] = asked
            # many lookups among many siblings: index them (len() of an lxml element walks its
            # children, so it is asked only until the table exists)
            if asked > 4 and (parent in self._children or len(parent) > 32):
                entry = self._child_table(parent).get(el)
                index = entry[1] if entry is not None else 1
            else:  # a few siblings or lookups: count the same-named ones before it, in C
                index = 1
                for _ in el.itersiblings("{*}" + name if isinstance(tag, str) else tag,
                                         preceding=True):
                    index += 1
            up = self._xpaths.get(parent) or self.xpath(parent)
            path = f"{up}/{name}[{index}]"
        self._xpaths[el] = path
        return path

    # -- shared views (read once per document, whichever layer asks first) ---------------------
    def kids(self, el: etree._Element) -> list[tuple[Any, etree._Element]]:
        """``(tag, child)`` for every child node of ``el`` (comments and PIs included, with
        their non-string tags), built once: the layers walk the same elements and lxml makes a
        new tag string on every ``.tag``."""
        found = self._kids.get(el)
        if found is None:
            found = [(child.tag, child) for child in el]
            self._kids[el] = found
        return found

    def pair(self, el: etree._Element) -> _Pair:
        """The first ``valueName`` and ``value`` children of an eventCode/parameter/geocode:
        ``(name element, its text, value element, its text)``, ``None`` where missing and
        ``""`` for an empty one; read once per document."""
        found = self._pairs.get(el)
        if found is None:
            name_el = value_el = None
            name = value = None
            for child in el:
                tag = child.tag
                if tag == _T_VALUE_NAME:
                    if name_el is None:  # content(), inlined for the common case
                        name_el, name = child, content(child) if len(child) else child.text or ""
                elif tag == _T_VALUE and value_el is None:
                    value_el, value = child, content(child) if len(child) else child.text or ""
            found = (name_el, name, value_el, value)
            self._pairs[el] = found
        return found

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
        """Text of ``el`` (or of its CAP child ``name``; see :func:`content`); ``""`` for an
        empty element."""
        if el is None:
            return None
        if name is not None:
            el = el.find(_CAP + name)
            if el is None:
                return None
        return content(el)

    @staticmethod
    def local(el: etree._Element) -> str:
        return etree.QName(el).localname

    def iter_cap(self, name: str) -> Iterator[etree._Element]:
        """All elements named ``name`` in the CAP namespace, in document order."""
        return self.root.iter(_CAP + name)


def _position_then_layer(
    entry: tuple[etree._Element, int, Finding],
) -> tuple[int, int, int]:
    finding = entry[2]
    return finding.line or 0, finding.column or 0, entry[1]

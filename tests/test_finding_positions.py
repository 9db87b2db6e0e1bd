"""Findings' line and column stay exact however the message is laid out.

``Context`` reads a finding's position off its element's source line when that is safe and
falls back to scanning every start tag otherwise; these tests pin the positions for both ways
(pretty-printed, one line, comments/CDATA/PIs, prefixes, non-ASCII text, CRLF, start tags
spread over lines, character references) against positions found in the text itself.
"""

from __future__ import annotations

import contextlib

import pytest
from conftest import cap12_corpus_files

from bluealert_cap import Alert, CapError, parse, validate

NS = "urn:oasis:names:tc:emergency:cap:1.2"
RULE = "GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE"  # one finding per <area>, on the <area>


def message(
    areas: int,
    *,
    nl: str = "\n",
    prefix: str = "",
    before_area: str = "",
    area_open: str = "area>",
    desc: str = "Area {k}",
) -> str:
    """A CAP message whose only info has ``areas`` areas, each with a geocode and no polygon."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'

    def el(name: str, text: str) -> str:
        return f"<{p}{name}>{text}</{p}{name}>"

    head = "".join(
        nl + "  " + el(n, t) for n, t in (
            ("identifier", "ID-1"), ("sender", "s@example.gov"),
            ("sent", "2026-11-24T02:36:45-05:00"), ("status", "Actual"), ("msgType", "Alert"),
            ("scope", "Public"),
        )
    )
    info = "".join(
        nl + "    " + el(n, t) for n, t in (
            ("category", "Safety"), ("event", "Test"), ("urgency", "Immediate"),
            ("severity", "Severe"), ("certainty", "Observed"),
        )
    )
    area_list = "".join(
        f"{nl}    {before_area}<{p}{area_open}{el('areaDesc', desc.format(k=k))}"
        f"<{p}geocode>{el('valueName', 'SAME')}{el('value', '006113')}</{p}geocode></{p}area>"
        for k in range(1, areas + 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{nl}<{p}alert {xmlns}>{head}{nl}  <{p}info>'
        f"{info}{area_list}{nl}  </{p}info>{nl}</{p}alert>{nl}"
    )


def expected(text: str, areas: int, prefix: str = "", desc: str = "Area {k}") -> list[
    tuple[str, int, int]
]:
    """(xpath, line, column) of every <area> start tag, found in the text (columns count
    characters, lines count LF)."""
    p = f"{prefix}:" if prefix else ""
    out = []
    for k in range(1, areas + 1):
        marker = text.index(f"<{p}areaDesc>{desc.format(k=k)}<")
        start = text.rindex(f"<{p}area", 0, marker)
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        out.append((f"/alert[1]/info[1]/area[{k}]", line, column))
    return out


def positions(data: bytes | str) -> list[tuple[str, int | None, int | None]]:
    report = validate(data, profile="cap")
    return [(f.xpath, f.line, f.column) for f in report.findings if f.rule == RULE]


LAYOUTS = {
    "pretty-printed": {},
    "one line": {"nl": ""},
    "CRLF": {"nl": "\r\n"},
    "prefixed": {"prefix": "cap"},
    "prefixed, one line": {"prefix": "cap", "nl": ""},
    "comment with a tag inside, before each area": {"before_area": "<!-- <area> <x/> -->"},
    "comment over two lines before each area": {"before_area": "<!--\n<area>\n-->"},
    "PI before each area": {"before_area": "<?pi <area>?>"},
    "one line with comments and PIs": {"nl": "", "before_area": "<!--<area>--><?p <a>?>"},
    "CDATA in the text before each area": {
        "desc": "<![CDATA[<area> ]]>Area {k}", "nl": "",
    },
    "non-ASCII text before each area on its line": {
        "nl": "", "desc": "Zürich 😀 – é {k}",
    },
    "non-ASCII text, pretty-printed": {"before_area": "ü ", "desc": "Zürich 😀 {k}"},
    "start tags spread over lines": {"area_open": "area\n  >"},
    "character reference before each area": {"before_area": "&#10;", "nl": ""},
    "lone CR before each area": {"before_area": "\r"},
}


@pytest.mark.parametrize("areas", [3, 40])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_finding_positions_are_exact(layout: str, areas: int) -> None:
    options = dict(LAYOUTS[layout])
    text = message(areas, **options)  # type: ignore[arg-type]
    # The CDATA/desc markers: find each area by its areaDesc text as written.
    desc = str(options.get("desc", "Area {k}"))
    want = expected(text, areas, str(options.get("prefix", "")), desc)
    assert positions(text.encode("utf-8")) == want


def test_positions_in_a_latin1_document_count_bytes_as_before() -> None:
    """A non-UTF-8 document: columns are those of the full scan (bytes where undecodable)."""
    text = message(3, nl="").replace("UTF-8", "ISO-8859-1").replace("Area 1", "Zürich 1")
    data = text.encode("latin-1")
    got = positions(data)
    assert [x for x, _, _ in got] == [f"/alert[1]/info[1]/area[{k}]" for k in (1, 2, 3)]
    offsets = [data.index(b"<area>", data.index(b"<info>"))]
    for _ in range(2):
        offsets.append(data.index(b"<area>", offsets[-1] + 1))
    assert [(line, column) for _, line, column in got] == [(1, off + 1) for off in offsets]


def test_findings_come_in_document_order_with_positions_increasing() -> None:
    text = message(25, nl="", before_area="<!-- c -->")
    got = positions(text.encode())
    assert [x for x, _, _ in got] == [f"/alert[1]/info[1]/area[{k}]" for k in range(1, 26)]
    columns = [c for _, _, c in got]
    assert columns == sorted(columns)


def test_a_model_has_no_positions() -> None:
    alert = parse(message(2).encode())
    report = validate(alert, profile="cap")
    found = [(f.xpath, f.line, f.column) for f in report.findings if f.rule == RULE]
    assert found == [("/alert[1]/info[1]/area[1]", None, None),
                     ("/alert[1]/info[1]/area[2]", None, None)]


def _document_order(data: bytes) -> dict[str, int]:
    """Each element's positional XPath -> its index in document order (worked out here)."""
    from lxml import etree

    root = etree.fromstring(data)
    order: dict[str, int] = {}

    def walk(el: etree._Element, path: str) -> None:
        order[path] = len(order)
        seen: dict[str, int] = {}
        for child in el:
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname
            seen[child.tag] = seen.get(child.tag, 0) + 1
            walk(child, f"{path}/{local}[{seen[child.tag]}]")

    walk(root, f"/{etree.QName(root).localname}[1]")
    return order


def test_findings_are_in_document_then_layer_order_on_the_whole_corpus() -> None:
    # From the source, findings are sorted by (line, column); from a model (no positions),
    # by tree position. Both must be document order, then layer order (schema, cap, ipaws).
    layers = {"schema": 0, "cap": 1, "ipaws": 2}
    checked = 0
    for path in cap12_corpus_files():
        data = path.read_bytes()
        order = _document_order(data)
        sources: list[bytes | Alert] = [data]
        with contextlib.suppress(CapError):
            sources.append(parse(data))
        for source in sources:
            report = validate(source, profile="ipaws")
            keys = [(order[f.xpath], layers[f.source]) for f in report.findings]
            assert keys == sorted(keys), path.name
            if isinstance(source, bytes):
                assert all(f.line is not None and f.column is not None for f in report), path
            checked += len(keys)
    assert checked > 1000


def test_positions_given_by_a_layer_do_not_reorder_the_report() -> None:
    # A layer may give a finding its own line/column (say, from another tool's output); the
    # report then keeps document order by the tree, whatever those positions say.
    from bluealert_cap._validation import Context
    from bluealert_cap._validation._cap_rules import GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE
    from bluealert_cap._xml import load_xml

    doc = load_xml(message(1).encode())
    info = doc.root.find(f"{{{NS}}}info")
    ctx = Context(doc.root, doc.data)
    ctx.add(GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE, info, "on info", line=1, column=1)
    ctx.add(GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE, doc.root, "on root", line=10_000,
            column=1)
    assert [f.message for f in ctx.findings()] == ["on root", "on info"]


def test_a_finding_reported_on_a_comment_names_its_parent_element() -> None:
    from bluealert_cap._validation import Context
    from bluealert_cap._validation._cap_rules import GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE
    from bluealert_cap._xml import load_xml

    doc = load_xml(f'<alert xmlns="{NS}">\n  <!-- c -->\n  <identifier>x</identifier></alert>'
                   .encode())
    comment, identifier = doc.root[0], doc.root[1]
    for positions in (True, False):
        ctx = Context(doc.root, doc.data, positions=positions)
        ctx.add(GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE, identifier, "on identifier")
        ctx.add(GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE, comment, "on comment")
        got = [(f.message, f.xpath, f.line) for f in ctx.findings()]
        line = 1 if positions else None
        assert got == [("on comment", "/alert[1]", line),
                       ("on identifier", "/alert[1]/identifier[1]", 3 if positions else None)]


# Found by the review fuzz campaign: an XPath step counted only the siblings in the same
# namespace, but the XPath has no prefixes (its steps read as local-name() tests): with a
# foreign or CAP 1.1 <area> before the CAP ones, "/alert[1]/info[1]/area[1]" named the foreign
# one for a finding on the first CAP area.
@pytest.mark.parametrize("foreign", [
    '<x:area xmlns:x="urn:x"/>',
    '<c:area xmlns:c="urn:oasis:names:tc:emergency:cap:1.1"><c:areaDesc>x</c:areaDesc></c:area>',
    '<area xmlns=""/>',
])
def test_xpath_positions_count_same_named_elements_of_any_namespace(foreign: str) -> None:
    from lxml import etree

    text = message(2).replace("<area>", foreign + "<area>", 1)
    data = text.encode("utf-8")
    report = validate(data, profile="cap")
    root = etree.fromstring(data)
    lines = text.split("\n")
    for f in report.findings:  # each XPath, read with local-name() steps, is the element at
        steps = [s for s in f.xpath.split("/") if s]  # the finding's line and column
        expr = "".join(f"/*[local-name()='{s.split('[')[0]}'][{s.split('[')[1]}" for s in steps)
        (el,) = root.getroottree().xpath(expr)
        assert f.line is not None and f.column is not None
        assert lines[f.line - 1][f.column - 1:].startswith("<" + el.prefix + ":" if el.prefix
                                                           else "<" + etree.QName(el).localname)
    assert {(f.rule, f.xpath) for f in report.findings} == {
        ("SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]/area[1]"),
        ("GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE", "/alert[1]/info[1]/area[2]"),
        ("GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE", "/alert[1]/info[1]/area[3]"),
    }


# Found by the review fuzz campaign: a byte-order mark (UTF-8, UTF-16 or UTF-32) counted as the
# first column of line 1, so every finding on that line was one column off.
@pytest.mark.parametrize(
    "codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be", "utf-8-sig"]
)
@pytest.mark.parametrize("layout", ["pretty-printed", "one line", "non-ASCII text, pretty-printed"])
def test_positions_in_a_utf16_or_utf32_document_are_those_of_its_text(
    codec: str, layout: str
) -> None:
    options = dict(LAYOUTS[layout])
    name = codec.upper().removesuffix("-SIG").removesuffix("-LE").removesuffix("-BE")
    text = message(3, **options).replace('encoding="UTF-8"', f'encoding="{name}"')  # type: ignore[arg-type]
    want = expected(text, 3, "", str(options.get("desc", "Area {k}")))
    assert positions(text.encode(codec)) == want


def test_the_root_of_a_utf16_document_is_placed_on_its_line() -> None:
    data = (
        '<?xml version="1.0" encoding="UTF-16"?>\n<alert xmlns="urn:oasis:names:tc:emergency:'
        'cap:1.2">\n  <identifier>a</identifier>\n  <sender>b</sender>\n  <sent>2026-11-24T10:00'
        ':00-05:00</sent>\n  <status>Actual</status>\n  <msgType>Alert</msgType>\n'
        "  <scope>Bogus</scope>\n</alert>\n"
    ).encode("utf-16")
    found = {(f.rule, f.xpath, f.line, f.column) for f in validate(data, profile="cap").findings}
    assert found == {
        ("ALERT_MSGTYPE_HAS_INFO", "/alert[1]", 2, 1),
        ("SCHEMA_VALUE_IS_VALID", "/alert[1]/scope[1]", 8, 3),
    }

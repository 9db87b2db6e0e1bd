"""Size limits (docs/limits.md): each one is enforced exactly at its boundary, past it ``parse``
raises LimitExceededError and ``validate`` reports DOCUMENT_IS_WITHIN_LIMITS, quickly and
without building a tree proportional to the input."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS

import bluealert_cap as bc
from bluealert_cap._validation import profile_names
from bluealert_cap._xml import LIBXML2_MAX_DEPTH, LIBXML2_MAX_TEXT, load_xml

NS = "urn:oasis:names:tc:emergency:cap:1.2"
GOOD = (CORPUS / "oasis-examples" / "oasiscap_v1dot2_appendix_a2_thunderstorm.xml").read_bytes()
SECOND = 1.0


def _alert(body: str, head: str = "") -> bytes:
    return (
        f'<alert xmlns="{NS}"{head}><identifier>i</identifier><sender>s</sender>'
        "<sent>2026-11-24T02:36:45-05:00</sent><status>Actual</status><msgType>Alert</msgType>"
        f"<scope>Public</scope>{body}</alert>"
    ).encode()


INFO = (
    "<info><category>Safety</category><event>e</event><urgency>Immediate</urgency>"
    "<severity>Severe</severity><certainty>Observed</certainty>{areas}</info>"
)
AREA = (
    "<area><areaDesc>a</areaDesc>"
    "<geocode><valueName>SAME</valueName><value>024013</value></geocode></area>"
)


def _refused(data: bytes, limits: bc.Limits | None = None) -> str:
    start = time.perf_counter()
    with pytest.raises(bc.LimitExceededError) as info:
        bc.parse(data, limits=limits) if limits else bc.parse(data)
    assert time.perf_counter() - start < SECOND
    if limits is None:
        start = time.perf_counter()
        report = bc.validate(data)
        assert time.perf_counter() - start < SECOND
        assert report.rules() == {"DOCUMENT_IS_WITHIN_LIMITS"}
    return str(info.value)


def test_defaults_are_the_documented_ones() -> None:
    limits = bc.Limits()
    assert (limits.max_bytes, limits.max_depth, limits.max_text, limits.max_nodes) == (
        32 * 1024 * 1024, 256, 10_000_000, 100_000
    )
    doc = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text()
    for value in ("33,554,432", "256 levels", "10,000,000", "100,000"):
        assert value in doc


@pytest.mark.parametrize(
    "fields",
    [
        {"max_bytes": 0},
        {"max_depth": LIBXML2_MAX_DEPTH + 1},
        {"max_text": LIBXML2_MAX_TEXT + 1},
        {"max_text": -1},
        {"max_nodes": 0},
        {"max_nodes": True},
    ],
)
def test_impossible_limits_are_refused(fields: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        bc.Limits(**fields)


# -- message size -------------------------------------------------------------------------------
def test_max_bytes_boundary_for_bytes_str_and_path(tmp_path: Path) -> None:
    at = bc.Limits(max_bytes=len(GOOD))
    below = bc.Limits(max_bytes=len(GOOD) - 1)
    assert bc.parse(GOOD, limits=at)
    assert "over the limit of" in _refused(GOOD, below)
    text = GOOD.decode()
    assert bc.parse(text, limits=bc.Limits(max_bytes=len(text.encode())))
    _refused(text.encode(), below)
    path = tmp_path / "a.xml"
    path.write_bytes(GOOD)
    assert bc.parse(path, limits=at)
    with pytest.raises(bc.LimitExceededError):
        bc.parse(path, limits=below)


def test_a_message_over_the_default_size_is_refused() -> None:
    big = GOOD.replace(b"</alert>", b"<!--" + b"x" * (32 * 1024 * 1024) + b"--></alert>")
    assert "33554432" in _refused(big)


# -- text node size -----------------------------------------------------------------------------
def test_max_text_counts_bytes_of_one_text_node() -> None:
    limits = bc.Limits(max_text=100)
    assert bc.parse(_alert("<note>" + "e" * 100 + "</note>"), limits=limits).note == "e" * 100
    assert bc.parse(_alert("<note>" + "\u00e9" * 50 + "</note>"), limits=limits)
    message = _refused(_alert("<note>" + "\u00e9" * 51 + "</note>"), limits)  # 102 bytes
    assert "102 bytes" in message and "100 bytes" in message


def test_max_text_applies_to_attribute_values() -> None:
    limits = bc.Limits(max_text=100)
    xsi = ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="{}"'
    assert bc.parse(_alert("", xsi.format("u" * 100)), limits=limits)
    _refused(_alert("", xsi.format("u" * 101)), limits)
    # a namespace declaration is an attribute value in the source too
    assert bc.parse(_alert("", f' xmlns:z="urn:{"u" * 96}"'), limits=limits)
    message = _refused(_alert("", f' xmlns:z="urn:{"u" * 97}"'), limits)
    assert "namespace name" in message and "101 bytes at line 1" in message


def test_a_text_node_over_libxml2s_ceiling_is_refused() -> None:
    data = _alert("<note>" + "a" * (LIBXML2_MAX_TEXT + 1) + "</note>")
    assert "at most 10000000 bytes" in _refused(data)
    ok = bc.parse(_alert("<note>" + "a" * (LIBXML2_MAX_TEXT - 100) + "</note>"))
    assert ok.note is not None and len(ok.note) == LIBXML2_MAX_TEXT - 100


# -- nesting depth ------------------------------------------------------------------------------
def test_max_depth_boundary() -> None:
    assert bc.parse(GOOD, limits=bc.Limits(max_depth=5))  # alert/info/area/geocode/value
    message = _refused(GOOD, bc.Limits(max_depth=4))
    assert "deeper than 4 levels at line" in message


def test_default_depth_is_libxml2s_ceiling() -> None:
    ok_depth = _alert("<a>" * 254 + "</a>" * 254)  # 255 levels with <alert>
    with pytest.raises(bc.InvalidContentError):  # within the limit: read, refused as not CAP
        bc.parse(ok_depth)
    assert "deeper than 256" in _refused(_alert("<a>" * 300 + "</a>" * 300))
    assert "deeper than 64 levels at line" in _refused(
        _alert("<a>" * 64 + "</a>" * 64), bc.Limits(max_depth=64)
    )


def test_deep_documents_within_the_limit_validate_without_error() -> None:
    """255 levels (in the content, a polygon, a signature) reach every layer without harm."""
    for where, wrap in (
        (b"<scope>Public</scope>", b"<scope>Public</scope>%s"),
        (b"</alert>", b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">%s'
                      b"</ds:Signature></alert>"),
    ):
        deep = b"<x>" * 240 + b"</x>" * 240
        data = GOOD.replace(where, wrap % deep, 1)
        for profile in profile_names():
            start = time.perf_counter()
            report = bc.validate(data, profile=profile)
            assert time.perf_counter() - start < SECOND
            assert "DOCUMENT_IS_WITHIN_LIMITS" not in report.rules()


# -- number of nodes (infos, areas, geocodes, ...) ----------------------------------------------
def test_max_nodes_boundary_with_many_areas() -> None:
    areas = AREA * 2000
    data = _alert(INFO.format(areas=areas))
    nodes = data.count(b"<") - data.count(b"</") + data.count(b"=")
    limits_at = bc.Limits(max_nodes=nodes)
    assert len(bc.parse(data, limits=limits_at).infos[0].areas) == 2000
    message = _refused(data, bc.Limits(max_nodes=data.count(b"<") - data.count(b"</") - 50))
    assert "nodes" in message and "over the limit" in message


def test_many_infos_within_the_default_limit_are_read() -> None:
    data = _alert(INFO.format(areas="") * 1000)
    start = time.perf_counter()
    assert len(bc.parse(data).infos) == 1000
    assert time.perf_counter() - start < SECOND


def test_too_many_infos_areas_or_geocodes_are_refused_quickly() -> None:
    _refused(_alert(INFO.format(areas="") * 20_000))  # 7 elements each: 140,000
    _refused(_alert(INFO.format(areas=AREA * 25_000)))  # 5 elements each: 125,000
    geocodes = "<geocode><valueName>SAME</valueName><value>1</value></geocode>" * 40_000
    _refused(_alert(INFO.format(areas=f"<area><areaDesc>a</areaDesc>{geocodes}</area>")))


def test_comments_processing_instructions_and_attributes_count_as_nodes() -> None:
    _refused(_alert("<!---->" * 150_000))
    _refused(_alert("<?p?>" * 150_000))
    _refused(_alert('<a b="" c="" d="" e=""/>' * 30_000))


def test_polygon_points_are_bounded_by_the_text_limit() -> None:
    ring = " ".join(f"{38 + i * 1e-5:.5f},{-120 + i * 1e-5:.5f}" for i in range(39_999))
    ring += " " + ring.split(" ", 1)[0]
    area = f"<area><areaDesc>a</areaDesc><polygon>{ring}</polygon></area>"
    start = time.perf_counter()
    alert = bc.parse(_alert(INFO.format(areas=area)))
    assert len(alert.infos[0].areas[0].polygons[0]) == 40_000
    assert time.perf_counter() - start < SECOND
    # 10 MB of points (over 500,000) is one text node past the limit.
    huge = " ".join(["38.12345,-120.12345"] * 530_000)
    area = f"<area><areaDesc>a</areaDesc><polygon>{huge}</polygon></area>"
    _refused(_alert(INFO.format(areas=area)))


def test_memory_stays_flat_past_the_node_limit() -> None:
    """Two million elements or attributes are refused before libxml2 builds a tree: the
    process never holds more than a small multiple of the input."""
    script = (
        "import resource, bluealert_cap as bc\n"
        f"ns = {NS!r}\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "for data in (\n"
        "    f'<alert xmlns=\"{ns}\">'.encode() + b'<a/>' * 2_000_000 + b'</alert>',\n"
        "    b'<alert' + b''.join(b' a%x=\"\"' % i for i in range(1_500_000)) + b'/>',\n"
        "):\n"
        "    try:\n"
        "        bc.parse(data)\n"
        "    except bc.LimitExceededError:\n"
        "        pass\n"
        "    del data\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    grown_mb = int(out.stdout.strip()) / 1024
    # Building the inputs costs ~150 MB (1.5 million bytes objects joined); a tree of two
    # million elements would cost over 250 MB more, and of the attributes about 500 MB.
    assert grown_mb < 250, f"peak memory grew by {grown_mb:.0f} MB"


def _padded(body: bytes, size: int = 2 * 1024 * 1024 + 1000) -> bytes:
    """A document of ``body`` children of <alert> plus a <note> of padding, ``size`` bytes:
    large enough that its nodes are counted before parsing."""
    head = f'<alert xmlns="{NS}">'.encode() + body + b"<note>"
    tail = b"</note></alert>"
    return head + b"p" * (size - len(head) - len(tail)) + tail


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_nodes_counted_before_parsing_are_counted_exactly(encoding: str) -> None:
    """The pre-parse count of a large document is the tree's count: namespace declarations
    and '=' in text are not attributes, end tags and CDATA are not nodes, the XML declaration
    is not a PI (all were counted, refusing documents within the limit)."""
    unit = b'<a x="1"/><b>y=1&amp;z=2</b><![CDATA[<c>]]><!--c--><?p?>'  # 5 nodes
    nodes = 2 + 5 * 1000  # <alert>, <note> and the units
    decl = f'<?xml version="1.0" encoding="{encoding.upper()}"?>'.encode()
    data = (decl + _padded(unit * 1000)).decode().encode(encoding)
    assert load_xml(data, bc.Limits(max_nodes=nodes)).root is not None
    with pytest.raises(bc.LimitExceededError, match=f"more than {nodes - 1} nodes"):
        load_xml(data, bc.Limits(max_nodes=nodes - 1))


@pytest.mark.parametrize("opening", [b"<!--", b"<![CDATA[", b"<?", b"<!", b'<a b="'])
def test_unterminated_markup_does_not_make_the_node_count_slow(opening: bytes) -> None:
    """Thousands of unterminated comments (CDATA sections, PIs, declarations, attribute
    values) in a large document: each used to be scanned to the end of the document, so 1,000
    of them in 2 MB took about 20 s. Now refused by the parser at once."""
    data = f'<alert xmlns="{NS}">'.encode() + opening * 150_000 + b"=" * 100_001
    data += b"p" * (2 * 1024 * 1024 + 1000 - len(data))  # truncated: no ">" after them
    start = time.perf_counter()
    with pytest.raises(bc.CapError):
        bc.parse(data)
    assert time.perf_counter() - start < SECOND
    start = time.perf_counter()
    assert not bc.validate(data).ok
    assert time.perf_counter() - start < SECOND


def test_reading_a_small_file_holds_about_its_size(tmp_path: Path) -> None:
    # A file is read up to the size limit, not into a buffer of the limit's size (read(n)
    # allocated max_bytes + 1 bytes for every file read, 32 MiB for a 4 KB message); the same
    # bounded reader serves key and certificate files.
    import tracemalloc

    from bluealert_cap._signature import _read_bytes
    from bluealert_cap._xml import read_source

    path = tmp_path / "alert.xml"
    path.write_bytes(b"<alert/>" + b" " * 4000)
    for read in (lambda: read_source(path), lambda: _read_bytes(path, "certificate")):
        read()
        tracemalloc.start()
        try:
            read()
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 100_000, peak

"""Every CAP 1.2 message of the corpus reads and writes back losslessly (issue 2, item 5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, OFFICIAL_XSD, cap12_corpus_files, other_version_files
from lxml import etree

import bluealert_cap as bc

FILES = cap12_corpus_files()
_OFFICIAL = etree.XMLSchema(etree.parse(str(OFFICIAL_XSD)))


def test_corpus_is_there() -> None:
    # The corpus has 82 CAP 1.2 messages; a shrinking corpus would weaken every test below.
    assert len(FILES) >= 80


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_round_trip(path: Path) -> None:
    first = bc.parse(path)
    xml = first.to_xml()
    second = bc.parse(xml)
    assert second == first
    # Byte-for-byte stable: signatures depend on it.
    assert second.to_xml() == xml
    # Pretty output reads back to the same model too.
    assert bc.parse(first.to_xml(pretty=True)) == first
    # Same element count per name as the source: nothing dropped, nothing invented.
    src = etree.parse(str(path)).getroot()
    out = etree.fromstring(xml)
    assert _element_census(out) == _element_census(src)


def _element_census(root: etree._Element) -> dict[str, int]:
    counts: dict[str, int] = {}
    for el in root.iter(etree.Element):
        name = etree.QName(el).localname
        counts[name] = counts.get(name, 0) + 1
    return counts


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_written_xml_is_valid_under_official_schema(path: Path) -> None:
    xml = bc.parse(path).to_xml()
    assert _OFFICIAL.validate(etree.fromstring(xml)), _OFFICIAL.error_log


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_values_are_kept_as_written(path: Path) -> None:
    """Every leaf text of the source comes back identical (date-times with their own offset
    spelling, coordinates with their own digits), modulo whitespace the schema collapses."""
    src = etree.parse(str(path)).getroot()
    out = etree.fromstring(bc.parse(path).to_xml())
    collapse = {"sent", "effective", "onset", "expires", "status", "msgType", "scope",
                "category", "responseType", "urgency", "severity", "certainty", "size",
                "altitude", "ceiling", "language", "uri", "web"}
    normalise = {"polygon", "circle", "references", "addresses", "incidents"}

    def leaves(root: etree._Element) -> list[tuple[str, str]]:
        result = []
        for el in root.iter(etree.Element):
            ns = etree.QName(el).namespace
            if len(el) or ns != "urn:oasis:names:tc:emergency:cap:1.2":
                continue
            name = etree.QName(el).localname
            text = el.text or ""
            if name in collapse:
                text = text.strip()
            elif name in normalise:
                text = " ".join(text.replace('"', "").split())
            result.append((name, text))
        return result

    assert leaves(out) == leaves(src)


def test_both_zero_offsets_come_back_as_written() -> None:
    plus = [p for p in FILES if b"+00:00</sent>" in p.read_bytes()]
    minus = [p for p in FILES if b"-00:00</sent>" in p.read_bytes()]
    assert plus and minus
    assert b"+00:00</sent>" in bc.parse(plus[0]).to_xml()
    assert b"-00:00</sent>" in bc.parse(minus[0]).to_xml()


def test_signatures_are_kept_verbatim() -> None:
    signed = [p for p in FILES if b"SignatureValue" in p.read_bytes()]
    assert len(signed) >= 10
    for path in signed:
        alert = bc.parse(path)
        assert alert.signatures, path
        src = etree.parse(str(path)).getroot()
        sig_src = src.find("{http://www.w3.org/2000/09/xmldsig#}Signature")
        assert sig_src is not None
        sig_out = etree.fromstring(alert.signatures[0])
        assert etree.tostring(sig_out, method="c14n") == etree.tostring(
            _detached(sig_src), method="c14n"
        )


def _detached(el: etree._Element) -> etree._Element:
    import copy

    clone = copy.deepcopy(el)
    clone.tail = None
    etree.cleanup_namespaces(clone)
    return clone


@pytest.mark.parametrize("path", other_version_files(), ids=lambda p: p.name)
def test_other_versions_are_refused_naming_the_version(path: Path) -> None:
    data = path.read_bytes()
    expected = "1.0" if b"incident.com/cap/1.0" in data else "1.1"
    with pytest.raises(bc.UnsupportedVersionError) as info:
        bc.parse(path)
    assert info.value.version == expected
    assert f"CAP {expected}" in str(info.value)
    report = bc.validate(path)
    assert not report.ok
    assert [f.rule for f in report.findings] == ["CAP_VERSION_IS_1_2"]


def test_non_utf8_declared_encoding_is_read() -> None:
    path = CORPUS / "intl" / "google-caplib_usgs_earthquake_iso8859-1_signed.xml"
    assert b"ISO-8859-1" in path.read_bytes()[:100]
    alert = bc.parse(path)
    again = bc.parse(alert.to_xml())
    assert again == alert


def test_cancel_without_info() -> None:
    alert = bc.parse(CORPUS / "ipaws" / "oasiscap_ipaws_cancel_signed.xml")
    assert alert.msg_type is bc.MsgType.CANCEL
    assert alert.infos == ()
    assert alert.references

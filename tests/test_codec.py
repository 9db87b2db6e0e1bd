"""The reader accepts common deviations and refuses, with a location, what it cannot keep."""

from __future__ import annotations

import pytest

import bluealert_cap as bc

NS = "urn:oasis:names:tc:emergency:cap:1.2"
HEAD = (
    "<identifier>ID-1</identifier><sender>s@example.gov</sender>"
    "<sent>2026-11-24T02:00:00-05:00</sent><status>Actual</status><msgType>Alert</msgType>"
    "<scope>Public</scope>"
)
INFO = (
    "<info><category>Safety</category><event>Test</event><urgency>Immediate</urgency>"
    "<severity>Severe</severity><certainty>Observed</certainty></info>"
)


def doc(body: str, *, root: str = f'<alert xmlns="{NS}">', end: str = "</alert>") -> bytes:
    return (root + body + end).encode()


def test_minimal_message() -> None:
    a = bc.parse(doc(HEAD + INFO))
    assert a.identifier == "ID-1" and a.infos[0].event == "Test"
    assert a.infos[0].effective_language == "en-US"


def test_prefixed_namespace_is_read() -> None:
    prefixed = doc(
        HEAD.replace("<", "<cap:").replace("<cap:/", "</cap:"),
        root=f'<cap:alert xmlns:cap="{NS}">', end="</cap:alert>",
    )
    assert bc.parse(prefixed) == bc.parse(doc(HEAD))


def test_str_source_and_path_source(tmp_path: object) -> None:
    from pathlib import Path

    text = '<?xml version="1.0" encoding="ISO-8859-1"?>' + doc(HEAD).decode()
    assert bc.parse(text) == bc.parse(doc(HEAD))
    p = Path(str(tmp_path)) / "a.xml"
    p.write_bytes(doc(HEAD))
    assert bc.parse(p) == bc.parse(doc(HEAD))


def test_whitespace_around_tokens_is_accepted_and_not_written() -> None:
    padded = doc(HEAD.replace(">Actual<", "> Actual\n<").replace(
        "-05:00</sent>", "-05:00 </sent>"))
    a = bc.parse(padded)
    assert a.status is bc.Status.ACTUAL
    assert b"<status>Actual</status>" in a.to_xml()


def test_elements_out_of_order_are_read_and_written_in_schema_order() -> None:
    swapped = HEAD.replace(
        "<identifier>ID-1</identifier><sender>s@example.gov</sender>",
        "<sender>s@example.gov</sender><identifier>ID-1</identifier>",
    )
    a = bc.parse(doc(swapped))
    assert a == bc.parse(doc(HEAD))
    assert a.to_xml().index(b"<identifier>") < a.to_xml().index(b"<sender>")


def test_very_likely_is_read_as_likely() -> None:
    a = bc.parse(doc(HEAD + INFO.replace("Observed", "Very Likely")))
    assert a.infos[0].certainty is bc.Certainty.LIKELY


def test_empty_values_are_kept() -> None:
    body = HEAD + INFO.replace(
        "</info>",
        "<parameter><valueName>X</valueName><value/></parameter>"
        "<area><areaDesc/></area></info>",
    ).replace("<event>Test</event>", "<event/>")
    a = bc.parse(doc(body))
    assert a.infos[0].event == ""
    assert a.infos[0].parameters == (bc.ValuePair("X", ""),)
    assert bc.parse(a.to_xml()) == a
    assert b"<value/>" in a.to_xml()


def test_escaping_and_carriage_returns_survive() -> None:
    body = HEAD + INFO.replace("<event>Test</event>", "<event>a &amp; b &lt;c&gt; &#13;d</event>")
    a = bc.parse(doc(body))
    assert a.infos[0].event == "a & b <c> \rd"
    assert bc.parse(a.to_xml()) == a


@pytest.mark.parametrize(
    ("body", "xpath", "words"),
    [
        (HEAD + "<bogus/>", "/alert[1]/bogus[1]", "unexpected element <bogus>"),
        (HEAD + '<foo:x xmlns:foo="urn:x"/>', "/alert[1]/x[1]", "not CAP 1.2"),
        (HEAD.replace("<sender>s@example.gov</sender>", ""), "/alert[1]", "<sender>"),
        (HEAD + "<source>a</source><source>b</source>", "/alert[1]/source[2]", "more than once"),
        (HEAD.replace("<identifier>", '<identifier lang="x">'), "/alert[1]/identifier[1]",
         "attribute"),
        (HEAD + "stray text", "/alert[1]/scope[1]", "unexpected text"),
        (HEAD + INFO.replace("Immediate", "Now"), "/alert[1]/info[1]/urgency[1]", "Immediate"),
        (HEAD + INFO.replace("</info>", "<resource><resourceDesc>a</resourceDesc>"
                                        "<mimeType>b/c</mimeType><size>1.5</size></resource>"
                                        "</info>"),
         "/alert[1]/info[1]/resource[1]/size[1]", "integer"),
        (HEAD.replace("-05:00</sent>", "Z</sent>"), "/alert[1]/sent[1]", "no 'Z'"),
        (HEAD + "<references>a,b</references>", "/alert[1]/references[1]", "sender,identifier"),
        (HEAD + INFO.replace("</info>", "<area><areaDesc>a</areaDesc><altitude>1e3</altitude>"
                                        "</area></info>"),
         "/alert[1]/info[1]/area[1]/altitude[1]", "decimal"),
        # schema-valid (xs:integer is unbounded), but more digits than Python's int() reads
        (HEAD + INFO.replace("</info>", "<resource><resourceDesc>a</resourceDesc>"
                                        "<mimeType>b/c</mimeType><size>" + "9" * 5000
                                        + "</size></resource></info>"),
         "/alert[1]/info[1]/resource[1]/size[1]", "integer of 5000 digits"),
    ],
)
def test_unreadable_content_is_refused_with_location(body: str, xpath: str, words: str) -> None:
    with pytest.raises(bc.InvalidContentError) as exc:
        bc.parse(doc(body))
    problem = exc.value.problems[0]
    assert problem.xpath == xpath
    assert problem.line == 1
    assert words in problem.message


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", bc.MalformedXmlError),
        (b"   \n", bc.MalformedXmlError),
        (b"<alert", bc.MalformedXmlError),
        (b"\x00\x01\x02binary", bc.MalformedXmlError),
        (b"<foo/>", bc.NotCapError),
        (b'<alert xmlns="urn:x"/>', bc.NotCapError),
        (b"<alert/>", bc.NotCapError),
        (b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1"/>', bc.UnsupportedVersionError),
        (b'<!DOCTYPE alert [<!ENTITY x "y">]><alert/>', bc.ForbiddenXmlError),
    ],
)
def test_bad_documents(data: bytes, error: type[bc.CapError]) -> None:
    with pytest.raises(error):
        bc.parse(data)
    report = bc.validate(data)
    assert not report.ok
    assert len(report.findings) == 1


def test_malformed_xml_says_where() -> None:
    with pytest.raises(bc.MalformedXmlError) as exc:
        bc.parse(b'<alert xmlns="x">\n  <identifier>\n</alert>')
    assert exc.value.line == 3


def test_wrong_source_type() -> None:
    with pytest.raises(TypeError):
        bc.parse(123)  # type: ignore[arg-type]


def test_unreadable_path_is_a_cap_error(tmp_path: object) -> None:
    from pathlib import Path

    with pytest.raises(bc.CapError, match="cannot read"):
        bc.parse(Path(str(tmp_path)) / "missing.xml")


def test_xsi_schema_location_is_kept() -> None:
    root = (f'<alert xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:schemaLocation="{NS} cap.xsd">')
    a = bc.parse(doc(HEAD, root=root))
    assert a.schema_location == f"{NS} cap.xsd"
    assert bc.parse(a.to_xml()) == a


# Found by the review fuzz campaign: the XPath of a read error counted only same-namespace
# siblings; read with local-name() steps it named another element.
def test_read_error_xpath_counts_same_named_siblings_of_any_namespace() -> None:
    body = INFO.replace(
        "<category>Safety</category>", '<category>Safety</category><category xmlns="">x</category>'
    )
    with pytest.raises(bc.InvalidContentError) as exc:
        bc.parse(doc(HEAD + body))
    assert [p.xpath for p in exc.value.problems] == ["/alert[1]/info[1]/category[2]"]


# Found by the review fuzz campaign: the schema and the validator accept 24:00:00 (XML Schema
# 1.0's first instant of the next day; the validator reads it so since date_time()), but parse
# refused the message ("hour must be in 0..23"), breaking "reads every schema-valid message".
@pytest.mark.parametrize(
    ("written", "read_as"),
    [("2026-11-24T24:00:00-05:00", "2026-11-25T00:00:00-05:00"),
     ("2026-12-31T24:00:00-00:00", "2027-01-01T00:00:00-00:00"),
     ("2026-02-28T24:00:00+14:00", "2026-03-01T00:00:00+14:00")],
)
def test_end_of_day_24_00_00_is_read_as_the_next_midnight(written: str, read_as: str) -> None:
    from bluealert_cap._model import format_datetime

    data = doc(HEAD.replace("2026-11-24T02:00:00-05:00", written) + INFO)
    assert bc.validate(data, profile="cap").ok
    a = bc.parse(data)
    assert format_datetime(a.sent) == read_as
    assert bc.parse(a.to_xml()) == a
    ref = f"s@example.gov,ID-0,{written}"
    upd = bc.parse(doc(HEAD.replace("Alert", "Update") + f"<references>{ref}</references>" + INFO))
    assert format_datetime(upd.references[0].sent) == read_as


def test_24_00_01_and_past_year_9999_stay_refused() -> None:
    for bad in ("2026-11-24T24:00:01-05:00", "9999-12-31T24:00:00-05:00"):
        with pytest.raises(bc.InvalidContentError, match="not a real date-time"):
            bc.parse(doc(HEAD.replace("2026-11-24T02:00:00-05:00", bad) + INFO))


def test_a_file_name_given_as_str_says_to_pass_a_path() -> None:
    # A str is the document itself; parse("alert.xml") used to say only "Start tag expected".
    with pytest.raises(bc.MalformedXmlError, match=r"pass a path, e\.g\. pathlib\.Path"):
        bc.parse("alert.xml")
    finding = bc.validate("alert.xml").findings[0]
    assert finding.rule == "XML_IS_WELL_FORMED" and "'alert.xml'" in finding.message


XSI = "http://www.w3.org/2001/XMLSchema-instance"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
@pytest.mark.parametrize("xsi", [XSI, XSI.replace("-", "&#x2D;")], ids=["plain", "charref"])
def test_xsi_attributes_are_seen_whatever_the_encoding_and_spelling(
    encoding: str, xsi: str
) -> None:
    """The schema-valid fast path skips the reader's attribute checks when the source has no
    xsi: attributes; it must not mistake a UTF-16 document, or a namespace name written with a
    character reference, for one without them (the attributes were silently dropped)."""
    declaration = f'<?xml version="1.0" encoding="{encoding.upper()}"?>'
    root = f'<alert xmlns="{NS}" xmlns:xsi="{xsi}" xsi:schemaLocation="{NS} cap.xsd">'
    a = bc.parse((declaration + root + HEAD + INFO + "</alert>").encode(encoding))
    assert a.schema_location == f"{NS} cap.xsd"
    root = f'<alert xmlns="{NS}" xmlns:xsi="{xsi}" xmlns:xs="http://www.w3.org/2001/XMLSchema">'
    body = HEAD + INFO.replace("<event>", '<event xsi:type="xs:string">')
    with pytest.raises(bc.InvalidContentError) as exc:
        bc.parse((declaration + root + body + "</alert>").encode(encoding))
    assert exc.value.problems[0].xpath == "/alert[1]/info[1]/event[1]"


def test_str_source_with_a_byte_order_mark_and_a_utf16_declaration() -> None:
    """A UTF-16 file decoded with an explicit-endian codec keeps U+FEFF before the declaration;
    the declaration of a str is dropped all the same (it used to be kept, and the str was
    refused as 'encoded as UTF-8 (by its first bytes) but its XML declaration says UTF-16')."""
    data = ('<?xml version="1.0" encoding="UTF-16"?>' + doc(HEAD).decode()).encode("utf-16-le")
    text = b"\xff\xfe".decode("utf-16-le") + data.decode("utf-16-le")
    assert text.startswith("\ufeff<?xml")
    assert bc.parse(text) == bc.parse(doc(HEAD))
    assert bc.validate(text, profile="schema").ok

"""Findings of the ``schema`` layer: start from a good message, change one thing, check the
exact (rule, xpath) and that line/column point at the offending element's start tag."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from bluealert_cap import validate
from bluealert_cap._validation import _schema
from bluealert_cap._validation._context import CATALOGUE, Context

CAP = "urn:oasis:names:tc:emergency:cap:1.2"
DS = "http://www.w3.org/2000/09/xmldsig#"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

GOOD = f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="{CAP}">
  <identifier>MDSP-BLU-2024-0001</identifier>
  <sender>alerts@mdsp.example.gov</sender>
  <sent>2024-05-06T07:08:09-04:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <code>IPAWSv1.0</code>
  <info>
    <language>en-US</language>
    <category>Security</category>
    <event>Blue Alert</event>
    <responseType>Monitor</responseType>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Observed</certainty>
    <eventCode><valueName>SAME</valueName><value>BLU</value></eventCode>
    <expires>2024-05-06T13:08:09-04:00</expires>
    <senderName>Maryland State Police</senderName>
    <headline>Blue Alert: suspect sought after officer shot</headline>
    <description>Suspect fled in a gray sedan.</description>
    <web>https://mdsp.example.gov/bluealert/0001</web>
    <resource>
      <resourceDesc>Suspect photo</resourceDesc>
      <mimeType>image/jpeg</mimeType>
      <size>20480</size>
      <uri>https://mdsp.example.gov/bluealert/0001.jpg</uri>
    </resource>
    <area>
      <areaDesc>Baltimore County</areaDesc>
      <polygon>39.2,-76.8 39.5,-76.8 39.5,-76.4 39.2,-76.8</polygon>
      <geocode><valueName>SAME</valueName><value>024005</value></geocode>
      <altitude>0</altitude>
    </area>
  </info>
</alert>
"""


def _findings(text: str) -> list[tuple[str, str]]:
    report = validate(text.encode("utf-8"), profile="schema")
    return [(f.rule, f.xpath) for f in report.findings]


def _position(text: str, marker: str) -> tuple[int, int]:
    """1-based line/column of the unique ``marker`` in ``text``."""
    assert text.count(marker) == 1, marker
    offset = text.index(marker)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _one(text: str) -> tuple[str, str, int | None, int | None, str]:
    report = validate(text.encode("utf-8"), profile="schema")
    assert len(report.findings) == 1, [(f.rule, f.xpath, f.message) for f in report.findings]
    f = report.findings[0]
    assert f.severity == "error" and f.source == "schema"
    assert f.rule in CATALOGUE
    return f.rule, f.xpath, f.line, f.column, f.message


def _replace(old: str, new: str, text: str = GOOD) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_good_message_has_no_findings() -> None:
    report = validate(GOOD.encode(), profile="schema")
    assert report.ok and report.findings == []


# (description, old, new, rule, xpath, marker of the offending start tag in the mutated text)
CASES = [
    ("missing sender: reported at the element found instead",
     "<sender>alerts@mdsp.example.gov</sender>\n", "",
     "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/sent[1]", "<sent>"),
    ("duplicated identifier",
     "<identifier>MDSP-BLU-2024-0001</identifier>",
     "<identifier>MDSP-BLU-2024-0001</identifier><identifier>again</identifier>",
     "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/identifier[2]", "<identifier>again"),
    ("status and msgType swapped",
     "<status>Actual</status>\n  <msgType>Alert</msgType>",
     "<msgType>Alert</msgType>\n  <status>Actual</status>",
     "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/msgType[1]", "<msgType>"),
    ("info missing its last required element",
     "<certainty>Observed</certainty>\n    <eventCode><valueName>SAME</valueName><value>BLU"
     "</value></eventCode>\n    <expires>2024-05-06T13:08:09-04:00</expires>\n    <senderName>"
     "Maryland State Police</senderName>\n    <headline>Blue Alert: suspect sought after officer"
     " shot</headline>\n    <description>Suspect fled in a gray sedan.</description>\n    <web>"
     "https://mdsp.example.gov/bluealert/0001</web>\n    <resource>\n      <resourceDesc>Suspect"
     " photo</resourceDesc>\n      <mimeType>image/jpeg</mimeType>\n      <size>20480</size>\n"
     "      <uri>https://mdsp.example.gov/bluealert/0001.jpg</uri>\n    </resource>\n    <area>\n"
     "      <areaDesc>Baltimore County</areaDesc>\n      <polygon>39.2,-76.8 39.5,-76.8 39.5,"
     "-76.4 39.2,-76.8</polygon>\n      <geocode><valueName>SAME</valueName><value>024005"
     "</value></geocode>\n      <altitude>0</altitude>\n    </area>\n",
     "",
     "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]", "<info>"),
    ("polygon after geocode",
     "<altitude>0</altitude>", "<polygon>1,1 2,2 3,3 1,1</polygon><altitude>0</altitude>",
     "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]/area[1]/polygon[2]", "<polygon>1,1"),
    ("foreign element in info",
     "<senderName>", '<x:note xmlns:x="urn:example:x">hi</x:note><senderName>',
     "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]/note[1]", "<x:note"),
    ("element in no namespace at the end of alert",
     "  </info>\n</alert>", '  </info>\n<extra xmlns=""/></alert>',
     "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/extra[1]", "<extra"),
    ("bad status code",
     "<status>Actual</status>", "<status>actual</status>",
     "SCHEMA_VALUE_IS_VALID", "/alert[1]/status[1]", "<status>"),
    ("padded category (xs:string keeps spaces)",
     "<category>Security</category>", "<category> Security </category>",
     "SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/category[1]", "<category>"),
    ("sent in UTC with Z",
     "<sent>2024-05-06T07:08:09-04:00</sent>", "<sent>2024-05-06T11:08:09Z</sent>",
     "SCHEMA_VALUE_IS_VALID", "/alert[1]/sent[1]", "<sent>"),
    ("expires offset beyond 14:00",
     "<expires>2024-05-06T13:08:09-04:00</expires>",
     "<expires>2024-05-06T13:08:09+14:01</expires>",
     "SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/expires[1]", "<expires>"),
    ("expires on February 30",
     "<expires>2024-05-06T13:08:09-04:00</expires>",
     "<expires>2024-02-30T13:08:09-04:00</expires>",
     "SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/expires[1]", "<expires>"),
    ("size not an integer",
     "<size>20480</size>", "<size>20 kB</size>",
     "SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/resource[1]/size[1]", "<size>"),
    ("altitude not a decimal",
     "<altitude>0</altitude>", "<altitude>1e3</altitude>",
     "SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/area[1]/altitude[1]", "<altitude>"),
    ("language with underscore",
     "<language>en-US</language>", "<language>en_US</language>",
     "SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/language[1]", "<language>"),
    ("web with a bad percent escape",
     "<web>https://mdsp.example.gov/bluealert/0001</web>",
     "<web>https://mdsp.example.gov/100%</web>",
     "SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/web[1]", "<web>"),
    ("uri with a query-only reference (RFC 2396 needs a path; libxml2 accepts it)",
     "<uri>https://mdsp.example.gov/bluealert/0001.jpg</uri>", "<uri>?photo=1</uri>",
     "SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/resource[1]/uri[1]", "<uri>"),
    ("text in element-only alert",
     "<code>IPAWSv1.0</code>", "<code>IPAWSv1.0</code> stray text",
     "SCHEMA_CONTENT_IS_ALLOWED", "/alert[1]", "<alert"),
    ("child element inside headline",
     "<headline>Blue Alert: suspect sought after officer shot</headline>",
     "<headline>Blue Alert: <b>suspect</b></headline>",
     "SCHEMA_CONTENT_IS_ALLOWED", "/alert[1]/info[1]/headline[1]", "<headline>"),
    ("attribute on info",
     "<info>", '<info lang="en">',
     "SCHEMA_ATTRIBUTE_IS_ALLOWED", "/alert[1]/info[1]", "<info"),
    ("xsi:nil on a CAP element",
     "<identifier>MDSP-BLU-2024-0001</identifier>",
     f'<identifier xmlns:xsi="{XSI}" xsi:nil="true"/>',
     "SCHEMA_XSI_IS_VALID", "/alert[1]/identifier[1]", "<identifier"),
    ("xsi:type naming a type not derived from the declared one",
     "<sent>2024-05-06T07:08:09-04:00</sent>",
     f'<sent xmlns:xsi="{XSI}" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
     'xsi:type="xs:string">2024-05-06T07:08:09-04:00</sent>',
     "SCHEMA_XSI_IS_VALID", "/alert[1]/sent[1]", "<sent"),
    ("xsi:type naming a CAP type (our XSD has named types; the OASIS one has none)",
     "<status>Actual</status>",
     f'<status xmlns:xsi="{XSI}" xmlns:c="{CAP}" xsi:type="c:StatusType">Actual</status>',
     "SCHEMA_XSI_IS_VALID", "/alert[1]/status[1]", "<status"),
    ("xsi:type with spaces naming a type not derived from the declared one (G4)",
     "<size>20480</size>",
     f'<size xmlns:xsi="{XSI}" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
     'xsi:type=" xs:decimal ">20480</size>',
     "SCHEMA_XSI_IS_VALID", "/alert[1]/info[1]/resource[1]/size[1]", "<size"),
    ("xsi:type on web that does not resolve (not mistaken for a URI error)",
     "<web>https://mdsp.example.gov/bluealert/0001</web>",
     f'<web xmlns:xsi="{XSI}" xsi:type="nope:anyURI">https://mdsp.example.gov/</web>',
     "SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/web[1]", "<web"),
    ("info after the signature",
     "  </info>\n</alert>",
     f'  </info>\n<ds:Signature xmlns:ds="{DS}"/>\n<info><category>Geo</category><event>e'
     "</event><urgency>Past</urgency><severity>Minor</severity><certainty>Likely</certainty>"
     "</info></alert>",
     "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[2]", "<info><category>Geo"),
    ("signature before info",
     "  <info>", f'  <ds:Signature xmlns:ds="{DS}"/><info>',
     "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]", "<info>"),
    ("bad CAP content inside a signature (valueName is declared globally)",
     "  </info>\n</alert>",
     f'  </info>\n<ds:Signature xmlns:ds="{DS}"><ds:Object><valueName><b/></valueName>'
     "</ds:Object></ds:Signature></alert>",
     "SCHEMA_CONTENT_IS_ALLOWED", "/alert[1]/Signature[1]/Object[1]/valueName[1]",
     "<valueName><b/>"),
]


@pytest.mark.parametrize(
    ("old", "new", "rule", "xpath", "marker"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_one_change_one_finding(old: str, new: str, rule: str, xpath: str, marker: str) -> None:
    text = _replace(old, new)
    got_rule, got_xpath, line, column, message = _one(text)
    assert (got_rule, got_xpath) == (rule, xpath)
    assert (line, column) == _position(text, marker)
    # the message names the element and says what is wrong
    local = xpath.rsplit("/", 1)[-1].split("[")[0]
    assert local in message


def test_prefixed_document_gives_the_same_xpaths() -> None:
    """libxml2 writes paths with the document's prefixes (``/cap:alert/cap:info``); the finding
    still carries the unprefixed positional XPath."""
    prefixed = re.sub(r"<(/?)([A-Za-z]+)([ >/])", r"<\1cap:\2\3", GOOD)
    prefixed = prefixed.replace(f'<cap:alert xmlns="{CAP}"', f'<cap:alert xmlns:cap="{CAP}"')
    assert validate(prefixed.encode(), profile="schema").ok
    text = _replace("<cap:size>20480</cap:size>", "<cap:size>big</cap:size>", prefixed)
    rule, xpath, line, column, _ = _one(text)
    assert (rule, xpath) == ("SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/resource[1]/size[1]")
    assert (line, column) == _position(text, "<cap:size>")


def test_several_errors_come_in_document_order() -> None:
    text = _replace("<status>Actual</status>", "<status>Real</status>")
    text = _replace("<altitude>0</altitude>", "<altitude>zero</altitude>", text)
    assert _findings(text) == [
        ("SCHEMA_VALUE_IS_VALID", "/alert[1]/status[1]"),
        ("SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/area[1]/altitude[1]"),
    ]


def test_message_says_what_was_found_and_what_is_expected() -> None:
    text = _replace("<sender>alerts@mdsp.example.gov</sender>\n", "")
    message = _one(text)[4]
    assert "<sent>" in message and "sender" in message and "expected" in message.lower()
    text = _replace("<status>Actual</status>", "<status>Real</status>")
    message = _one(text)[4]
    assert "'Real'" in message and "Actual" in message and "Draft" in message


def test_valid_variants_give_no_findings() -> None:
    """Changes the official schema accepts must not produce findings either."""
    variants = [
        ("<sent>2024-05-06T07:08:09-04:00</sent>", "<sent> 2024-05-06T07:08:09-00:00\n</sent>"),
        ("<sent>2024-05-06T07:08:09-04:00</sent>", "<sent>2024-05-06T24:00:00+14:00</sent>"),
        ("<language>en-US</language>", "<language/>"),
        # G5: an empty CDATA section is no character: the default en-US applies
        ("<language>en-US</language>", "<language><![CDATA[]]></language>"),
        ("<language>en-US</language>", "<language><![CDATA[]]><!-- c --></language>"),
        ("<size>20480</size>", "<size> +020480 </size>"),
        ("<web>https://mdsp.example.gov/bluealert/0001</web>", "<web>http://h:/a b/\u00e9</web>"),
        ("<web>https://mdsp.example.gov/bluealert/0001</web>", "<web>http://x.org/?a[b]</web>"),
        ("<status>Actual</status>", "<status>Act<!-- c -->ual</status>"),
        ("  </info>\n</alert>",
         f'  </info>\n<ds:Signature xmlns:ds="{DS}" Id="Environment Canada">text <x/>'
         f'</ds:Signature><ds:Other xmlns:ds="{DS}" xml:lang="??"/></alert>'),
        ("<alert ", f'<alert xmlns:xsi="{XSI}" xsi:schemaLocation="{CAP} cap.xsd" '),
        # G4: xsi:type is a QName, its whitespace collapses (libxml2 alone would reject these)
        ("<identifier>", f'<identifier xmlns:xsi="{XSI}" '
         'xmlns:xs="http://www.w3.org/2001/XMLSchema" xsi:type=" xs:string&#10;">'),
        ("<size>20480</size>", f'<size xmlns:xsi="{XSI}" '
         'xmlns:xs="http://www.w3.org/2001/XMLSchema" xsi:type=" xs:int ">20480</size>'),
    ]
    for old, new in variants:
        text = _replace(old, new)
        report = validate(text.encode(), profile="schema")
        assert report.ok, (new, [(f.rule, f.xpath, f.message) for f in report.findings])


def test_info_after_signature_guard_catches_a_libxml2_that_misses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the wildcard written as a bare repeated xs:any, libxml2 2.14 accepts <info> after a
    ds:* element. The layer's guard (G1) reports it then, exactly once."""
    xsd = _schema.load_schema_bytes().decode()
    bare = re.sub(
        r'<xs:sequence minOccurs="0" maxOccurs="unbounded">\s*(<xs:any [^>]*?)/>\s*'
        r"</xs:sequence>",
        r'\1 minOccurs="0" maxOccurs="unbounded"/>',
        xsd,
    )
    assert bare != xsd
    buggy = etree.XMLSchema(etree.fromstring(bare.encode()))
    text = _replace(
        "  </info>\n</alert>",
        f'  </info>\n<ds:Signature xmlns:ds="{DS}"/>\n<info><category>Geo</category><event>e'
        "</event><urgency>Past</urgency><severity>Minor</severity><certainty>Likely</certainty>"
        "</info></alert>",
    )
    assert buggy.validate(etree.fromstring(text.encode())), "libxml2 no longer has the bug"
    monkeypatch.setattr(_schema, "compiled_schema", lambda: buggy)
    assert _findings(text) == [("SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[2]")]


def test_unresolvable_libxml2_path_falls_back_to_the_line() -> None:
    root = etree.fromstring(GOOD.encode())
    assert _schema._resolve_path(root, "/*/*[99]") is None
    assert _schema._resolve_path(root, "/*/x:nothing") is None
    assert _schema._resolve_path(root, "") is None
    assert _schema._resolve_path(root, "/*/*[8]/*[3]") is root[7][2]
    assert _schema._resolve_path(root, "/*/*[1]/@foo") is root[0]
    line = root[3].sourceline
    assert _schema._element_at_line(root, line) is root[3]
    assert _schema._element_at_line(root, 10_000) is root


@pytest.mark.parametrize(
    ("uri", "valid"),
    [
        ("https://example.org/a?b=c#d", True),
        ("", True),
        ("  https://example.org/  ", True),
        ("https://example.org/a b", True),
        ("mailto:x@example.org", True),
        ("http://[2001:db8::1]/", True),
        ("http://example.org/%41", True),
        ("http://example.org/%4", False),
        ("http://example.org/#a#b", False),
        ("?q", False),
        ("x:", False),
        ("http://[::1", False),
        # RFC 2732: "[" IPv6address "]", IPv6address as in RFC 2373 (its section 2 examples)
        ("http://[FEDC:BA98:7654:3210:FEDC:BA98:7654:3210]:80/index.html", True),
        ("http://[1080::8:800:200C:417A]/foo", True),
        ("http://[::192.9.5.5]/ipng", True),
        ("http://[::FFFF:129.144.52.38]:80/index.html", True),
        ("http://[2010:836B:4179::836B:4179]", True),
        ("http://[1.2.3.4]/", False),
        ("http://[:]/", False),
        ("http://[.]/", False),
        ("http://[12345::]/", False),
        ("http://[1::2::3]/", False),
        ("http://[::1.2]/", False),
    ],
)
def test_xsd10_any_uri(uri: str, valid: bool) -> None:
    assert _schema.is_xsd10_any_uri(uri) is valid


def test_any_uri_check_is_linear_on_long_input() -> None:
    import time

    start = time.perf_counter()
    assert not _schema.is_xsd10_any_uri("http://example.org/" + "a;b:c@" * 20_000 + "#x#y")
    assert time.perf_counter() - start < 1.0


def test_layer_never_raises_on_odd_trees() -> None:
    """Odd input still gives findings, not exceptions."""
    for text in [
        f'<alert xmlns="{CAP}"/>',
        f'<alert xmlns="{CAP}"><info><web><b/></web></info><!-- c --><?pi x?></alert>',
        f'<alert xmlns="{CAP}" xmlns:xsi="{XSI}" xsi:type=":::"><identifier/></alert>',
        f'<alert xmlns="{CAP}" xmlns:xsi="{XSI}"><identifier xsi:type="nope:x"/></alert>',
    ]:
        report = validate(text.encode(), profile="schema")
        assert not report.ok
        assert all(f.rule.startswith("SCHEMA_") for f in report.findings)


def test_schema_layer_on_a_context_without_source_bytes() -> None:
    """Validating a tree that came from a model (no source bytes) still runs every check."""
    root = etree.fromstring(
        _replace("<status>Actual</status>",
                 f'<status xmlns:xsi="{XSI}" xmlns:c="{CAP}" xsi:type="c:StatusType">Actual'
                 "</status>").encode()
    )
    ctx = Context(root, None, positions=False)
    _schema.SchemaProfile().check(ctx)
    assert [(f.rule, f.xpath, f.line) for f in ctx.findings()] == [
        ("SCHEMA_XSI_IS_VALID", "/alert[1]/status[1]", None)
    ]


def test_threads_each_get_their_own_schema_and_correct_findings() -> None:
    """The compiled schema keeps its error log on the object, so each thread has its own."""
    from concurrent.futures import ThreadPoolExecutor

    bad = _replace("<status>Actual</status>", "<status>Real</status>")

    def run(i: int) -> list[tuple[str, str]]:
        return _findings(bad if i % 2 else GOOD)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, range(200)))
    for i, found in enumerate(results):
        assert found == ([("SCHEMA_VALUE_IS_VALID", "/alert[1]/status[1]")] if i % 2 else [])


_URI_PIECES = [*"aZ09:/?#[]@!$&'()*+,;=-._~%<>\"{}|\\^` \t\u00e9\u00a0", "%41", "%zz", "http://"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_URI_PIECES), max_size=16))
def test_any_uri_fast_path_only_accepts_what_the_grammar_accepts(pieces: list[str]) -> None:
    text = "".join(pieces)
    if _schema._COMMON_URI.fullmatch(text):
        assert _schema._URI_REFERENCE.fullmatch(text)


def _encoded(text: str, encoding: str) -> bytes:
    """``text`` (declared UTF-8) written in ``encoding``, its declaration saying so."""
    declared = {"utf-16-le": "UTF-16", "utf-16-be": "UTF-16", "utf-32-le": "UTF-32"}.get(
        encoding, encoding.upper()
    )
    text = text.replace('encoding="UTF-8"', f'encoding="{declared}"', 1)
    bom = "\ufeff" if encoding in ("utf-16-le", "utf-16-be", "utf-32-le") else ""
    return (bom + text).encode(encoding)


ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "iso-8859-1"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_xsi_type_checks_do_not_depend_on_the_encoding(encoding: str) -> None:
    """G3 and G4 look for xsi:type only when the source mentions it; that look must see the
    text, not the bytes: in UTF-16/32 ``xsi:type`` is not the ASCII bytes ``xsi:type``."""
    g3 = _replace("<status>Actual</status>",
                  f'<status xmlns:xsi="{XSI}" xmlns:c="{CAP}" xsi:type="c:StatusType">'
                  "Actual</status>")
    report = validate(_encoded(g3, encoding), profile="schema")
    assert [(f.rule, f.xpath, f.line, f.column) for f in report.findings] == [
        ("SCHEMA_XSI_IS_VALID", "/alert[1]/status[1]", *_position(g3, "<status"))
    ]
    g4 = _replace("<identifier>", f'<identifier xmlns:xsi="{XSI}" '
                  'xmlns:xs="http://www.w3.org/2001/XMLSchema" xsi:type=" xs:string ">')
    report = validate(_encoded(g4, encoding), profile="schema")
    assert report.ok, [(f.rule, f.xpath, f.message) for f in report.findings]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_positions_do_not_depend_on_the_encoding(encoding: str) -> None:
    text = _replace("<status>Actual</status>", "<status>Real</status>")
    text = _replace("<areaDesc>Baltimore County</areaDesc>",
                    "<areaDesc>Comt\u00e9 de Baltimore</areaDesc><altitude>x</altitude>", text)
    report = validate(_encoded(text, encoding), profile="schema")
    assert [(f.rule, f.xpath, f.line, f.column) for f in report.findings] == [
        ("SCHEMA_VALUE_IS_VALID", "/alert[1]/status[1]", *_position(text, "<status>")),
        ("SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/area[1]/altitude[1]",
         *_position(text, "<altitude>x")),
        ("SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]/area[1]/polygon[1]",
         *_position(text, "<polygon>")),
    ]


def test_xsi_namespace_spelled_with_character_references_is_still_checked() -> None:
    """A namespace name may use character references; "XMLSchema&#x2D;instance" is the XML
    Schema instance namespace, so this xsi:type names a CAP type (G3) or is trimmed (G4)."""
    xsi = XSI.replace("-", "&#x2D;")
    g3 = _replace("<status>Actual</status>",
                  f'<status xmlns:i="{xsi}" xmlns:c="{CAP}" i:type="c:StatusType">Actual</status>')
    assert _findings(g3) == [("SCHEMA_XSI_IS_VALID", "/alert[1]/status[1]")]
    g4 = _replace("<identifier>", f'<identifier xmlns:i="{xsi}" '
                  'xmlns:xs="http://www.w3.org/2001/XMLSchema" i:type=" xs:string ">')
    assert _findings(g4) == []


def test_a_language_of_one_space_in_cdata_is_still_invalid() -> None:
    text = _replace("<language>en-US</language>", "<language><![CDATA[ ]]></language>")
    assert _findings(text) == [("SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/language[1]")]


@pytest.mark.parametrize(
    "value",
    ["2024-02-30T07:08:09-04:00", "2024-05-06T07:08:09+15:00", "2024-05-06T07:08:09Z", "soon"],
)
def test_a_bad_date_time_says_what_is_expected(value: str) -> None:
    """libxml2 says only "not a valid value of the atomic type 'DateTimeType'" (a name from
    our XSD, not the standard) or quotes the regular expression."""
    text = _replace("<expires>2024-05-06T13:08:09-04:00</expires>", f"<expires>{value}</expires>")
    rule, xpath, _, _, message = _one(text)
    assert (rule, xpath) == ("SCHEMA_VALUE_IS_VALID", "/alert[1]/info[1]/expires[1]")
    assert f"'{value}'" in message
    assert "Expected: a CAP date-time" in message and "2024-05-06T07:08:09-05:00" in message


def test_many_findings_among_many_siblings_stay_linear() -> None:
    """5,000 <geocode>s each missing its <valueName> (a 170 kB message): every finding used to
    rebuild the child lists of the path libxml2 gives, and to count the siblings of each
    element for its XPath (len() of an lxml element walks its children): 11.5 s."""
    import time

    bad = "<geocode><value>1</value></geocode>" * 5000
    text = _replace("<altitude>0</altitude>", bad + "<altitude>0</altitude>")
    start = time.perf_counter()
    report = validate(text.encode(), profile="schema")
    assert time.perf_counter() - start < 1.0
    assert len(report.findings) == 5000
    assert report.findings[-1].xpath == "/alert[1]/info[1]/area[1]/geocode[5001]/value[1]"
    assert {f.rule for f in report.findings} == {"SCHEMA_ELEMENT_IS_EXPECTED"}

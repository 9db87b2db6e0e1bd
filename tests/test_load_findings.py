"""Documents refused before the layers run still get a finding that says where."""

from __future__ import annotations

import bluealert_cap as bc


def _only(report: bc.Report) -> bc.Finding:
    assert not report.ok
    assert len(report.findings) == 1
    return report.findings[0]


def test_doctype_is_located() -> None:
    data = b'<?xml version="1.0"?>\n<!-- note -->\n  <!DOCTYPE alert [<!ENTITY x "y">]>\n<alert/>'
    f = _only(bc.validate(data))
    assert (f.rule, f.line, f.column) == ("XML_HAS_NO_FORBIDDEN_CONSTRUCTS", 3, 3)


def test_other_cap_version_points_at_the_root() -> None:
    data = b'<?xml version="1.0"?>\n\n   <alert xmlns="urn:oasis:names:tc:emergency:cap:1.1"/>'
    f = _only(bc.validate(data))
    assert (f.rule, f.line, f.column) == ("CAP_VERSION_IS_1_2", 3, 4)


def test_non_cap_root_points_at_the_root() -> None:
    f = _only(bc.validate(b"<?xml version='1.0'?>\n<feed/>"))
    assert (f.rule, f.line, f.column) == ("ROOT_IS_CAP_ALERT", 2, 1)


def test_malformed_xml_is_located() -> None:
    f = _only(bc.validate(b'<alert xmlns="x">\n  <identifier>\n</alert>'))
    assert f.rule == "XML_IS_WELL_FORMED"
    assert f.line == 3


def test_bare_ampersand_is_malformed_xml_and_located() -> None:
    # "AT&T" is a well-formedness error (an unescaped &), not a forbidden entity.
    data = b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">\n<note>AT&T</note></alert>'
    f = _only(bc.validate(data))
    assert (f.rule, f.line, f.column) == ("XML_IS_WELL_FORMED", 2, 11)
    assert "&amp;" in f.message
    try:
        bc.parse(data)
    except bc.MalformedXmlError as exc:
        assert (exc.line, exc.column) == (2, 11)
    else:
        raise AssertionError("parsed")


def test_undefined_entity_is_located_once() -> None:
    data = b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">\n<note>&nbsp;</note></alert>'
    f = _only(bc.validate(data))
    assert (f.rule, f.line, f.column) == ("XML_HAS_NO_FORBIDDEN_CONSTRUCTS", 2, 13)
    assert f.message.count("line 2") == 1


NS = "urn:oasis:names:tc:emergency:cap:1.2"


def test_single_byte_document_declared_utf16_says_so() -> None:
    """libxml2 says only "Blank needed here" for a UTF-8 document declared UTF-16."""
    for declared in ("UTF-16", "utf-16le", "UTF-32", "ISO-10646-UCS-2"):
        data = f'<?xml version="1.0" encoding="{declared}"?>\n<alert xmlns="{NS}"/>'.encode()
        f = _only(bc.validate(data))
        assert f.rule == "XML_IS_WELL_FORMED" and (f.line, f.column) == (1, 1)
        assert f"encoding='{declared}'" in f.message and "byte-order mark" in f.message


def test_messages_have_no_line_breaks() -> None:
    """libxml2 ends some messages with a line break before lxml's ", line L, column C"."""
    for data in (f'<alert xmlns="{NS}">'.encode("utf-16-le"),
                 f'<alert xmlns="{NS}"><note><![CDATA[x</note></alert>'.encode()):
        f = _only(bc.validate(data))
        assert "\n" not in f.message and ", line 1, column" in f.message, f.message


def test_too_long_a_name_states_the_name_limit() -> None:
    data = f'<alert xmlns="{NS}"><{"n" * 50_001}/></alert>'.encode()
    f = _only(bc.validate(data))
    assert f.rule == "DOCUMENT_IS_WITHIN_LIMITS"
    assert "name may have at most 50000 bytes" in f.message
    try:
        bc.parse(data)
    except bc.LimitExceededError as exc:
        assert "10000000" not in str(exc)
    else:
        raise AssertionError("parsed")
    data = f'<alert xmlns="{NS}"><{"n" * 50_000}/></alert>'.encode()
    assert "DOCUMENT_IS_WITHIN_LIMITS" not in bc.validate(data).rules()

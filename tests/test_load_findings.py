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

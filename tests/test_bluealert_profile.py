"""The ``bluealert`` profile: start from a good composed message, change one thing, assert the
exact (rule, xpath) it reports."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from lxml import etree
from test_bluealert_helpers import build

from bluealert_cap import validate
from bluealert_cap._validation import CATALOGUE
from bluealert_cap._validation._registry import chain

NS = "urn:oasis:names:tc:emergency:cap:1.2"
C = "{" + NS + "}"


def _good_xml(**changes: object) -> bytes:
    return build(**changes).to_cap().to_xml()


def _mutate(fn: Callable[[etree._Element], None], **changes: object) -> bytes:
    root = etree.fromstring(_good_xml(**changes))
    fn(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _bluealert_findings(xml: bytes) -> set[tuple[str, str]]:
    return {(f.rule, f.xpath) for f in validate(xml, profile="bluealert").findings
            if f.source == "bluealert"}


def _param(root: etree._Element, name: str) -> etree._Element:
    for p in root.iter(C + "parameter"):
        if p.findtext(C + "valueName") == name:
            return p
    raise AssertionError(name)


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    assert parent is not None
    parent.remove(el)


def test_profile_is_registered_over_ipaws() -> None:
    assert [p.name for p in chain("bluealert")] == ["schema", "cap", "ipaws", "bluealert"]
    ids = {r.id for r in CATALOGUE.values() if r.profile == "bluealert"}
    assert {"EVENT_CODE_IS_BLU", "WEA_TEXT_IS_PRESENT", "INSTRUCTION_IS_GIVEN",
            "ACTIVATION_CRITERION_IS_EVIDENT"} <= ids


def test_good_message_has_no_bluealert_finding() -> None:
    assert _bluealert_findings(_good_xml()) == set()
    assert _bluealert_findings(_good_xml(spanish={})) == set()


def test_event_code_not_blu() -> None:
    def change(root: etree._Element) -> None:
        code = next(root.iter(C + "eventCode"))
        code.find(C + "value").text = "LEW"  # type: ignore[union-attr]

    assert _bluealert_findings(_mutate(change)) == {
        ("EVENT_CODE_IS_BLU", "/alert[1]/info[1]/eventCode[1]")}


def test_wea_text_missing() -> None:
    xml = _mutate(lambda r: _remove(_param(r, "CMAMtext")))
    assert _bluealert_findings(xml) == {("WEA_TEXT_IS_PRESENT", "/alert[1]/info[1]")}


def test_wea_text_not_required_when_cmas_blocked() -> None:
    def change(root: etree._Element) -> None:
        _remove(_param(root, "CMAMtext"))
        _remove(_param(root, "CMAMlongtext"))

    xml = _mutate(change, block_channels=["CMAS"])
    assert _bluealert_findings(xml) == set()


def test_long_text_missing_is_a_warning() -> None:
    xml = _mutate(lambda r: _remove(_param(r, "CMAMlongtext")))
    findings = validate(xml, profile="bluealert").findings
    got = [(f.rule, f.severity, f.xpath) for f in findings if f.source == "bluealert"]
    assert got == [("WEA_LONG_TEXT_IS_PRESENT", "warning", "/alert[1]/info[1]")]


def test_instruction_missing_or_empty() -> None:
    xml = _mutate(lambda r: _remove(next(r.iter(C + "instruction"))))
    assert _bluealert_findings(xml) == {("INSTRUCTION_IS_GIVEN", "/alert[1]/info[1]")}

    def empty(root: etree._Element) -> None:
        next(root.iter(C + "instruction")).text = "  "

    assert _bluealert_findings(_mutate(empty)) == {
        ("INSTRUCTION_IS_GIVEN", "/alert[1]/info[1]/instruction[1]")}


def _strip_criterion(root: etree._Element) -> None:
    _remove(_param(root, "bluealert:reason"))
    info = next(root.iter(C + "info"))
    for name in ("headline", "description"):
        el = info.find(C + name)
        assert el is not None
        el.text = "Blue Alert issued by the Sheriff. White Ford pickup MD 8CX1234."
    for name in ("CMAMtext", "CMAMlongtext"):
        _param(root, name).find(C + "value").text = "Blue Alert: white Ford MD 8CX1234"  # type: ignore[union-attr]


def test_activation_criterion_missing() -> None:
    xml = _mutate(_strip_criterion)
    assert _bluealert_findings(xml) == {
        ("ACTIVATION_CRITERION_IS_EVIDENT", "/alert[1]/info[1]")}


def test_activation_criterion_in_text_is_enough() -> None:
    def change(root: etree._Element) -> None:
        _strip_criterion(root)
        next(root.iter(C + "description")).text = "A deputy was shot and killed tonight."

    assert _bluealert_findings(_mutate(change)) == set()


def test_reason_value_unknown() -> None:
    def change(root: etree._Element) -> None:
        _param(root, "bluealert:reason").find(C + "value").text = "officer_sad"  # type: ignore[union-attr]

    xml = _mutate(change)
    path = "/alert[1]/info[1]/parameter[7]"
    assert _bluealert_findings(xml) == {("REASON_IS_KNOWN", path)}


def test_unknown_fact_parameter() -> None:
    def change(root: etree._Element) -> None:
        p = _param(root, "bluealert:suspects[1].sex")
        p.find(C + "valueName").text = "bluealert:suspect[1].sex"  # type: ignore[union-attr]

    findings = _bluealert_findings(_mutate(change))
    assert {r for r, _ in findings} == {"FACT_PARAMETER_IS_KNOWN"}


def test_facts_without_description() -> None:
    def change(root: etree._Element) -> None:
        for p in list(root.iter(C + "parameter")):
            name = p.findtext(C + "valueName") or ""
            if name.startswith(("bluealert:suspects", "bluealert:vehicles")):
                _remove(p)

    assert _bluealert_findings(_mutate(change)) == {
        ("DESCRIPTION_FACTS_ARE_GIVEN", "/alert[1]/info[1]")}


def test_scope_not_public() -> None:
    def change(root: etree._Element) -> None:
        scope = root.find(C + "scope")
        assert scope is not None
        scope.text = "Restricted"
        restriction = etree.Element(C + "restriction")
        restriction.text = "law enforcement only"
        scope.addnext(restriction)

    assert _bluealert_findings(_mutate(change)) == {("SCOPE_IS_PUBLIC", "/alert[1]/scope[1]")}


@pytest.mark.parametrize("doc", [b"<alert/>", b"not xml", b""])
def test_never_raises_on_odd_input(doc: bytes) -> None:
    report = validate(doc, profile="bluealert")
    assert any(f.severity == "error" for f in report.findings)


def test_odd_cap_content_does_not_raise() -> None:
    xml = (
        b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>x</identifier>'
        b"<sender>y</sender><sent>bad</sent><status>Actual</status><msgType>Alert</msgType>"
        b"<scope>Public</scope><info><category>Security</category><event/><urgency/>"
        b"<severity/><certainty/><eventCode><valueName/></eventCode><parameter><valueName>"
        b"bluealert:</valueName></parameter><parameter/></info></alert>"
    )
    rules = {f.rule for f in validate(xml, profile="bluealert").findings}
    assert {"INSTRUCTION_IS_GIVEN", "WEA_TEXT_IS_PRESENT",
            "ACTIVATION_CRITERION_IS_EVIDENT"} <= rules


def test_comment_inside_a_text_is_not_its_end() -> None:
    def change(root: etree._Element) -> None:
        instruction = next(root.iter(C + "instruction"))
        comment = etree.Comment(" reviewed ")
        comment.tail, instruction.text = instruction.text, ""
        instruction.append(comment)

    xml = _mutate(change)
    assert _bluealert_findings(xml) == set()
    assert "INSTRUCTION_IS_PRESENT" not in {
        f.rule for f in validate(xml, profile="bluealert").findings}


def _strip_spanish_criterion(root: etree._Element) -> None:
    """Make the es-US block's texts say nothing about why (no bluealert:reason is there)."""
    spanish = root.findall(C + "info")[1]
    for name in ("headline", "description"):
        el = spanish.find(C + name)
        assert el is not None
        el.text = "Alerta Azul de la Policía. Ford blanca MD 8CX1234."
    for p in spanish.findall(C + "parameter"):
        if p.findtext(C + "valueName") in ("CMAMtext", "CMAMlongtext"):
            p.find(C + "value").text = "Alerta Azul: Ford blanca MD 8CX1234"  # type: ignore[union-attr]


def test_activation_criterion_stated_in_one_info_covers_the_alert() -> None:
    # The English block carries bluealert:reason; the Spanish one describes the same event.
    xml = _mutate(_strip_spanish_criterion, spanish={})
    assert _bluealert_findings(xml) == set()


def test_activation_criterion_missing_in_every_info() -> None:
    def change(root: etree._Element) -> None:
        _strip_criterion(root)
        _strip_spanish_criterion(root)

    assert _bluealert_findings(_mutate(change, spanish={})) == {
        ("ACTIVATION_CRITERION_IS_EVIDENT", "/alert[1]/info[1]"),
        ("ACTIVATION_CRITERION_IS_EVIDENT", "/alert[1]/info[2]"),
    }


@pytest.mark.parametrize("words", [
    "Un oficial fue baleado", "Agentes heridos en un tiroteo", "Un policía fue asesinado",
    "El sospechoso amenazó con emboscar a policías", "Amenazas contra agentes",
])
def test_activation_criterion_in_spanish_text(words: str) -> None:
    def change(root: etree._Element) -> None:
        _strip_criterion(root)
        _strip_spanish_criterion(root)
        root.findall(C + "info")[1].find(C + "description").text = words  # type: ignore[union-attr]

    assert _bluealert_findings(_mutate(change, spanish={})) == set()

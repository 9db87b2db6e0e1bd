"""Composition: every example is official-XSD-valid, clean under ipaws and bluealert, and reads
back equal; the CAP values follow the reason; Update/Cancel carry references."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import xmlschema
from conftest import OFFICIAL_XSD
from test_bluealert_helpers import build, example_files, load_example

from bluealert_cap import (
    Alert,
    BlueAlert,
    Category,
    Certainty,
    MsgType,
    Reason,
    ResponseType,
    Scope,
    Severity,
    Urgency,
    parse,
    validate,
)


@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(OFFICIAL_XSD))


def _errors(xml: bytes, profile: str) -> list[tuple[str, str]]:
    return [(f.rule, f.xpath) for f in validate(xml, profile=profile).findings
            if f.severity == "error"]


def test_there_are_at_least_three_examples() -> None:
    names = {p.stem for p in example_files()}
    assert {"officer-shot-suspect-fled", "missing-officer", "imminent-threat-spanish"} <= names


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_example_composes_valid_and_reads_back(path: Path, xsd: xmlschema.XMLSchema) -> None:
    b = BlueAlert.model_validate(load_example(path))
    alert = b.to_cap()
    # built without validation: validating all of it again, and parsing, give the same value
    assert Alert.model_validate(alert.model_dump()) == alert
    xml = alert.to_xml()
    assert parse(xml) == alert
    xsd.validate(xml.decode("utf-8"))
    assert _errors(xml, "ipaws") == []
    assert _errors(xml, "bluealert") == []
    assert BlueAlert.from_cap(parse(xml)) == b
    pretty = b.to_cap().to_xml(pretty=True)
    assert BlueAlert.from_cap(parse(pretty)) == b


def test_composition_is_deterministic() -> None:
    b = build()
    assert b.to_cap().to_xml() == build().to_cap().to_xml()


def test_ipaws_elements() -> None:
    a = build().to_cap()
    assert a.codes == ("IPAWSv1.0",)
    assert a.scope is Scope.PUBLIC
    assert a.sender == "blue@sheriff.example.gov"
    (info,) = a.infos
    assert info.event == "Blue Alert"
    assert info.event_code_values("SAME") == ["BLU"]
    assert info.parameter("EAS-ORG") == "CIV"
    assert info.categories == (Category.SECURITY,)
    assert info.parameter("WEAHandling") == "Imminent Threat"
    assert info.parameter("timezone") == "EST"
    assert info.instruction is not None and info.instruction.startswith(
        "Do not approach. Call 911."
    )
    assert info.areas[0].geocode_values("SAME") == ["024013"]
    assert info.sender_name == "Test County Sheriff"
    assert info.contact == "555-0100"
    assert info.web == "https://sheriff.example.gov/blue"


@pytest.mark.parametrize(
    ("reason", "urgency", "severity", "certainty", "responses"),
    [
        ("officer_killed", Urgency.IMMEDIATE, Severity.SEVERE, Certainty.OBSERVED,
         (ResponseType.AVOID, ResponseType.MONITOR)),
        ("officer_seriously_injured", Urgency.IMMEDIATE, Severity.SEVERE, Certainty.OBSERVED,
         (ResponseType.AVOID, ResponseType.MONITOR)),
        ("officer_missing", Urgency.IMMEDIATE, Severity.SEVERE, Certainty.OBSERVED,
         (ResponseType.MONITOR,)),
        ("imminent_threat", Urgency.IMMEDIATE, Severity.SEVERE, Certainty.LIKELY,
         (ResponseType.AVOID, ResponseType.MONITOR)),
    ],
)
def test_cap_values_follow_the_reason(
    reason: str, urgency: Urgency, severity: Severity, certainty: Certainty,
    responses: tuple[ResponseType, ...],
) -> None:
    info = build(reason=reason).to_cap().infos[0]
    assert (info.urgency, info.severity, info.certainty) == (urgency, severity, certainty)
    assert info.response_types == responses


def test_cancel_is_all_clear_and_references_the_alert() -> None:
    b = build()
    cancel = b.cancel(identifier="TEST-BLU-0009", sent=b.sent + timedelta(hours=1))
    a = cancel.to_cap()
    assert a.msg_type is MsgType.CANCEL
    assert a.references == (b.reference,)
    info = a.infos[0]
    assert (info.urgency, info.severity, info.certainty) == (
        Urgency.PAST, Severity.MINOR, Certainty.OBSERVED)
    assert info.response_types == (ResponseType.ALL_CLEAR,)
    assert info.parameter("WEAHandling") == "Public Safety"
    assert "Suspect in custody" in (info.parameter("CMAMtext") or "")
    xml = a.to_xml()
    assert _errors(xml, "bluealert") == []
    assert BlueAlert.from_cap(parse(xml)) == cancel


def test_update_references_and_reads_back() -> None:
    b = build()
    upd = b.update(identifier="TEST-BLU-0002", sent=b.sent + timedelta(minutes=30),
                   last_known={"location": "I-795 exit 9", "direction": "north"})
    a = upd.to_cap()
    assert a.msg_type is MsgType.UPDATE
    assert [str(r) for r in a.references or ()] == [str(b.reference)]
    assert (a.infos[0].parameter("CMAMtext") or "").startswith("Update: Blue Alert:")
    xml = a.to_xml()
    assert _errors(xml, "bluealert") == []
    assert BlueAlert.from_cap(parse(xml)) == upd


def test_spanish_block() -> None:
    b = build(spanish={"incident_summary": "Un agente recibió un disparo"})
    a = b.to_cap()
    en, es = a.infos
    assert (en.language, es.language) == ("en-US", "es-US")
    assert es.event == "Alerta Azul"
    assert es.instruction is not None and es.instruction.startswith(
        "No se acerque. Llame al 911.")
    assert es.description is not None and "Un agente recibió un disparo" in es.description
    assert es.categories == en.categories and es.event_codes == en.event_codes
    assert (es.parameter("CMAMtext") or "").startswith("Alerta Azul:")
    assert es.parameter("bluealert:spanish.incident_summary") == "Un agente recibió un disparo"
    assert BlueAlert.from_cap(parse(a.to_xml())) == b


def test_block_channels_written() -> None:
    info = build(block_channels=["NWEM", "CAPEXCH"]).to_cap().infos[0]
    assert info.parameter_values("BLOCKCHANNEL") == ["NWEM", "CAPEXCH"]


def test_officer_name_only_when_set() -> None:
    base = dict(reason="officer_missing", suspects=[], vehicles=[])
    anonymous = build(**base, officer={"sex": "female", "age": 34}).to_cap().to_xml()
    assert b"officer.name" not in anonymous
    named = build(**base, officer={"name": "Trooper Jane Roe", "sex": "female"})
    xml = named.to_cap().to_xml()
    assert b"Trooper Jane Roe" in xml
    assert BlueAlert.from_cap(parse(xml)) == named


def test_photo_becomes_resource() -> None:
    b = build(suspects=[{"sex": "male", "photo": {"uri": "https://x.example/s.jpg"}}])
    (res,) = b.to_cap().infos[0].resources
    assert (res.mime_type, res.uri) == ("image/jpeg", "https://x.example/s.jpg")


def test_facts_parameters_follow_the_scheme() -> None:
    info = build().to_cap().infos[0]
    assert info.parameter("bluealert:version") == "1"
    assert info.parameter("bluealert:reason") == Reason.OFFICER_KILLED.value
    assert info.parameter("bluealert:suspects[1].sex") == "male"
    assert info.parameter("bluealert:suspects[1].age") == "30-35"
    assert info.parameter("bluealert:suspects[1].armed") == "true"
    assert info.parameter("bluealert:vehicles[1].plate") == "8CX1234"
    assert info.parameter("bluealert:incident.time") == "2026-11-24T01:40:00-05:00"

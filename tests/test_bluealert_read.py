"""Reading Blue Alerts back: third-party messages give what they carry, never an exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, cap12_corpus_files
from test_bluealert_helpers import build

from bluealert_cap import (
    BlueAlert,
    Channel,
    InvalidContentError,
    MsgType,
    Reason,
    WeaHandling,
    parse,
)

THIRD_PARTY = """<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>OTHER-AGENCY-77</identifier>
  <sender>cog-12345@other.example</sender>
  <sent>2026-03-02T21:15:00-06:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <code>IPAWSv1.0</code>
  <info>
    <category>Safety</category>
    <event>BLUE ALERT</event>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Observed</certainty>
    <eventCode><valueName>SAME</valueName><value>BLU</value></eventCode>
    <expires>2026-03-03T03:15:00-06:00</expires>
    <senderName>12345,Other County Sheriff,</senderName>
    <description>Deputy shot near Elm St. Suspect fled in a blue Honda Civic,
      plate XYZ 123.</description>
    <instruction>Call 911.</instruction>
    <parameter><valueName>EAS-ORG</valueName><value>CIV</value></parameter>
    <parameter><valueName>WEAHandling</valueName><value>Public Safety</value></parameter>
    <parameter><valueName>BLOCKCHANNEL</valueName><value>EAS</value></parameter>
    <parameter><valueName>BLOCKCHANNEL</valueName><value>NOT-A-CHANNEL</value></parameter>
    <parameter><valueName>CMAMtext</valueName>
      <value>Blue Alert: blue Honda Civic XYZ 123</value></parameter>
    PARAMS
    <area>
      <areaDesc>Other County, KS</areaDesc>
      <polygon>38.1,-97.1 38.1,-96.9 37.9,-96.9 37.9,-97.1 38.1,-97.1</polygon>
      <polygon>1,1 2,2</polygon>
      <geocode><valueName>SAME</valueName><value>020155</value></geocode>
      <geocode><valueName>SAME</valueName><value>020155</value></geocode>
    </area>
  </info>
</alert>
"""


def _third(params: str = "") -> bytes:
    return THIRD_PARTY.replace("PARAMS", params).encode("utf-8")


def test_third_party_blue_alert_gives_what_it_carries() -> None:
    b = BlueAlert.from_cap(parse(_third()))
    assert b.identifier == "OTHER-AGENCY-77"
    assert b.agency.sender_id == "cog-12345@other.example"
    assert b.agency.name == "12345,Other County Sheriff,"
    assert b.agency.contact_phone is None and b.agency.web is None
    assert b.wea_handling is WeaHandling.PUBLIC_SAFETY
    assert b.block_channels == (Channel.EAS,)  # the unknown channel is left out
    assert b.expires is not None and b.expires.isoformat() == "2026-03-03T03:15:00-06:00"
    (area,) = b.areas
    assert area.description == "Other County, KS"
    assert area.same_codes == ("020155",)  # repeated code once
    assert len(area.polygons) == 1  # the defective polygon is left out
    assert b.additional_info == (
        "Deputy shot near Elm St. Suspect fled in a blue Honda Civic, plate XYZ 123."
    )
    # what the message does not carry stays empty
    assert b.reason is None and b.suspects == () and b.vehicles == ()
    assert b.officer is None and b.last_known is None and b.spanish is None


def test_third_party_structured_facts_are_read_and_bad_ones_dropped() -> None:
    params = """
    <parameter><valueName>bluealert:reason</valueName><value>officer_killed</value></parameter>
    <parameter><valueName>bluealert:suspects[1].sex</valueName><value>male</value></parameter>
    <parameter><valueName>bluealert:suspects[1].age</valueName><value>old</value></parameter>
    <parameter><valueName>bluealert:suspects[2].age</valueName><value>n/a</value></parameter>
    <parameter><valueName>bluealert:vehicles[1].plate</valueName><value>XYZ 123</value></parameter>
    <parameter><valueName>bluealert:vehicles[1].year</valueName><value>soon</value></parameter>
    <parameter><valueName>bluealert:colour</valueName><value>blue</value></parameter>
    <parameter><valueName>bluealert:vehicles[x].make</valueName><value>Honda</value></parameter>
    <parameter><valueName>bluealert:incident.time</valueName><value>yesterday</value></parameter>
    """
    b = BlueAlert.from_cap(parse(_third(params)))
    assert b.reason is Reason.OFFICER_KILLED
    assert len(b.suspects) == 1 and b.suspects[0].sex is not None
    assert b.suspects[0].age is None
    assert b.vehicles[0].plate == "XYZ 123" and b.vehicles[0].year is None
    assert b.incident.time is None
    assert b.additional_info is None  # structured facts present: description is generated


def test_non_blue_alert_is_refused() -> None:
    path = next(p for p in sorted((CORPUS / "nws").glob("*.xml")))
    alert = parse(path)
    with pytest.raises(InvalidContentError) as info:
        BlueAlert.from_cap(alert)
    assert "BLU" in str(info.value)


def test_cancel_without_info_reads_as_empty_cancel() -> None:
    b = build()
    xml = (
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>C-2</identifier>'
        "<sender>blue@sheriff.example.gov</sender><sent>2026-11-24T05:00:00-05:00</sent>"
        "<status>Actual</status><msgType>Cancel</msgType><scope>Public</scope>"
        f"<code>IPAWSv1.0</code><references>{b.reference}</references></alert>"
    )
    c = BlueAlert.from_cap(parse(xml))
    assert c.msg_type is MsgType.CANCEL
    assert c.references == (b.reference,)
    assert c.areas == () and c.reason is None


@pytest.mark.parametrize("path", cap12_corpus_files(), ids=lambda p: p.name)
def test_reading_any_corpus_message_never_crashes(path: Path) -> None:
    try:
        alert = parse(path)
    except InvalidContentError:
        return
    except Exception as exc:
        if type(exc).__module__.startswith("bluealert_cap"):
            return
        raise
    try:
        BlueAlert.from_cap(alert)
    except InvalidContentError as exc:
        assert "BLU" in str(exc)

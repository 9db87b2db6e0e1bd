"""The ``cap`` layer, google/cap-library style: a good CAP 1.2 message, one change, the exact
set of (rule, xpath) the layer reports.

The good message below uses most of CAP 1.2 (incidents, two resources, one with an embedded
``derefUri`` and its SHA-1 digest, a polygon, a circle, a geocode, altitude and ceiling) and
gives no finding at all. Each case changes one thing and lists every finding the ``cap`` layer
must report; "negative" cases change something in a way the rules allow and expect nothing.
"""

from __future__ import annotations

import base64
import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from one_change import DSIG, NS, A, C, I, Mutator, both, remove, text
from one_change import find as _find

from bluealert_cap import validate
from bluealert_cap._validation import CATALOGUE, profile_names

ENVELOPED = DSIG + "enveloped-signature"

AUDIO = b"Hello, CAP! " * 5
AUDIO_B64 = base64.b64encode(AUDIO).decode("ascii")
AUDIO_SHA1 = hashlib.sha1(AUDIO).hexdigest()

GOOD = f"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>KSTO1055887203</identifier>
  <sender>KSTO@NWS.NOAA.GOV</sender>
  <sent>2003-06-17T14:57:00-07:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <code>IPAWSv1.0</code>
  <incidents>"Tuolumne Fire" Flood-12</incidents>
  <info>
    <language>en-US</language>
    <category>Met</category>
    <event>Severe Thunderstorm</event>
    <responseType>Shelter</responseType>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Observed</certainty>
    <eventCode><valueName>SAME</valueName><value>SVR</value></eventCode>
    <effective>2003-06-17T14:57:00-07:00</effective>
    <onset>2003-06-17T15:00:00-07:00</onset>
    <expires>2003-06-17T16:00:00-07:00</expires>
    <senderName>National Weather Service, Sacramento CA</senderName>
    <headline>SEVERE THUNDERSTORM WARNING</headline>
    <description>At 2:57 PM PDT a severe thunderstorm was observed &amp; moving east.</description>
    <instruction>Take shelter in a sturdy building &lt;now&gt;.</instruction>
    <web>http://www.wrh.noaa.gov/sto/</web>
    <contact>BARUFFALDI/JUSKIE</contact>
    <parameter><valueName>EAS-ORG</valueName><value>WXR</value></parameter>
    <parameter><valueName>CMAMtext</valueName><value>Take shelter now</value></parameter>
    <resource>
      <resourceDesc>map</resourceDesc>
      <mimeType>image/png</mimeType>
      <size>2048</size>
      <uri>https://www.example.gov/map.png</uri>
    </resource>
    <resource>
      <resourceDesc>EAS Broadcast Content</resourceDesc>
      <mimeType>audio/mpeg; rate=44100</mimeType>
      <size>{len(AUDIO)}</size>
      <derefUri>{AUDIO_B64[:40]}
{AUDIO_B64[40:]}</derefUri>
      <digest>{AUDIO_SHA1}</digest>
    </resource>
    <area>
      <areaDesc>EXTREME NORTH CENTRAL TUOLUMNE COUNTY</areaDesc>
      <polygon>38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14</polygon>
      <circle>38.5,-120.0 10</circle>
      <geocode><valueName>SAME</valueName><value>006109</value></geocode>
      <altitude>100</altitude>
      <ceiling>2000.5</ceiling>
    </area>
  </info>
</alert>
"""

R1 = I + "/resource[1]"
R2 = I + "/resource[2]"
AR = I + "/area[1]"
SELF_REF = "KSTO@NWS.NOAA.GOV,KSTO1055887203,2003-06-17T14:57:00-07:00"
OTHER_REF = "KSTO@NWS.NOAA.GOV,KSTO1055887100,2003-06-17T13:57:00-07:00"


# Order of <alert> and <info> children in the schema, to insert new elements where they belong.
ALERT_ORDER = ["identifier", "sender", "sent", "status", "msgType", "source", "scope",
               "restriction", "addresses", "code", "note", "references", "incidents", "info"]
RESOURCE_ORDER = ["resourceDesc", "mimeType", "size", "uri", "derefUri", "digest"]
AREA_ORDER = ["areaDesc", "polygon", "circle", "geocode", "altitude", "ceiling"]


# -- tree helpers ---------------------------------------------------------------------------------
def insert(parent_path: str, name: str, value: str, order: list[str]) -> Mutator:
    """Insert ``<name>value</name>`` into the element at ``parent_path`` in schema order."""

    def mutate(root: etree._Element) -> None:
        parent = root if parent_path == "" else _find(root, parent_path)
        new = etree.Element(C + name)
        new.text = value
        rank = order.index(name)
        for i, child in enumerate(parent):
            local = etree.QName(child).localname
            if local in order and order.index(local) > rank:
                parent.insert(i, new)
                return
        parent.append(new)

    return mutate


def alert_el(name: str, value: str) -> Mutator:
    return insert("", name, value, ALERT_ORDER)


def signature(*, uri: str | None = "", transform: str | None = ENVELOPED,
              signed_info: bool = True, name: str = "Signature") -> Mutator:
    """Append an XML-Signature element (structure only) to ``<alert>``."""

    def mutate(root: etree._Element) -> None:
        sig = etree.SubElement(root, f"{{{DSIG}}}{name}")
        if name != "Signature" or not signed_info:
            return
        si = etree.SubElement(sig, f"{{{DSIG}}}SignedInfo")
        etree.SubElement(si, f"{{{DSIG}}}CanonicalizationMethod",
                         Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#")
        etree.SubElement(si, f"{{{DSIG}}}SignatureMethod",
                         Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
        ref = etree.SubElement(si, f"{{{DSIG}}}Reference")
        if uri is not None:
            ref.set("URI", uri)
        if transform is not None:
            transforms = etree.SubElement(ref, f"{{{DSIG}}}Transforms")
            etree.SubElement(transforms, f"{{{DSIG}}}Transform", Algorithm=transform)
        etree.SubElement(ref, f"{{{DSIG}}}DigestMethod",
                         Algorithm="http://www.w3.org/2001/04/xmlenc#sha256")
        etree.SubElement(ref, f"{{{DSIG}}}DigestValue").text = "AAAA"
        etree.SubElement(sig, f"{{{DSIG}}}SignatureValue").text = "AAAA"

    return mutate


def mutated(mutator: Mutator) -> bytes:
    root = etree.fromstring(GOOD.encode("utf-8"))
    mutator(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def cap_findings(data: bytes) -> set[tuple[str, str]]:
    return {(f.rule, f.xpath) for f in validate(data, profile="cap") if f.source == "cap"}


# -- the good message ---------------------------------------------------------------------------
def test_good_message_has_no_finding_at_all() -> None:
    report = validate(GOOD.encode("utf-8"), profile="cap")
    assert report.findings == []
    assert report.ok


def test_cap_profile_runs_after_schema() -> None:
    assert "cap" in profile_names()
    report = validate(mutated(text("identifier", "A B")), profile="schema")
    assert [f for f in report if f.source == "cap"] == []


# -- one change, exact findings -------------------------------------------------------------------
CASES: list[tuple[str, Mutator, set[tuple[str, str]]]] = [
    # identifier / sender
    ("identifier empty", text("identifier", ""),
     {("IDENTIFIER_IS_NOT_EMPTY", A + "/identifier[1]")}),
    ("identifier blank", text("identifier", "   "),
     {("IDENTIFIER_IS_NOT_EMPTY", A + "/identifier[1]")}),
    ("identifier space", text("identifier", "KSTO 1"),
     {("IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS", A + "/identifier[1]")}),
    ("identifier comma", text("identifier", "KSTO,1"),
     {("IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS", A + "/identifier[1]")}),
    ("identifier lt", text("identifier", "KSTO<1"),
     {("IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS", A + "/identifier[1]")}),
    ("identifier amp", text("identifier", "KSTO&1"),
     {("IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS", A + "/identifier[1]")}),
    ("identifier tab", text("identifier", "KSTO\t1"),
     {("IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS", A + "/identifier[1]")}),
    ("identifier nbsp", text("identifier", "KSTO\u00a01"),
     {("IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS", A + "/identifier[1]")}),
    ("identifier urn ok", text("identifier", "urn:oid:2.49.0.1.840.0.abc-123_4.1"), set()),
    ("sender empty", text("sender", ""), {("SENDER_IS_NOT_EMPTY", A + "/sender[1]")}),
    ("sender space", text("sender", "w-nws webmaster@noaa.gov"),
     {("SENDER_HAS_NO_FORBIDDEN_CHARACTERS", A + "/sender[1]")}),
    ("sender amp", text("sender", "a&b@example.gov"),
     {("SENDER_HAS_NO_FORBIDDEN_CHARACTERS", A + "/sender[1]")}),
    # UTC written +00:00
    ("sent +00:00", text("sent", "2003-06-17T21:57:00+00:00"),
     {("UTC_IS_WRITTEN_MINUS_00_00", A + "/sent[1]")}),
    ("expires +00:00", text("info/expires", "2003-06-17T23:00:00+00:00"),
     {("UTC_IS_WRITTEN_MINUS_00_00", I + "/expires[1]")}),
    ("effective +00:00", text("info/effective", "2003-06-17T21:57:00+00:00"),
     {("UTC_IS_WRITTEN_MINUS_00_00", I + "/effective[1]")}),
    ("onset +00:00", text("info/onset", "2003-06-17T22:00:00+00:00"),
     {("UTC_IS_WRITTEN_MINUS_00_00", I + "/onset[1]")}),
    ("sent -00:00 ok", text("sent", "2003-06-17T21:57:00-00:00"), set()),
    ("sent +01:00 ok", text("sent", "2003-06-17T22:57:00+01:00"), set()),
    # status and note
    ("status Test", text("status", "Test"), {("STATUS_IS_NOT_TEST_OR_EXERCISE", A + "/status[1]")}),
    ("status Exercise without note", text("status", "Exercise"),
     {("STATUS_IS_NOT_TEST_OR_EXERCISE", A + "/status[1]"), ("EXERCISE_HAS_NOTE", A)}),
    ("status Exercise with empty note", both(text("status", "Exercise"), alert_el("note", " ")),
     {("STATUS_IS_NOT_TEST_OR_EXERCISE", A + "/status[1]"),
      ("EXERCISE_HAS_NOTE", A + "/note[1]")}),
    ("status Exercise with note", both(text("status", "Exercise"), alert_el("note", "EX-7")),
     {("STATUS_IS_NOT_TEST_OR_EXERCISE", A + "/status[1]")}),
    ("status System ok", text("status", "System"), set()),
    ("status Draft ok", text("status", "Draft"), set()),
    ("msgType Error without note",
     both(text("msgType", "Error"), alert_el("references", OTHER_REF)),
     {("ERROR_MESSAGE_HAS_NOTE", A)}),
    ("msgType Error with note",
     both(text("msgType", "Error"), alert_el("note", "bad polygon"),
          alert_el("references", OTHER_REF)),
     set()),
    # references needed by msgType
    ("Update without references", text("msgType", "Update"),
     {("REFERENCES_IS_GIVEN_FOR_UPDATE_OR_CANCEL", A)}),
    ("Cancel with empty references", both(text("msgType", "Cancel"), alert_el("references", "")),
     {("REFERENCES_IS_GIVEN_FOR_UPDATE_OR_CANCEL", A + "/references[1]")}),
    ("Ack without references", text("msgType", "Ack"),
     {("REFERENCES_IS_GIVEN_FOR_ACK_OR_ERROR", A)}),
    ("Error without references or note", text("msgType", "Error"),
     {("REFERENCES_IS_GIVEN_FOR_ACK_OR_ERROR", A), ("ERROR_MESSAGE_HAS_NOTE", A)}),
    ("Update with references", both(text("msgType", "Update"), alert_el("references", OTHER_REF)),
     set()),
    ("Alert with references ok", alert_el("references", OTHER_REF), set()),
    # info presence
    ("Alert without info", remove("info"), {("ALERT_MSGTYPE_HAS_INFO", A)}),
    ("Cancel without info ok",
     both(text("msgType", "Cancel"), alert_el("references", OTHER_REF), remove("info")), set()),
    # scope, restriction, addresses
    ("Restricted without restriction", text("scope", "Restricted"),
     {("RESTRICTED_SCOPE_HAS_RESTRICTION", A)}),
    ("Restricted with empty restriction",
     both(text("scope", "Restricted"), alert_el("restriction", "")),
     {("RESTRICTED_SCOPE_HAS_RESTRICTION", A + "/restriction[1]")}),
    ("Restricted with restriction",
     both(text("scope", "Restricted"), alert_el("restriction", "Law enforcement only")), set()),
    ("restriction with Public", alert_el("restriction", "Law enforcement only"),
     {("RESTRICTION_IS_ONLY_FOR_RESTRICTED_SCOPE", A + "/restriction[1]")}),
    ("empty restriction with Public ok", alert_el("restriction", ""), set()),
    ("Private without addresses", text("scope", "Private"), {("PRIVATE_SCOPE_HAS_ADDRESSES", A)}),
    ("Private with empty addresses", both(text("scope", "Private"), alert_el("addresses", " ")),
     {("PRIVATE_SCOPE_HAS_ADDRESSES", A + "/addresses[1]")}),
    ("Private with addresses",
     both(text("scope", "Private"), alert_el("addresses", 'ops@example.gov "Dispatch Desk" 42')),
     set()),
    ("addresses unbalanced quote",
     both(text("scope", "Private"), alert_el("addresses", 'ops@example.gov "Dispatch Desk')),
     {("ADDRESSES_QUOTES_ARE_BALANCED", A + "/addresses[1]")}),
    ("addresses empty quoted address",
     both(text("scope", "Private"), alert_el("addresses", 'ops@example.gov "" 42')),
     {("ADDRESSES_HAS_NO_EMPTY_ADDRESS", A + "/addresses[1]")}),
    ("incidents unbalanced quote", text("incidents", '"Tuolumne Fire Flood-12'),
     {("INCIDENTS_QUOTES_ARE_BALANCED", A + "/incidents[1]")}),
    # references format
    ("reference with two parts",
     both(text("msgType", "Update"), alert_el("references", "KSTO@NWS.NOAA.GOV,KSTO1")),
     {("REFERENCE_IS_SENDER_IDENTIFIER_SENT", A + "/references[1]")}),
    ("reference with four parts",
     both(text("msgType", "Update"), alert_el("references", OTHER_REF + ",x")),
     {("REFERENCE_IS_SENDER_IDENTIFIER_SENT", A + "/references[1]")}),
    ("reference with empty sender",
     both(text("msgType", "Update"), alert_el("references", "," + OTHER_REF.split(",", 1)[1])),
     {("REFERENCE_IS_SENDER_IDENTIFIER_SENT", A + "/references[1]")}),
    ("reference with date only",
     both(text("msgType", "Update"), alert_el("references", "KSTO@NWS.NOAA.GOV,K1,2003-06-17")),
     {("REFERENCE_SENT_IS_VALID_DATE_TIME", A + "/references[1]")}),
    ("reference with Z time",
     both(text("msgType", "Update"),
          alert_el("references", "KSTO@NWS.NOAA.GOV,K1,2003-06-17T14:57:00Z")),
     {("REFERENCE_SENT_IS_VALID_DATE_TIME", A + "/references[1]")}),
    ("reference with impossible date",
     both(text("msgType", "Update"),
          alert_el("references", "KSTO@NWS.NOAA.GOV,K1,2003-13-17T14:57:00-07:00")),
     {("REFERENCE_SENT_IS_VALID_DATE_TIME", A + "/references[1]")}),
    ("second reference bad",
     both(text("msgType", "Update"), alert_el("references", OTHER_REF + "\n  x,y")),
     {("REFERENCE_IS_SENDER_IDENTIFIER_SENT", A + "/references[1]")}),
    ("reference with an offset beyond 14:00",
     both(text("msgType", "Update"),
          alert_el("references", "KSTO@NWS.NOAA.GOV,K1,2003-06-17T13:57:00+15:00")),
     {("REFERENCE_SENT_IS_VALID_DATE_TIME", A + "/references[1]")}),
    ("reference with offset minutes beyond 59",
     both(text("msgType", "Update"),
          alert_el("references", "KSTO@NWS.NOAA.GOV,K1,2003-06-17T13:57:00+12:75")),
     {("REFERENCE_SENT_IS_VALID_DATE_TIME", A + "/references[1]")}),
    ("reference sent at 24:00:00 ok (XSD 1.0 end of day)",
     both(text("msgType", "Update"),
          alert_el("references", "KSTO@NWS.NOAA.GOV,K1,2003-06-16T24:00:00-07:00")),
     set()),
    ("reference sent at 24:00:01",
     both(text("msgType", "Update"),
          alert_el("references", "KSTO@NWS.NOAA.GOV,K1,2003-06-16T24:00:01-07:00")),
     {("REFERENCE_SENT_IS_VALID_DATE_TIME", A + "/references[1]")}),
    ("reference to a later message",
     both(text("msgType", "Update"),
          alert_el("references", "KSTO@NWS.NOAA.GOV,K9,2003-06-17T22:00:00-00:00")),
     {("REFERENCE_IS_TO_AN_EARLIER_MESSAGE", A + "/references[1]")}),
    ("reference sent at the same time ok",
     both(text("msgType", "Update"),
          alert_el("references", "KSTO@NWS.NOAA.GOV,K9,2003-06-17T21:57:00-00:00")),
     set()),
    ("reference to itself with a later time",
     both(text("msgType", "Update"),
          alert_el("references", "KSTO@NWS.NOAA.GOV,KSTO1055887203,2003-06-17T14:57:30-07:00")),
     {("REFERENCE_IS_NOT_TO_THIS_MESSAGE", A + "/references[1]")}),
    ("reference to itself",
     both(text("msgType", "Update"), alert_el("references", OTHER_REF + " " + SELF_REF)),
     {("REFERENCE_IS_NOT_TO_THIS_MESSAGE", A + "/references[1]")}),
    # signatures
    ("enveloped signature ok", signature(), set()),
    ("signature Reference without URI ok", signature(uri=None), set()),
    ("signature of another URI", signature(uri="#part"),
     {("SIGNATURE_IS_ENVELOPED", A + "/Signature[1]")}),
    ("signature without enveloped transform",
     signature(transform="http://www.w3.org/2001/10/xml-exc-c14n#"),
     {("SIGNATURE_IS_ENVELOPED", A + "/Signature[1]")}),
    ("signature without SignedInfo", signature(signed_info=False),
     {("SIGNATURE_IS_ENVELOPED", A + "/Signature[1]")}),
    ("other xmldsig element", signature(name="Object"),
     {("SIGNATURE_IS_ENVELOPED", A + "/Object[1]")}),
    # text
    ("HTML in description", text("info/description", "Take <b>shelter</b> now"),
     {("TEXT_HAS_NO_HTML_MARKUP", I + "/description[1]")}),
    ("HTML br in instruction", text("info/instruction", "Line one<br/>Line two"),
     {("TEXT_HAS_NO_HTML_MARKUP", I + "/instruction[1]")}),
    ("HTML in areaDesc", text("info/area/areaDesc", "<p>Tuolumne</p>"),
     {("TEXT_HAS_NO_HTML_MARKUP", AR + "/areaDesc[1]")}),
    ("HTML in note", alert_el("note", "see <a href='x'>here</a>"),
     {("TEXT_HAS_NO_HTML_MARKUP", A + "/note[1]")}),
    ("comparison signs ok", text("info/description", "winds < 50 mph and gusts > 60 mph"), set()),
    ("placeholder-like text ok", text("info/description", "<COUNTY> residents"), set()),
    ("entity in headline", text("info/headline", "Flood&nbsp;warning"),
     {("TEXT_HAS_NO_CHARACTER_ENTITY_REFERENCES", I + "/headline[1]")}),
    ("numeric entity in event", text("info/event", "Storm&#160;Warning"),
     {("TEXT_HAS_NO_CHARACTER_ENTITY_REFERENCES", I + "/event[1]")}),
    ("entity in resourceDesc", text("info/resource/resourceDesc", "map &amp; legend"),
     {("TEXT_HAS_NO_CHARACTER_ENTITY_REFERENCES", R1 + "/resourceDesc[1]")}),
    ("ampersand ok", text("info/headline", "Wind & Rain; flooding"), set()),
    # language
    ("language singleton", text("info/language", "en-a"),
     {("LANGUAGE_IS_WELL_FORMED", I + "/language[1]")}),
    ("language one-letter primary", text("info/language", "e-US"),
     {("LANGUAGE_IS_WELL_FORMED", I + "/language[1]")}),
    ("language empty private use", text("info/language", "en-US-x"),
     {("LANGUAGE_IS_WELL_FORMED", I + "/language[1]")}),
    ("language two regions", text("info/language", "en-US-CA"),
     {("LANGUAGE_IS_WELL_FORMED", I + "/language[1]")}),
    ("language es-419 ok", text("info/language", "es-419"), set()),
    ("language script ok", text("info/language", "zh-Hant-TW"), set()),
    ("language lower case ok", text("info/language", "zh-tw"), set()),
    ("language variant ok", text("info/language", "de-CH-1996"), set()),
    ("language private use ok", text("info/language", "x-klingon"), set()),
    ("language grandfathered ok", text("info/language", "i-klingon"), set()),
    ("language empty means en-US", text("info/language", ""), set()),
    # time order
    ("expires before sent", both(remove("info/effective", "info/onset"),
                                 text("info/expires", "2003-06-17T14:00:00-07:00")),
     {("EXPIRES_IS_NOT_BEFORE_SENT", I + "/expires[1]")}),
    ("expires before sent in another offset",
     both(remove("info/effective", "info/onset"),
          text("info/expires", "2003-06-17T21:56:59-00:00")),
     {("EXPIRES_IS_NOT_BEFORE_SENT", I + "/expires[1]")}),
    ("expires before effective", text("info/effective", "2003-06-17T16:30:00-07:00"),
     {("EXPIRES_IS_NOT_BEFORE_EFFECTIVE", I + "/expires[1]")}),
    ("expires before onset", text("info/onset", "2003-06-17T16:30:00-07:00"),
     {("EXPIRES_IS_NOT_BEFORE_ONSET", I + "/expires[1]")}),
    ("expires before all three", text("info/expires", "2003-06-17T14:00:00-07:00"),
     {("EXPIRES_IS_NOT_BEFORE_SENT", I + "/expires[1]"),
      ("EXPIRES_IS_NOT_BEFORE_EFFECTIVE", I + "/expires[1]"),
      ("EXPIRES_IS_NOT_BEFORE_ONSET", I + "/expires[1]")}),
    ("expires at 24:00:00 of the day before",
     text("info/expires", "2003-06-16T24:00:00-07:00"),
     {("EXPIRES_IS_NOT_BEFORE_SENT", I + "/expires[1]"),
      ("EXPIRES_IS_NOT_BEFORE_EFFECTIVE", I + "/expires[1]"),
      ("EXPIRES_IS_NOT_BEFORE_ONSET", I + "/expires[1]")}),
    ("sent at 24:00:00, after the expiry",
     both(remove("info/effective", "info/onset"), text("sent", "2003-06-17T24:00:00-07:00")),
     {("EXPIRES_IS_NOT_BEFORE_SENT", I + "/expires[1]")}),
    ("expires at 24:00:00 in +00:00",
     text("info/expires", "2003-06-17T24:00:00+00:00"),
     {("UTC_IS_WRITTEN_MINUS_00_00", I + "/expires[1]")}),
    ("expires equal to sent ok",
     both(remove("info/onset"), text("info/expires", "2003-06-17T21:57:00-00:00")), set()),
    # responseType, headline, web
    ("Assess in public alert", text("info/responseType", "Assess"),
     {("ASSESS_IS_NOT_USED_IN_PUBLIC_ALERTS", I + "/responseType[1]")}),
    ("Assess in restricted alert ok",
     both(text("info/responseType", "Assess"), text("scope", "Restricted"),
          alert_el("restriction", "EOC staff")), set()),
    ("headline of 161 characters", text("info/headline", "H" * 161),
     {("HEADLINE_IS_AT_MOST_160_CHARACTERS", I + "/headline[1]")}),
    ("headline of 160 characters ok", text("info/headline", "H" * 160), set()),
    ("web without scheme", text("info/web", "www.wrh.noaa.gov/sto/"),
     {("WEB_IS_ABSOLUTE_URI", I + "/web[1]")}),
    ("web relative path", text("info/web", "/sto/alerts.html"),
     {("WEB_IS_ABSOLUTE_URI", I + "/web[1]")}),
    ("web empty ok", text("info/web", ""), set()),
    ("web urn ok", text("info/web", "urn:example:alert:1"), set()),
    # valueName
    ("eventCode valueName lower case", text("info/eventCode/valueName", "same"),
     {("VALUE_NAME_ACRONYM_IS_UPPER_CASE", I + "/eventCode[1]/valueName[1]")}),
    ("eventCode valueName with periods", text("info/eventCode/valueName", "S.A.M.E."),
     {("VALUE_NAME_ACRONYM_IS_UPPER_CASE", I + "/eventCode[1]/valueName[1]")}),
    ("parameter valueName mixed case", text("info/parameter/valueName", "Eas-Org"),
     {("VALUE_NAME_ACRONYM_IS_UPPER_CASE", I + "/parameter[1]/valueName[1]")}),
    ("geocode valueName lower case", text("info/area/geocode/valueName", "fips"),
     {("VALUE_NAME_ACRONYM_IS_UPPER_CASE", AR + "/geocode[1]/valueName[1]")}),
    ("profile valueName ok", text("info/parameter/valueName", "layer:EC-MSC-SMC:1.0:Alert_Type"),
     set()),
    ("dotted version valueName ok", text("info/eventCode/valueName", "profile:CAP-CP:Event:0.4"),
     set()),
    # resource
    ("mimeType without subtype", text("info/resource/mimeType", "png"),
     {("MIME_TYPE_IS_TYPE_SLASH_SUBTYPE", R1 + "/mimeType[1]")}),
    ("mimeType empty", text("info/resource/mimeType", ""),
     {("MIME_TYPE_IS_TYPE_SLASH_SUBTYPE", R1 + "/mimeType[1]")}),
    ("mimeType with space", text("info/resource/mimeType", "image / png"),
     {("MIME_TYPE_IS_TYPE_SLASH_SUBTYPE", R1 + "/mimeType[1]")}),
    ("mimeType vendor ok", text("info/resource/mimeType", "audio/x-ipaws-audio-mp3"), set()),
    ("mimeType quoted parameter ok", text("info/resource/mimeType", 'text/plain; charset="utf-8"'),
     set()),
    ("size negative", text("info/resource/size", "-1"),
     {("SIZE_IS_NOT_NEGATIVE", R1 + "/size[1]")}),
    ("size zero ok", text("info/resource/size", "0"), set()),
    ("size minus zero ok", text("info/resource/size", "-000"), set()),
    # xs:integer is unbounded; int() refuses more than 4,300 digits.
    ("size of 5,000 digits ok", text("info/resource/size", "9" * 5000), set()),
    ("size of 5,000 digits negative", text("info/resource/size", "-" + "9" * 5000),
     {("SIZE_IS_NOT_NEGATIVE", R1 + "/size[1]")}),
    ("uri without size", remove("info/resource/size"),
     {("SIZE_IS_GIVEN_FOR_URI_RESOURCE", R1)}),
    ("uri relative without derefUri", text("info/resource/uri", "map.png"),
     {("URI_IS_ABSOLUTE", R1 + "/uri[1]")}),
    ("uri relative with derefUri ok",
     insert("info/resource[2]", "uri", "audio/message.mp3", RESOURCE_ORDER), set()),
    ("uri empty ok", text("info/resource/uri", ""), set()),
    ("derefUri with a stray character", text("info/resource[2]/derefUri", "SGVs*G8="),
     {("DEREF_URI_IS_BASE64", R2 + "/derefUri[1]")}),
    ("derefUri url-safe alphabet", text("info/resource[2]/derefUri", "SGVs_G8-"),
     {("DEREF_URI_IS_BASE64", R2 + "/derefUri[1]")}),
    ("derefUri non-ASCII", text("info/resource[2]/derefUri", "SGVsbé8="),
     {("DEREF_URI_IS_BASE64", R2 + "/derefUri[1]")}),
    ("derefUri bad length", text("info/resource[2]/derefUri", "SGVsbG8"),
     {("DEREF_URI_IS_BASE64", R2 + "/derefUri[1]")}),
    ("derefUri padding inside", text("info/resource[2]/derefUri", "SG==bG8h"),
     {("DEREF_URI_IS_BASE64", R2 + "/derefUri[1]")}),
    ("derefUri three padding characters", text("info/resource[2]/derefUri", "SGVsbA==="),
     {("DEREF_URI_IS_BASE64", R2 + "/derefUri[1]")}),
    ("digest not hex", text("info/resource[2]/digest", "not-a-digest"),
     {("DIGEST_IS_SHA1_HEX", R2 + "/digest[1]")}),
    ("digest of other data",
     text("info/resource[2]/digest", hashlib.sha1(b"other audio").hexdigest()),
     {("DIGEST_MATCHES_DEREF_URI_DATA", R2 + "/digest[1]")}),
    ("digest upper-case hex ok", text("info/resource[2]/digest", AUDIO_SHA1.upper()), set()),
    ("digest base64 of the right SHA-1",
     text("info/resource[2]/digest", base64.b64encode(hashlib.sha1(AUDIO).digest()).decode()),
     {("DIGEST_IS_SHA1_HEX", R2 + "/digest[1]")}),
    ("digest base64 of a wrong SHA-1",
     text("info/resource[2]/digest", base64.b64encode(hashlib.sha1(b"x").digest()).decode()),
     {("DIGEST_IS_SHA1_HEX", R2 + "/digest[1]"),
      ("DIGEST_MATCHES_DEREF_URI_DATA", R2 + "/digest[1]")}),
    ("digest without derefUri", remove("info/resource[2]/derefUri"), set()),
    ("digest empty ok", text("info/resource[2]/digest", ""), set()),
    # polygon
    ("polygon with 3 points",
     text("info/area/polygon", "38.47,-120.14 38.34,-119.95 38.47,-120.14"),
     {("POLYGON_HAS_AT_LEAST_4_POINTS", AR + "/polygon[1]")}),
    ("polygon empty", text("info/area/polygon", ""),
     {("POLYGON_HAS_AT_LEAST_4_POINTS", AR + "/polygon[1]")}),
    ("polygon not closed",
     text("info/area/polygon", "38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89"),
     {("POLYGON_IS_CLOSED", AR + "/polygon[1]")}),
    ("polygon closed numerically ok",
     text("info/area/polygon", "38.47,-120.14 38.34,-119.95 38.52,-119.74 38.470,-120.140"), set()),
    ("polygon written lon,lat",
     text("info/area/polygon", "-120.14,38.47 -119.95,38.34 -119.74,38.52 -120.14,38.47"),
     {("POLYGON_IS_WITHIN_WGS84_BOUNDS", AR + "/polygon[1]")}),
    ("polygon longitude past 180",
     text("info/area/polygon", "-21.3,179.9 -21.4,180.005 -21.5,179.8 -21.3,179.9"),
     {("POLYGON_IS_WITHIN_WGS84_BOUNDS", AR + "/polygon[1]")}),
    ("polygon at the bounds ok",
     text("info/area/polygon", "90,180 -90.0,180.000 -90,-180 +90.00,-180 90,180"), set()),
    ("polygon with odd whitespace ok",
     text("info/area/polygon", "\n  38.47,-120.14\t38.34,-119.95  38.52,-119.74\n38.47,-120.14 "),
     set()),
    ("polygon with leading-dot numbers ok",
     text("info/area/polygon", ".47,-.14 .34,-.95 .52,-.74 .47,-.14"), set()),
    ("polygon with a space after a comma",
     text("info/area/polygon", "38.47, -120.14 38.34,-119.95 38.52,-119.74 38.47,-120.14"),
     {("POLYGON_POINTS_ARE_LAT_LON_PAIRS", AR + "/polygon[1]")}),
    ("polygon with a malformed number",
     text("info/area/polygon", "38.47,-120.14 38.3.4,-119.95 38.52,-119.74 38.47,-120.14"),
     {("POLYGON_POINTS_ARE_LAT_LON_PAIRS", AR + "/polygon[1]")}),
    ("polygon with three numbers in a point",
     text("info/area/polygon", "38.47,-120.14,0 38.34,-119.95 38.52,-119.74 38.47,-120.14"),
     {("POLYGON_POINTS_ARE_LAT_LON_PAIRS", AR + "/polygon[1]")}),
    ("polygon with semicolons",
     text("info/area/polygon", "38.47;-120.14 38.34;-119.95 38.52;-119.74 38.47;-120.14"),
     {("POLYGON_POINTS_ARE_LAT_LON_PAIRS", AR + "/polygon[1]")}),
    ("polygon with exponent",
     text("info/area/polygon", "38.47,-120.14 3.8e1,-119.95 38.52,-119.74 38.47,-120.14"),
     {("POLYGON_POINTS_ARE_LAT_LON_PAIRS", AR + "/polygon[1]")}),
    ("polygon with Arabic-Indic digits",
     text("info/area/polygon",
          "\u0663\u0668,-120.14 38.34,-119.95 38.52,-119.74 \u0663\u0668,-120.14"),
     {("POLYGON_POINTS_ARE_LAT_LON_PAIRS", AR + "/polygon[1]")}),
    ("polygon with fullwidth digits",
     text("info/area/polygon", "38.47,-120.14 \uff13\uff18.34,-119.95 38.52,-119.74 38.47,-120.14"),
     {("POLYGON_POINTS_ARE_LAT_LON_PAIRS", AR + "/polygon[1]")}),
    ("polygon garbage with 2 tokens", text("info/area/polygon", "abc def"),
     {("POLYGON_POINTS_ARE_LAT_LON_PAIRS", AR + "/polygon[1]"),
      ("POLYGON_HAS_AT_LEAST_4_POINTS", AR + "/polygon[1]")}),
    # circle
    ("circle without radius", text("info/area/circle", "38.5,-120.0"),
     {("CIRCLE_IS_POINT_AND_RADIUS", AR + "/circle[1]")}),
    ("circle with space-separated centre", text("info/area/circle", "38.5 -120.0 10"),
     {("CIRCLE_IS_POINT_AND_RADIUS", AR + "/circle[1]")}),
    ("circle empty", text("info/area/circle", ""),
     {("CIRCLE_IS_POINT_AND_RADIUS", AR + "/circle[1]")}),
    ("circle with unit", text("info/area/circle", "38.5,-120.0 10km"),
     {("CIRCLE_IS_POINT_AND_RADIUS", AR + "/circle[1]")}),
    ("circle centre out of bounds", text("info/area/circle", "-120.0,38.5 10"),
     {("CIRCLE_IS_WITHIN_WGS84_BOUNDS", AR + "/circle[1]")}),
    ("circle negative radius", text("info/area/circle", "38.5,-120.0 -1"),
     {("CIRCLE_RADIUS_IS_NOT_NEGATIVE", AR + "/circle[1]")}),
    ("circle with Arabic-Indic digits", text("info/area/circle", "38.5,-120.0 \u0661\u0660"),
     {("CIRCLE_IS_POINT_AND_RADIUS", AR + "/circle[1]")}),
    ("circle zero radius ok", text("info/area/circle", "32.9525,-115.5527 0"), set()),
    ("circle extra spaces ok", text("info/area/circle", " 38.5,-120.0   10.5 "), set()),
    # altitude, ceiling, geocode
    ("ceiling without altitude", remove("info/area/altitude"),
     {("CEILING_HAS_ALTITUDE", AR + "/ceiling[1]")}),
    ("ceiling below altitude", text("info/area/ceiling", "50"),
     {("CEILING_IS_NOT_BELOW_ALTITUDE", AR + "/ceiling[1]")}),
    ("ceiling equal to altitude ok", text("info/area/ceiling", "100.0"), set()),
    ("negative altitude ok", text("info/area/altitude", "-30.5"), set()),
    ("geocode only", remove("info/area/polygon", "info/area/circle"),
     {("GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE", AR)}),
    ("circle and geocode ok", remove("info/area/polygon"), set()),
    ("areaDesc only ok", remove("info/area/polygon", "info/area/circle", "info/area/geocode"),
     set()),
]


@pytest.mark.parametrize(("mutator", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_one_change_gives_exactly_these_cap_findings(
    mutator: Mutator, expected: set[tuple[str, str]]
) -> None:
    assert cap_findings(mutated(mutator)) == expected


def test_every_cap_rule_has_a_case_that_fires_it() -> None:
    profile_names()
    cap_rules = {r.id for r in CATALOGUE.values() if r.profile == "cap"}
    fired = {rule for _, _, expected in CASES for rule, _ in expected}
    assert cap_rules - fired == set()
    assert fired - cap_rules == set()


def test_mutations_are_schema_valid_so_the_cases_test_the_cap_layer() -> None:
    """Every case changes values the XML Schema accepts: the findings are the cap layer's."""
    for name, mutator, _ in CASES:
        assert validate(mutated(mutator), profile="schema").findings == [], name


# -- severities ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rule_id", "severity"),
    [
        ("IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS", "error"),
        ("POLYGON_IS_CLOSED", "error"),
        ("REFERENCES_IS_GIVEN_FOR_UPDATE_OR_CANCEL", "error"),
        ("REFERENCES_IS_GIVEN_FOR_ACK_OR_ERROR", "warning"),
        ("DIGEST_MATCHES_DEREF_URI_DATA", "warning"),
        ("UTC_IS_WRITTEN_MINUS_00_00", "warning"),
        ("STATUS_IS_NOT_TEST_OR_EXERCISE", "warning"),
        ("GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE", "info"),
        ("CEILING_IS_NOT_BELOW_ALTITUDE", "error"),
        ("EXPIRES_IS_NOT_BEFORE_SENT", "error"),
        ("EXPIRES_IS_NOT_BEFORE_EFFECTIVE", "error"),
        ("EXPIRES_IS_NOT_BEFORE_ONSET", "warning"),
    ],
)
def test_severity(rule_id: str, severity: str) -> None:
    assert CATALOGUE[rule_id].severity == severity


def test_report_ok_reflects_cap_errors_but_not_warnings() -> None:
    assert validate(mutated(text("status", "Test")), profile="cap").ok
    assert not validate(mutated(text("identifier", "A B")), profile="cap").ok


# -- messages say what was found and what is expected ---------------------------------------------
@pytest.mark.parametrize(
    ("mutator", "rule_id", "fragments"),
    [
        (text("info/area/polygon", "38.47,-120.14 38.34,-119.95 38.47,-120.14"),
         "POLYGON_HAS_AT_LEAST_4_POINTS", ["has 3 points", "at least 4"]),
        (text("identifier", "KSTO 1,2"), "IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS",
         ["'KSTO 1,2'", "a space and a comma", "must not contain"]),
        (text("info/area/circle", "38.5,-120.0 -1"), "CIRCLE_RADIUS_IS_NOT_NEGATIVE",
         ["-1 km", "0 or more"]),
        (text("info/resource[2]/digest", hashlib.sha1(b"other").hexdigest()),
         "DIGEST_MATCHES_DEREF_URI_DATA", [hashlib.sha1(b"other").hexdigest(), AUDIO_SHA1,
                                            f"{len(AUDIO)} decoded"]),
        (text("info/area/polygon",
              "38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89"),
         "POLYGON_IS_CLOSED", ["38.47,-120.14", "38.62,-119.89", "must be the same"]),
        (text("info/area/polygon", "-120.14,38.47 -119.95,38.34 -119.74,38.52 -120.14,38.47"),
         "POLYGON_IS_WITHIN_WGS84_BOUNDS", ["point 1", "-120.14,38.47", "-90..90"]),
        (text("info/resource[2]/derefUri", "SGVs*G8="), "DEREF_URI_IS_BASE64",
         ["'*'", "character 5"]),
        (text("info/headline", "H" * 170), "HEADLINE_IS_AT_MOST_160_CHARACTERS",
         ["170 characters", "160"]),
        (both(text("msgType", "Update"), alert_el("references", "a,b,2003-06-17")),
         "REFERENCE_SENT_IS_VALID_DATE_TIME", ["'2003-06-17'", "YYYY-MM-DDThh:mm:ss"]),
        (text("info/expires", "2003-06-17T14:00:00-07:00"), "EXPIRES_IS_NOT_BEFORE_SENT",
         ["2003-06-17T14:00:00-07:00", "2003-06-17T14:57:00-07:00"]),
        (both(text("sent", "2003-06-17T21:57:00-00:00"), remove("info/effective", "info/onset"),
              text("info/expires", "2003-06-17T21:00:00-00:00")),
         "EXPIRES_IS_NOT_BEFORE_SENT", ["2003-06-17T21:00:00-00:00", "2003-06-17T21:57:00-00:00"]),
        (both(text("sent", "2003-06-17T21:57:00-00:00"), text("msgType", "Update"),
              alert_el("references", "a,b,2003-06-17T22:00:00-00:00")),
         "REFERENCE_IS_TO_AN_EARLIER_MESSAGE", ["at 2003-06-17T22:00:00-00:00",
                                                "(2003-06-17T21:57:00-00:00)"]),
        # Values are quoted as written: rounding would print "(90,0) is outside ... -90..90".
        (text("info/area/polygon", "90.0000001,0 1,1 2,2 90.0000001,0"),
         "POLYGON_IS_WITHIN_WGS84_BOUNDS", ["(90.0000001,0)"]),
        (text("info/area/polygon", "38.47,-120.14 38.34,-119.95 38.52,-119.74 " + "1" * 400 + ",1"),
         "POLYGON_IS_WITHIN_WGS84_BOUNDS", ["point 4 (1111", "…)"]),
        (both(text("info/area/altitude", "1" + "0" * 400), text("info/area/ceiling", "100")),
         "CEILING_IS_NOT_BELOW_ALTITUDE", ["<ceiling> 100 is below <altitude> 1000", "…"]),
        (text("info/web", "https://example.gov/blue alert"), "WEB_IS_ABSOLUTE_URI",
         ["'https://example.gov/blue alert'", "white space", "%20"]),
        (text("info/resource[1]/uri", "https://example.gov/a map.png"), "URI_IS_ABSOLUTE",
         ["'https://example.gov/a map.png'", "white space", "%20"]),
        (text("info/resource[1]/uri", "map.png"), "URI_IS_ABSOLUTE",
         ["'map.png'", "is not an absolute URI"]),
        (text("info/web", "www.example.gov"), "WEB_IS_ABSOLUTE_URI",
         ["'www.example.gov'", "absolute"]),
    ],
)
def test_message_names_what_was_found_and_what_is_expected(
    mutator: Mutator, rule_id: str, fragments: list[str]
) -> None:
    findings = [f for f in validate(mutated(mutator), profile="cap") if f.rule == rule_id]
    assert len(findings) == 1
    assert len(findings[0].message) < 400
    for fragment in fragments:
        assert fragment in findings[0].message, (fragment, findings[0].message)


# -- positions ----------------------------------------------------------------------------------
def _start_tag_position(data: bytes, needle: bytes) -> tuple[int, int]:
    offset = data.index(needle)
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


@pytest.mark.parametrize("pretty", [True, False], ids=["pretty", "one-line"])
def test_line_and_column_point_at_the_offending_element(pretty: bool) -> None:
    root = etree.fromstring(mutated(both(
        text("identifier", "A B"),
        text("info/area/polygon", "38.47,-120.14 38.34,-119.95 38.47,-120.14"),
        remove("info/area/altitude"),
    )))
    if not pretty:
        for el in root.iter():
            if len(el):
                el.text = None
            el.tail = None
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    report = validate(data, profile="cap")
    by_rule = {f.rule: f for f in report}
    for rule_id, needle in [
        ("IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS", b"<identifier>"),
        ("POLYGON_HAS_AT_LEAST_4_POINTS", b"<polygon>"),
        ("CEILING_HAS_ALTITUDE", b"<ceiling>"),
    ]:
        finding = by_rule[rule_id]
        assert (finding.line, finding.column) == _start_tag_position(data, needle), rule_id
    if not pretty:  # declaration on line 1, the whole alert up to the derefUri on line 2
        assert by_rule["IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS"].line == 2
        assert by_rule["IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS"].column > 40


def test_line_and_column_of_a_missing_element_point_at_the_parent() -> None:
    data = mutated(text("scope", "Private"))
    (finding,) = [f for f in validate(data, profile="cap") if f.source == "cap"]
    assert finding.xpath == A
    assert (finding.line, finding.column) == _start_tag_position(data, b"<alert")


def test_prefixed_document_gives_the_same_findings_and_xpaths() -> None:
    root = etree.fromstring(mutated(both(text("identifier", "A B"), text("status", "Test"))))
    prefixed = etree.Element(f"{{{NS}}}alert", nsmap={"cap": NS})
    prefixed[:] = list(root)
    data = etree.tostring(prefixed)
    assert data.startswith(b"<cap:alert")
    assert cap_findings(data) == {
        ("IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS", A + "/identifier[1]"),
        ("STATUS_IS_NOT_TEST_OR_EXERCISE", A + "/status[1]"),
    }


def test_findings_of_the_second_info_and_area_have_their_index() -> None:
    def mutate(root: etree._Element) -> None:
        info = _find(root, "info")
        second = etree.fromstring(etree.tostring(info))
        info.addnext(second)
        area = second.find(C + "area")
        assert area is not None
        area2 = etree.fromstring(etree.tostring(area))
        area.addnext(area2)
        poly = area2.find(C + "polygon")
        assert poly is not None
        poly.text = "1,1 2,2 3,3"

    assert cap_findings(mutated(mutate)) == {
        ("POLYGON_HAS_AT_LEAST_4_POINTS", "/alert[1]/info[2]/area[2]/polygon[1]"),
        ("POLYGON_IS_CLOSED", "/alert[1]/info[2]/area[2]/polygon[1]"),
    }


# -- robustness: never raise on odd content -------------------------------------------------------
ODD_VALUES = ["", " ", "\u00e9\u4e2d", "-1", "x,y,z", "1,2 3", "<b>&amp;nbsp;</b>", "=" * 9,
              "9" * 400, "\t\n"]


def test_no_exception_on_odd_values_anywhere() -> None:
    base = etree.fromstring(GOOD.encode("utf-8"))
    paths = [base.getroottree().getelementpath(el) for el in base.iter() if len(el) == 0]
    for path in paths:
        for value in ODD_VALUES:
            root = etree.fromstring(GOOD.encode("utf-8"))
            el = root.find(path)
            assert el is not None
            el.text = value
            report = validate(etree.tostring(root), profile="cap")
            assert all(f.message for f in report), (path, value)


def test_no_exception_when_any_element_is_removed() -> None:
    base = etree.fromstring(GOOD.encode("utf-8"))
    paths = [base.getroottree().getelementpath(el) for el in base.iter() if el is not base]
    for path in paths:
        root = etree.fromstring(GOOD.encode("utf-8"))
        el = root.find(path)
        assert el is not None
        parent = el.getparent()
        assert parent is not None
        parent.remove(el)
        validate(etree.tostring(root), profile="cap")


def test_comments_and_processing_instructions_are_ignored() -> None:
    def mutate(root: etree._Element) -> None:
        root.insert(0, etree.Comment(" a comment "))
        _find(root, "info").insert(3, etree.ProcessingInstruction("pi", "x"))
        _find(root, "info/area").insert(1, etree.Comment("polygon follows"))

    assert cap_findings(mutated(mutate)) == set()


def split_by(path: str, before: str, after: str, *, pi: bool = False) -> Mutator:
    """Write ``before`` + ``after`` as the value at ``path``, split by a comment (or a PI)."""

    def mutate(root: etree._Element) -> None:
        el = _find(root, path)
        el.text = before
        node = etree.ProcessingInstruction("pi", "x") if pi else etree.Comment(" c ")
        node.tail = after
        el.append(node)

    return mutate


@pytest.mark.parametrize(
    ("mutator", "expected"),
    [
        # The whole value is checked, not only the text before the comment.
        (split_by("identifier", "KSTO10558", " 87203"),
         {("IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS", A + "/identifier[1]")}),
        (split_by("sender", "KSTO@NWS", ",NOAA.GOV", pi=True),
         {("SENDER_HAS_NO_FORBIDDEN_CHARACTERS", A + "/sender[1]")}),
        (split_by("scope", "Priv", "ate"), {("PRIVATE_SCOPE_HAS_ADDRESSES", A)}),
        (split_by("status", "Exer", "cise"),
         {("STATUS_IS_NOT_TEST_OR_EXERCISE", A + "/status[1]"), ("EXERCISE_HAS_NOTE", A)}),
        (split_by("sent", "2003-06-17T21:57:00", "+00:00"),
         {("UTC_IS_WRITTEN_MINUS_00_00", A + "/sent[1]")}),
        (split_by("info/expires", "", "2003-06-17T14:59:00-07:00"),
         {("EXPIRES_IS_NOT_BEFORE_ONSET", I + "/expires[1]")}),
        (split_by("info/headline", "H", "H" * 170),
         {("HEADLINE_IS_AT_MOST_160_CHARACTERS", I + "/headline[1]")}),
        (split_by("info/eventCode/valueName", "sa", "me"),
         {("VALUE_NAME_ACRONYM_IS_UPPER_CASE", I + "/eventCode[1]/valueName[1]")}),
        (split_by("info/area/circle", "38.5,-120.0", " -10"),
         {("CIRCLE_RADIUS_IS_NOT_NEGATIVE", AR + "/circle[1]")}),
        # A valid value split by a comment stays valid.
        (split_by("info/area/polygon", "38.47,-120.14 38.34,-119.95",
                  " 38.52,-119.74 38.62,-119.89 38.47,-120.14"), set()),
        (split_by("info/resource[2]/derefUri", AUDIO_B64[:8], AUDIO_B64[8:], pi=True), set()),
        (split_by("info/resource[1]/mimeType", "image/", "png"), set()),
    ],
)
def test_comments_and_pis_inside_a_value_do_not_cut_it(
    mutator: Mutator, expected: set[tuple[str, str]]
) -> None:
    assert cap_findings(mutated(mutator)) == expected


def test_large_embedded_audio_is_checked_and_its_digest_compared() -> None:
    audio = bytes(range(256)) * 4000  # ~1 MB once decoded
    b64 = base64.encodebytes(audio).decode("ascii")  # 76-character lines

    def mutate(root: etree._Element) -> None:
        _find(root, "info/resource[2]/derefUri").text = b64
        _find(root, "info/resource[2]/digest").text = hashlib.sha1(audio + b"!").hexdigest()

    assert cap_findings(mutated(mutate)) == {("DIGEST_MATCHES_DEREF_URI_DATA",
                                              R2 + "/digest[1]")}


# -- property: any text anywhere, no exception, every XPath names a real element ------------------
def _resolve(root: etree._Element, xpath: str) -> list[etree._Element]:
    steps = [s for s in xpath.split("/") if s]
    expr = "".join(
        f"/*[local-name()='{s.split('[')[0]}'][{s.split('[')[1]}" for s in steps
    )
    result = root.getroottree().xpath(expr)
    assert isinstance(result, list)
    return [e for e in result if isinstance(e, etree._Element)]


_GOOD_ROOT = etree.fromstring(GOOD.encode("utf-8"))
_LEAF_PATHS = [
    _GOOD_ROOT.getroottree().getelementpath(el) for el in _GOOD_ROOT.iter() if len(el) == 0
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(_LEAF_PATHS),
            st.text(
                alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                max_size=40,
            ).filter(lambda t: all(c in "\t\n\r" or ord(c) >= 32 for c in t)),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_random_text_never_raises_and_xpaths_resolve(edits: list[tuple[str, str]]) -> None:
    root = etree.fromstring(GOOD.encode("utf-8"))
    for path, value in edits:
        el = root.find(path)
        assert el is not None
        el.text = value
    data = etree.tostring(root)
    report = validate(data, profile="cap")
    parsed = etree.fromstring(data)
    for finding in report:
        if finding.source == "cap":
            assert len(_resolve(parsed, finding.xpath)) == 1, finding
            assert finding.line is not None and finding.column is not None, finding

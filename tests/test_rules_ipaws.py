"""The ``ipaws`` layer, google/cap-library style: a good IPAWS message, one change, the exact
set of (rule, xpath) the layer reports.

The good message (``tests/data/ipaws_good_lew.xml``) is a Law Enforcement Warning with
``IPAWSv1.0``, one SAME event code, ``EAS-ORG`` CIV, ``CMAMtext``/``CMAMlongtext``,
``WEAHandling`` Imminent Threat with the FCC minimums, a SAME geocode, a polygon and
``expires``. It is unsigned, so ``MESSAGE_IS_SIGNED`` is tested on its own and left out of the
per-case sets; everything else the ipaws layer reports is compared exactly.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from one_change import DSIG, A, C, I, Mutator, both, remove, text
from one_change import find as _find

from bluealert_cap import validate
from bluealert_cap._validation import CATALOGUE, profile_names
from bluealert_cap._validation._context import Context
from bluealert_cap._validation._ipaws import IpawsProfile

GOOD = (Path(__file__).parent / "data" / "ipaws_good_lew.xml").read_bytes()
P = I + "/parameter"



# -- tree helpers ---------------------------------------------------------------------------------
def _el(tag: str, text: str | None = None) -> etree._Element:
    el = etree.Element(C + tag)
    el.text = text
    return el


def _pair(tag: str, name: str, value: str) -> etree._Element:
    el = _el(tag)
    el.append(_el("valueName", name))
    el.append(_el("value", value))
    return el


def insert_before(path: str, new: Callable[[], etree._Element]) -> Mutator:
    def mutate(root: etree._Element) -> None:
        _find(root, path).addprevious(new())

    return mutate


def insert_after(path: str, new: Callable[[], etree._Element]) -> Mutator:
    def mutate(root: etree._Element) -> None:
        _find(root, path).addnext(new())

    return mutate


def add_parameter(name: str, value: str) -> Mutator:
    """Append a parameter after the last one (it becomes parameter[7])."""
    return insert_after("info/parameter[6]", lambda: _pair("parameter", name, value))


def second_info(change: Mutator | None = None) -> Mutator:
    """Copy the info block after itself, then apply ``change`` to the copy (as ``info``)."""

    def mutate(root: etree._Element) -> None:
        first = _find(root, "info")
        copy_ = copy.deepcopy(first)
        first.addnext(copy_)
        if change is not None:
            holder = etree.Element(C + "alert")
            holder.append(copy_)  # moves the copy: paths in ``change`` are relative to it
            change(holder)
            first.addnext(copy_)

    return mutate


def split_by_comment(path: str, before: str, after: str) -> Mutator:
    """Set the text of the element at ``path`` to ``before`` + a comment + ``after`` (its value
    is still ``before + after``: comments are not character content)."""

    def mutate(root: etree._Element) -> None:
        el = _find(root, path)
        el.text = before
        comment = etree.Comment(" note ")
        comment.tail = after
        el.append(comment)

    return mutate


def geocodes(values: list[str]) -> Mutator:
    """Replace the area's geocodes by SAME geocodes with ``values``."""

    def mutate(root: etree._Element) -> None:
        area = _find(root, "info/area")
        for g in area.findall(C + "geocode"):
            area.remove(g)
        for v in values:
            area.append(_pair("geocode", "SAME", v))

    return mutate


def polygon(points: int) -> Mutator:
    """A closed ring of ``points`` coordinate pairs (the last repeats the first)."""
    ring = [f"39.{50 + i % 40:02d},-77.{i:04d}" for i in range(points - 1)]
    return text("info/area/polygon", " ".join([*ring, ring[0]]))


# -- running the layer --------------------------------------------------------------------------
def mutated(mutator: Mutator | None) -> bytes:
    root = etree.fromstring(GOOD)
    if mutator is not None:
        mutator(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def ipaws_findings(data: bytes) -> set[tuple[str, str]]:
    """(rule, xpath) of every ipaws-layer finding except MESSAGE_IS_SIGNED."""
    report = validate(data, profile="ipaws")
    return {
        (f.rule, f.xpath)
        for f in report.findings
        if f.source == "ipaws" and f.rule != "MESSAGE_IS_SIGNED"
    }


LONG_OK = "x" * 300 + " until 5 PM EDT"
SAME_WARNING = {"CMAM_TEXT_IS_AT_MOST_90_CHARACTERS"}

CASES: list[tuple[str, Mutator | None, set[tuple[str, str]]]] = [
    ("good message", None, set()),
    # alert block
    ("code is another version", text("code", "IPAWSv1.1"), {("CODE_INCLUDES_IPAWS_V1_0", A)}),
    ("code missing", remove("code"), {("CODE_INCLUDES_IPAWS_V1_0", A)}),
    ("IPAWSv1.0 beside another code",
     insert_before("code", lambda: _el("code", "OTHER")), set()),
    ("code with surrounding whitespace", text("code", "\n  IPAWSv1.0 "), set()),
    ("code split by a comment", split_by_comment("code", "IPAWS", "v1.0"), set()),
    ("Alert without info", remove("info"), {("INFO_IS_REQUIRED_UNLESS_CANCEL", A)}),
    ("Cancel without info is allowed",
     both(text("msgType", "Cancel"),
          insert_after("code", lambda: _el(
              "references", "alerts@sheriff.example.gov,EXAMPLE-LEW-2025-0000,"
              "2025-06-01T13:00:00-04:00")),
          remove("info")),
     set()),
    ("sent with -00:00", both(text("sent", "2025-06-01T18:05:00-00:00")),
     {("DATE_TIME_OFFSET_IS_NOT_ZERO", A + "/sent[1]")}),
    ("expires with +00:00", text("info/expires", "2025-06-01T21:05:00+00:00"),
     {("DATE_TIME_OFFSET_IS_NOT_ZERO", I + "/expires[1]")}),
    # info blocks agree
    ("second info, same content (e.g. Spanish WEA)",
     second_info(text("info/language", "es-US")), set()),
    ("second info with another category",
     second_info(text("info/category", "Security")), {("INFO_CATEGORIES_MATCH", A + "/info[2]")}),
    ("second info with one more category",
     second_info(insert_after("info/category", lambda: _el("category", "Security"))),
     {("INFO_CATEGORIES_MATCH", A + "/info[2]")}),
    ("second info with an extra eventCode",
     second_info(insert_after("info/eventCode", lambda: _pair("eventCode", "NWS", "LEW"))),
     {("INFO_EVENT_CODES_MATCH", A + "/info[2]")}),
    # expires, effective, onset
    ("expires missing", remove("info/expires"), {("EXPIRES_IS_REQUIRED", I)}),
    ("expires equals sent", text("info/expires", "2025-06-01T14:05:00-04:00"),
     {("EXPIRES_DIFFERS_FROM_SENT", I + "/expires[1]")}),
    ("expires is sent's instant in another offset",
     text("info/expires", "2025-06-01T18:05:00-00:00"),
     {("EXPIRES_DIFFERS_FROM_SENT", I + "/expires[1]"),
      ("DATE_TIME_OFFSET_IS_NOT_ZERO", I + "/expires[1]")}),
    ("effective present",
     insert_before("info/expires", lambda: _el("effective", "2025-06-01T14:05:00-04:00")),
     {("EFFECTIVE_IS_IGNORED", I + "/effective[1]")}),
    ("onset present",
     insert_before("info/expires", lambda: _el("onset", "2025-06-01T14:00:00-04:00")),
     {("ONSET_IS_IGNORED", I + "/onset[1]")}),
    # texts
    ("senderName missing", remove("info/senderName"), {("SENDER_NAME_IS_PRESENT", I)}),
    ("senderName empty", text("info/senderName", ""),
     {("SENDER_NAME_IS_PRESENT", I + "/senderName[1]")}),
    ("description missing", remove("info/description"), {("DESCRIPTION_IS_PRESENT", I)}),
    ("instruction blank", text("info/instruction", " \n "),
     {("INSTRUCTION_IS_PRESENT", I + "/instruction[1]")}),
    # SAME event code
    ("no SAME eventCode", text("info/eventCode/valueName", "NationalWeatherService"),
     {("SAME_EVENT_CODE_IS_REQUIRED", I)}),
    ("two SAME eventCodes",
     insert_after("info/eventCode", lambda: _pair("eventCode", "SAME", "CEM")),
     {("SAME_EVENT_CODE_IS_UNIQUE", I + "/eventCode[2]")}),
    ("SAME eventCode lower case", text("info/eventCode/value", "lew"),
     {("SAME_EVENT_CODE_IS_THREE_LETTERS", I + "/eventCode[1]")}),
    ("SAME eventCode of four letters", text("info/eventCode/value", "LEWX"),
     {("SAME_EVENT_CODE_IS_THREE_LETTERS", I + "/eventCode[1]")}),
    ("SAME eventCode empty", text("info/eventCode/value", ""),
     {("SAME_EVENT_CODE_IS_THREE_LETTERS", I + "/eventCode[1]")}),
    ("SAME eventCode not in 47 CFR 11.31", text("info/eventCode/value", "XYZ"),
     {("SAME_EVENT_CODE_IS_KNOWN", I + "/eventCode[1]")}),
    ("SAME eventCode BLU", text("info/eventCode/value", "BLU"), set()),
    ("SAME eventCode MEP (FCC 24-83, 2024)", text("info/eventCode/value", "MEP"), set()),
    ("NWS-only SAME code", text("info/eventCode/value", "NWS"), set()),
    # EAS-ORG and other EAS parameters
    ("EAS-ORG missing", remove("info/parameter[1]"), {("EAS_ORG_IS_REQUIRED", I)}),
    ("EAS-ORG missing, EAS blocked but NWEM (HazCollect) not",
     both(text("info/parameter[1]/valueName", "BLOCKCHANNEL"),
          text("info/parameter[1]/value", "EAS")), {("EAS_ORG_IS_REQUIRED", I)}),
    ("EAS-ORG missing, NWEM blocked but EAS not",
     both(text("info/parameter[1]/valueName", "BLOCKCHANNEL"),
          text("info/parameter[1]/value", "NWEM")), {("EAS_ORG_IS_REQUIRED", I)}),
    ("EAS-ORG missing but EAS and NWEM blocked",
     both(text("info/parameter[1]/valueName", "BLOCKCHANNEL"),
          text("info/parameter[1]/value", "EAS"),
          text("info/parameter[3]/value", "NWEM")), set()),
    ("EAS-ORG not an originator code", text("info/parameter[1]/value", "LAW"),
     {("EAS_ORG_IS_KNOWN", P + "[1]")}),
    ("EAS-ORG with whitespace around", text("info/parameter[1]/value", " CIV\n"), set()),
    ("EAS-ORG after a comment", split_by_comment("info/parameter[1]/value", "", "CIV"), set()),
    ("EAS-ORG twice", add_parameter("EAS-ORG", "CIV"), {("EAS_ORG_IS_UNIQUE", P + "[7]")}),
    ("EAS-STN-ID set", add_parameter("EAS-STN-ID", "WXYZFM"),
     {("EAS_STN_ID_IS_NOT_SET", P + "[7]")}),
    ("EAS-STN-ID malformed", add_parameter("EAS-STN-ID", "WXYZ-FM+1"),
     {("EAS_STN_ID_IS_NOT_SET", P + "[7]"), ("EAS_STN_ID_IS_WELL_FORMED", P + "[7]")}),
    ("EAS-Must-Carry on a Blue Alert",
     both(text("info/eventCode/value", "BLU"), add_parameter("EAS-Must-Carry", "True")),
     {("EAS_MUST_CARRY_IS_NOT_SET_ON_BLUE_ALERT", P + "[7]")}),
    ("EAS-Must-Carry on a LEW", add_parameter("EAS-Must-Carry", "TRUE"), set()),
    # WEA text
    ("CMAMtext of 91 characters", text("info/parameter[4]/value", "a" * 80 + " 5 PM EDT.."),
     {("CMAM_TEXT_IS_AT_MOST_90_CHARACTERS", P + "[4]")}),
    ("CMAMtext of 91 characters split by a comment",
     split_by_comment("info/parameter[4]/value", "a" * 45, "a" * 35 + " 5 PM EDT.."),
     {("CMAM_TEXT_IS_AT_MOST_90_CHARACTERS", P + "[4]")}),
    ("CMAMtext of 90 two-byte characters",
     text("info/parameter[4]/value", "é" * 81 + " 5 PM EDT"), set()),
    ("CMAMtext of 90 characters written with entity references",
     text("info/parameter[4]/value", "&" * 81 + " 5 PM EDT"), set()),
    ("CMAMlongtext of 361 characters", text("info/parameter[5]/value", LONG_OK + "x" * 46),
     {("CMAM_LONG_TEXT_IS_AT_MOST_360_CHARACTERS", P + "[5]")}),
    ("CMAMlongtext of 360 characters", text("info/parameter[5]/value", LONG_OK + "x" * 45),
     set()),
    ("CMAMlongtext without CMAMtext", remove("info/parameter[4]"),
     {("CMAM_LONG_TEXT_HAS_SHORT_TEXT", P + "[4]")}),
    ("CMAMtext twice", add_parameter("CMAMtext", "Avoid Main St until 5 PM EDT."),
     {("WEA_TEXT_IS_UNIQUE", P + "[7]")}),
    ("curly apostrophe in CMAMtext",
     text("info/parameter[4]/value", "Sheriff\u2019s warning: avoid Main St until 5 PM EDT."),
     {("WEA_TEXT_USES_GSM_CHARACTERS", P + "[4]")}),
    ("emoji in CMAMlongtext", text("info/parameter[5]/value", "Avoid Main St \U0001F6A8 5 PM"),
     {("WEA_TEXT_USES_GSM_CHARACTERS", P + "[5]")}),
    ("GSM extension characters are fine",
     text("info/parameter[4]/value", "Avoid [Main St] {5 PM} ~ | \\ ^ \u20ac"), set()),
    ("WEA texts without a time",
     both(text("info/parameter[4]/value", "Armed suspect near Main St. Avoid area."),
          text("info/parameter[5]/value", "Armed suspect near Main St. Avoid the area.")),
     {("WEA_TEXT_STATES_EXPIRY_TIME", P + "[4]")}),
    ("WEA alert lasting two days", text("info/expires", "2025-06-03T14:05:00-04:00"),
     {("WEA_DURATION_IS_AT_MOST_24_HOURS", I + "/expires[1]")}),
    # 24:00:00 is the first instant of the next day (XML Schema 1.0): 2025-06-03T00:00-04:00
    ("WEA alert lasting until 24:00 the next day",
     text("info/expires", "2025-06-02T24:00:00-04:00"),
     {("WEA_DURATION_IS_AT_MOST_24_HOURS", I + "/expires[1]")}),
    ("WEA alert lasting until 24:00 the same day",
     text("info/expires", "2025-06-01T24:00:00-04:00"), set()),
    ("two days but blocked from WEA",
     both(text("info/expires", "2025-06-03T14:05:00-04:00"), text("info/parameter[3]/value",
                                                                    "CMAS")), set()),
    ("WEAHandling unknown", text("info/parameter[6]/value", "Broadcast"),
     {("WEA_HANDLING_IS_KNOWN", P + "[6]")}),
    ("Imminent Threat with severity Moderate", text("info/severity", "Moderate"),
     {("WEA_IMMINENT_THREAT_MEETS_FCC_MINIMUMS", P + "[6]")}),
    ("Imminent Threat with urgency Future", text("info/urgency", "Future"),
     {("WEA_IMMINENT_THREAT_MEETS_FCC_MINIMUMS", P + "[6]")}),
    ("Imminent Threat with certainty Possible", text("info/certainty", "Possible"),
     {("WEA_IMMINENT_THREAT_MEETS_FCC_MINIMUMS", P + "[6]")}),
    ("Public Safety with severity Moderate",
     both(text("info/severity", "Moderate"), text("info/parameter[6]/value", "Public Safety")),
     set()),
    ("BLOCKCHANNEL unknown", text("info/parameter[3]/value", "SMS"),
     {("BLOCKCHANNEL_IS_KNOWN", P + "[3]")}),
    ("IPAWS parameter name in the wrong case", text("info/parameter[6]/valueName", "WeaHandling"),
     {("PARAMETER_NAME_HAS_IPAWS_SPELLING", P + "[6]")}),
    # area
    ("area missing", remove("info/area"), {("AREA_IS_REQUIRED", I)}),
    ("no SAME geocode", text("info/area/geocode/valueName", "FIPS6"),
     {("SAME_GEOCODE_IS_PRESENT", I + "/area[1]")}),
    ("SAME geocode of five digits", text("info/area/geocode/value", "24013"),
     {("SAME_GEOCODE_IS_SIX_DIGITS", I + "/area[1]/geocode[1]")}),
    ("SAME geocode with a letter", text("info/area/geocode/value", "02401A"),
     {("SAME_GEOCODE_IS_SIX_DIGITS", I + "/area[1]/geocode[1]")}),
    ("SAME geocode with an unknown state", text("info/area/geocode/value", "003001"),
     {("SAME_GEOCODE_AREA_IS_KNOWN", I + "/area[1]/geocode[1]")}),
    ("SAME geocode 100000 (00 only means all US as 000000)",
     text("info/area/geocode/value", "100000"),
     {("SAME_GEOCODE_AREA_IS_KNOWN", I + "/area[1]/geocode[1]")}),
    ("SAME geocode for all of the US", text("info/area/geocode/value", "000000"), set()),
    ("SAME marine area code", text("info/area/geocode/value", "059110"), set()),
    ("SAME county subdivision", text("info/area/geocode/value", "924013"), set()),
    ("32 SAME geocodes", geocodes([f"024{n:03d}" for n in range(1, 33)]),
     {("SAME_GEOCODES_ARE_AT_MOST_31", I)}),
    ("31 SAME geocodes", geocodes([f"024{n:03d}" for n in range(1, 32)]), set()),
    ("32 SAME geocodes of which two repeat",
     geocodes([f"024{n:03d}" for n in range(1, 32)] + ["024001"]), set()),
    ("polygon of 101 points", polygon(101),
     {("POLYGON_HAS_AT_MOST_100_POINTS", I + "/area[1]/polygon[1]")}),
    ("polygon of 100 points", polygon(100), set()),
]


@pytest.mark.parametrize(
    ("mutator", "expected"), [(m, e) for _, m, e in CASES], ids=[n for n, _, _ in CASES]
)
def test_one_change(mutator: Mutator | None, expected: set[tuple[str, str]]) -> None:
    assert ipaws_findings(mutated(mutator)) == expected


def test_every_ipaws_rule_has_a_case() -> None:
    profile_names()  # loads every built-in layer, so the catalogue is complete
    ipaws_rules = {r.id for r in CATALOGUE.values() if r.profile == "ipaws"}
    covered = {rule for _, _, expected in CASES for rule, _ in expected} | {"MESSAGE_IS_SIGNED"}
    assert ipaws_rules == covered


def test_good_message_is_clean_in_every_layer() -> None:
    report = validate(GOOD, profile="ipaws")
    assert [(f.rule, f.xpath) for f in report.findings] == [("MESSAGE_IS_SIGNED", A)]
    assert report.ok


def test_severities_follow_the_checklist() -> None:
    report = validate(
        mutated(both(text("info/eventCode/value", "lew"), text("info/parameter[3]/value", "X"))),
        profile="ipaws",
    )
    severities = {f.rule: f.severity for f in report.findings if f.source == "ipaws"}
    assert severities == {
        "SAME_EVENT_CODE_IS_THREE_LETTERS": "error",
        "BLOCKCHANNEL_IS_KNOWN": "warning",
        "MESSAGE_IS_SIGNED": "warning",
    }


def test_unsigned_message_gets_a_warning_at_alert() -> None:
    report = validate(GOOD, profile="ipaws")
    signed = [f for f in report.findings if f.rule == "MESSAGE_IS_SIGNED"]
    assert [(f.severity, f.xpath, f.line) for f in signed] == [("warning", A, 2)]


@pytest.mark.parametrize("prefix", ["ds", "capsig", None])
def test_signature_child_in_dsig_namespace_counts_as_signed(prefix: str | None) -> None:
    def sign(root: etree._Element) -> None:
        nsmap = {prefix: DSIG}
        root.append(etree.Element(f"{{{DSIG}}}Signature", nsmap=nsmap))

    root = etree.fromstring(mutated(sign))
    ctx = Context(root, None)
    IpawsProfile().check(ctx)
    assert "MESSAGE_IS_SIGNED" not in {f.rule for f in ctx.findings()}


def test_signature_in_another_namespace_is_not_a_signature() -> None:
    def sign(root: etree._Element) -> None:
        root.append(etree.Element("{urn:example:other}Signature"))

    root = etree.fromstring(mutated(sign))
    ctx = Context(root, None)
    IpawsProfile().check(ctx)
    assert "MESSAGE_IS_SIGNED" in {f.rule for f in ctx.findings()}


def test_findings_carry_line_and_column() -> None:
    report = validate(mutated(text("info/parameter[1]/value", "LAW")), profile="ipaws")
    (finding,) = [f for f in report.findings if f.rule == "EAS_ORG_IS_KNOWN"]
    data = mutated(text("info/parameter[1]/value", "LAW")).decode()
    line = data.splitlines()[finding.line - 1]  # type: ignore[operator]
    assert line[finding.column - 1:].startswith("<parameter>")  # type: ignore[operator]
    assert "'LAW'" in finding.message


def test_messages_name_the_problem() -> None:
    report = validate(mutated(text("info/parameter[4]/value", "a" * 95)), profile="ipaws")
    (finding,) = [f for f in report.findings if f.rule == "CMAM_TEXT_IS_AT_MOST_90_CHARACTERS"]
    assert "95 characters" in finding.message and "90" in finding.message


def test_length_message_names_the_white_space_around_the_text() -> None:
    value = "\n        " + "a" * 80 + " 5 PM EDT\n      "  # an indented value: 105 characters
    report = validate(mutated(text("info/parameter[4]/value", value)), profile="ipaws")
    (finding,) = [f for f in report.findings if f.rule == "CMAM_TEXT_IS_AT_MOST_90_CHARACTERS"]
    assert "105 characters, 16 of them white space before or after the text" in finding.message


def test_rules_cite_their_source() -> None:
    for r in CATALOGUE.values():
        if r.profile == "ipaws":
            assert "ipaws-domain.md" in r.clause, r.id
            assert any(tag in r.clause for tag in ("[V", "[S", "[M")), r.id


# -- never raises on odd input ------------------------------------------------------------------
_N = sum(1 for el in etree.fromstring(GOOD).iter() if isinstance(el.tag, str)) - 1
_ODD_TEXT = st.sampled_from(
    ["", " ", "SAME", "EAS-ORG", "BLOCKCHANNEL", "CMAMtext", "WEAHandling", "Imminent Threat",
     "2025-13-45T99:99:99-04:00", "2025-06-01T14:05:00-00:00", "9999-12-31T23:59:59+14:00",
     "0001-01-01T00:00:00-14:00", "\u2019\U0001F6A8", "x" * 400, "000000", "abc", "Cancel",
     "Update", "EAS", "CMAS", None]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    removals=st.sets(st.integers(0, _N - 1), max_size=8),
    edits=st.dictionaries(st.integers(0, _N - 1), _ODD_TEXT, max_size=8),
    tail=st.booleans(),
)
def test_layer_never_raises(removals: set[int], edits: dict[int, str | None], tail: bool) -> None:
    root = etree.fromstring(GOOD)
    elements = [el for el in root.iter() if isinstance(el.tag, str) and el.getparent() is not None]
    for i, value in edits.items():
        elements[i].text = value
        if tail:
            elements[i].append(etree.Comment("odd"))
    for i in sorted(removals, reverse=True):
        parent = elements[i].getparent()
        if parent is not None:
            parent.remove(elements[i])
    ctx = Context(root, None)
    IpawsProfile().check(ctx)
    for f in ctx.findings():
        assert f.rule in CATALOGUE and f.xpath.startswith("/alert[1]")

"""The Blue Alert model: what it accepts, what it refuses and where the refusal points."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from test_bluealert_helpers import build, good

from bluealert_cap import (
    BlueAlert,
    InvalidContentError,
    MsgType,
    Range,
    Reason,
    WeaHandling,
)


def _problems(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(InvalidContentError) as info:
        BlueAlert.model_validate(data)
    return {p.location: p.message for p in info.value.problems}


def test_good_alert_builds() -> None:
    b = build()
    assert b.reason is Reason.OFFICER_KILLED
    assert b.suspects[0].age == Range(low=30, high=35)
    assert b.msg_type is MsgType.ALERT


def test_no_activation_criterion_is_refused_naming_reason() -> None:
    problems = _problems(good(reason=...))
    assert "reason" in problems
    assert "activation criterion" in problems["reason"]


def test_no_suspect_or_vehicle_description_is_refused() -> None:
    problems = _problems(good(suspects=[], vehicles=[]))
    assert list(problems) == ["suspects"]
    assert "description of a suspect or of a vehicle" in problems["suspects"]


def test_suspect_with_only_armed_flag_is_not_a_description() -> None:
    problems = _problems(good(suspects=[{"armed": True}], vehicles=[]))
    assert list(problems) == ["suspects"]


def test_vehicle_alone_is_enough() -> None:
    assert build(suspects=[]).vehicles[0].plate == "8CX1234"


def test_suspect_alone_is_enough() -> None:
    assert build(vehicles=[]).suspects[0].race == "white"


def test_missing_officer_needs_officer_or_patrol_vehicle() -> None:
    problems = _problems(good(reason="officer_missing", suspects=[], vehicles=[]))
    assert list(problems) == ["officer"]
    b = build(reason="officer_missing", suspects=[], vehicles=[],
              officer={"patrol_vehicle": {"make": "Ford", "plate": "UNIT 12"}})
    assert b.officer is not None and b.officer.name is None


def test_officer_details_only_for_missing_officer() -> None:
    problems = _problems(good(officer={"sex": "female"}))
    assert list(problems) == ["officer"]
    assert "officer_missing" in problems["officer"]


def test_several_criteria_problems_are_listed_each_with_its_field() -> None:
    problems = _problems(good(reason=..., areas=[], expires=...))
    assert set(problems) == {"reason", "areas", "expires"}


def test_field_errors_name_the_nested_path() -> None:
    problems = _problems(good(suspects=[{"sex": "male"}, {"age": "thirty"}]))
    assert list(problems) == ["suspects[1].age"]
    problems = _problems(good(areas=[{"description": "x", "same_codes": ["24013"]}]))
    assert list(problems) == ["areas[0].same_codes"]


def test_unknown_field_is_refused() -> None:
    problems = _problems(good(colour="blue"))
    assert list(problems) == ["colour"]


def test_empty_parts_are_refused() -> None:
    assert list(_problems(good(suspects=[{}], vehicles=[]))) == ["suspects[0]"]
    assert list(_problems(good(last_known={}))) == ["last_known"]


def test_text_is_trimmed_and_empty_text_refused() -> None:
    b = build(incident={"summary": "  A deputy \n was   shot "})
    assert b.incident.summary == "A deputy was shot"
    assert list(_problems(good(incident={"summary": "   "}))) == ["incident.summary"]


def test_naive_and_fractional_times_are_refused() -> None:
    assert list(_problems(good(sent="2026-11-24T02:05:00"))) == ["sent"]
    assert list(_problems(good(sent="2026-11-24T02:05:00.5-05:00"))) == ["sent"]


def test_expires_must_follow_sent() -> None:
    problems = _problems(good(expires="2026-11-24T02:00:00-05:00"))
    assert list(problems) == ["expires"]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("30", 30, 30), ("30-35", 30, 35), ("30 to 35", 30, 35), ("5'10\"", 70, 70),
     ("5'10\"-6'1\"", 70, 73), ("6'", 72, 72), ("5 ft 9 in", 69, 69)],
)
def test_range_text(text: str, low: int, high: int) -> None:
    assert Range.model_validate(text) == Range(low=low, high=high)


def test_range_other_forms_and_order() -> None:
    assert Range.model_validate(40) == Range(low=40, high=40)
    assert Range.model_validate([20, 25]) == Range(low=20, high=25)
    with pytest.raises(InvalidContentError):
        Range.model_validate("35-30")
    with pytest.raises(InvalidContentError):
        Range.model_validate(True)


@pytest.mark.parametrize("text", ["9" * 5000, "1-" + "9" * 5000, "9" * 5000 + "'"])
def test_range_of_too_many_digits_is_refused_as_a_range(text: str) -> None:
    # not Python's "Exceeds the limit (4300 digits) for integer string conversion"
    with pytest.raises(InvalidContentError) as exc:
        Range.model_validate(text)
    message = str(exc.value)
    assert "is not a range such as" in message and "digits" not in message
    assert len(message) < 300


@pytest.mark.parametrize(
    ("field", "value"),
    [("weight", "5'10\""), ("weight", "6 ft"), ("age", "6'"), ("height", "5-10"),
     ("height", 6), ("height", [5, 11])],
)
def test_feet_only_for_heights_and_heights_over_a_foot(field: str, value: Any) -> None:
    # A weight or age in feet and inches, or a height in feet without the mark ("5-10"),
    # would otherwise be broadcast as "70 lb" or 0'5"-0'10".
    suspect = {"sex": "male", field: value}
    problems = _problems(good(suspects=[suspect]))
    assert list(problems) == [f"suspects[0].{field}"]
    officer = {"sex": "male", field: value}
    problems = _problems(good(reason="officer_missing", officer=officer))
    assert list(problems) == [f"officer.{field}"]


def test_partial_plate_needs_a_plate() -> None:
    problems = _problems(good(vehicles=[{"make": "Ford", "partial_plate": True}]))
    assert list(problems) == ["vehicles[0]"]


def test_wea_handling_default_and_choice() -> None:
    assert build().wea_handling is WeaHandling.IMMINENT_THREAT
    assert build(wea_handling="Public Safety").wea_handling is WeaHandling.PUBLIC_SAFETY
    assert build(wea_handling=None).wea_handling is None


def test_imminent_threat_refused_where_fcc_minimums_fail() -> None:
    b = build()
    sent = b.sent + timedelta(minutes=30)
    cancel = b.cancel(identifier="TEST-BLU-0002", sent=sent)
    assert cancel.wea_handling is WeaHandling.PUBLIC_SAFETY
    with pytest.raises(InvalidContentError) as info:
        b.cancel(identifier="TEST-BLU-0002", sent=sent, wea_handling="Imminent Threat")
    assert [p.location for p in info.value.problems] == ["wea_handling"]
    assert "47 CFR 10.400" in info.value.problems[0].message


def test_update_and_cancel_reference_the_chain() -> None:
    b = build()
    t1 = b.sent + timedelta(minutes=20)
    upd = b.update(identifier="TEST-BLU-0002", sent=t1, last_known={"location": "Exit 19"})
    assert upd.msg_type is MsgType.UPDATE
    assert upd.references == (b.reference,)
    assert upd.last_known is not None and upd.last_known.location == "Exit 19"
    cancel = upd.cancel(identifier="TEST-BLU-0003", sent=t1 + timedelta(minutes=20))
    assert cancel.msg_type is MsgType.CANCEL
    assert cancel.references == (b.reference, upd.reference)
    assert cancel.cancel_reason == "Suspect in custody"
    assert str(cancel.references[0]) == (
        "blue@sheriff.example.gov,TEST-BLU-0001,2026-11-24T02:05:00-05:00")


def test_follow_ups_keep_the_chosen_wea_class() -> None:
    b = build(wea_handling="Public Safety")
    later = b.sent + timedelta(minutes=5)
    assert b.update(identifier="U", sent=later).wea_handling is WeaHandling.PUBLIC_SAFETY
    assert b.cancel(identifier="C", sent=later).wea_handling is WeaHandling.PUBLIC_SAFETY
    quiet = build(wea_handling=None)
    assert quiet.update(identifier="U", sent=later).wea_handling is None
    assert build().update(identifier="U", sent=later).wea_handling is (
        WeaHandling.IMMINENT_THREAT)


def test_update_without_references_is_refused() -> None:
    assert list(_problems(good(msg_type="Update"))) == ["references"]


def test_cancel_reason_only_on_cancel() -> None:
    assert list(_problems(good(cancel_reason="Suspect in custody"))) == ["cancel_reason"]


def test_ack_is_not_a_blue_alert_message_type() -> None:
    assert "msg_type" in _problems(good(msg_type="Ack"))


def test_new_fills_identifier_and_sent() -> None:
    data = good(identifier=..., sent=...)
    data["expires"] = (datetime.now(UTC) + timedelta(hours=6)).replace(
        microsecond=0
    ).isoformat()
    data["incident"] = {"summary": "A deputy was shot"}
    b = BlueAlert.new(**data)
    assert b.identifier.startswith("BLU-")
    assert b.sent.utcoffset() is not None and b.sent.microsecond == 0
    assert b.to_cap() == b.to_cap()


def test_model_validate_json_lists_every_problem_by_field_path() -> None:
    import json

    data = good()
    data["suspects"] = [{"sex": "robot"}]
    data["unknown"] = 1
    with pytest.raises(InvalidContentError) as exc:
        BlueAlert.model_validate_json(json.dumps(data))
    assert {p.location for p in exc.value.problems} == {"suspects[0].sex", "unknown"}
    assert BlueAlert.model_validate_json(json.dumps(good())) == BlueAlert.model_validate(good())


def test_bad_reference_is_one_plain_problem() -> None:
    problems = _problems(good(msg_type="Update", references=["bad ref"]))
    assert problems == {"references": "reference 'bad ref' is not 'sender,identifier,sent'"}


def test_range_from_a_json_float_and_other_types() -> None:
    # 30.0 is what many JSON writers make of 30; a fraction or another type is named plainly
    assert Range.model_validate(30.0) == Range(low=30, high=30)
    assert list(_problems(good(suspects=[{"sex": "male", "age": 30.5}]))) == ["suspects[0].age"]
    problems = _problems(good(suspects=[{"sex": "male", "age": 30.5}]))
    assert problems["suspects[0].age"] == "30.5 is not a whole number"
    with pytest.raises(InvalidContentError, match="is not a range: give a number"):
        Range.model_validate(object())


@pytest.mark.parametrize("field", ["sent", "expires"])
def test_a_number_is_not_read_as_unix_time(field: str) -> None:
    with pytest.raises(InvalidContentError) as exc:
        build(**{field: 1700000000})
    assert f"{field}: 1700000000 is a number" in str(exc.value)


# Found by the review fuzz campaign: the agency web and photo URIs were only checked for a
# scheme, so the model accepted URIs that its own CAP message then failed under the bluealert
# profile (WEB_IS_ABSOLUTE_URI, URI_IS_ABSOLUTE or the schema's xs:anyURI).
BAD_URIS = [
    ("https://ccso.example.gov/blue alert", "white space"),
    ("https://ccso.example.gov/\u00a0x", "white space"),  # no-break space, made a space
    ("https:", "not an absolute URI"),
    ("https://ccso.example.gov/]]>x", "not a valid URI"),
    ("https://ccso.example.gov/%zz", "not a valid URI"),
    ("https://ccso.example.gov/a#b#c", "not a valid URI"),
]


@pytest.mark.parametrize(("uri", "words"), BAD_URIS)
def test_web_and_photo_uris_the_message_could_not_carry_are_refused(uri: str, words: str) -> None:
    agency = dict(good()["agency"], web=uri)
    problems = _problems(good(agency=agency))
    assert list(problems) == ["agency.web"] and words in problems["agency.web"]
    suspect = dict(good()["suspects"][0], photo={"uri": uri})
    problems = _problems(good(suspects=[suspect]))
    where = "suspects[0].photo.uri"
    assert list(problems) == [where] and words in problems[where]


@pytest.mark.parametrize(
    "uri", ["https://ccso.example.gov/a?b=c#d", "https://[2001:db8::1]/x", "https://e.gov/\u00e9",
            "https://e.gov/a<b>"],
)
def test_uris_the_schema_accepts_are_kept_and_compose_cleanly(uri: str) -> None:
    from bluealert_cap import validate

    agency = dict(good()["agency"], web=uri)
    suspect = dict(good()["suspects"][0], photo={"uri": uri})
    b = build(agency=agency, suspects=[suspect])
    assert b.agency.web == uri
    report = validate(b.to_cap().to_xml(), profile="bluealert")
    assert [f.rule for f in report.findings if f.severity == "error"] == []


def test_end_of_day_24_00_is_read_as_cap_reads_it() -> None:
    # XML Schema's 24:00:00 is the next day's midnight; pydantic alone refused it with
    # "unexpected extra characters at the end of the input"
    alert = build(expires="2026-11-24T24:00:00-05:00")
    assert alert.expires == datetime(2026, 11, 25, 0, 0, tzinfo=timedelta_zone(-5))
    with pytest.raises(InvalidContentError) as exc:
        build(expires="2026-11-24T24:00:01-05:00")
    assert "expires: '2026-11-24T24:00:01-05:00' is not a real date-time" in str(exc.value)


def timedelta_zone(hours: int) -> Any:
    from datetime import timezone

    return timezone(timedelta(hours=hours))

"""Property tests: random valid alerts survive the XML codec and are schema-valid (issue 2)."""

from __future__ import annotations

import pickle

from conftest import OFFICIAL_XSD
from hypothesis import HealthCheck, given, settings
from lxml import etree
from strategies import alerts

import bluealert_cap as bc

_OFFICIAL = etree.XMLSchema(etree.parse(str(OFFICIAL_XSD)))
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(alerts())
def test_parse_of_to_xml_is_identity(alert: bc.Alert) -> None:
    assert bc.parse(alert.to_xml()) == alert
    assert bc.parse(alert.to_xml(pretty=True)) == alert


@SETTINGS
@given(alerts())
def test_to_xml_is_byte_stable(alert: bc.Alert) -> None:
    xml = alert.to_xml()
    assert bc.parse(xml).to_xml() == xml
    pretty = alert.to_xml(pretty=True)
    assert bc.parse(pretty).to_xml(pretty=True) == pretty


@SETTINGS
@given(alerts())
def test_written_xml_is_valid_under_official_schema(alert: bc.Alert) -> None:
    for xml in (alert.to_xml(), alert.to_xml(pretty=True)):
        root = etree.fromstring(xml)
        assert _OFFICIAL.validate(root), _OFFICIAL.error_log
    assert bc.validate(alert, profile="schema").ok


@settings(max_examples=40, deadline=None)
@given(alerts())
def test_models_pickle_and_hash(alert: bc.Alert) -> None:
    again = pickle.loads(pickle.dumps(alert))
    assert again == alert
    assert hash(again) == hash(alert)
    assert again.to_xml() == alert.to_xml()

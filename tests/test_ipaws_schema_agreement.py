"""The shipped IPAWS profile schema (XSD 1.1) and the code rules give the same verdict.

``schemas/ipaws-profile-1.0.xsd`` states the IPAWS profile's hard requirements as an XSD 1.1
schema (content model + ``xs:assert``); the runtime checks them in code (the ``ipaws`` layer,
plus two cap-layer rules the profile relies on). For every CAP 1.2 corpus file and a set of
mutations of a good IPAWS message:

- verdict: the XSD accepts the document exactly when the official OASIS CAP 1.2 XSD accepts it
  and no rule in ``COVERED`` reports an error;
- rule by rule (for documents the official XSD accepts): the groups of rules the failing
  ``xs:assert``/required elements name in their ``xs:appinfo`` are exactly the groups the code
  reports.
"""

from __future__ import annotations

import copy
import importlib.resources
import re
from functools import cache
from pathlib import Path

import pytest
import xmlschema
from conftest import CORPUS, CORPUS_INVALID, OFFICIAL_XSD
from lxml import etree
from test_rules_ipaws import CASES, Mutator, _el, both, insert_after, mutated, remove, text

from bluealert_cap import validate
from bluealert_cap._errors import CapError
from bluealert_cap._validation import CATALOGUE, profile_names
from bluealert_cap._xml import check_cap12_root, load_xml

XS = "{http://www.w3.org/2001/XMLSchema}"

COVERED: frozenset[str] = frozenset({
    # alert block
    "CODE_INCLUDES_IPAWS_V1_0",
    "REFERENCES_IS_GIVEN_FOR_UPDATE_OR_CANCEL",  # cap layer; the profile needs it too
    "INFO_IS_REQUIRED_UNLESS_CANCEL",
    "EXPIRES_IS_NOT_BEFORE_SENT",  # cap layer (expires < sent)
    "EXPIRES_DIFFERS_FROM_SENT",  # ipaws layer (expires == sent)
    "INFO_CATEGORIES_MATCH",
    "INFO_EVENT_CODES_MATCH",
    # info block
    "EXPIRES_IS_REQUIRED",
    "AREA_IS_REQUIRED",
    "SAME_EVENT_CODE_IS_REQUIRED",
    "SAME_EVENT_CODE_IS_UNIQUE",
    "SAME_EVENT_CODE_IS_THREE_LETTERS",
    "EAS_ORG_IS_REQUIRED",
    "EAS_ORG_IS_KNOWN",
    "CMAM_TEXT_IS_AT_MOST_90_CHARACTERS",
    "CMAM_LONG_TEXT_IS_AT_MOST_360_CHARACTERS",
    "WEA_IMMINENT_THREAT_MEETS_FCC_MINIMUMS",
    # area
    "SAME_GEOCODE_IS_SIX_DIGITS",
    "SAME_GEOCODE_AREA_IS_KNOWN",
})
"""Rule ids the XSD covers (every error of the ipaws layer, and two cap-layer rules)."""

_MISSING_CHILD = re.compile(r"Tag '(?:cap:|\{[^}]*\})?(expires|area)' expected")


def _schema_path() -> Path:
    return Path(str(importlib.resources.files("bluealert_cap.schemas") / "ipaws-profile-1.0.xsd"))


@cache
def _schema() -> xmlschema.XMLSchema11:
    return xmlschema.XMLSchema11(str(_schema_path()))


@cache
def _official() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(OFFICIAL_XSD)))


@cache
def _groups() -> dict[str, frozenset[str]]:
    """Rule id -> the group of rule ids one XSD check (assert or required element) names."""
    tree = etree.parse(str(_schema_path()))
    groups: dict[str, frozenset[str]] = {}
    for appinfo in tree.iter(XS + "appinfo"):
        group = frozenset((appinfo.text or "").split())
        for rule in group:
            groups[rule] = group
    return groups


@cache
def _required_element_groups() -> dict[str, frozenset[str]]:
    tree = etree.parse(str(_schema_path()))
    out: dict[str, frozenset[str]] = {}
    for el in tree.iter(XS + "element"):
        appinfo = el.find(f"{XS}annotation/{XS}appinfo")
        if appinfo is not None:
            out[el.get("name", "")] = frozenset((appinfo.text or "").split())
    return out


def _xsd_groups(
    errors: list[xmlschema.XMLSchemaValidationError],
) -> tuple[set[frozenset[str]], list[str]]:
    """Groups named by the failed checks, and the errors no group explains."""
    fired: set[frozenset[str]] = set()
    unexplained: list[str] = []
    for err in errors:
        elem = getattr(err.validator, "elem", None)
        appinfo = None
        if elem is not None and elem.tag == XS + "assert":
            appinfo = elem.find(f"{XS}annotation/{XS}appinfo")
        if appinfo is not None:
            fired.add(frozenset((appinfo.text or "").split()))
            continue
        m = _MISSING_CHILD.search(str(err.reason))
        if m:
            fired.add(_required_element_groups()[m.group(1)])
            continue
        unexplained.append(str(err.reason))
    return fired, unexplained


def _check(data: bytes) -> None:
    doc = load_xml(data)
    tree = etree.ElementTree(doc.root)
    official_ok = _official().validate(tree)
    # xmlschema takes a comment or PI inside a value for a child element; comments and PIs are
    # not character content, so it gets the tree without them.
    bare = copy.deepcopy(doc.root)
    etree.strip_tags(bare, etree.Comment, etree.ProcessingInstruction)
    xsd_errors = list(_schema().iter_errors(etree.ElementTree(bare)))
    report = validate(data, profile="ipaws")
    code = {f.rule for f in report.findings if f.rule in COVERED and f.severity == "error"}
    code_groups = {_groups()[r] for r in code}

    assert (not xsd_errors) == (official_ok and not code), (
        f"XSD says {'valid' if not xsd_errors else [str(e.reason) for e in xsd_errors]}, "
        f"official XSD {'valid' if official_ok else 'invalid'}, code rules {sorted(code)}"
    )
    if official_ok:
        xsd_groups, unexplained = _xsd_groups(xsd_errors)
        assert unexplained == []
        assert {tuple(sorted(g)) for g in xsd_groups} == {tuple(sorted(g)) for g in code_groups}


def _cap12_files() -> list[Path]:
    files = [p for p in sorted(CORPUS.rglob("*.xml")) if p.parent.name != "other-versions"]
    files += sorted(CORPUS_INVALID.glob("*.xml"))
    out = []
    for path in files:
        try:
            check_cap12_root(load_xml(path).root)
        except CapError:
            continue  # refused before any layer runs: nothing for the schemas to compare
        out.append(path)
    return out


CAP12_FILES = _cap12_files()


def test_covered_rules_are_what_the_schema_names() -> None:
    profile_names()  # loads every built-in layer, so the catalogue is complete
    assert set(_groups()) == COVERED
    ipaws_errors = {
        r.id for r in CATALOGUE.values() if r.profile == "ipaws" and r.severity == "error"
    }
    assert ipaws_errors <= COVERED
    assert all(CATALOGUE[r].severity == "error" for r in COVERED)


def test_schema_is_xsd_1_1_and_ships_in_the_package() -> None:
    assert _schema_path().is_file()
    assert _schema().XSD_VERSION == "1.1"
    asserts = list(etree.parse(str(_schema_path())).iter(XS + "assert"))
    assert len(asserts) == 14


def test_corpus_list_is_not_empty() -> None:
    # 8 real IPAWS/NWS-IPAWS messages and the rest of the CAP 1.2 corpus
    assert len(CAP12_FILES) > 90


@pytest.mark.parametrize("path", CAP12_FILES, ids=[p.name for p in CAP12_FILES])
def test_corpus_file(path: Path) -> None:
    _check(path.read_bytes())


EXTRA: list[tuple[str, Mutator]] = [
    ("Update without references", text("msgType", "Update")),
    ("Update with blank references",
     both(text("msgType", "Update"), insert_after("code", lambda: _el("references", " \n ")))),
    ("expires before sent", text("info/expires", "2025-06-01T10:05:00-04:00")),
    ("SAME valueName with whitespace", text("info/eventCode/valueName", " SAME\n")),
    ("BLOCKCHANNEL EAS with whitespace, no EAS-ORG",
     both(text("info/parameter[1]/valueName", "BLOCKCHANNEL"),
          text("info/parameter[1]/value", " EAS "))),
    ("BLOCKCHANNEL eas in lower case, no EAS-ORG",
     both(text("info/parameter[1]/valueName", "BLOCKCHANNEL"),
          text("info/parameter[1]/value", "eas"))),
    ("CMAMtext whose whitespace makes it 91",
     text("info/parameter[4]/value", " " + "a" * 82 + " 5 PM\n  ")),
    ("Cancel without info and without references",
     both(text("msgType", "Cancel"), remove("info"))),
    ("WEAHandling Imminent Threat spelt with two spaces",
     both(text("info/parameter[6]/value", "Imminent  Threat"), text("info/severity", "Minor"))),
]


@pytest.mark.parametrize(
    "mutator", [m for _, m, _ in CASES] + [m for _, m in EXTRA],
    ids=[n for n, _, _ in CASES] + [n for n, _ in EXTRA],
)
def test_mutation(mutator: Mutator | None) -> None:
    _check(mutated(mutator))


def test_every_same_state_prefix_agrees() -> None:
    for ss in range(100):
        _check(mutated(text("info/area/geocode/value", f"0{ss:02d}001")))

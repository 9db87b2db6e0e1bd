"""Fuzzing: byte and tree mutations of the corpus never break the contract.

For every input: ``parse`` returns an Alert or raises a CapError, a parsed alert writes and
reads back equal, ``validate`` returns a Report under every profile, and no call takes over a
second (``fuzz/oracle.py``). Bounded to a few hundred examples so the file runs in seconds;
``fuzz/campaign.py`` (plain loop) and ``fuzz/atheris_parse.py`` run the same property for
hundreds of thousands of inputs (see docs/robustness.md).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, CORPUS_INVALID
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))

from invariant_campaign import json_mutation, json_seeds, neutral_variant, xml_input
from invariants import check_equivalent, check_json, check_xml
from mutators import mutate, mutate_bytes, mutate_tree
from oracle import check, profile_names

from bluealert_cap import CapError, parse
from bluealert_cap._xml import load_xml

SEEDS: list[bytes] = [
    p.read_bytes()
    for p in sorted(CORPUS.rglob("*.xml")) + sorted(CORPUS_INVALID.glob("*.xml"))
    if p.stat().st_size < 40_000
]
ALL_PROFILES = profile_names()
FUZZ = settings(
    max_examples=600,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _assert_holds(data: bytes, profiles: list[str] | None = None) -> None:
    outcome = check(data, profiles)
    assert outcome.problems == [], outcome.problems


def test_there_are_seeds() -> None:
    assert len(SEEDS) > 50


@FUZZ
@given(st.integers(0, len(SEEDS) - 1), st.randoms(use_true_random=False))
def test_byte_mutations(index: int, rng: random.Random) -> None:
    _assert_holds(mutate_bytes(rng, SEEDS[index], rounds=rng.choice((1, 2, 4))))


@FUZZ
@given(st.integers(0, len(SEEDS) - 1), st.randoms(use_true_random=False))
def test_tree_mutations(index: int, rng: random.Random) -> None:
    _assert_holds(mutate_tree(rng, SEEDS[index], rounds=rng.choice((1, 2, 4))))


@settings(FUZZ, max_examples=200)
@given(st.integers(0, len(SEEDS) - 1), st.randoms(use_true_random=False))
def test_mixed_mutations_under_every_profile(index: int, rng: random.Random) -> None:
    _assert_holds(mutate(rng, SEEDS[index]), ALL_PROFILES)


@settings(FUZZ, max_examples=100)
@given(st.binary(max_size=2048))
@example(b"")
@example(b"<")
@example(b"<alert/>")
@example(b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"/>')
@example(b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><info/></alert>')
def test_arbitrary_bytes(data: bytes) -> None:
    _assert_holds(data, ALL_PROFILES)


@settings(FUZZ, max_examples=100)
@given(st.text(max_size=512))
def test_arbitrary_text_inside_an_alert(text: str) -> None:
    body = text.replace("]]>", "")
    doc = (
        '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier><![CDATA['
        + body
        + "]]></identifier></alert>"
    )
    _assert_holds(doc.encode("utf-8", errors="surrogatepass"), ALL_PROFILES)


# Found by the long campaign (docs/robustness.md): a ds:Signature holding an element in no
# namespace, in a message that writes CAP with a prefix. Written back under the default CAP
# namespace the element silently moves into the CAP namespace: the re-read signature differs,
# or (with an attribute) the re-read is refused. Fixed in the reader (xmlns="" on the fragment).
_UNQUALIFIED_IN_SIGNATURE = (
    b'<cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2">'
    b"<cap:identifier>a</cap:identifier><cap:sender>b</cap:sender>"
    b"<cap:sent>2024-07-13T11:47:04-06:00</cap:sent><cap:status>Actual</cap:status>"
    b"<cap:msgType>Alert</cap:msgType><cap:scope>Public</cap:scope>"
    b'<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>'
    b"%s</ds:SignedInfo></ds:Signature></cap:alert>"
)


@pytest.mark.parametrize(
    "inner", [b"<description/>", b'<areaDesc Algorithm="x"/>'], ids=["plain", "attribute"]
)
def test_regression_unqualified_element_inside_a_signature(inner: bytes) -> None:
    _assert_holds(_UNQUALIFIED_IN_SIGNATURE % inner, ["cap"])


# Found by the long campaign: an empty quoted item in a list ('<incidents>""</incidents>') was
# read as ('',) and written back as '<incidents/>', read again as ().
@pytest.mark.parametrize("element", ["incidents", "addresses"])
@pytest.mark.parametrize("text", ['""', '"" a', 'a ""', '"" ""'])
def test_regression_empty_quoted_list_item(element: str, text: str) -> None:
    data = (
        b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>a</identifier>'
        b"<sender>b</sender><sent>2024-07-13T11:47:04-06:00</sent><status>Actual</status>"
        b"<msgType>Alert</msgType><scope>Private</scope>"
        + f"<{element}>{text}</{element}>".encode()
        + b"</alert>"
    )
    _assert_holds(data, ["cap"])


# Found by the review fuzz campaign: an empty CDATA section in a signature element
# ('<ds:Transform ...><![CDATA[]]></ds:Transform>') was kept as '<ds:Transform ...></ds:Transform>'
# and written back so, then read again as '<ds:Transform .../>': parse(to_xml(a)) != a.
@pytest.mark.parametrize("inner", [b"<![CDATA[]]>", b"<![CDATA[]]><![CDATA[]]>"])
def test_regression_empty_cdata_inside_a_signature(inner: bytes) -> None:
    data = _UNQUALIFIED_IN_SIGNATURE.replace(
        b"%s", b'<ds:Transform Algorithm="urn:x">' + inner + b"</ds:Transform>"
    )
    _assert_holds(data, ["cap"])
    alert = parse(data)
    assert parse(alert.to_xml()).to_xml() == alert.to_xml()


# The invariant harness (fuzz/invariants.py, docs/robustness.md): besides the contract above,
# every finding is catalogued and placed (its XPath selects the element at its line and
# column), every profile keeps the findings of the one below, Blue Alert JSON composes cleanly,
# and the same document spelled differently reads and validates the same.
_JSON_SEEDS = json_seeds()
_WEIGHTS = [1.0 / (1 + len(s) / 20_000) for s in SEEDS]


def test_invariants_hold_on_every_seed() -> None:
    for data in SEEDS:
        assert check_xml(data) == []
    for obj in _JSON_SEEDS:
        assert check_json(obj) == []


@settings(FUZZ, max_examples=150)
@given(st.randoms(use_true_random=False))
def test_invariants_on_mutated_messages(rng: random.Random) -> None:
    assert check_xml(xml_input(rng, SEEDS, _WEIGHTS)) == []


@settings(FUZZ, max_examples=150)
@given(st.randoms(use_true_random=False))
def test_invariants_on_mutated_compose_json(rng: random.Random) -> None:
    assert check_json(json_mutation(rng, rng.choice(_JSON_SEEDS))) == []


@settings(FUZZ, max_examples=60)
@given(st.integers(0, len(SEEDS) - 1), st.randoms(use_true_random=False))
def test_markup_inside_values_changes_nothing(index: int, rng: random.Random) -> None:
    try:
        load_xml(SEEDS[index])
    except CapError:
        return  # refused as XML (a DOCTYPE, say): re-serializing it would change that
    variant = neutral_variant(rng, SEEDS[index])
    if variant is not None:
        assert check_equivalent(SEEDS[index], variant, False, "neutral") == []

"""Real signed CAP messages: verify them as archived, and re-sign the corpus with a test key.

Each signed message is verified trusting only its own certificate(s), as of its own ``<sent>``
time, with SHA-1 allowed: it verifies, or fails for a reason this library states and explains.
The tampered samples in ``corpus-invalid`` fail for the reason ``SOURCES.md`` gives.
"""

from __future__ import annotations

import base64
import re
import warnings
from pathlib import Path

import pytest
from cryptography import x509
from lxml import etree
from test_signature import Pki, make_pki

from bluealert_cap import sign, validate, verify
from bluealert_cap._errors import CapError

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
CORPUS = REFERENCE / "corpus"
CORPUS_INVALID = REFERENCE / "corpus-invalid"
DS = "{http://www.w3.org/2000/09/xmldsig#}"
SHA1_URIS = (
    "http://www.w3.org/2000/09/xmldsig#sha1",
    "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
)

# Reasons a real archived signature may legitimately fail for (each comes with a message).
EXPLAINED = {
    "digest-mismatch",
    "bad-signature-value",
    "expired-certificate",
    "certificate-not-yet-valid",
    "no-certificate",
    "unsupported-algorithm",
    "malformed-signature",
}


def _root(path: Path) -> etree._Element | None:
    try:
        return etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return None


def signed_corpus_files() -> list[Path]:
    files = []
    for p in sorted(CORPUS.rglob("*.xml")):
        root = _root(p)
        if root is not None and root.find(".//" + DS + "Signature") is not None:
            files.append(p)
    return files


def own_certificates(path: Path) -> list[x509.Certificate]:
    """The certificates a message carries (what a recipient would pin after checking them)."""
    root = _root(path)
    assert root is not None
    certs = []
    for el in root.iter(DS + "X509Certificate"):
        try:
            der = base64.b64decode("".join((el.text or "").split()))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                certs.append(x509.load_der_x509_certificate(der))
        except ValueError:
            continue
    return certs


SIGNED = signed_corpus_files()


def test_corpus_has_signed_messages() -> None:
    assert len(SIGNED) >= 20
    assert any(p.parent.name == "ipaws" for p in SIGNED)


@pytest.mark.parametrize("path", SIGNED, ids=lambda p: p.name)
def test_archived_signature_verifies_or_fails_with_a_stated_reason(path: Path) -> None:
    with warnings.catch_warnings():
        # nothing reaches the caller's (or the CLI's) stderr, e.g. cryptography's warning
        # about an old certificate's negative serial number
        warnings.simplefilter("error")
        result = verify(path, trusted=own_certificates(path), at="sent", allow_sha1=True)
    if result.ok:
        assert result.signed_data is not None
        assert all(c.intact for c in result.checks)
        return
    assert result.reason in EXPLAINED, result.message
    failing = [c for c in result.checks if not c.ok]
    assert failing and all(c.message and c.problems for c in failing)
    for check in failing:
        if check.reason == "no-certificate":
            # Only a KeyValue: the signature itself verified with it; trust is what is missing.
            assert check.intact and check.subject is None
        if check.reason in ("expired-certificate", "certificate-not-yet-valid"):
            # Precise expiry: the certificate's bound is named, and the signature is intact.
            assert check.intact
            assert check.not_valid_after is not None and check.not_valid_before is not None
            bound = (
                check.not_valid_after if check.reason == "expired-certificate"
                else check.not_valid_before
            )
            assert bound.isoformat() in check.message
            assert result.at.isoformat() in check.message


def test_every_ipaws_message_verifies_with_its_own_certificate() -> None:
    ipaws = [p for p in SIGNED if p.parent.name == "ipaws"]
    assert ipaws
    for path in ipaws:
        result = verify(path, trusted=own_certificates(path), at="sent", allow_sha1=True)
        assert result.ok, f"{path.name}: {result.message}"
        assert "IPAWSOPEN" in (result.subject or "")


def test_ipaws_messages_are_not_trusted_without_trust_and_expired_now() -> None:
    for path in (p for p in SIGNED if p.parent.name == "ipaws"):
        assert verify(path, trusted=None).reason == "untrusted-certificate"
        own = own_certificates(path)
        now = verify(path, trusted=own)
        if all(c.not_valid_after_utc < now.at for c in own):
            assert now.reason == "expired-certificate", now.message


def test_sha1_needs_allow_sha1() -> None:
    uses_sha1 = []
    for path in SIGNED:
        root = _root(path)
        assert root is not None
        top = [c for c in root if c.tag == DS + "Signature"]
        algos = {
            el.get("Algorithm")
            for sig in top
            for el in sig.iter(DS + "SignatureMethod", DS + "DigestMethod")
        }
        if algos & set(SHA1_URIS):
            uses_sha1.append(path)
            result = verify(path, trusted=own_certificates(path), at="sent")
            assert not result.ok
            reasons = {r for c in result.checks for r, _ in c.problems}
            assert "weak-algorithm" in reasons, result.message
    assert uses_sha1
    # ... and with allow_sha1 at least one of them verifies completely.
    assert any(
        verify(p, trusted=own_certificates(p), at="sent", allow_sha1=True).ok for p in uses_sha1
    )


def _sources_reasons() -> dict[str, str]:
    """File name → expected reason, read from corpus-invalid/SOURCES.md's signature rows."""
    text = (CORPUS_INVALID / "SOURCES.md").read_text(encoding="utf-8")
    expected = {}
    for line in text.splitlines():
        m = re.match(r"\| `([^`]+\.xml)` \|.*\| ([^|]+) \|\s*$", line)
        if not m:
            continue
        name, why = m.group(1), m.group(2)
        if "X509Certificate altered" in why:
            expected[name] = "bad-certificate"
        elif "DigestValue altered" in why:
            expected[name] = "digest-mismatch"
        elif "SignatureValue altered" in why:
            expected[name] = "bad-signature-value"
        elif "unsigned" in why:
            expected[name] = "missing-signature"
    return expected


def test_tampered_samples_fail_for_the_reason_sources_gives() -> None:
    expected = _sources_reasons()
    assert len(expected) == 4
    # Trusting the message's own certificate, as of <sent>: only the tampering can fail.
    for name, reason in expected.items():
        path = CORPUS_INVALID / name
        certs = own_certificates(path)
        result = verify(path, trusted=certs, at="sent", allow_sha1=True)
        assert not result.ok
        assert result.reason == reason, f"{name}: {result.message}"


def test_validate_reports_the_tampering_at_the_signature() -> None:
    rules = {
        "bad-certificate": "SIGNATURE_IS_WELL_FORMED",
        "digest-mismatch": "SIGNATURE_IS_VALID",
        "bad-signature-value": "SIGNATURE_IS_VALID",
        "missing-signature": "SIGNATURE_IS_PRESENT",
    }
    for name, reason in _sources_reasons().items():
        path = CORPUS_INVALID / name
        report = validate(path, trusted=own_certificates(path), at="sent", allow_sha1=True)
        found = [(f.rule, f.xpath) for f in report if f.source == "signature"]
        xpath = "/alert[1]" if reason == "missing-signature" else "/alert[1]/Signature[1]"
        assert (rules[reason], xpath) in found, (name, found)


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


def cap12_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*.xml") if p.parent.name != "other-versions")


def _has_outside_pi(path: Path) -> bool:
    root = _root(path)
    if root is None:
        return False
    siblings = [*root.itersiblings(preceding=True), *root.itersiblings()]
    return any(isinstance(n, etree._ProcessingInstruction) for n in siblings)


def test_corpus_resigned_with_a_test_key_verifies_and_stays_schema_valid(pki: Pki) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(REFERENCE / "schemas" / "CAP-v1.2.xsd"))
    resigned = refused = 0
    for path in cap12_files():
        try:
            signed = sign(path, pki.key, pki.cert)
        except CapError as exc:
            # Refused only for a processing instruction outside <alert> (verifiers disagree on
            # whether URI="" covers it) or for not being a CAP 1.2 alert at all.
            if _has_outside_pi(path):
                assert "processing instruction" in str(exc), (path.name, exc)
            else:
                root = _root(path)
                assert root is None or root.tag != "{urn:oasis:names:tc:emergency:cap:1.2}alert"
            refused += 1
            continue
        resigned += 1
        assert not _has_outside_pi(path)
        result = verify(signed, trusted=[pki.ca])
        assert result.ok, f"{path.name}: {result.message}"
        assert len(result.checks) == 1
        if schema.is_valid(path.read_bytes()):
            assert schema.is_valid(signed), path.name
    assert resigned > refused > 0


def test_resigned_ipaws_message_is_valid_under_profile_ipaws(pki: Pki) -> None:
    for path in sorted((CORPUS / "ipaws").glob("*.xml")):
        signed = sign(path, pki.key, pki.cert)
        before = validate(path, profile="ipaws")
        after = validate(signed, profile="ipaws", trusted=[pki.ca])
        assert after.ok == before.ok, path.name
        sig = [(f.rule, f.severity) for f in after if f.source == "signature"]
        assert sig == [("SIGNATURE_IS_VERIFIED", "info")]

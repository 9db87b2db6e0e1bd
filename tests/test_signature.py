"""sign() and verify(): enveloped XML signatures as IPAWS-OPEN expects, and every way to fail.

Keys and certificates are made at test time (no private key in the repository): a CA, a signer
it issued (RSA and EC), a second trusted signer, an expired signer, and a signer from a CA
nobody trusts.
"""

from __future__ import annotations

import base64
import functools
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import bluealert_cap
from bluealert_cap import SignatureError, parse, sign, validate, verify

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
DS = "{http://www.w3.org/2000/09/xmldsig#}"
CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"


# ---------------------------------------------------------------------------------------------
# A small PKI made at test time
# ---------------------------------------------------------------------------------------------


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, cn),
         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "bluealert_cap tests")]
    )


def make_cert(
    cn: str,
    *,
    issuer: tuple[x509.Certificate, object] | None = None,
    ca: bool = False,
    key: object | None = None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> tuple[object, x509.Certificate]:
    """A key and a certificate (self-signed unless ``issuer`` = (cert, key))."""
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC)
    issuer_cert, issuer_key = issuer if issuer else (None, key)
    pub = key.public_key()  # type: ignore[attr-defined]
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(issuer_cert.subject if issuer_cert else _name(cn))
        .public_key(pub)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=1))
        .not_valid_after(not_after or now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer_key.public_key()  # type: ignore[attr-defined]
            ),
            critical=False,
        )
    )
    return key, builder.sign(issuer_key, hashes.SHA256())  # type: ignore[arg-type]


@dataclass
class Pki:
    ca: x509.Certificate
    key: object
    cert: x509.Certificate
    other_key: object
    other_cert: x509.Certificate
    ec_key: object
    ec_cert: x509.Certificate
    expired_key: object
    expired_cert: x509.Certificate
    rogue_ca: x509.Certificate
    rogue_key: object
    rogue_cert: x509.Certificate


def make_pki() -> Pki:
    now = datetime.now(UTC)
    ca_key, ca = make_cert("Test Root CA", ca=True, not_before=now - timedelta(days=3650))
    key, cert = make_cert("Test Blue Alert Signer", issuer=(ca, ca_key))
    other_key, other_cert = make_cert("Other Trusted Signer", issuer=(ca, ca_key))
    ec_key, ec_cert = make_cert(
        "Test EC Signer", issuer=(ca, ca_key), key=ec.generate_private_key(ec.SECP256R1())
    )
    expired_key, expired_cert = make_cert(
        "Expired Signer", issuer=(ca, ca_key),
        not_before=now - timedelta(days=60), not_after=now - timedelta(days=30),
    )
    rogue_ca_key, rogue_ca = make_cert("Rogue CA", ca=True)
    rogue_key, rogue_cert = make_cert("Rogue Signer", issuer=(rogue_ca, rogue_ca_key))
    return Pki(ca, key, cert, other_key, other_cert, ec_key, ec_cert, expired_key,
               expired_cert, rogue_ca, rogue_key, rogue_cert)


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def pem_key(key: Any) -> bytes:
    """An unencrypted PKCS#8 PEM private key (written to a temporary file by the CLI tests)."""
    data: bytes = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return data


# An unsigned, schema-valid CAP 1.2 alert (pretty-printed, as people write them).
UNSIGNED = b"""<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>US-MD-BLU-2025-0001</identifier>
  <sender>alerts@mdsp.maryland.gov</sender>
  <sent>2025-03-01T14:05:00-05:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <category>Rescue</category>
    <event>Blue Alert</event>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <eventCode>
      <valueName>SAME</valueName>
      <value>BLU</value>
    </eventCode>
    <expires>2025-03-01T20:05:00-05:00</expires>
    <senderName>Maryland State Police</senderName>
    <headline>Blue Alert: suspect in the shooting of a trooper</headline>
    <description>Suspect fled northbound on I-95 in a grey sedan &amp; is armed.</description>
    <area>
      <areaDesc>Cecil County, MD</areaDesc>
      <geocode>
        <valueName>SAME</valueName>
        <value>024015</value>
      </geocode>
    </area>
  </info>
</alert>
"""


def signatures(data: bytes) -> list[etree._Element]:
    root = etree.fromstring(data)
    return [c for c in root if c.tag == DS + "Signature"]


# ---------------------------------------------------------------------------------------------
# Signing
# ---------------------------------------------------------------------------------------------


def test_sign_then_verify_against_the_ca(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    result = verify(signed, trusted=[pki.ca])
    assert result.ok, result.message
    assert result.reason is None
    (check,) = result.checks
    assert check.ok and check.xpath == "/alert[1]/Signature[1]"
    assert check.subject == pki.cert.subject.rfc4514_string()
    assert check.trusted_as == f"chain to {pki.ca.subject.rfc4514_string()}"
    assert result.subject == check.subject


def test_signature_is_what_ipaws_expects(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    root = etree.fromstring(signed)
    last = root[-1]
    assert last.tag == DS + "Signature", "the signature is the last child of <alert>"
    si = last.find(DS + "SignedInfo")
    assert si is not None
    assert si.find(DS + "CanonicalizationMethod").get("Algorithm") == (
        "http://www.w3.org/2001/10/xml-exc-c14n#"
    )
    assert si.find(DS + "SignatureMethod").get("Algorithm") == (
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    )
    (ref,) = si.findall(DS + "Reference")
    assert ref.get("URI") == ""
    transforms = [t.get("Algorithm") for t in ref.iter(DS + "Transform")]
    assert "http://www.w3.org/2000/09/xmldsig#enveloped-signature" in transforms
    assert ref.find(DS + "DigestMethod").get("Algorithm") == (
        "http://www.w3.org/2001/04/xmlenc#sha256"
    )
    (cert_el,) = last.findall(f"{DS}KeyInfo/{DS}X509Data/{DS}X509Certificate")
    der = base64.b64decode("".join((cert_el.text or "").split()))
    assert der == pki.cert.public_bytes(serialization.Encoding.DER)


def test_signing_keeps_every_byte_of_the_alert(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    end = UNSIGNED.rindex(b"</alert>")
    assert signed.startswith(UNSIGNED[:end])
    assert signed.endswith(UNSIGNED[end:])
    sig = signed[end: len(signed) - len(UNSIGNED[end:])]
    assert sig.startswith(b"<ds:Signature") and sig.endswith(b"</ds:Signature>")


def test_signed_message_is_valid_under_the_official_xsd(pki: Pki) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(REFERENCE / "schemas" / "CAP-v1.2.xsd"))
    signed = sign(UNSIGNED, pki.key, pki.cert)
    schema.validate(signed.decode("utf-8"))


def test_signed_data_is_the_alert_without_the_signature(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    result = verify(signed, trusted=[pki.ca])
    assert result.signed_data is not None
    assert b"Signature" not in result.signed_data
    alert = result.signed_alert()
    assert alert.identifier == "US-MD-BLU-2025-0001"
    assert alert.signatures == ()


def test_key_and_certificate_as_paths_and_encrypted_pem(pki: Pki, tmp_path: Path) -> None:
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(
        pki.key.private_bytes(  # type: ignore[attr-defined]
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"s3cret"),
        )
    )
    cert_file = tmp_path / "cert.pem"
    cert_file.write_bytes(pem(pki.cert))
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(pem(pki.ca))
    msg = tmp_path / "alert.xml"
    msg.write_bytes(UNSIGNED)
    signed = sign(msg, key_file, cert_file, password="s3cret")
    assert verify(signed, trusted=ca_file).ok
    assert verify(signed, trusted=str(ca_file)).ok
    with pytest.raises(SignatureError, match="encrypted"):
        sign(msg, key_file, cert_file)
    with pytest.raises(SignatureError, match="wrong password"):
        sign(msg, key_file, cert_file, password="nope")


@pytest.mark.parametrize("encoding", [serialization.Encoding.PEM, serialization.Encoding.DER])
def test_every_wrong_password_is_reported_as_such(pki: Pki, encoding: serialization.Encoding,
                                                 ) -> None:
    # About one wrong password in 256 decrypts to garbage with valid padding and fails later,
    # as an ASN.1 error; 1,024 tries meet that case with near certainty (1 - (255/256)**1024).
    key = pki.key.private_bytes(  # type: ignore[attr-defined]
        encoding, serialization.PrivateFormat.PKCS8, serialization.BestAvailableEncryption(b"pw"),
    )
    from bluealert_cap._signature import _load_private_key

    for i in range(1024):
        with pytest.raises(SignatureError, match="wrong password"):
            _load_private_key(key, f"wrong-{i}")
    assert _load_private_key(key, "pw") is not None


def test_a_damaged_encrypted_key_is_reported_as_such_in_pem_and_der(pki: Pki) -> None:
    def encrypted(encoding: serialization.Encoding) -> bytes:
        return pki.key.private_bytes(  # type: ignore[attr-defined,no-any-return]
            encoding, serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"pw"),
        )

    pem, der = encrypted(serialization.Encoding.PEM), encrypted(serialization.Encoding.DER)
    for damaged in (pem[:-9], pem[:-80], der[:-9], der[:40], der + b"junk"):
        with pytest.raises(SignatureError, match="wrong password, or the key file is damaged"):
            sign(UNSIGNED, damaged, pki.cert, password="pw")


def test_a_key_encrypted_with_an_unknown_cipher_is_not_blamed_on_the_password(pki: Pki) -> None:
    key = pki.key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"pw"),
    )
    aes_256_cbc = bytes.fromhex("060960864801650304012a")  # OID 2.16.840.1.101.3.4.1.42
    assert aes_256_cbc in key
    unknown = key.replace(aes_256_cbc, bytes.fromhex("060960864801650304017f"))  # same length
    with pytest.raises(SignatureError, match="algorithm this library cannot decrypt") as info:
        sign(UNSIGNED, unknown, pki.cert, password="pw")  # the right password
    assert "wrong password" not in str(info.value)


def test_the_word_encrypted_in_a_damaged_plain_pem_does_not_make_it_encrypted(pki: Pki) -> None:
    key = pki.key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    damaged = key.replace(b"-----\n", b"-----\n# ENCRYPTED backup\n", 1)[:-30]
    with pytest.raises(SignatureError, match="not a readable private key"):
        sign(UNSIGNED, damaged, pki.cert, password="pw")


def test_a_damaged_unencrypted_key_is_not_blamed_on_a_password(pki: Pki) -> None:
    key = pki.key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(SignatureError, match="not a readable private key"):
        sign(UNSIGNED, key[:-7], pki.cert, password="pw")


def test_sign_refuses_a_key_that_is_not_the_certificates(pki: Pki) -> None:
    with pytest.raises(SignatureError, match="does not belong to the certificate"):
        sign(UNSIGNED, pki.other_key, pki.cert)


def test_sign_refuses_an_expired_certificate_unless_asked(pki: Pki) -> None:
    with pytest.raises(SignatureError, match="expired"):
        sign(UNSIGNED, pki.expired_key, pki.expired_cert)
    signed = sign(UNSIGNED, pki.expired_key, pki.expired_cert, allow_expired=True)
    assert len(signatures(signed)) == 1


def test_sign_refuses_non_cap_input(pki: Pki) -> None:
    with pytest.raises(bluealert_cap.NotCapError):
        sign(b"<html/>", pki.key, pki.cert)
    with pytest.raises(bluealert_cap.MalformedXmlError):
        sign(b"<alert", pki.key, pki.cert)


def test_ecdsa(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.ec_key, pki.ec_cert)
    result = verify(signed, trusted=[pki.ca])
    assert result.ok, result.message
    assert result.checks[0].signature_method == (
        "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
    )
    with pytest.raises(SignatureError, match="needs an RSA key"):
        sign(UNSIGNED, pki.ec_key, pki.ec_cert, algorithm="rsa-sha256")


@pytest.mark.parametrize("algorithm", ["rsa-sha384", "rsa-sha512"])
def test_other_rsa_algorithms(pki: Pki, algorithm: str) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert, algorithm=algorithm, digest="sha512")
    result = verify(signed, trusted=[pki.ca])
    assert result.ok
    assert result.checks[0].signature_method.endswith(algorithm)  # type: ignore[union-attr]


def test_existing_signature_is_replaced_by_default(pki: Pki) -> None:
    once = sign(UNSIGNED, pki.other_key, pki.other_cert)
    twice = sign(once, pki.key, pki.cert)
    assert len(signatures(twice)) == 1
    result = verify(twice, trusted=[pki.ca])
    assert result.ok and result.subject == pki.cert.subject.rfc4514_string()


def test_keep_existing_adds_a_second_signature_and_both_verify(pki: Pki) -> None:
    once = sign(UNSIGNED, pki.other_key, pki.other_cert)
    twice = sign(once, pki.ec_key, pki.ec_cert, keep_existing=True)
    assert len(signatures(twice)) == 2
    result = verify(twice, trusted=[pki.ca])
    assert result.ok, result.message
    assert [c.subject for c in result.checks] == [
        pki.other_cert.subject.rfc4514_string(), pki.ec_cert.subject.rfc4514_string()
    ]
    # Trusting only the second signer: "all" fails on the first, "any" passes.
    only_ec = verify(twice, trusted=[pki.ec_cert])
    assert not only_ec.ok and only_ec.reason == "untrusted-certificate"
    assert verify(twice, trusted=[pki.ec_cert], require="any").ok


def test_sign_accepts_an_alert_model(pki: Pki) -> None:
    alert = parse(UNSIGNED)
    signed = sign(alert, pki.key, pki.cert)
    assert signed.startswith(alert.to_xml().rsplit(b"</alert>", 1)[0])
    assert verify(signed, trusted=[pki.ca]).ok


# ---------------------------------------------------------------------------------------------
# Whitespace, re-parsing, the model
# ---------------------------------------------------------------------------------------------


def test_pretty_printed_message_signed_as_is_verifies(pki: Pki) -> None:
    assert b"\n    <info>" not in UNSIGNED and b"\n  <info>" in UNSIGNED
    signed = sign(UNSIGNED, pki.key, pki.cert)
    assert verify(signed, trusted=[pki.ca]).ok


def test_whitespace_is_signed_content(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    reindented = signed.replace(b"\n  <info>", b"\n    <info>", 1)
    result = verify(reindented, trusted=[pki.ca])
    assert not result.ok and result.reason == "digest-mismatch"


def test_compact_alert_signed_then_reparsed_by_the_model_verifies(pki: Pki) -> None:
    compact = parse(UNSIGNED).to_xml()
    signed = sign(compact, pki.key, pki.cert)
    again = parse(signed)
    assert len(again.signatures) == 1
    assert verify(again.to_xml(), trusted=[pki.ca]).ok
    assert verify(again, trusted=[pki.ca]).ok


def test_pretty_model_output_signed_verifies(pki: Pki) -> None:
    pretty = parse(UNSIGNED).to_xml(pretty=True)
    signed = sign(pretty, pki.key, pki.cert)
    assert verify(signed, trusted=[pki.ca]).ok
    assert verify(etree.tostring(etree.fromstring(signed)), trusted=[pki.ca]).ok


# ---------------------------------------------------------------------------------------------
# Every way to fail, with the right reason
# ---------------------------------------------------------------------------------------------


def test_trust_is_never_taken_from_the_message(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    for trusted in (None, []):
        result = verify(signed, trusted=trusted)
        assert not result.ok and result.reason == "untrusted-certificate"
        assert result.checks[0].intact  # the signature itself is fine


def test_pinned_signer_certificate(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    result = verify(signed, trusted=pem(pki.cert))
    assert result.ok and result.checks[0].trusted_as == "pinned"
    assert verify(signed, trusted=[pki.other_cert]).reason == "untrusted-certificate"


def test_tampered_text(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    tampered = signed.replace(b"grey sedan", b"red truck")
    result = verify(tampered, trusted=[pki.ca])
    assert not result.ok and result.reason == "digest-mismatch"
    assert result.signed_data is None
    with pytest.raises(SignatureError):
        result.signed_alert()


def test_tampered_signature_value(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    sig = signatures(signed)[0]
    text = sig.findtext(DS + "SignatureValue") or ""
    raw = bytearray(base64.b64decode("".join(text.split())))
    raw[10] ^= 0x01
    forged = base64.b64encode(bytes(raw)).decode()
    tampered = signed.replace(text.encode(), forged.encode())
    result = verify(tampered, trusted=[pki.ca])
    assert not result.ok and result.reason == "bad-signature-value"


def test_swapped_certificate(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    mine = base64.b64encode(pki.cert.public_bytes(serialization.Encoding.DER))
    theirs = base64.b64encode(pki.other_cert.public_bytes(serialization.Encoding.DER))
    compact = re.sub(rb"\s+", b"", signed.split(b"<ds:X509Certificate>")[1].split(b"<")[0])
    assert compact == mine
    swapped = re.sub(
        rb"<ds:X509Certificate>[^<]*</ds:X509Certificate>",
        b"<ds:X509Certificate>" + theirs + b"</ds:X509Certificate>",
        signed,
    )
    result = verify(swapped, trusted=[pki.ca])
    assert not result.ok and result.reason == "bad-signature-value"


def test_untrusted_signer(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.rogue_key, pki.rogue_cert)
    result = verify(signed, trusted=[pki.ca])
    assert not result.ok and result.reason == "untrusted-certificate"
    assert "Rogue Signer" in result.message
    assert verify(signed, trusted=[pki.rogue_ca]).ok


def test_expired_certificate_and_validation_time(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.expired_key, pki.expired_cert, allow_expired=True)
    result = verify(signed, trusted=[pki.ca])
    assert not result.ok and result.reason == "expired-certificate"
    assert pki.expired_cert.not_valid_after_utc.isoformat() in result.message
    inside = pki.expired_cert.not_valid_before_utc + timedelta(days=1)
    assert verify(signed, trusted=[pki.ca], at=inside).ok
    before = pki.expired_cert.not_valid_before_utc - timedelta(days=1)
    assert verify(signed, trusted=[pki.ca], at=before).reason == "certificate-not-yet-valid"


def test_validation_time_sent(pki: Pki) -> None:
    # <sent> is 2025-03-01, long before the test certificates exist.
    signed = sign(UNSIGNED, pki.key, pki.cert)
    result = verify(signed, trusted=[pki.ca], at="sent")
    assert result.reason == "certificate-not-yet-valid"
    assert result.at == datetime(2025, 3, 1, 19, 5, tzinfo=UTC)


def test_stripped_signature(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    stripped = re.sub(rb"<ds:Signature.*</ds:Signature>", b"", signed, flags=re.S)
    assert stripped == UNSIGNED
    result = verify(stripped, trusted=[pki.ca])
    assert not result.ok and result.reason == "missing-signature" and result.checks == ()


def test_signature_wrapping_signed_alert_inside_a_forged_one(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    body = signed.split(b"?>", 1)[1].strip()
    forged = (
        b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">'
        b"<identifier>FORGED</identifier><sender>evil@example.com</sender>"
        b"<sent>2025-03-01T14:05:00-05:00</sent><status>Actual</status>"
        b"<msgType>Alert</msgType><scope>Public</scope>" + body + b"</alert>"
    )
    result = verify(forged, trusted=[pki.ca])
    assert not result.ok
    assert result.reason == "misplaced-signature"
    assert result.checks[0].xpath == "/alert[1]/alert[1]/Signature[1]"
    assert result.signed_data is None


def test_signature_wrapping_genuine_signature_on_a_forged_alert(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    sig = re.search(rb"<ds:Signature.*</ds:Signature>", signed, flags=re.S)
    assert sig is not None
    forged = UNSIGNED.replace(b"Cecil County", b"Harford County").replace(
        b"</alert>", sig.group(0) + b"</alert>"
    )
    result = verify(forged, trusted=[pki.ca])
    assert not result.ok and result.reason == "digest-mismatch"


def test_reference_to_a_fragment_is_not_enveloped(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    fragment = signed.replace(b'<ds:Reference URI="">', b'<ds:Reference URI="#info">')
    result = verify(fragment, trusted=[pki.ca])
    assert not result.ok and result.reason == "not-enveloped"


def test_verify_raises_for_non_cap_input(pki: Pki) -> None:
    with pytest.raises(bluealert_cap.NotCapError):
        verify(b"<html xmlns='http://www.w3.org/1999/xhtml'/>", trusted=[pki.ca])
    with pytest.raises(SignatureError):
        verify(UNSIGNED, trusted=Path("/nonexistent/ca.pem"))


# ---------------------------------------------------------------------------------------------
# validate(..., trusted=...)
# ---------------------------------------------------------------------------------------------


def test_validate_adds_verification_findings(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    report = validate(signed, profile="ipaws", trusted=[pki.ca])
    sig_findings = [(f.rule, f.xpath, f.severity) for f in report if f.source == "signature"]
    assert sig_findings == [("SIGNATURE_IS_VERIFIED", "/alert[1]/Signature[1]", "info")]

    tampered = validate(signed.replace(b"grey", b"blue"), trusted=[pki.ca])
    assert [(f.rule, f.xpath) for f in tampered if f.source == "signature"] == [
        ("SIGNATURE_IS_VALID", "/alert[1]/Signature[1]")
    ]
    assert not tampered.ok

    unsigned = validate(UNSIGNED, trusted=[pki.ca])
    assert [(f.rule, f.xpath) for f in unsigned if f.source == "signature"] == [
        ("SIGNATURE_IS_PRESENT", "/alert[1]")
    ]

    expired = sign(UNSIGNED, pki.expired_key, pki.expired_cert, allow_expired=True)
    report = validate(expired, trusted=[pki.ca])
    assert [(f.rule, f.xpath) for f in report if f.source == "signature"] == [
        ("SIGNATURE_CERTIFICATE_IS_CURRENT", "/alert[1]/Signature[1]")
    ]
    rogue = validate(sign(UNSIGNED, pki.rogue_key, pki.rogue_cert), trusted=[pki.ca])
    assert [(f.rule, f.xpath) for f in rogue if f.source == "signature"] == [
        ("SIGNATURE_IS_TRUSTED", "/alert[1]/Signature[1]")
    ]


def test_validate_without_trusted_does_not_verify(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    report = validate(signed.replace(b"grey", b"blue"))
    assert not [f for f in report if f.source == "signature"]


# ---------------------------------------------------------------------------------------------
# Property: any layout signs and verifies; any edit of any signed text breaks it
# ---------------------------------------------------------------------------------------------


@functools.cache
def _pki_for_properties() -> Pki:
    return make_pki()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    indent=st.sampled_from([None, "", " ", "  ", "\t", "    "]),
    ec_key=st.booleans(),
    data=st.data(),
)
def test_property_layout_signs_and_verifies_and_text_edits_break_it(
    indent: str | None, ec_key: bool, data: st.DataObject
) -> None:
    pki = _pki_for_properties()
    root = etree.fromstring(UNSIGNED, etree.XMLParser(remove_blank_text=indent is not None))
    if indent:
        etree.indent(root, space=indent)
    message = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    key, cert = (pki.ec_key, pki.ec_cert) if ec_key else (pki.key, pki.cert)
    signed = sign(message, key, cert)
    assert signed.startswith(message[: message.rindex(b"</alert>")])
    result = verify(signed, trusted=[pki.ca])
    assert result.ok, result.message
    assert parse(result.signed_data or b"").identifier == "US-MD-BLU-2025-0001"

    tree = etree.fromstring(signed)
    texts = [el for el in tree.iter(CAP + "*") if el.text and el.text.strip()]
    target = data.draw(st.sampled_from(texts))
    text = target.text or ""
    pos = data.draw(st.integers(0, len(text)))
    char = data.draw(st.sampled_from("aZ09 -.,"))
    target.text = text[:pos] + char + text[pos:]
    edited = etree.tostring(tree)
    outcome = verify(edited, trusted=[pki.ca])
    assert not outcome.ok and outcome.reason == "digest-mismatch"


def test_documents_in_other_encodings(pki: Pki) -> None:
    latin1 = (
        UNSIGNED.decode()
        .replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        .replace("Cecil County", "Cécil County")
        .encode("latin-1")
    )
    signed = sign(latin1, pki.key, pki.cert)
    assert signed.startswith(latin1[: latin1.rindex(b"</alert>")])  # bytes kept as they were
    assert verify(signed, trusted=[pki.ca]).ok
    utf16 = UNSIGNED.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    signed16 = sign(utf16, pki.key, pki.cert)
    text = signed16.decode("utf-16")
    assert text.startswith('<?xml version=\'1.0\' encoding=\'UTF-16\'?>')
    assert "<info>\n    <category>" in text  # whitespace kept
    assert verify(signed16, trusted=[pki.ca]).ok


def _b64_int(n: int) -> bytes:
    return base64.b64encode(n.to_bytes((n.bit_length() + 7) // 8, "big"))


def test_keyvalue_only_signature_is_trusted_only_by_a_trusted_certificate_key(pki: Pki) -> None:
    signed = sign(UNSIGNED, pki.key, pki.cert)
    numbers = pki.cert.public_key().public_numbers()  # type: ignore[union-attr]
    key_value = (
        b"<ds:KeyInfo><ds:KeyValue><ds:RSAKeyValue><ds:Modulus>" + _b64_int(numbers.n)
        + b"</ds:Modulus><ds:Exponent>" + _b64_int(numbers.e)
        + b"</ds:Exponent></ds:RSAKeyValue></ds:KeyValue></ds:KeyInfo>"
    )
    bare = re.sub(rb"<ds:KeyInfo>.*</ds:KeyInfo>", key_value, signed, flags=re.S)
    untrusted = verify(bare, trusted=[pki.ca])
    assert untrusted.reason == "no-certificate" and untrusted.checks[0].intact
    pinned = verify(bare, trusted=[pki.cert])
    assert pinned.ok and pinned.checks[0].trusted_as == "pinned (key of a trusted certificate)"
    assert verify(bare, trusted=[pki.other_cert]).reason == "no-certificate"

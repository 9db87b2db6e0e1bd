"""verify()/sign(): what the signing certificate itself must allow, beyond chaining to a trusted CA.

Keys and certificates are made at test time (no private key in the repository).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from test_signature import UNSIGNED, _name, make_cert

from bluealert_cap import SignatureError, sign, validate, verify
from bluealert_cap._signature import UnsignableDocumentError


@dataclass
class Ca:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate


@pytest.fixture(scope="module")
def ca() -> Ca:
    key, cert = make_cert("Test Root CA", ca=True,
                          not_before=datetime.now(UTC) - timedelta(days=3650))
    return Ca(key, cert)  # type: ignore[arg-type]


def key_usage(**bits: bool) -> x509.KeyUsage:
    names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
             "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
    return x509.KeyUsage(**{n: bits.get(n, False) for n in names})


def issue(
    ca: Ca,
    cn: str,
    *,
    usage: x509.KeyUsage | None,
    key: object | None = None,
    is_ca: bool = False,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
) -> tuple[object, x509.Certificate]:
    """A key and a certificate the test CA issued, with that keyUsage (None: no extension)."""
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pub = key.public_key()  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(ca.cert.subject)
        .public_key(pub)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - timedelta(days=1))
        .not_valid_after(not_after or now + timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()),
            critical=False,
        )
    )
    if usage is not None:
        builder = builder.add_extension(usage, critical=True)
    return key, builder.sign(ca.key, hashes.SHA256())


# ---------------------------------------------------------------------------------------------
# keyUsage (RFC 5280 §4.2.1.3)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "usage",
    [
        key_usage(key_encipherment=True),
        key_usage(key_cert_sign=True, crl_sign=True),
        key_usage(key_agreement=True),
    ],
    ids=["keyEncipherment", "keyCertSign+cRLSign", "keyAgreement"],
)
def test_a_certificate_whose_key_usage_forbids_signatures_is_not_trusted(
    ca: Ca, usage: x509.KeyUsage
) -> None:
    key, cert = issue(ca, "Encryption-only certificate", usage=usage)
    with pytest.raises(SignatureError, match=r"digitalSignature or nonRepudiation"):
        sign(UNSIGNED, key, cert)  # type: ignore[arg-type]
    # A signature made by other software with that key: intact, chains to the trusted CA,
    # and still refused, pinned or not.
    good_key, good_cert = issue(ca, "Signer", usage=key_usage(digital_signature=True))
    signed = sign(UNSIGNED, good_key, good_cert)  # type: ignore[arg-type]
    forged = _resign_with(signed, key, cert)
    for trusted in ([ca.cert], [cert]):
        result = verify(forged, trusted=trusted)
        assert not result.ok and result.reason == "untrusted-certificate", result.message
        (check,) = result.checks
        assert check.intact and check.trusted_as is None
        assert "RFC 5280 §4.2.1.3" in check.message
    report = validate(forged, trusted=[ca.cert])
    assert [(f.rule, f.xpath) for f in report if f.source == "signature"] == [
        ("SIGNATURE_IS_TRUSTED", "/alert[1]/Signature[1]")
    ]


@pytest.mark.parametrize(
    "usage",
    [None, key_usage(digital_signature=True), key_usage(content_commitment=True),
     key_usage(digital_signature=True, key_encipherment=True)],
    ids=["no-extension", "digitalSignature", "nonRepudiation", "IPAWS-like"],
)
def test_a_certificate_allowed_to_sign_verifies(ca: Ca, usage: x509.KeyUsage | None) -> None:
    key, cert = issue(ca, "Signer", usage=usage)
    signed = sign(UNSIGNED, key, cert)  # type: ignore[arg-type]
    assert verify(signed, trusted=[ca.cert]).ok


def _resign_with(signed: bytes, key: object, cert: x509.Certificate) -> bytes:
    """``signed`` signed again by ``key``/``cert`` (bypassing sign()'s own refusals)."""
    from lxml import etree
    from signxml.algorithms import CanonicalizationMethod, SignatureMethod

    from bluealert_cap._signature import _CapSigner

    root = etree.fromstring(UNSIGNED)
    signer = _CapSigner(
        signature_algorithm=(
            SignatureMethod.ECDSA_SHA256 if isinstance(key, ec.EllipticCurvePrivateKey)
            else SignatureMethod.RSA_SHA256
        ),
        c14n_algorithm=CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0,
    )
    signer.namespaces = {"ds": "http://www.w3.org/2000/09/xmldsig#"}
    out = etree.tostring(signer.sign(root, key=key, cert=[cert]))
    assert isinstance(out, bytes) and out != signed
    return out


# ---------------------------------------------------------------------------------------------
# Key sizes (NIST SP 800-131A)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_key",
    [lambda: rsa.generate_private_key(public_exponent=65537, key_size=1024),
     lambda: ec.generate_private_key(ec.SECP192R1())],
    ids=["RSA-1024", "EC-P192"],
)
def test_a_weak_signing_key_fails_as_weak_algorithm(ca: Ca, make_key: Any) -> None:
    usage = key_usage(digital_signature=True)
    key, cert = issue(ca, "Weak signer", usage=usage, key=make_key())
    with pytest.raises(SignatureError, match="too weak"):
        sign(UNSIGNED, key, cert)  # type: ignore[arg-type]
    good_key, good_cert = issue(ca, "Signer", usage=usage)
    forged = _resign_with(sign(UNSIGNED, good_key, good_cert), key, cert)  # type: ignore[arg-type]
    for trusted in ([ca.cert], [cert]):
        result = verify(forged, trusted=trusted, allow_sha1=True)
        assert not result.ok and result.reason == "weak-algorithm", result.message
        assert result.checks[0].intact and "NIST SP 800-131A" in result.message
    report = validate(forged, trusted=[ca.cert])
    assert [(f.rule, f.xpath) for f in report if f.source == "signature"] == [
        ("SIGNATURE_ALGORITHM_IS_ACCEPTED", "/alert[1]/Signature[1]")
    ]


@pytest.mark.parametrize(
    "make_key",
    [lambda: rsa.generate_private_key(public_exponent=65537, key_size=3072),
     lambda: ec.generate_private_key(ec.SECP224R1()),
     lambda: ec.generate_private_key(ec.SECP256R1())],
    ids=["RSA-3072", "EC-P224", "EC-P256"],
)
def test_strong_enough_signing_keys_verify(ca: Ca, make_key: Any) -> None:
    key, cert = issue(ca, "Signer", usage=key_usage(digital_signature=True), key=make_key())
    assert verify(sign(UNSIGNED, key, cert), trusted=[ca.cert]).ok  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# at="sent": the signer writes <sent>
# ---------------------------------------------------------------------------------------------


def test_at_sent_says_when_the_certificate_is_not_valid_now(ca: Ca) -> None:
    now = datetime.now(UTC)
    usage = key_usage(digital_signature=True)
    key, expired = issue(ca, "Expired signer", usage=usage,
                         not_before=now - timedelta(days=60), not_after=now - timedelta(days=30))
    # A message signed today with the expired certificate's key, <sent> backdated into its
    # validity period.
    backdated = (now - timedelta(days=45)).strftime("%Y-%m-%dT%H:%M:%S+00:00").encode()
    message = UNSIGNED.replace(b"2025-03-01T14:05:00-05:00", backdated)
    signed = sign(message, key, expired, allow_expired=True)  # type: ignore[arg-type]
    now_result = verify(signed, trusted=[ca.cert])
    assert now_result.reason == "expired-certificate"
    assert "a time the signer wrote" in now_result.message
    result = verify(signed, trusted=[ca.cert], at="sent")
    assert result.ok  # as documented: the certificate was valid at <sent>
    (note,) = result.checks[0].notes
    assert note.startswith("checked as of the alert's <sent> only: the signing certificate "
                           f"expired at {expired.not_valid_after_utc.isoformat()}")
    assert note in result.message and note in result.checks[0].message
    report = validate(signed, trusted=[ca.cert], at="sent")
    (finding,) = [f for f in report if f.source == "signature"]
    assert finding.rule == "SIGNATURE_IS_VERIFIED" and note in finding.message
    # A certificate valid now gets no note.
    key, current = issue(ca, "Signer", usage=usage, not_before=now - timedelta(days=60))
    current_signed = sign(message, key, current)  # type: ignore[arg-type]
    current_result = verify(current_signed, trusted=[ca.cert], at="sent")
    assert current_result.ok and current_result.checks[0].notes == ()


# ---------------------------------------------------------------------------------------------
# Why a chain fails, said precisely
# ---------------------------------------------------------------------------------------------


def _intermediate(
    ca: Ca, cn: str, *, is_ca: bool, usage: x509.KeyUsage,
    not_before: datetime | None = None, not_after: datetime | None = None,
) -> Ca:
    key, cert = issue(ca, cn, usage=usage, is_ca=is_ca, not_before=not_before,
                      not_after=not_after)
    return Ca(key, cert)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("is_ca", "usage", "expected"),
    [
        (False, key_usage(digital_signature=True, key_cert_sign=True),
         "path validation failed (basicConstraints.cA must be asserted in a CA certificate)"),
        (True, key_usage(digital_signature=True, crl_sign=True),
         "path validation failed (keyUsage.keyCertSign must be asserted in a CA certificate)"),
    ],
    ids=["CA:FALSE", "no-keyCertSign"],
)
def test_an_intermediate_that_may_not_issue_certificates_is_named(
    ca: Ca, is_ca: bool, usage: x509.KeyUsage, expected: str
) -> None:
    inter = _intermediate(ca, "Not a CA", is_ca=is_ca, usage=usage)
    key, leaf = issue(inter, "Signer", usage=key_usage(digital_signature=True))
    signed = sign(UNSIGNED, key, [leaf, inter.cert])  # type: ignore[arg-type]
    result = verify(signed, trusted=[ca.cert])
    assert not result.ok and result.reason == "untrusted-certificate"
    assert result.checks[0].message.endswith("does not chain to one: " + expected)


def test_an_expired_ca_or_intermediate_is_named(ca: Ca) -> None:
    now = datetime.now(UTC)
    usage = key_usage(digital_signature=True)
    old_key, old_ca = make_cert("Expired Root CA", ca=True, not_before=now - timedelta(days=800),
                                not_after=now - timedelta(days=10))
    expired_ca = Ca(old_key, old_ca)  # type: ignore[arg-type]
    key, leaf = issue(expired_ca, "Signer", usage=usage, not_before=now - timedelta(days=100))
    result = verify(sign(UNSIGNED, key, leaf), trusted=[old_ca])  # type: ignore[arg-type]
    assert result.reason == "untrusted-certificate"
    assert (f"its issuing certificate {old_ca.subject.rfc4514_string()} (trusted) expired at "
            f"{old_ca.not_valid_after_utc.isoformat()}") in result.message
    inter = _intermediate(ca, "Expired intermediate", is_ca=True,
                          usage=key_usage(key_cert_sign=True),
                          not_before=now - timedelta(days=800), not_after=now - timedelta(days=10))
    key, leaf = issue(inter, "Signer", usage=usage, not_before=now - timedelta(days=100))
    signed = sign(UNSIGNED, key, [leaf, inter.cert])  # type: ignore[arg-type]
    result = verify(signed, trusted=[ca.cert])
    assert result.reason == "untrusted-certificate"
    assert (f"its issuing certificate {inter.cert.subject.rfc4514_string()} (carried in the "
            "message) expired at") in result.message
    # Nothing trusted issued it: the message stays as it was.
    rogue_key, rogue_ca = make_cert("Rogue CA", ca=True)
    key, leaf = issue(Ca(rogue_key, rogue_ca), "Rogue", usage=usage)  # type: ignore[arg-type]
    result = verify(sign(UNSIGNED, key, leaf), trusted=[ca.cert])  # type: ignore[arg-type]
    assert result.checks[0].message.endswith("does not chain to one")


# ---------------------------------------------------------------------------------------------
# One of each part (XML-Signature §4): a second copy is refused, not ignored
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parent", "name"),
    [("Signature", "SignedInfo"), ("Signature", "SignatureValue"), ("Signature", "KeyInfo"),
     ("SignedInfo", "CanonicalizationMethod"), ("SignedInfo", "SignatureMethod"),
     ("Reference", "Transforms"), ("Reference", "DigestMethod"),
     ("Reference", "DigestValue")],
)
def test_a_duplicated_signature_part_is_malformed(ca: Ca, parent: str, name: str) -> None:
    import copy

    from lxml import etree

    key, cert = issue(ca, "Signer", usage=key_usage(digital_signature=True))
    root = etree.fromstring(sign(UNSIGNED, key, cert))  # type: ignore[arg-type]
    ds = "{http://www.w3.org/2000/09/xmldsig#}"
    holder = next(e for e in root[-1].iter(ds + parent))
    part = holder.find(ds + name)
    assert part is not None
    part.addnext(copy.deepcopy(part))
    result = verify(etree.tostring(root), trusted=[ca.cert])
    assert not result.ok and result.reason == "malformed-signature", result.message
    assert f"{name} elements; XML-Signature allows one" in result.message


def test_an_unknown_require_is_refused_not_read_as_all(ca: Ca) -> None:
    key, cert = issue(ca, "Signer", usage=key_usage(digital_signature=True))
    signed = sign(UNSIGNED, key, cert)  # type: ignore[arg-type]
    for require in ("Any", "one", ""):
        with pytest.raises(ValueError, match='require must be "all" or "any"'):
            verify(signed, trusted=[ca.cert], require=require)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match='require must be "all" or "any"'):
            validate(signed, trusted=[ca.cert], require=require)
    assert verify(signed, trusted=[ca.cert], require="any").ok
    assert validate(signed, trusted=[ca.cert], require=None).ok


def test_sign_refuses_a_signature_nested_below_the_alert(ca: Ca) -> None:
    key, cert = issue(ca, "Signer", usage=key_usage(digital_signature=True))
    signed = sign(UNSIGNED, key, cert)  # type: ignore[arg-type]
    sig = signed[signed.index(b"<ds:Signature"): signed.index(b"</ds:Signature>") + 15]
    nested = UNSIGNED.replace(b"</area>", b"</area>" + sig)
    # Before, sign() signed it and verify() then refused its output as misplaced-signature.
    with pytest.raises(SignatureError, match=r"ds:Signature inside /alert\[1\]/info\[1\]"):
        sign(nested, key, cert)  # type: ignore[arg-type]
    with pytest.raises(SignatureError, match=r"ds:Signature inside /alert\[1\]/info\[1\]"):
        sign(nested, key, cert, keep_existing=True)  # type: ignore[arg-type]
    # The document is what cannot be signed (bad input), not the key or certificate.
    with pytest.raises(UnsignableDocumentError):
        sign(nested, key, cert)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Work bounded by the number of signatures and certificates (each check copies the document)
# ---------------------------------------------------------------------------------------------


def test_signatures_past_the_limit_are_not_checked(ca: Ca) -> None:
    from bluealert_cap._signature import MAX_SIGNATURES

    key, cert = issue(ca, "Signer", usage=key_usage(digital_signature=True))
    signed = sign(UNSIGNED, key, cert)  # type: ignore[arg-type]
    sig = signed[signed.index(b"<ds:Signature"): signed.index(b"</ds:Signature>") + 15]
    # 800 copies of a good signature took minutes (each one checked on copies of the document).
    many = signed.replace(b"</alert>", sig * 200 + b"</alert>")
    result = verify(many, trusted=[ca.cert])
    assert not result.ok and len(result.checks) == 201
    assert all(c.ok for c in result.checks[:MAX_SIGNATURES])
    assert {c.reason for c in result.checks[MAX_SIGNATURES:]} == {"malformed-signature"}
    assert result.checks[-1].message == (
        f"not checked: the message has 201 ds:Signature elements and only the first "
        f"{MAX_SIGNATURES} are checked (a CAP message carries one or two)"
    )
    assert verify(many, trusted=[ca.cert], require="any").ok


def test_keyinfo_with_too_many_certificates_is_malformed(ca: Ca) -> None:
    import base64

    from bluealert_cap._signature import MAX_CERTIFICATES

    key, cert = issue(ca, "Signer", usage=key_usage(digital_signature=True))
    signed = sign(UNSIGNED, key, cert)  # type: ignore[arg-type]
    other = issue(ca, "Other", usage=None)[1]
    der = other.public_bytes(serialization.Encoding.DER)
    copy = b"<ds:X509Certificate>" + base64.b64encode(der) + b"</ds:X509Certificate>"
    # Duplicates are tried once: the signer is still found.
    some = signed.replace(b"<ds:X509Data>", b"<ds:X509Data>" + copy * (MAX_CERTIFICATES - 1))
    assert verify(some, trusted=[ca.cert]).ok
    too_many = signed.replace(b"<ds:X509Data>", b"<ds:X509Data>" + copy * 400)
    result = verify(too_many, trusted=[ca.cert])
    assert result.reason == "malformed-signature"
    assert f"KeyInfo carries 401 X509Certificate elements, more than the {MAX_CERTIFICATES}" in (
        result.message
    )

"""XML signatures for CAP alerts, the way IPAWS-OPEN expects them.

:func:`sign` adds an enveloped XML-Signature (W3C XML-DSig, ``Reference URI=""``, the
enveloped-signature transform, exclusive canonicalization, RSA-SHA256 by default, the X.509
certificate in ``KeyInfo``) as the last child of ``<alert>``, leaving every byte of the alert as
it was. :func:`verify` checks every signature of a message against certificates the caller
trusts and returns a :class:`VerifyResult` that says, per signature, what was checked and why a
check failed. The cryptography is done by ``signxml`` and ``cryptography``; this module decides
what a CAP signature must look like (one enveloped signature of the root ``<alert>``), which
algorithms and certificates are acceptable, and when.

Use :attr:`VerifyResult.signed_data` (the bytes the signature covers), never the document you
passed in, after a successful verification: that is what defeats signature-wrapping attacks.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import stat
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Union

import cryptography.exceptions
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes, PublicKeyTypes
from cryptography.x509 import verification as x509v
from lxml import etree
from signxml.algorithms import CanonicalizationMethod, DigestAlgorithm, SignatureMethod
from signxml.exceptions import InvalidDigest, InvalidInput, InvalidSignature, SignXMLException
from signxml.signer import XMLSigner
from signxml.verifier import SignatureConfiguration, XMLVerifier

from ._errors import NotCapError, SignatureError
from ._xml import (
    CAP10_NS,
    CAP11_NS,
    CAP12_NS,
    DEFAULT_LIMITS,
    DSIG_NS,
    Limits,
    Source,
    check_cap12_root,
    load_xml,
    read_limited,
    read_source,
)

if TYPE_CHECKING:
    from ._model import Alert

__all__ = [
    "SIGNATURE_ALGORITHMS",
    "FailureReason",
    "SignatureCheck",
    "VerifyResult",
    "load_certificates",
    "sign",
    "verify",
]

_DS = "{" + DSIG_NS + "}"
_SIGNATURE = _DS + "Signature"
_CAP_NAMESPACES = (CAP12_NS, CAP11_NS, CAP10_NS)
_ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
_EXC_C14N = CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0

FailureReason = Literal[
    "missing-signature",
    "misplaced-signature",
    "not-enveloped",
    "malformed-signature",
    "unsupported-algorithm",
    "weak-algorithm",
    "bad-certificate",
    "no-certificate",
    "digest-mismatch",
    "bad-signature-value",
    "untrusted-certificate",
    "expired-certificate",
    "certificate-not-yet-valid",
]
"""Why a signature check failed (``SignatureCheck.reason``), most fundamental first:

- ``missing-signature``: the alert carries no ``ds:Signature`` at all;
- ``misplaced-signature``: a ``ds:Signature`` that is not a child of the root ``<alert>`` (e.g. a
  signed alert wrapped inside a forged one);
- ``not-enveloped``: the signature does not sign the whole root ``<alert>`` (a Reference URI other
  than ``""``, no enveloped-signature transform, several References, other transforms);
- ``malformed-signature``: required parts missing or unreadable;
- ``unsupported-algorithm`` / ``weak-algorithm``: an algorithm this library does not accept,
  SHA-1 without ``allow_sha1=True``, or a signing key too short (RSA under 2048 bits, an
  elliptic curve under 224 bits);
- ``bad-certificate``: the certificate in ``KeyInfo`` cannot be read (e.g. altered text);
- ``no-certificate``: no X.509 certificate in ``KeyInfo`` and the key matches no trusted one;
- ``digest-mismatch``: the signed content (or the DigestValue) was changed after signing;
- ``bad-signature-value``: the SignatureValue does not verify with the certificate's key;
- ``untrusted-certificate``: the signing certificate neither is a trusted certificate nor chains
  to one, or its keyUsage forbids signatures (RFC 5280 §4.2.1.3);
- ``expired-certificate`` / ``certificate-not-yet-valid``: outside its validity period at the
  validation time.
"""

_REASON_ORDER: tuple[str, ...] = FailureReason.__args__  # type: ignore[attr-defined]

MAX_SIGNATURES = 8
"""At most this many ``ds:Signature`` elements of a message are checked; the others fail as
``malformed-signature`` without being checked (each check costs a copy of the whole document;
real messages carry one or two)."""
MAX_CERTIFICATES = 16
"""A ``KeyInfo`` with more ``X509Certificate`` elements than this fails as
``malformed-signature`` (each is a candidate signer; real ones carry a signer and its chain)."""

SIGNATURE_ALGORITHMS: dict[str, SignatureMethod] = {
    "rsa-sha256": SignatureMethod.RSA_SHA256,
    "rsa-sha384": SignatureMethod.RSA_SHA384,
    "rsa-sha512": SignatureMethod.RSA_SHA512,
    "ecdsa-sha256": SignatureMethod.ECDSA_SHA256,
    "ecdsa-sha384": SignatureMethod.ECDSA_SHA384,
    "ecdsa-sha512": SignatureMethod.ECDSA_SHA512,
}
"""The signature algorithms :func:`sign` offers, by short name (IPAWS-OPEN uses rsa-sha256)."""

_DIGESTS: dict[str, DigestAlgorithm] = {
    "sha256": DigestAlgorithm.SHA256,
    "sha384": DigestAlgorithm.SHA384,
    "sha512": DigestAlgorithm.SHA512,
}

# What verify() accepts. Asymmetric methods only (an HMAC "signature" proves nothing to a
# recipient); SHA-1 only on request.
_ACCEPTED_METHODS = frozenset(
    {
        SignatureMethod.RSA_SHA224,
        SignatureMethod.RSA_SHA256,
        SignatureMethod.RSA_SHA384,
        SignatureMethod.RSA_SHA512,
        SignatureMethod.ECDSA_SHA224,
        SignatureMethod.ECDSA_SHA256,
        SignatureMethod.ECDSA_SHA384,
        SignatureMethod.ECDSA_SHA512,
        SignatureMethod.SHA256_RSA_MGF1,
        SignatureMethod.SHA384_RSA_MGF1,
        SignatureMethod.SHA512_RSA_MGF1,
    }
)
_SHA1_METHODS = frozenset({SignatureMethod.RSA_SHA1, SignatureMethod.ECDSA_SHA1})
_ACCEPTED_DIGESTS = frozenset(
    {
        DigestAlgorithm.SHA224,
        DigestAlgorithm.SHA256,
        DigestAlgorithm.SHA384,
        DigestAlgorithm.SHA512,
    }
)
_C14N_URIS = frozenset(m.value for m in CanonicalizationMethod)

CertificateSource = Union[bytes, str, "os.PathLike[str]", x509.Certificate]
"""A certificate (or bundle) given as PEM/DER bytes, PEM text, a file or folder path, or an
already loaded ``cryptography`` certificate."""

KeySource = Union[bytes, str, "os.PathLike[str]", PrivateKeyTypes]


# --------------------------------------------------------------------------------------------
# Loading keys and certificates
# --------------------------------------------------------------------------------------------


def _read_bytes(item: bytes | str | os.PathLike[str], what: str) -> tuple[bytes, str]:
    """Bytes of a PEM/DER value or file, and a label for messages."""
    if isinstance(item, bytes):
        return item, what
    if isinstance(item, str) and "-----BEGIN" in item:
        return item.encode("ascii", "replace"), what
    path = Path(os.fspath(item))
    limit = DEFAULT_LIMITS.max_bytes  # far above any key or certificate bundle
    try:
        with path.open("rb") as fh:  # bounded: /dev/zero or a huge file is not read whole
            st = os.fstat(fh.fileno())
            data = read_limited(fh, limit, size_hint=st.st_size if stat.S_ISREG(st.st_mode) else 0)
    except OSError as exc:
        raise SignatureError(f"cannot read {what} file {path}: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise SignatureError(
            f"{path}: more than {limit} bytes, too large to be a {what} file"
        )
    return data, str(path)


# A PKCS#12 (.p12/.pfx) bundle in DER: SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data, ...
_PKCS12_VERSION = b"\x02\x01\x03\x30"
_PKCS7_DATA_OID = bytes.fromhex("06092a864886f70d010701")


def _pkcs12_error(data: bytes, label: str) -> SignatureError | None:
    """The error for a PKCS#12 bundle given where a PEM/DER key or certificate is expected."""
    head = data[:40]
    if not (head[:1] == b"\x30" and _PKCS12_VERSION in head[:10] and _PKCS7_DATA_OID in head):
        return None
    return SignatureError(
        f"{label}: this is a PKCS#12 (.p12/.pfx) bundle; give the private key and the "
        "certificate as PEM or DER files, e.g. 'openssl pkcs12 -in FILE -nocerts -out key.pem' "
        "and 'openssl pkcs12 -in FILE -clcerts -nokeys -out cert.pem'"
    )


def _certs_from_bytes(data: bytes, label: str) -> list[x509.Certificate]:
    with warnings.catch_warnings():
        # Old real-world certificates (negative serial numbers) load with a deprecation warning.
        warnings.simplefilter("ignore")
        if b"-----BEGIN" in data:
            try:
                certs = x509.load_pem_x509_certificates(data)
            except ValueError as exc:
                raise SignatureError(f"{label}: not a readable PEM certificate ({exc})") from None
            return certs
        try:
            return [x509.load_der_x509_certificate(data)]
        except ValueError:
            pkcs12 = _pkcs12_error(data, label)
            if pkcs12 is not None:
                raise pkcs12 from None
            raise SignatureError(
                f"{label}: neither PEM nor DER X.509 certificate data"
            ) from None


def load_certificates(
    sources: CertificateSource | Iterable[CertificateSource],
) -> list[x509.Certificate]:
    """Load certificates from PEM/DER bytes, PEM text, files, folders or certificate objects.

    A file may hold a bundle of PEM certificates (a CA bundle); a folder contributes every
    ``*.pem``, ``*.crt``, ``*.cer`` and ``*.der`` file in it. Raises :class:`SignatureError`
    naming the source that cannot be read.
    """
    if isinstance(sources, (bytes, str, os.PathLike, x509.Certificate)):
        sources = [sources]
    certs: list[x509.Certificate] = []
    for item in sources:
        if isinstance(item, x509.Certificate):
            certs.append(item)
            continue
        if not isinstance(item, (bytes, str, os.PathLike)):
            raise TypeError(
                "a certificate is PEM/DER bytes, PEM text, a path or a "
                f"cryptography.x509.Certificate, not {type(item).__name__}"
            )
        if not isinstance(item, bytes) and not (isinstance(item, str) and "-----BEGIN" in item):
            path = Path(os.fspath(item))
            if path.is_dir():
                found = sorted(
                    p for p in path.iterdir()
                    if p.suffix.lower() in {".pem", ".crt", ".cer", ".der"} and p.is_file()
                )
                if not found:
                    raise SignatureError(f"{path}: folder holds no .pem/.crt/.cer/.der file")
                for p in found:
                    certs.extend(_certs_from_bytes(*_read_bytes(p, "certificate")))
                continue
        data, label = _read_bytes(item, "certificate")
        certs.extend(_certs_from_bytes(data, label))
    return certs


def _load_private_key(key: KeySource, password: bytes | str | None) -> PrivateKeyTypes:
    if not isinstance(key, (bytes, str, os.PathLike)):
        return key
    data, label = _read_bytes(key, "private key")
    # surrogateescape: a password read from the environment or a file name in another
    # encoding than UTF-8 arrives as a str with escaped bytes; those bytes are the password.
    pw = password.encode("utf-8", "surrogateescape") if isinstance(password, str) else password
    try:
        if b"-----BEGIN" in data:
            return serialization.load_pem_private_key(data, password=pw)
        return serialization.load_der_private_key(data, password=pw)
    except TypeError as exc:
        text = str(exc)
        if "encrypted" in text.lower() and pw is None:
            raise SignatureError(
                f"{label}: the private key is encrypted; give its password"
            ) from None
        raise SignatureError(f"{label}: {text}") from None
    except ValueError as exc:
        text = str(exc)
        if pw is not None and _is_encrypted_key(data):
            if "unknown key encryption algorithm" in text.lower():
                raise SignatureError(
                    f"{label}: the private key is encrypted with an algorithm this library "
                    f"cannot decrypt ({text}); re-encrypt it with AES (e.g. openssl pkcs8 "
                    "-topk8 -v2 aes-256-cbc)"
                ) from None
            # A wrong password usually fails the cipher's padding check ("Incorrect
            # password"), but about one time in 256 the garbage decrypts with valid padding
            # and the failure shows up later as an ASN.1 error, as it does for a damaged file.
            raise SignatureError(
                f"{label}: cannot decrypt the private key (wrong password, or the key file "
                f"is damaged)"
            ) from None
        pkcs12 = _pkcs12_error(data, label)
        if pkcs12 is not None:
            raise pkcs12 from None
        raise SignatureError(f"{label}: not a readable private key ({text})") from None


# Object identifiers of the password-based encryption schemes an encrypted PKCS#8 key names
# first (DER): PKCS#5 (PBES1, PBES2: 1.2.840.113549.1.5.*) and PKCS#12 (1.2.840.113549.1.12.1.*).
_PKCS5_OID_PREFIX = bytes.fromhex("2a864886f70d0105")
_PKCS12_PBE_OID_PREFIX = bytes.fromhex("2a864886f70d010c01")
_PEM_ENCRYPTED = re.compile(
    rb"-----BEGIN ENCRYPTED PRIVATE KEY-----|^Proc-Type:[ \t]*4,[ \t]*ENCRYPTED", re.M
)


def _is_encrypted_key(data: bytes) -> bool:
    """True when ``data`` is a password-protected private key (PEM or DER), even damaged."""
    if b"-----BEGIN" in data:
        return _PEM_ENCRYPTED.search(data) is not None
    head = data[:32]
    if _PKCS5_OID_PREFIX in head or _PKCS12_PBE_OID_PREFIX in head:
        return True
    try:
        serialization.load_der_private_key(data, password=None)
    except TypeError as exc:
        return "encrypted" in str(exc).lower()
    except ValueError:
        return False
    return False


def _public_der(key: PrivateKeyTypes | PublicKeyTypes) -> bytes:
    pub = key.public_key() if hasattr(key, "public_key") else key
    return pub.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _tobytes(node: etree._Element | etree._ElementTree, **kw: object) -> bytes:
    out = etree.tostring(node, **kw)  # type: ignore[call-overload]
    assert isinstance(out, bytes)
    return out


# --------------------------------------------------------------------------------------------
# Signing
# --------------------------------------------------------------------------------------------


def _message_bytes(message: Source | Alert) -> bytes:
    to_xml = getattr(message, "to_xml", None)
    if callable(to_xml):
        data = to_xml()
        if not isinstance(data, bytes):
            raise TypeError("message.to_xml() did not return bytes")
        return data
    data, _ = read_source(message)  # type: ignore[arg-type]
    return data


_TAG_START = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<([^\s/>!?])", re.S
)
_MISC_TAIL = re.compile(rb"(?:\s|<!--.*?-->|<\?.*?\?>)*\Z", re.S)


def _element_offsets(data: bytes) -> list[int]:
    """Byte offset of each element's start tag, in document order."""
    return [m.start() for m in _TAG_START.finditer(data) if m.group(1)]


def _root_end_tag(data: bytes, root: etree._Element) -> int:
    """Byte offset of the root element's end tag ``</…alert>``."""
    qname = etree.QName(root)
    prefix = root.prefix
    name = (f"{prefix}:{qname.localname}" if prefix else qname.localname).encode("ascii")
    for m in reversed(list(re.finditer(rb"</" + re.escape(name) + rb"\s*>", data))):
        if _MISC_TAIL.match(data, m.end()):
            return m.start()
    raise UnsignableDocumentError("cannot find the end tag of <alert> in the document")


def _ascii_compatible(encoding: str | None) -> bool:
    if not encoding:
        return True
    try:
        return "<ds:Signature/>".encode(encoding) == b"<ds:Signature/>"
    except (LookupError, UnicodeError):
        return False


def _signature_xml(sig: etree._Element) -> bytes:
    """The signature element alone, declaring only the namespaces it uses."""
    standalone = etree.fromstring(_tobytes(sig))
    etree.cleanup_namespaces(standalone)
    return _tobytes(standalone)


def _pick_algorithm(key: PrivateKeyTypes, algorithm: str | None) -> SignatureMethod:
    if algorithm is None:
        if isinstance(key, rsa.RSAPrivateKey):
            return SignatureMethod.RSA_SHA256
        if isinstance(key, ec.EllipticCurvePrivateKey):
            size = key.curve.key_size
            return {384: SignatureMethod.ECDSA_SHA384, 521: SignatureMethod.ECDSA_SHA512}.get(
                size, SignatureMethod.ECDSA_SHA256
            )
        raise SignatureError(
            f"unsupported private key type {type(key).__name__}: use an RSA or EC (ECDSA) key"
        )
    name = algorithm.lower()
    if name not in SIGNATURE_ALGORITHMS:
        known = ", ".join(SIGNATURE_ALGORITHMS)
        raise SignatureError(f"unknown signature algorithm {algorithm!r}; choose one of {known}")
    method = SIGNATURE_ALGORITHMS[name]
    if name.startswith("rsa") and not isinstance(key, rsa.RSAPrivateKey):
        raise SignatureError(f"algorithm {name} needs an RSA key, not {type(key).__name__}")
    if name.startswith("ecdsa") and not isinstance(key, ec.EllipticCurvePrivateKey):
        raise SignatureError(f"algorithm {name} needs an EC key, not {type(key).__name__}")
    return method


def sign(
    message: Source | Alert,
    key: KeySource,
    cert: CertificateSource | Sequence[CertificateSource],
    *,
    password: bytes | str | None = None,
    algorithm: str | None = None,
    digest: str = "sha256",
    keep_existing: bool = False,
    allow_expired: bool = False,
    at: datetime | None = None,
) -> bytes:
    """Sign a CAP 1.2 alert with an enveloped XML signature and return the signed document.

    ``message`` is an :class:`Alert` (its ``to_xml()`` is signed) or a CAP 1.2 document (bytes,
    str or a path). ``key`` is the private key (PEM/DER bytes, PEM text, a path, or a
    ``cryptography`` key; ``password`` decrypts an encrypted key). ``cert`` is the signer's X.509
    certificate, optionally followed by its intermediates (all of them go into ``KeyInfo``,
    signer first); it must hold the public key of ``key``.

    The signature is what IPAWS-OPEN expects: ``Reference URI=""`` over the whole alert, the
    enveloped-signature and exclusive-canonicalization transforms, SHA-256 digest, RSA-SHA256
    (or ``algorithm``: ``rsa-sha384/512``, ``ecdsa-sha256/384/512``; an EC key defaults to
    ECDSA), the certificate in ``KeyInfo/X509Data``. It is inserted as the last child of
    ``<alert>``, so the result is still valid CAP 1.2; the rest of the document (declaration,
    encoding, whitespace, comments) is kept byte for byte. Signatures already on the alert are
    replaced unless ``keep_existing`` (then the new one is added after them and also signs them).

    Refuses (:class:`SignatureError`) a key that does not match the certificate, and a
    certificate outside its validity period at ``at`` (default now) unless ``allow_expired``.
    Raises the usual :class:`CapError` subclasses for unreadable or non-CAP-1.2 input.
    """
    data = _message_bytes(message)
    doc = load_xml(data)
    check_cap12_root(doc.root)
    root = doc.root
    private_key = _load_private_key(key, password)
    chain = load_certificates(cert)
    if not chain:
        raise SignatureError("no certificate given")
    leaf = chain[0]
    if _public_der(private_key) != _public_der(leaf.public_key()):
        raise SignatureError(
            "the private key does not belong to the certificate "
            f"({leaf.subject.rfc4514_string()}): their public keys differ"
        )
    when = _utc(at) if at is not None else datetime.now(UTC)
    if not allow_expired:
        if when > leaf.not_valid_after_utc:
            raise SignatureError(
                f"the certificate {leaf.subject.rfc4514_string()} expired on "
                f"{leaf.not_valid_after_utc.isoformat()}; IPAWS-OPEN rejects such signatures "
                "(allow_expired=True, --allow-expired, to sign anyway)"
            )
        if when < leaf.not_valid_before_utc:
            raise SignatureError(
                f"the certificate {leaf.subject.rfc4514_string()} is valid only from "
                f"{leaf.not_valid_before_utc.isoformat()} "
                "(allow_expired=True, --allow-expired, to sign anyway)"
            )
    weak = _weak_key(leaf.public_key())
    if weak is not None:
        raise SignatureError(f"the certificate {leaf.subject.rfc4514_string()} has {weak}")
    refusal = _signing_usage_refusal(leaf)
    if refusal is not None:
        raise SignatureError(
            f"the certificate {leaf.subject.rfc4514_string()} cannot sign alerts: {refusal}"
        )
    method = _pick_algorithm(private_key, algorithm)
    if not isinstance(private_key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        raise SignatureError(f"unsupported private key type {type(private_key).__name__}")
    if digest.lower() not in _DIGESTS:
        raise SignatureError(f"unknown digest {digest!r}; choose one of {', '.join(_DIGESTS)}")
    digest_alg = _DIGESTS[digest.lower()]
    for node in root.itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction):
            raise UnsignableDocumentError(
                "the document has a processing instruction (<?…?>) before <alert>; "
                "verifiers disagree on whether a signature covers it, so remove it first"
            )
    for node in root.itersiblings():
        if isinstance(node, etree._ProcessingInstruction):
            raise UnsignableDocumentError(
                "the document has a processing instruction (<?…?>) after <alert>; "
                "remove it first"
            )

    for nested in root.iter(_SIGNATURE):
        parent = nested.getparent()
        if parent is not root and parent is not None:
            raise UnsignableDocumentError(
                f"the document has a ds:Signature inside {_xpath(parent)}; only children of "
                "<alert> are signatures of the alert, and verifiers refuse one anywhere else "
                "(misplaced-signature), so the signed message would not verify: remove it first"
            )
    existing = [child for child in root if child.tag == _SIGNATURE]
    encoding = root.getroottree().docinfo.encoding
    if existing and not keep_existing:
        base = _without_signatures(data, root, existing, encoding)
        doc = load_xml(base)
        root = doc.root
        data = base

    signer = _CapSigner(
        signature_algorithm=method,
        digest_algorithm=digest_alg,
        c14n_algorithm=_EXC_C14N,
    )
    signer.namespaces = {"ds": DSIG_NS}
    try:
        signed_root = signer.sign(root, key=private_key, cert=list(chain))
    except (SignXMLException, ValueError, TypeError) as exc:
        raise SignatureError(f"signing failed: {exc}") from None
    sig = signed_root[-1]
    refs = sig.findall(f"{_DS}SignedInfo/{_DS}Reference")
    if len(refs) != 1 or refs[0].get("URI") != "":
        raise UnsignableDocumentError(
            "the root <alert> carries an Id attribute; CAP alerts have none"
        )
    sig_bytes = _signature_xml(sig)

    if _ascii_compatible(encoding):
        end = _root_end_tag(data, root)
        out = data[:end] + sig_bytes + data[end:]
    else:  # UTF-16 and the like: serialize the tree (same content, same whitespace)
        root.append(etree.fromstring(sig_bytes))
        out = _tobytes(root.getroottree(), encoding=encoding, xml_declaration=True)
    _self_check(out, leaf)
    return out


def _without_signatures(
    data: bytes, root: etree._Element, sigs: list[etree._Element], encoding: str | None
) -> bytes:
    """``data`` with the given ds:Signature children of the root removed."""
    children = [c for c in root if isinstance(c.tag, str)]
    trailing = children[len(children) - len(sigs):]
    texts_ok = all(not (s.tail or "").strip() for s in sigs)
    if trailing == sigs and texts_ok and _ascii_compatible(encoding):
        # The usual case: the signatures are the last children. Cut from the first one's start
        # tag to the root end tag (only whitespace between them goes, with the signatures).
        order = {el: i for i, el in enumerate(root.iter(etree.Element))}
        offsets = _element_offsets(data)
        start = offsets[order[sigs[0]]]
        end = _root_end_tag(data, root)
        return data[:start] + data[end:]
    for s in sigs:
        _remove_keeping_tail(s)
    return _tobytes(root.getroottree(), encoding=encoding or "utf-8", xml_declaration=True)


def _remove_keeping_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _self_check(out: bytes, leaf: x509.Certificate) -> None:
    """Verify the signature just made (crypto and digest), so no broken output leaves sign()."""
    doc = load_xml(out)
    sigs = [c for c in doc.root if c.tag == _SIGNATURE]
    cfg = SignatureConfiguration(
        location="./",
        signature_methods=_ACCEPTED_METHODS,
        digest_algorithms=_ACCEPTED_DIGESTS,
        verification_time=leaf.not_valid_before_utc,
    )
    try:
        _CapVerifier(len(sigs) - 1).verify(
            doc.root, x509_cert=leaf, validate_schema=False, expect_config=cfg
        )
    except Exception as exc:  # pragma: no cover - a bug, not bad input
        raise SignatureError(f"internal error: the new signature does not verify ({exc})") from None


# --------------------------------------------------------------------------------------------
# Verification
# --------------------------------------------------------------------------------------------


def _standalone(node: object) -> object:
    """``node`` re-parsed as the root of its own document, with its in-scope namespaces.

    libxml2 2.14's inclusive C14N of an element that is not the sole top-level node (a
    SignedInfo inside its Signature, or a root after a comment) writes spurious ``xmlns=""``
    on descendants, breaking valid signatures; canonicalizing a standalone copy avoids it.
    """
    if not isinstance(node, etree._Element):
        return node
    if node.getparent() is None and node.getprevious() is None and node.getnext() is None:
        return node
    return etree.fromstring(_tobytes(node, with_tail=False))



class UnsignableDocumentError(SignatureError):
    """The document itself cannot be signed as it is (a processing instruction beside
    ``<alert>``, an ``Id`` on it, no findable end tag), as opposed to a key or certificate
    problem. A :class:`SignatureError`, so callers catching that need not know it; the CLI
    uses it to name the file and exit 1 (bad input) rather than 2."""


class _StandaloneC14n:
    """Canonicalize standalone copies of the nodes (see :func:`_standalone`); mixed into
    signxml's signer and verifier."""

    def _c14n(
        self,
        nodes: object,
        algorithm: CanonicalizationMethod,
        inclusive_ns_prefixes: list[str] | None = None,
    ) -> bytes:
        items = nodes if isinstance(nodes, list) else [nodes]
        fixed = [_standalone(n) for n in items]
        return super()._c14n(  # type: ignore[misc, no-any-return]
            fixed, algorithm=algorithm, inclusive_ns_prefixes=inclusive_ns_prefixes
        )


class _CapSigner(_StandaloneC14n, XMLSigner):
    """signxml's signer, canonicalizing standalone copies (see :func:`_standalone`)."""


class _CapVerifier(_StandaloneC14n, XMLVerifier):
    """signxml's verifier, aimed at one enveloped signature among the root's children.

    Verifying the signature at ``index`` of the root's ds:Signature children: the tree handed
    over has the signatures that were added after it removed, so it is the last one.
    A Reference without URI is read as the whole document (as URI="") — only after the caller
    has checked that the Reference is the single enveloped one.
    """

    def __init__(self, index: int) -> None:
        super().__init__()
        self._index = index

    def _get_signature(self, root: etree._Element) -> etree._Element:
        sigs = [c for c in root if c.tag == _SIGNATURE]
        if len(sigs) <= self._index:
            raise InvalidInput("the signature is not a child of the root element")
        return sigs[self._index]

    def _resolve_reference(
        self, doc_root: etree._Element, reference: etree._Element, uri_resolver: object = None
    ) -> object:
        if reference.get("URI") is None:
            return doc_root
        return super()._resolve_reference(  # type: ignore[no-untyped-call]
            doc_root, reference, uri_resolver=uri_resolver
        )


@dataclass(frozen=True)
class SignatureCheck:
    """What was checked on one ``ds:Signature`` and with what result.

    ``ok`` is true when the signature is intact (digest and signature value), uses accepted
    algorithms, covers the whole root ``<alert>``, and its certificate is trusted and within its
    validity period at the validation time. Otherwise ``reason`` is the most fundamental
    :data:`FailureReason` and ``message`` says what exactly; ``problems`` lists every failure
    found as ``(reason, message)`` and ``notes`` anything else worth knowing.
    """

    index: int
    """1-based position among the document's ds:Signature elements (document order)."""
    xpath: str
    """Positional XPath of the ds:Signature element, e.g. ``/alert[1]/Signature[1]``."""
    line: int | None
    ok: bool
    reason: str | None
    message: str
    problems: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()
    signature_method: str | None = None
    digest_method: str | None = None
    canonicalization: str | None = None
    subject: str | None = None
    """The signing certificate's subject (RFC 4514), when the message carries one."""
    issuer: str | None = None
    serial_number: int | None = None
    not_valid_before: datetime | None = None
    not_valid_after: datetime | None = None
    certificate: x509.Certificate | None = field(default=None, repr=False)
    trusted_as: str | None = None
    """How trust was established: ``"pinned"`` (the certificate itself is trusted) or
    ``"chain to <subject>"``; ``None`` when it was not."""
    signed_data: bytes | None = field(default=None, repr=False)
    """The canonical bytes this signature covers (the alert without this signature), set only
    when the signature is intact."""

    @property
    def intact(self) -> bool:
        """Digest and signature value verify (whatever the trust and validity outcome)."""
        return self.signed_data is not None


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of :func:`verify` for one message.

    ``ok`` is true when the message has at least one signature and every signature passed
    (``require="all"``, the default) or at least one did (``require="any"``). ``checks`` has one
    :class:`SignatureCheck` per ``ds:Signature`` found anywhere in the document.

    After ``ok``, use :attr:`signed_data` (or :meth:`signed_alert`) — the bytes a verified
    signature covers — and not the document you passed in.
    """

    ok: bool
    checks: tuple[SignatureCheck, ...]
    reason: str | None
    """The first failing check's reason (``missing-signature`` when there is none)."""
    message: str
    at: datetime
    """The validation time certificates were checked at."""
    signed_data: bytes | None = field(default=None, repr=False)
    """The alert as signed (canonical XML, without the signature that covers it), from the first
    signature that passed; ``None`` unless ``ok``."""

    @property
    def subject(self) -> str | None:
        """Subject of the first passing signature's certificate."""
        for c in self.checks:
            if c.ok:
                return c.subject
        return None

    @property
    def signed(self) -> bool:
        """Whether the message carries any signature."""
        return bool(self.checks)

    def signed_alert(self) -> Alert:
        """The signed data parsed as an :class:`Alert`; raises :class:`SignatureError` unless
        ``ok``."""
        if not self.ok or self.signed_data is None:
            raise SignatureError(f"the message did not verify: {self.message}")
        from ._codec import parse

        return parse(self.signed_data)


def _line(el: etree._Element) -> int | None:
    line: object = el.sourceline
    return line if isinstance(line, int) else None


def _utc(when: datetime) -> datetime:
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _xpath(el: etree._Element) -> str:
    parts: list[str] = []
    node: etree._Element | None = el
    while node is not None:
        parent = node.getparent()
        name = etree.QName(node).localname
        if parent is None:
            parts.append(f"/{name}[1]")
        else:
            index = 1 + sum(1 for sib in node.itersiblings(preceding=True) if sib.tag == node.tag)
            parts.append(f"/{name}[{index}]")
        node = parent
    return "".join(reversed(parts))


def _b64_canonical(text: str | None) -> bytes | None:
    """Decode a base64Binary value; ``None`` when it is not a valid lexical form.

    XML Schema's base64Binary (XSD Part 2 §3.2.16) fixes the padding bits of the last
    character, so a one-character edit there (which lenient decoders ignore) is caught.
    """
    if text is None:
        return None
    compact = "".join(text.split())
    try:
        raw = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None
    if base64.b64encode(raw).decode("ascii") != compact:
        return None
    return raw


@dataclass
class _Trust:
    anchors: list[x509.Certificate]
    anchor_ders: set[bytes]
    anchor_keys: dict[bytes, x509.Certificate]


def _trust(trusted: CertificateSource | Iterable[CertificateSource] | None) -> _Trust:
    certs = load_certificates(trusted) if trusted is not None else []
    ders = {c.public_bytes(serialization.Encoding.DER) for c in certs}
    keys = {_public_der(c.public_key()): c for c in certs}
    return _Trust(certs, ders, keys)


def _sent_time(root: etree._Element) -> datetime | None:
    ns = etree.QName(root).namespace
    el = root.find(f"{{{ns}}}sent")
    if el is None or not (el.text or "").strip():
        return None
    try:
        return _utc(datetime.fromisoformat((el.text or "").strip().replace("Z", "+00:00")))
    except ValueError:
        return None


def verify(
    message: Source | Alert,
    *,
    trusted: CertificateSource | Iterable[CertificateSource] | None,
    at: datetime | Literal["sent"] | None = None,
    allow_sha1: bool = False,
    require: Literal["all", "any"] = "all",
    limits: Limits = DEFAULT_LIMITS,
) -> VerifyResult:
    """Verify every XML signature of a CAP alert against the certificates in ``trusted``.

    ``trusted`` holds the certificates you trust: the signer's own certificate (pinned) and/or
    CA certificates the signer's certificate chains to (a CA bundle file, a folder, PEM/DER
    bytes, ``cryptography`` certificates). The certificate carried in the message is never
    trusted on its own: with ``trusted=None`` or empty every signature is untrusted.

    ``at`` is the validation time for certificate validity and chains: a datetime, ``"sent"``
    (the alert's ``<sent>`` — to check archived messages as of when they were sent; never for
    incoming alerts, as the signer writes ``<sent>`` and the holder of an expired key can
    backdate it: a note says when the certificate is not valid now) or ``None`` (now). SHA-1
    signatures and digests fail (``weak-algorithm``) unless ``allow_sha1``.
    Whitespace is significant: nothing in the document is stripped or re-indented before
    verifying.

    Each ``ds:Signature`` must be a child of the root ``<alert>`` and sign the whole alert (one
    Reference, URI="" or none, the enveloped-signature transform, canonicalization transforms
    only); a signature anywhere else fails as ``misplaced-signature``. Several signatures are
    allowed; each is checked on the document as it was when it was added (signatures added
    later are taken out).

    Raises :class:`CapError` subclasses only for input that is not a readable CAP ``<alert>``
    (any CAP version), and :class:`SignatureError` for unreadable ``trusted`` certificates;
    every problem of the signatures themselves is reported in the result.
    """
    if isinstance(message, (bytes, bytearray, memoryview, str, os.PathLike)):
        doc = load_xml(message, limits)
    else:
        doc = load_xml(_message_bytes(message), limits)
    root = doc.root
    qname = etree.QName(root)
    if qname.localname != "alert" or qname.namespace not in _CAP_NAMESPACES:
        check_cap12_root(root)  # raises the precise NotCapError
        raise NotCapError("the root element is not a CAP <alert>")  # pragma: no cover
    trust = _trust(trusted)
    return _verify_tree(root, trust, at=at, allow_sha1=allow_sha1, require=require)[0]


def _verify_tree(
    root: etree._Element,
    trust: _Trust,
    *,
    at: datetime | Literal["sent"] | None,
    allow_sha1: bool,
    require: Literal["all", "any"],
) -> tuple[VerifyResult, list[etree._Element]]:
    """Verify ``root`` (never modified); also return each check's ds:Signature element."""
    if require not in ("all", "any"):
        raise ValueError(f'require must be "all" or "any", not {require!r}')
    notes: list[str] = []
    if at == "sent":
        when = _sent_time(root)
        if when is None:
            when = datetime.now(UTC)
            notes.append("the alert has no readable <sent>; certificates checked as of now")
    elif isinstance(at, datetime):
        when = _utc(at)
    elif at is None:
        when = datetime.now(UTC)
    else:
        raise ValueError(f'at must be a datetime, "sent" or None, not {at!r}')

    all_sigs = list(root.iter(_SIGNATURE))
    top = [c for c in root if c.tag == _SIGNATURE]
    checks: list[SignatureCheck] = []
    elements: list[etree._Element] = []
    for number, sig in enumerate(all_sigs, start=1):
        if number > MAX_SIGNATURES:
            # Each check works on a copy of the whole document, so checking n signatures
            # costs n times the document: 800 copies of one signature (1.8 MB) took minutes.
            msg = (
                f"not checked: the message has {len(all_sigs)} ds:Signature elements and only "
                f"the first {MAX_SIGNATURES} are checked (a CAP message carries one or two)"
            )
            checks.append(
                SignatureCheck(
                    index=number, xpath=_xpath(sig), line=_line(sig), ok=False,
                    reason="malformed-signature", message=msg,
                    problems=(("malformed-signature", msg),),
                )
            )
            elements.append(sig)
            continue
        if sig.getparent() is not root:
            parent = sig.getparent()
            where = _xpath(parent) if parent is not None else "?"
            msg = (
                f"a ds:Signature inside {where} is not a child of the root <alert>: it does not "
                "sign this alert (signature wrapping?); CAP allows enveloped signatures of "
                "<alert> only"
            )
            checks.append(
                SignatureCheck(
                    index=number, xpath=_xpath(sig), line=_line(sig), ok=False,
                    reason="misplaced-signature", message=msg,
                    problems=(("misplaced-signature", msg),),
                )
            )
        else:
            checks.append(
                _check_signature(
                    root, top, top.index(sig), number, trust, when, allow_sha1,
                    sent_only=at == "sent",
                )
            )
        elements.append(sig)

    if not checks:
        result = VerifyResult(
            ok=False, checks=(), reason="missing-signature",
            message="the alert carries no XML signature (ds:Signature)", at=when,
        )
        return result, elements
    passed = [c for c in checks if c.ok]
    ok = bool(passed) and (require == "any" or len(passed) == len(checks))
    failed = [c for c in checks if not c.ok]
    if ok:
        first = passed[0]
        extra = f"; {len(failed)} other signature(s) failed" if failed else ""
        message = (
            f"{len(passed)} of {len(checks)} signature(s) verified; signed by {first.subject}"
            f"{extra}"
        )
        if at == "sent":
            notes += [n for c in passed for n in c.notes if n.startswith("checked as of the")][:1]
        reason = None
    else:
        worst = failed[0]
        reason = worst.reason
        message = f"signature {worst.index} ({worst.xpath}): {worst.message}"
    if notes:
        message += "; " + "; ".join(notes)
    result = VerifyResult(
        ok=ok, checks=tuple(checks), reason=reason, message=message, at=when,
        signed_data=passed[0].signed_data if ok else None,
    )
    return result, elements


def _method_of(el: etree._Element | None) -> str | None:
    return el.get("Algorithm") if el is not None else None


def _structure_problems(sig: etree._Element) -> list[tuple[str, str]]:
    """Problems that make a signature not a CAP enveloped signature, or unreadable."""
    problems: list[tuple[str, str]] = []
    si = sig.find(_DS + "SignedInfo")
    if si is None:
        return [("malformed-signature", "the signature has no SignedInfo")]
    # XML-Signature §4 allows one of each; a verifier picking another copy would check
    # something else, so a second one is refused rather than ignored.
    for parent, names in (
        (sig, ("SignedInfo", "SignatureValue", "KeyInfo")),
        (si, ("CanonicalizationMethod", "SignatureMethod")),
    ):
        for name in names:
            count = len(parent.findall(_DS + name))
            if count > 1:
                where = "the signature" if parent is sig else "SignedInfo"
                problems.append(
                    ("malformed-signature", f"{where} has {count} {name} elements; "
                     "XML-Signature allows one")
                )
    if si.find(_DS + "CanonicalizationMethod") is None:
        problems.append(("malformed-signature", "SignedInfo has no CanonicalizationMethod"))
    if si.find(_DS + "SignatureMethod") is None:
        problems.append(("malformed-signature", "SignedInfo has no SignatureMethod"))
    if sig.find(_DS + "SignatureValue") is None:
        problems.append(("malformed-signature", "the signature has no SignatureValue"))
    refs = si.findall(_DS + "Reference")
    if len(refs) != 1:
        problems.append(
            ("not-enveloped", f"SignedInfo has {len(refs)} References; an enveloped CAP "
             "signature has exactly one, signing the whole <alert>")
        )
        return problems
    ref = refs[0]
    uri = ref.get("URI")
    if uri not in (None, ""):
        problems.append(
            ("not-enveloped", f'the Reference URI is "{uri}", so the signature does not cover '
             'the whole <alert>; CAP requires URI=""')
        )
    transforms = [t.get("Algorithm") for t in ref.iter(_DS + "Transform")]
    if _ENVELOPED not in transforms:
        problems.append(
            ("not-enveloped", "the Reference lacks the enveloped-signature transform")
        )
    others = [t for t in transforms if t != _ENVELOPED and t not in _C14N_URIS]
    if others:
        problems.append(
            ("not-enveloped", f"the Reference has transforms other than enveloped-signature "
             f"and canonicalization ({', '.join(str(t) for t in others)}), so it may not "
             "sign everything shown")
        )
    if ref.find(_DS + "DigestMethod") is None or ref.find(_DS + "DigestValue") is None:
        problems.append(("malformed-signature", "the Reference has no DigestMethod/DigestValue"))
    for name in ("Transforms", "DigestMethod", "DigestValue"):
        count = len(ref.findall(_DS + name))
        if count > 1:
            problems.append(
                ("malformed-signature", f"the Reference has {count} {name} elements; "
                 "XML-Signature allows one")
            )
    return problems


def _algorithm_problems(sig: etree._Element, allow_sha1: bool) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    sm = _method_of(sig.find(f"{_DS}SignedInfo/{_DS}SignatureMethod"))
    dm = _method_of(sig.find(f"{_DS}SignedInfo/{_DS}Reference/{_DS}DigestMethod"))
    cm = _method_of(sig.find(f"{_DS}SignedInfo/{_DS}CanonicalizationMethod"))
    try:
        method = SignatureMethod(sm)
    except ValueError:
        method = None
    if method is None or (method not in _ACCEPTED_METHODS and method not in _SHA1_METHODS):
        problems.append(("unsupported-algorithm", f"signature method {sm} is not accepted"))
    elif method in _SHA1_METHODS and not allow_sha1:
        problems.append(
            ("weak-algorithm", f"signature method {sm} uses SHA-1, which is broken for "
             "signatures; allow_sha1=True (--allow-sha1) verifies archived messages that use it")
        )
    try:
        dalg = DigestAlgorithm(dm)
    except ValueError:
        dalg = None
    if dalg is None or (dalg not in _ACCEPTED_DIGESTS and dalg is not DigestAlgorithm.SHA1):
        problems.append(("unsupported-algorithm", f"digest method {dm} is not accepted"))
    elif dalg is DigestAlgorithm.SHA1 and not allow_sha1:
        problems.append(
            ("weak-algorithm", f"digest method {dm} is SHA-1, which is broken; allow_sha1=True "
             "(--allow-sha1) verifies archived messages that use it")
        )
    if cm not in _C14N_URIS:
        problems.append(("unsupported-algorithm", f"canonicalization method {cm} is unknown"))
    return problems


def _signing_candidates(certs: list[x509.Certificate]) -> list[x509.Certificate]:
    """Certificates of X509Data, each once, the likely signer (issuing no other one) first."""
    unique: dict[bytes, x509.Certificate] = {}
    for c in certs:
        unique.setdefault(c.public_bytes(serialization.Encoding.DER), c)
    certs = list(unique.values())
    issuers = {c.issuer.public_bytes() for c in certs}
    subjects_issuing = [c for c in certs if c.subject.public_bytes() in issuers and len(certs) > 1]
    leaves = [c for c in certs if c not in subjects_issuing]
    return leaves + [c for c in certs if c not in leaves]


def _tree_variants(
    root: etree._Element, top: list[etree._Element], i: int
) -> list[tuple[etree._Element, int, str | None]]:
    """Copies of the document to check the root's i-th signature on, with a note each.

    First with every other signature in place; then as it was before the later signatures
    were added; then without the earlier ones (a signer may have inserted its signature before
    others); then alone.
    """
    n = len(top)
    plans: list[tuple[set[int], str | None]] = [(set(), None)]
    if n > 1:
        later = set(range(i + 1, n))
        earlier = set(range(i))
        if later:
            plans.append((later, "checked without the signature(s) added after it"))
        if earlier:
            plans.append((earlier, "checked without the signature(s) placed before it"))
        if later and earlier:
            plans.append((later | earlier, "checked without the other signatures"))
    variants = []
    for drop, note in plans:
        copy = etree.fromstring(_tobytes(root))
        sigs = [c for c in copy if c.tag == _SIGNATURE]
        for j in sorted(drop, reverse=True):
            _remove_keeping_tail(sigs[j])
        variants.append((copy, i - sum(1 for j in drop if j < i), note))
    return variants


def _crypto(
    tree: etree._Element,
    index: int,
    cert: x509.Certificate | None,
    allow_sha1: bool,
) -> tuple[str | None, str, bytes | None, bytes | None]:
    """Run signxml on one signature: (reason or None, message, signed data, key DER)."""
    methods = _ACCEPTED_METHODS | (_SHA1_METHODS if allow_sha1 else frozenset())
    digests = _ACCEPTED_DIGESTS | (frozenset({DigestAlgorithm.SHA1}) if allow_sha1 else frozenset())
    cfg = SignatureConfiguration(
        location="./",
        signature_methods=methods,
        digest_algorithms=digests,
        require_x509=cert is not None,
        verification_time=cert.not_valid_before_utc if cert is not None else None,
        # KeyValue next to the certificate must match it (checked by signxml).
        ignore_ambiguous_key_info=False,
    )
    verifier = _CapVerifier(index)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = verifier.verify(
                tree, x509_cert=cert, validate_schema=False, expect_config=cfg
            )
    except InvalidDigest:
        return ("digest-mismatch",
                "the signed content was changed after signing: its digest does not match the "
                "DigestValue", None, None)
    except (InvalidSignature, cryptography.exceptions.InvalidSignature) as exc:
        detail = str(exc).split(":", 1)[-1].strip()
        msg = "the SignatureValue does not verify with the " + (
            "certificate's public key" if cert is not None else "key in KeyInfo"
        )
        if detail and "verification failed" not in detail.lower():
            msg += f" ({detail})"
        return ("bad-signature-value", msg, None, None)
    except InvalidInput as exc:
        return ("malformed-signature", f"the signature cannot be processed: {exc}", None, None)
    except (SignXMLException, etree.LxmlError, ValueError, TypeError, KeyError) as exc:
        return ("malformed-signature", f"the signature cannot be processed: {exc}", None, None)
    if isinstance(res, list):  # pragma: no cover - expect_references=1 returns one result
        res = res[0]
    try:  # signxml gives the key in PEM; compare keys as DER SubjectPublicKeyInfo
        key_der = _public_der(serialization.load_pem_public_key(res.signature_key))
    except (ValueError, TypeError):
        key_der = None
    return (None, "", res.signed_data, key_der)


def _check_signature(
    root: etree._Element,
    top: list[etree._Element],
    i: int,
    number: int,
    trust: _Trust,
    when: datetime,
    allow_sha1: bool,
    *,
    sent_only: bool = False,
) -> SignatureCheck:
    sig = top[i]
    base = (number, _xpath(sig), _line(sig))
    sm = _method_of(sig.find(f"{_DS}SignedInfo/{_DS}SignatureMethod"))
    dm = _method_of(sig.find(f"{_DS}SignedInfo/{_DS}Reference/{_DS}DigestMethod"))
    cm = _method_of(sig.find(f"{_DS}SignedInfo/{_DS}CanonicalizationMethod"))
    algos = (sm, dm, cm)
    problems = _structure_problems(sig)
    notes: list[str] = []
    if not problems:
        problems += _algorithm_problems(sig, allow_sha1)
        ref = sig.find(f"{_DS}SignedInfo/{_DS}Reference")
        if ref is not None and ref.get("URI") is None:
            notes.append('the Reference has no URI attribute; read as URI="" (the whole alert)')
    if problems:
        return _finish(base, algos, problems, notes)

    # Certificates carried in KeyInfo (never trusted on their own).
    cert_els = sig.findall(f"{_DS}KeyInfo/{_DS}X509Data/{_DS}X509Certificate")
    if len(cert_els) > MAX_CERTIFICATES:
        # Each certificate is a candidate signer, tried on a copy of the whole document.
        problems.append(
            ("malformed-signature", f"KeyInfo carries {len(cert_els)} X509Certificate "
             f"elements, more than the {MAX_CERTIFICATES} read (a signer and its chain)")
        )
        return _finish(base, algos, problems, notes)
    certs: list[x509.Certificate] = []
    for n, el in enumerate(cert_els, start=1):
        raw = _b64_canonical(el.text)
        if raw is None:
            problems.append(
                ("bad-certificate", f"X509Certificate {n} is not valid base64 (its text was "
                 "altered: the last character's padding bits are not zero, or it has bad "
                 "characters)")
            )
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                certs.append(x509.load_der_x509_certificate(raw))
        except ValueError as exc:
            problems.append(("bad-certificate", f"X509Certificate {n} cannot be read: {exc}"))
    if problems:
        return _finish(base, algos, problems, notes)

    digest_el = sig.find(f"{_DS}SignedInfo/{_DS}Reference/{_DS}DigestValue")
    if _b64_canonical(digest_el.text if digest_el is not None else None) is None:
        problems.append(
            ("digest-mismatch", "the DigestValue is not valid base64 (XSD base64Binary): it "
             "was altered after signing, so it cannot be the digest the signer computed")
        )
    if _b64_canonical(sig.findtext(_DS + "SignatureValue")) is None:
        problems.append(
            ("bad-signature-value", "the SignatureValue is not valid base64 (XSD "
             "base64Binary): it was altered after signing")
        )

    # Cryptographic check: each candidate certificate (signer first) on each document variant.
    candidates: list[x509.Certificate | None] = list(_signing_candidates(certs)) or [None]
    best: tuple[str | None, str, bytes | None, bytes | None] | None = None
    signer: x509.Certificate | None = None
    variant_note: str | None = None
    for tree, index, note in _tree_variants(root, top, i):
        for cand in candidates:
            outcome = _crypto(tree, index, cand, allow_sha1)
            if outcome[0] is None:
                best, signer, variant_note = outcome, cand, note
                break
            if best is None or _progress(outcome[0]) > _progress(best[0]):
                best, signer = outcome, cand
        if best is not None and best[0] is None:
            break
    assert best is not None
    reason, message, signed_data, key_der = best
    if variant_note:
        notes.append(variant_note)
    if reason is not None:
        problems.append((reason, message))
        if _verifies_without_whitespace(root, i, candidates, allow_sha1):
            notes.append(
                "it would verify with the whitespace between elements removed: the message was "
                "re-indented after it was signed (whitespace is signed content and is never "
                "stripped before verifying)"
            )
        signed_data = None

    trusted_as: str | None = None
    if signer is None:
        # KeyValue only: trusted when the key is the key of a trusted certificate.
        match = trust.anchor_keys.get(key_der) if key_der is not None else None
        if key_der is not None and match is not None:
            signer = match
            trusted_as = "pinned (key of a trusted certificate)"
        else:
            problems.append(
                ("no-certificate", "KeyInfo carries no X.509 certificate and the key is not the "
                 "key of a trusted certificate, so the signer cannot be identified")
            )
    else:
        trusted_as, trust_problem = _establish_trust(signer, certs, trust, when)
        if trust_problem is not None:
            problems.append(trust_problem)
    if signer is not None:
        weak = _weak_key(signer.public_key())
        if weak is not None:
            problems.append((
                "weak-algorithm",
                f"the signing certificate ({signer.subject.rfc4514_string()}) has {weak}",
            ))
        problems += _usage_problems(signer)
        problems += _validity_problems(signer, when)
        if sent_only:
            note = _valid_only_at_sent(signer)
            if note is not None:
                notes.append(note)
    return _finish(base, algos, problems, notes, signer, trusted_as, signed_data)


def _progress(reason: str | None) -> int:
    """How far signxml got: a digest mismatch means the SignatureValue did verify."""
    return {None: 3, "digest-mismatch": 2, "bad-signature-value": 1}.get(reason, 0)


def _rank(reason: str | None) -> int:
    """Later reasons mean the check got further (used to keep the most informative failure)."""
    if reason is None:
        return len(_REASON_ORDER)
    return _REASON_ORDER.index(reason) if reason in _REASON_ORDER else -1


def _verifies_without_whitespace(
    root: etree._Element, i: int, candidates: list[x509.Certificate | None], allow_sha1: bool
) -> bool:
    """Diagnosis only: would the signature verify if blank text nodes were dropped?"""
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    try:
        stripped = etree.fromstring(_tobytes(root), parser)
    except etree.LxmlError:  # pragma: no cover
        return False
    if _tobytes(stripped) == _tobytes(root):
        return False
    top = [c for c in stripped if c.tag == _SIGNATURE]
    for tree, index, _ in _tree_variants(stripped, top, i):
        for cand in candidates:
            if _crypto(tree, index, cand, allow_sha1)[0] is None:
                return True
    return False


def _establish_trust(
    signer: x509.Certificate,
    carried: list[x509.Certificate],
    trust: _Trust,
    when: datetime,
) -> tuple[str | None, tuple[str, str] | None]:
    """How ``signer`` is trusted (or why not). Validity periods are judged separately."""
    der = signer.public_bytes(serialization.Encoding.DER)
    if der in trust.anchor_ders:
        return "pinned", None
    if not trust.anchors:
        return None, (
            "untrusted-certificate",
            f"the signing certificate ({signer.subject.rfc4514_string()}) is not trusted: no "
            "trusted certificates were given (the certificate in a message is never trusted on "
            "its own)",
        )
    intermediates = [c for c in carried if c.public_bytes(serialization.Encoding.DER) != der]
    anchor, why = _chain(signer, intermediates, trust.anchors, when)
    if anchor is None and not (signer.not_valid_before_utc <= when <= signer.not_valid_after_utc):
        # The signer is outside its validity period at ``when`` (reported apart): would it
        # chain to a trusted certificate at the edge of that period?
        edge = (
            signer.not_valid_after_utc - timedelta(seconds=1)
            if when > signer.not_valid_after_utc
            else signer.not_valid_before_utc
        )
        edge = max(edge, signer.not_valid_before_utc)
        anchor, why = _chain(signer, intermediates, trust.anchors, edge)
    if anchor is not None:
        return f"chain to {anchor.subject.rfc4514_string()}", None
    detail = _issuer_out_of_validity(signer, intermediates, trust.anchors, when) or why
    return None, (
        "untrusted-certificate",
        f"the signing certificate ({signer.subject.rfc4514_string()}, issued by "
        f"{signer.issuer.rfc4514_string()}) is not a trusted certificate and does not chain "
        "to one" + (f": {detail}" if detail else ""),
    )


def _issuer_out_of_validity(
    signer: x509.Certificate,
    intermediates: list[x509.Certificate],
    anchors: list[x509.Certificate],
    when: datetime,
) -> str | None:
    """Which certificate above ``signer`` (carried or trusted) is outside its validity at
    ``when``, said plainly; ``None`` when none is."""
    anchor_ders = {a.public_bytes(serialization.Encoding.DER) for a in anchors}
    pool = intermediates + anchors
    cert, seen = signer, 0
    while seen < 8 and cert.issuer != cert.subject:
        issuers = [c for c in pool if c.subject == cert.issuer]
        if not issuers:
            return None
        current = [c for c in issuers if c.not_valid_before_utc <= when <= c.not_valid_after_utc]
        if current:
            cert, seen = current[0], seen + 1
            continue
        issuer = issuers[0]
        role = (
            "trusted" if issuer.public_bytes(serialization.Encoding.DER) in anchor_ders
            else "carried in the message"
        )
        state = (
            f"expired at {issuer.not_valid_after_utc.isoformat()}"
            if when > issuer.not_valid_after_utc
            else f"is valid only from {issuer.not_valid_before_utc.isoformat()}"
        )
        return (
            f"its issuing certificate {issuer.subject.rfc4514_string()} ({role}) {state}, "
            f"outside the validation time {when.isoformat()}"
        )
    return None


def _chain(
    leaf: x509.Certificate,
    intermediates: list[x509.Certificate],
    anchors: list[x509.Certificate],
    when: datetime,
) -> tuple[x509.Certificate | None, str | None]:
    """The trust anchor ``leaf`` chains to at ``when`` (cryptography's path validation), or
    ``None`` and why not (when path validation says more than "no issuer found")."""
    try:
        store = x509v.Store(anchors)
        builder = (
            x509v.PolicyBuilder()
            .store(store)
            .time(when)
            .extension_policies(
                ee_policy=x509v.ExtensionPolicy.permit_all(),
                ca_policy=x509v.ExtensionPolicy.webpki_defaults_ca(),
            )
        )
        chain = builder.build_client_verifier().verify(leaf, intermediates).chain
    except x509v.VerificationError as exc:
        text = str(exc)
        for prefix in ("validation failed: ", "candidates exhausted: "):
            text = text.removeprefix(prefix)
        if "no interior errors" in text:  # no certificate issued it
            return None, None
        return None, f"path validation failed ({text})"
    except (ValueError, TypeError) as exc:
        return None, f"path validation failed ({exc})"
    return (chain[-1] if chain else None), None


_MIN_RSA_BITS = 2048
_MIN_EC_BITS = 224


def _weak_key(key: PublicKeyTypes) -> str | None:
    """Why ``key`` is too weak to trust a signature made with it, or ``None``.

    NIST SP 800-131A (rev. 2): RSA keys under 2048 bits and elliptic curves under 224 bits
    give less than 112 bits of security; 512-bit RSA keys are factored in hours.
    """
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < _MIN_RSA_BITS:
        return (
            f"a {key.key_size}-bit RSA key; keys of fewer than {_MIN_RSA_BITS} bits are too "
            "weak to prove who signed (NIST SP 800-131A)"
        )
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < _MIN_EC_BITS:
        return (
            f"a {key.curve.key_size}-bit elliptic-curve key ({key.curve.name}); curves of fewer "
            f"than {_MIN_EC_BITS} bits are too weak to prove who signed (NIST SP 800-131A)"
        )
    return None


def _signing_usage_refusal(cert: x509.Certificate) -> str | None:
    """Why ``cert``'s keyUsage forbids signing documents with its key, or ``None``.

    RFC 5280 §4.2.1.3: when the extension is present, a key may verify signatures on data
    (other than certificates and CRLs) only if digitalSignature or nonRepudiation
    (contentCommitment) is set; a certificate without the extension is not restricted.
    Extended key usage is not checked: real IPAWS-OPEN and Canadian NAADS signers use TLS
    certificates (serverAuth/clientAuth).
    """
    try:
        with warnings.catch_warnings():  # old certificates with a negative serial number
            warnings.simplefilter("ignore")
            usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return None
    except ValueError:  # pragma: no cover - an unreadable extension
        return "its keyUsage extension cannot be read"
    if usage.digital_signature or usage.content_commitment:
        return None
    names = [
        name for name, attr in (
            ("keyEncipherment", "key_encipherment"), ("dataEncipherment", "data_encipherment"),
            ("keyAgreement", "key_agreement"), ("keyCertSign", "key_cert_sign"),
            ("cRLSign", "crl_sign"),
        ) if getattr(usage, attr)
    ]
    return (
        f"its keyUsage ({', '.join(names) or 'empty'}) does not include digitalSignature or "
        "nonRepudiation, so its key must not sign documents (RFC 5280 §4.2.1.3)"
    )


def _usage_problems(cert: x509.Certificate) -> list[tuple[str, str]]:
    refusal = _signing_usage_refusal(cert)
    if refusal is None:
        return []
    return [(
        "untrusted-certificate",
        f"the signing certificate ({cert.subject.rfc4514_string()}) is not valid for "
        f"signatures: {refusal}",
    )]


def _valid_only_at_sent(cert: x509.Certificate) -> str | None:
    """With ``at="sent"``: a warning when ``cert`` is not valid now (``None`` when it is)."""
    now = datetime.now(UTC)
    if cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        return None
    state = (
        f"expired at {cert.not_valid_after_utc.isoformat()}"
        if now > cert.not_valid_after_utc
        else f"is valid only from {cert.not_valid_before_utc.isoformat()}"
    )
    return (
        f"checked as of the alert's <sent> only: the signing certificate {state}, and <sent> is "
        "written by the signer, so whoever holds that key can date a new message inside the "
        "certificate's validity; trust it as an archived message, not as a current alert"
    )


def _validity_problems(cert: x509.Certificate, when: datetime) -> list[tuple[str, str]]:
    subject = cert.subject.rfc4514_string()
    if when > cert.not_valid_after_utc:
        return [(
            "expired-certificate",
            f"the signing certificate ({subject}) expired at "
            f"{cert.not_valid_after_utc.isoformat()}, before the validation time "
            f"{when.isoformat()} (for an archived message, at=\"sent\" or --at sent checks it "
            "as of the alert's <sent>, a time the signer wrote)",
        )]
    if when < cert.not_valid_before_utc:
        return [(
            "certificate-not-yet-valid",
            f"the signing certificate ({subject}) is valid only from "
            f"{cert.not_valid_before_utc.isoformat()}, after the validation time "
            f"{when.isoformat()}",
        )]
    return []


def _serial(cert: x509.Certificate | None) -> int | None:
    if cert is None:
        return None
    with warnings.catch_warnings():  # old certificates with a negative serial number
        warnings.simplefilter("ignore")
        return cert.serial_number


def _finish(
    where: tuple[int, str, int | None],
    algos: tuple[str | None, str | None, str | None],
    problems: list[tuple[str, str]],
    notes: list[str],
    signer: x509.Certificate | None = None,
    trusted_as: str | None = None,
    signed_data: bytes | None = None,
) -> SignatureCheck:
    ordered = sorted(problems, key=lambda p: _rank(p[0]))
    subject = signer.subject.rfc4514_string() if signer is not None else None
    if ordered:
        reason: str | None = ordered[0][0]
        message = "; ".join(m for _, m in ordered)
    else:
        reason = None
        message = f"verified: signed by {subject} ({trusted_as})"
    if notes:
        message += " [" + "; ".join(notes) + "]"
    untrusted = any(r in ("untrusted-certificate", "no-certificate") for r, _ in ordered)
    return SignatureCheck(
        index=where[0],
        xpath=where[1],
        line=where[2],
        ok=not ordered,
        reason=reason,
        message=message,
        problems=tuple(ordered),
        notes=tuple(notes),
        signature_method=algos[0],
        digest_method=algos[1],
        canonicalization=algos[2],
        subject=subject,
        issuer=signer.issuer.rfc4514_string() if signer is not None else None,
        serial_number=_serial(signer),
        not_valid_before=signer.not_valid_before_utc if signer is not None else None,
        not_valid_after=signer.not_valid_after_utc if signer is not None else None,
        certificate=signer,
        trusted_as=None if untrusted else trusted_as,
        signed_data=signed_data,
    )

"""Signature verification findings: what ``validate(..., trusted=...)`` adds after the layers.

Not a profile layer: it runs only when the caller passes ``trusted=`` (and optionally
``allow_sha1=``, ``at=``, ``require=``), under any profile. Each ``ds:Signature`` that fails
gives one error finding at the signature element, with the rule that matches the reason; a
message without signature gives ``SIGNATURE_IS_PRESENT`` at ``/alert[1]``; each signature that
passes gives an ``info`` finding ``SIGNATURE_IS_VERIFIED`` naming the signer.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ._context import Context, Rule, rule
from ._report import Severity

SOURCE = "signature"

SIGNATURE_IS_PRESENT = rule(
    "SIGNATURE_IS_PRESENT", "error", SOURCE, "CAP 1.2 §3.3.4.1; IPAWS-OPEN",
    "When verification is asked for, the alert carries an enveloped XML signature.",
)
SIGNATURE_IS_ENVELOPING_ALERT = rule(
    "SIGNATURE_IS_ENVELOPING_ALERT", "error", SOURCE, "CAP 1.2 §3.3.4.1",
    "Every ds:Signature is a child of the root <alert> and signs the whole alert "
    "(one Reference, URI=\"\", enveloped-signature transform).",
)
SIGNATURE_IS_WELL_FORMED = rule(
    "SIGNATURE_IS_WELL_FORMED", "error", SOURCE, "W3C XML-Signature §4",
    "The ds:Signature has the parts XML-Signature requires, readable.",
)
SIGNATURE_ALGORITHM_IS_ACCEPTED = rule(
    "SIGNATURE_ALGORITHM_IS_ACCEPTED", "error", SOURCE, "bluealert_cap signature policy",
    "Signature, digest and canonicalization algorithms are known and not SHA-1 (unless "
    "allow_sha1).",
)
SIGNATURE_IS_VALID = rule(
    "SIGNATURE_IS_VALID", "error", SOURCE, "W3C XML-Signature §3.2",
    "The digest matches the alert and the signature value verifies with the signer's key.",
)
SIGNATURE_IS_TRUSTED = rule(
    "SIGNATURE_IS_TRUSTED", "error", SOURCE, "bluealert_cap signature policy",
    "The signing certificate is a trusted certificate or chains to one.",
)
SIGNATURE_CERTIFICATE_IS_CURRENT = rule(
    "SIGNATURE_CERTIFICATE_IS_CURRENT", "error", SOURCE, "RFC 5280 §4.1.2.5",
    "The signing certificate is within its validity period at the validation time.",
)
SIGNATURE_IS_VERIFIED = rule(
    "SIGNATURE_IS_VERIFIED", "info", SOURCE, "-",
    "The signature verified (reported for information, naming the signer).",
)

_RULE_BY_REASON: dict[str, Rule] = {
    "missing-signature": SIGNATURE_IS_PRESENT,
    "misplaced-signature": SIGNATURE_IS_ENVELOPING_ALERT,
    "not-enveloped": SIGNATURE_IS_ENVELOPING_ALERT,
    "malformed-signature": SIGNATURE_IS_WELL_FORMED,
    "unsupported-algorithm": SIGNATURE_ALGORITHM_IS_ACCEPTED,
    "weak-algorithm": SIGNATURE_ALGORITHM_IS_ACCEPTED,
    "bad-certificate": SIGNATURE_IS_WELL_FORMED,
    "digest-mismatch": SIGNATURE_IS_VALID,
    "bad-signature-value": SIGNATURE_IS_VALID,
    "no-certificate": SIGNATURE_IS_TRUSTED,
    "untrusted-certificate": SIGNATURE_IS_TRUSTED,
    "expired-certificate": SIGNATURE_CERTIFICATE_IS_CURRENT,
    "certificate-not-yet-valid": SIGNATURE_CERTIFICATE_IS_CURRENT,
}


def wants_verification(options: dict[str, object]) -> bool:
    """Whether ``validate()`` options ask for signature verification (``trusted`` given)."""
    return options.get("trusted") is not None or bool(options.get("verify"))


def check_signatures(ctx: Context) -> None:
    """Verify the signatures of ``ctx.root`` and report findings on ``ctx``.

    Reads ``trusted`` (certificates, paths, a CA bundle; see :func:`bluealert_cap.verify`),
    ``at`` (datetime or ``"sent"``), ``allow_sha1`` and ``require`` from ``ctx.options``.
    Unreadable ``trusted`` certificates raise :class:`~bluealert_cap.SignatureError` (a caller
    error, not a property of the document).
    """
    # Imported here: the signature stack (signxml, cryptography) loads only when asked for,
    # while the rules above are declared (and catalogued) with the other layers.
    from .._signature import _trust, _verify_tree

    opts = ctx.options
    trust = _trust(opts.get("trusted"))  # type: ignore[arg-type]
    at = opts.get("at")
    if not (at is None or at == "sent" or isinstance(at, datetime)):
        raise ValueError(f'at must be a datetime, "sent" or None, not {at!r}')
    raw_require = opts.get("require")
    if raw_require not in (None, "all", "any"):
        raise ValueError(f'require must be "all" or "any", not {raw_require!r}')
    require: Literal["all", "any"] = "any" if raw_require == "any" else "all"
    result, elements = _verify_tree(
        ctx.root, trust, at=at, allow_sha1=bool(opts.get("allow_sha1")),
        require=require,
    )
    if not result.checks:
        ctx.add(
            SIGNATURE_IS_PRESENT, ctx.root,
            "the alert carries no XML signature (ds:Signature); IPAWS-OPEN requires one",
        )
        return
    for check, element in zip(result.checks, elements, strict=True):
        if check.ok:
            ctx.add(SIGNATURE_IS_VERIFIED, element, f"signature {check.index}: {check.message}")
            continue
        grouped: dict[str, tuple[Rule, list[str]]] = {}
        for reason, message in check.problems:
            r = _RULE_BY_REASON.get(reason, SIGNATURE_IS_VALID)
            grouped.setdefault(r.id, (r, []))[1].append(f"{reason}: {message}")
        # With require="any" and another signature passing, a failed one is a warning.
        severity: Severity | None = "warning" if result.ok else None
        for r, messages in grouped.values():
            text = "; ".join(messages)
            if check.notes:
                text += " [" + "; ".join(check.notes) + "]"
            ctx.add(r, element, f"signature {check.index}: {text}", severity=severity)

"""``bluealert-cap sign`` and ``bluealert-cap verify``: XML signatures as IPAWS-OPEN expects.

``sign --key K --cert C IN [-o OUT]`` writes the signed alert (standard output by default).
``verify --trust C IN...`` checks every signature of each file against the trusted
certificates; exit status 0 when every file verified, 1 when some did not, 2 for a usage error
or an input (or certificate) that could not be read.

Reusable pieces for other subcommands (``compose --sign``, ``validate --trust``):
:func:`add_signing_arguments` / :func:`sign_with_args` and :func:`add_trust_arguments` /
:func:`trust_options`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .._errors import (
    CapError,
    LimitExceededError,
    MalformedXmlError,
    NotCapError,
    SignatureError,
)
from ._io import display, read_input, write_output

if TYPE_CHECKING:
    from .._signature import VerifyResult

# The signing stack (signxml, cryptography) loads only when a command signs or verifies, so
# that `validate` without --trust starts fast. tests/test_cli_startup.py checks these names
# equal bluealert_cap._signature.SIGNATURE_ALGORITHMS.
ALGORITHM_NAMES: tuple[str, ...] = (
    "ecdsa-sha256", "ecdsa-sha384", "ecdsa-sha512", "rsa-sha256", "rsa-sha384", "rsa-sha512",
)

PASSWORD_ENV = "BLUEALERT_CAP_KEY_PASSWORD"
"""Environment variable read for the key password when no password option is given."""

STDIN_NAME = "<stdin>"

_PASSWORD_FILE_MAX = 65536
"""A password file is read no further than this (its first line is the password)."""


# --------------------------------------------------------------------------------------------
# Reusable argument groups
# --------------------------------------------------------------------------------------------


def add_signing_arguments(
    p: argparse.ArgumentParser, *, required: bool = True
) -> tuple[str, ...]:
    """Add ``--key``, ``--cert``, ``--password-env``, ``--password-file``, ``--algorithm``,
    ``--digest``, ``--keep-existing`` and ``--allow-expired`` to ``p``; return their option
    strings (``--key``, ...)."""
    g = p.add_argument_group("signing")
    added: list[str] = []

    def add(option: str, **kwargs: Any) -> None:
        g.add_argument(option, **kwargs)
        added.append(option)

    add("--key", required=required, metavar="KEY",
        help="the signer's private key (PEM or DER file)")
    add("--cert", required=required, metavar="CERT",
        help="the signer's X.509 certificate (PEM/DER file; a PEM file may add "
        "intermediate certificates after it)")
    add("--password-env", metavar="VAR",
        help=f"read the key password from environment variable VAR (default: "
        f"{PASSWORD_ENV}, when set)")
    add("--password-file", metavar="FILE",
        help="read the key password from the first line of FILE")
    add("--algorithm", choices=ALGORITHM_NAMES, default=None,
        help="signature algorithm (default: rsa-sha256 for an RSA key, ecdsa-sha256 "
        "for an EC key)")
    add("--digest", choices=("sha256", "sha384", "sha512"), default=None,
        help="digest algorithm (default: sha256)")
    add("--keep-existing", action="store_true",
        help="keep signatures already on the alert and add another (default: "
        "replace them)")
    add("--allow-expired", action="store_true",
        help="sign even with a certificate outside its validity period")
    return tuple(added)


def key_password(args: argparse.Namespace) -> str | bytes | None:
    """The key password from ``--password-file``, ``--password-env`` or
    ``$BLUEALERT_CAP_KEY_PASSWORD`` (in that order), or ``None``. Never prompts."""
    if getattr(args, "password_file", None):
        shown = display(args.password_file)
        try:
            with open(args.password_file, "rb") as fh:
                raw = fh.read(_PASSWORD_FILE_MAX + 1)  # bounded: never /dev/zero whole
        except OSError as exc:
            raise SignatureError(
                f"cannot read password file {shown}: {exc.strerror or exc}"
            ) from None
        if len(raw) > _PASSWORD_FILE_MAX:
            raise SignatureError(
                f"password file {shown}: more than {_PASSWORD_FILE_MAX} bytes; it should hold "
                "the password on its first line"
            )
        lines = raw.removeprefix(b"\xef\xbb\xbf").splitlines()
        first = lines[0] if lines else b""
        try:
            return first.decode("utf-8")
        except UnicodeDecodeError:
            return first  # a password in another encoding: its bytes, as they are
    var = getattr(args, "password_env", None)
    if var:
        if var not in os.environ:
            raise SignatureError(f"environment variable {var} (key password) is not set")
        return os.environ[var]
    return os.environ.get(PASSWORD_ENV)


def sign_with_args(message: Any, args: argparse.Namespace) -> bytes:
    """Sign ``message`` (an Alert or CAP XML) with the options of :func:`add_signing_arguments`.

    Raises :class:`CapError` (``SignatureError`` for key/certificate problems).
    """
    from .._signature import sign

    return sign(
        message,
        Path(args.key),
        Path(args.cert),
        password=key_password(args),
        algorithm=args.algorithm,
        digest=args.digest or "sha256",
        keep_existing=args.keep_existing,
        allow_expired=args.allow_expired,
    )


def _parse_at(text: str) -> datetime | str:
    if text == "sent":
        return text
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date-time: {text!r} (use ISO 8601, e.g. 2024-05-01T12:00:00+00:00, or 'sent')"
        ) from None


def add_trust_arguments(p: argparse.ArgumentParser, *, required: bool = False) -> None:
    """Add ``--trust`` (repeatable), ``--allow-sha1``, ``--at`` and ``--require`` to ``p``."""
    g = p.add_argument_group("signature verification")
    g.add_argument("--trust", action="append", metavar="CERT", required=required,
                   help="a trusted certificate: the signer's own, or a CA certificate; a PEM "
                   "bundle file or a folder of .pem/.crt/.cer files (repeatable)")
    g.add_argument("--allow-sha1", action="store_true",
                   help="accept SHA-1 signatures and digests (archived third-party messages)")
    g.add_argument("--at", type=_parse_at, metavar="TIME",
                   help="validation time for certificates: ISO 8601 date-time, or 'sent' for "
                   "each alert's own <sent> (default: now); 'sent' is for archived messages "
                   "only: <sent> is written by the signer")
    g.add_argument("--require", choices=("all", "any"), default=None,
                   help="all signatures must verify (default) or at least one")


def verification_options_without_trust(args: argparse.Namespace) -> list[str]:
    """The options of :func:`add_trust_arguments` given without ``--trust`` (where they would
    be ignored: nothing is verified without trusted certificates)."""
    if args.trust:
        return []
    given = [("--allow-sha1", args.allow_sha1), ("--at", args.at is not None),
             ("--require", args.require is not None)]
    return [name for name, present in given if present]


def trust_options(args: argparse.Namespace) -> dict[str, Any]:
    """``validate()``/``verify()`` keyword options from :func:`add_trust_arguments`.

    Loads the certificates once (raising :class:`SignatureError` for an unreadable one) and
    passes them on as DER bytes, so the options can be sent to worker processes.
    """
    from cryptography.hazmat.primitives import serialization

    from .._signature import load_certificates

    certs = load_certificates([Path(t) for t in args.trust or []])
    return {
        "trusted": [c.public_bytes(serialization.Encoding.DER) for c in certs],
        "allow_sha1": args.allow_sha1,
        "at": args.at,
        "require": args.require or "all",
    }


# --------------------------------------------------------------------------------------------
# Subcommands
# --------------------------------------------------------------------------------------------


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``sign`` and ``verify`` subcommands."""
    p = subparsers.add_parser(
        "sign",
        help="sign a CAP 1.2 alert with an enveloped XML signature (as IPAWS-OPEN expects)",
        description=(
            "Add an enveloped XML signature (RSA-SHA256, exclusive c14n, Reference URI=\"\", "
            "certificate in KeyInfo) as the last child of <alert>. The rest of the document is "
            "kept byte for byte. Exit status: 0 signed, 1 the input is not a CAP 1.2 alert "
            "or cannot be signed as it is, "
            "2 usage error or unreadable input, key or certificate."
        ),
    )
    p.add_argument("input", metavar="IN", help="the CAP 1.2 file to sign, or - for stdin")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="write the signed alert here (default: standard output)")
    add_signing_arguments(p)
    p.set_defaults(func=_run_sign)

    v = subparsers.add_parser(
        "verify",
        help="verify the XML signatures of CAP files against trusted certificates",
        description=(
            "Verify every ds:Signature of each CAP alert. The certificate carried in a "
            "message is never trusted on its own: give --trust. Whitespace is significant "
            "and never stripped. Exit status: 0 every file verified, 1 some did not, 2 usage "
            "error or an unreadable input or certificate."
        ),
    )
    v.add_argument("inputs", nargs="+", metavar="IN", help="CAP file(s), or - for stdin")
    add_trust_arguments(v, required=True)
    v.add_argument("--format", choices=("text", "json"), default="text",
                   help="text (default) or JSON")
    v.add_argument("--signed-output", metavar="OUT",
                   help="with one input: write the signed data (the alert as signed, to use "
                   "instead of the input) to OUT when it verifies; - for standard output "
                   "(the report then goes to standard error)")
    v.set_defaults(func=_run_verify)


def _write(path: str | None, data: bytes) -> None:
    if path is None or path == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_output(path, data)


def _run_sign(args: argparse.Namespace) -> int:
    name = STDIN_NAME if args.input == "-" else display(args.input)
    try:
        data = read_input(args.input)
    except LimitExceededError as exc:  # too large to be an alert: the input is not one
        print(f"bluealert-cap sign: {name}: {exc}", file=sys.stderr)
        return 1
    except CapError as exc:
        print(f"bluealert-cap sign: {name}: {exc}", file=sys.stderr)
        return 2
    from .._signature import UnsignableDocumentError

    try:
        out = sign_with_args(data, args)
    except UnsignableDocumentError as exc:  # the input, not the key: name it, exit 1
        print(f"bluealert-cap sign: {name}: {exc}", file=sys.stderr)
        return 1
    except SignatureError as exc:
        print(f"bluealert-cap sign: {exc}", file=sys.stderr)
        return 2
    except (MalformedXmlError, NotCapError, CapError) as exc:
        print(f"bluealert-cap sign: {name}: {exc}", file=sys.stderr)
        return 1
    try:
        _write(args.output, out)
    except OSError as exc:
        where = "standard output" if args.output in (None, "-") else display(args.output)
        print(f"bluealert-cap sign: cannot write {where}: "
              f"{exc.strerror or exc}", file=sys.stderr)
        return 2
    if args.output and args.output != "-":
        print(f"signed {name} -> {display(args.output)}", file=sys.stderr)
    return 0


def _verify(data: bytes, **opts: Any) -> VerifyResult:
    from .._signature import verify

    return verify(data, **opts)


def _result_dict(name: str, result: VerifyResult) -> dict[str, Any]:
    return {
        "path": name,
        "ok": result.ok,
        "reason": result.reason,
        "message": result.message,
        "at": result.at.isoformat(),
        "signatures": [
            {
                "index": c.index,
                "xpath": c.xpath,
                "line": c.line,
                "ok": c.ok,
                "reason": c.reason,
                "message": c.message,
                "problems": [{"reason": r, "message": m} for r, m in c.problems],
                "notes": list(c.notes),
                "signature_method": c.signature_method,
                "digest_method": c.digest_method,
                "subject": c.subject,
                "issuer": c.issuer,
                "serial_number": str(c.serial_number) if c.serial_number is not None else None,
                "not_valid_before": c.not_valid_before.isoformat() if c.not_valid_before else None,
                "not_valid_after": c.not_valid_after.isoformat() if c.not_valid_after else None,
                "trusted_as": c.trusted_as,
            }
            for c in result.checks
        ],
    }


def _run_verify(args: argparse.Namespace) -> int:
    if sum(1 for raw in args.inputs if raw == "-") > 1:
        print("bluealert-cap verify: '-' (standard input) can be given only once",
              file=sys.stderr)
        return 2
    if args.signed_output and len(args.inputs) != 1:
        print("bluealert-cap verify: --signed-output needs exactly one input", file=sys.stderr)
        return 2
    try:
        opts = trust_options(args)
    except CapError as exc:
        print(f"bluealert-cap verify: {exc}", file=sys.stderr)
        return 2
    # With the signed data on standard output, the report goes to standard error.
    report: TextIO = sys.stderr if args.signed_output == "-" else sys.stdout
    status = 0
    records: list[dict[str, Any]] = []
    for raw in args.inputs:
        name = STDIN_NAME if raw == "-" else display(raw)
        try:
            data = read_input(raw)
            result = _verify(data, **opts)
        except CapError as exc:
            status = 2
            if args.format == "json":
                records.append({"path": name, "ok": False, "reason": "unreadable",
                                "message": str(exc), "signatures": []})
            else:
                print(f"{name}: ERROR {exc}", file=report)
            continue
        if not result.ok and status == 0:
            status = 1
        if args.format == "json":
            records.append(_result_dict(name, result))
        else:
            _print_text(name, result, report)
        if args.signed_output and result.ok and result.signed_data is not None:
            try:
                _write(args.signed_output, result.signed_data)
            except OSError as exc:
                print(f"bluealert-cap verify: cannot write {display(args.signed_output)}: "
                      f"{exc.strerror or exc}", file=sys.stderr)
                status = 2
    if args.format == "json":
        verified = sum(1 for r in records if r["ok"])
        json.dump({"files": records, "summary": {"files": len(records), "verified": verified,
                                                 "failed": len(records) - verified}},
                  report, indent=2)
        report.write("\n")
    return status


def _print_text(name: str, result: VerifyResult, out: TextIO) -> None:
    head = "OK" if result.ok else "FAILED"
    print(f"{name}: {head} {result.message}", file=out)
    for c in result.checks:
        mark = "ok  " if c.ok else "FAIL"
        where = f"{c.xpath}" + (f" line {c.line}" if c.line else "")
        print(f"  {mark} signature {c.index} {where}", file=out)
        if c.subject:
            print(f"       signer: {c.subject}", file=out)
            print(f"       issuer: {c.issuer}; valid {c.not_valid_before:%Y-%m-%d %H:%M:%S}Z"
                  f" to {c.not_valid_after:%Y-%m-%d %H:%M:%S}Z", file=out)
        if c.signature_method:
            print(f"       algorithms: {c.signature_method}, digest {c.digest_method}", file=out)
        if c.ok:
            print(f"       trusted: {c.trusted_as}", file=out)
        for reason, message in c.problems:
            print(f"       {reason}: {message}", file=out)
        for note in c.notes:
            print(f"       note: {note}", file=out)

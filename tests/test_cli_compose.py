"""``bluealert-cap compose`` and ``schema``: examples compose, bad input is listed by field path
with exit 2 and no traceback, YAML works, --check and --sign work."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import xmlschema
import yaml
from conftest import OFFICIAL_XSD
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from test_bluealert_helpers import example_files, good, load_example

from bluealert_cap import BlueAlert, parse, validate
from bluealert_cap._cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_compose_examples(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.xml"
    code, _, err = _run(capsys, "compose", str(path), "-o", str(out), "--pretty")
    assert code == 0, err
    xml = out.read_bytes()
    xmlschema.XMLSchema(str(OFFICIAL_XSD)).validate(xml.decode("utf-8"))
    for profile in ("ipaws", "bluealert"):
        assert not [f for f in validate(xml, profile=profile).findings
                    if f.severity == "error"]
    assert BlueAlert.from_cap(parse(xml)) == BlueAlert.model_validate(load_example(path))


def test_compose_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    code = main(["compose", str(example_files()[0])])
    out, _ = capsysbinary.readouterr()
    assert code == 0
    assert out.startswith(b"<?xml") and out.rstrip().endswith(b"</alert>")


def test_yaml_input(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    src = tmp_path / "alert.yaml"
    src.write_text(yaml.safe_dump(good()), encoding="utf-8")
    code = main(["compose", str(src)])
    out, _ = capsysbinary.readouterr()
    assert code == 0
    assert BlueAlert.from_cap(parse(out)) == BlueAlert.model_validate(good())


def test_yaml_native_timestamps(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    text = yaml.safe_dump(good()).replace("'2026-11-24T02:05:00-05:00'",
                                          "2026-11-24T02:05:00-05:00")
    src = tmp_path / "alert.yml"
    src.write_text(text, encoding="utf-8")
    assert main(["compose", str(src)]) == 0


def test_input_errors_listed_by_field_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = good(reason=...)
    data["suspects"] = [{"sex": "robot"}]
    data["areas"] = [{"description": "x", "same_codes": ["99"]}]
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = _run(capsys, "compose", str(src))
    assert code == 2
    assert out == ""
    assert f"{src}: suspects[0].sex:" in err
    assert f"{src}: areas[0].same_codes:" in err
    assert "Traceback" not in err


def test_malformed_area_geometry_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = good()
    data["areas"] = [{"description": "x", "polygons": [[39.1, -77.2, 39.2, -77.3]],
                      "circles": [{"center": [39.5, -77.0], "radius": None}]}]
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    code, _out, err = _run(capsys, "compose", str(src))
    assert code == 2
    assert f"{src}: areas[0].polygons[0]: a point is a (lat, lon) pair, got 39.1" in err
    assert f"{src}: areas[0].circles[0]: None is not a number" in err


def test_missing_criterion_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(good(reason=..., suspects=[], vehicles=[])), encoding="utf-8")
    code, _, err = _run(capsys, "compose", str(src))
    assert code == 2
    assert f"{src}: reason: no activation criterion" in err
    assert "2 problems" in err


@pytest.mark.parametrize(
    ("content", "suffix", "expected"),
    [
        ('{"identifier": ', ".json", "line 1, column 16: not valid JSON"),
        ("a: [1, 2", ".yaml", "not valid YAML"),
        ("[1, 2]", ".json", "the input is a list, not an object of fields"),
        ('"text"', ".json", "the input is a string, not an object of fields"),
        ("null", ".json", "the input is null (or only comments), not an object of fields"),
        ("# only a comment\n", ".yaml", "the input is null (or only comments)"),
        ("", ".json", "the input is empty: nothing to compose"),
        (" \n", "", "the input is empty: nothing to compose"),
        ("\xff\xfe", ".json", "cannot read"),
        ('{"identifier": "A", "identifier": "B"}', ".json",
         "the key 'identifier' appears twice in one object"),
        ("identifier: A\nsent: x\nidentifier: B\n", ".yaml",
         "line 3, column 1: not valid YAML: the key 'identifier' appears twice"),
        ("agency:\n  name: A\n  name: B\n", ".yml", "line 3, column 3: not valid YAML: the key"),
        ("[" * 100_000 + "]" * 100_000, ".json", "nested too deeply"),
        ('{"a": ' * 100_000 + "1" + "}" * 100_000, "", "nested too deeply"),
        ("- " * 20_000 + "x", ".yaml", "nested too deeply"),
        ("[" * 20_000 + "]" * 20_000, ".yml", "nested too deeply"),
    ],
)
def test_unreadable_input(
    content: str, suffix: str, expected: str, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    src = tmp_path / f"in{suffix}"
    if content == "\xff\xfe":
        src.write_bytes(b"\xff\xfe\x00")
    else:
        src.write_text(content, encoding="utf-8")
    code, _, err = _run(capsys, "compose", str(src))
    assert code == 2
    assert expected in err
    assert "Traceback" not in err


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".txt"])
def test_utf8_byte_order_mark_is_accepted(
    suffix: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Windows tools (PowerShell's Out-File -Encoding utf8, Notepad before 2019) start UTF-8
    files with a byte-order mark; JSON and YAML readers accept it."""
    src = tmp_path / f"in{suffix}"
    text = json.dumps(good()) if suffix != ".yaml" else yaml.safe_dump(good())
    src.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert main(["compose", str(src)]) == 0, capsysbinary.readouterr().err
    out = capsysbinary.readouterr().out
    assert BlueAlert.from_cap(parse(out)) == BlueAlert.model_validate(good())


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "compose", "/nonexistent/blue.json")
    assert code == 2 and "cannot read" in err


def test_check_reports_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.xml"
    code, _, err = _run(capsys, "compose", str(example_files()[0]), "--check", "-o", str(out))
    assert code == 0
    assert "MESSAGE_IS_SIGNED" in err  # unsigned: a warning, not an error


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"identifier", "sent", "reason", "agency", "areas", "expires"} <= set(
        schema["properties"])
    assert set(schema["required"]) >= {"identifier", "sent", "agency"}
    reasons = schema["$defs"]["Reason"]["enum"]
    assert reasons == ["officer_killed", "officer_seriously_injured", "officer_missing",
                       "imminent_threat"]
    for path in example_files():  # every example uses only fields the schema names
        assert set(load_example(path)) <= set(schema["properties"])


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "compose test")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    kp, cp = tmp_path / "key.pem", tmp_path / "cert.pem"
    kp.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()))
    cp.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return kp, cp


def test_compose_and_sign(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kp, cp = _self_signed(tmp_path)
    out = tmp_path / "signed.xml"
    code, _, err = _run(capsys, "compose", str(example_files()[0]), "--sign", "--key",
                        str(kp), "--cert", str(cp), "-o", str(out))
    assert code == 0, err
    xml = out.read_bytes()
    assert b"<ds:Signature" in xml or b"Signature" in xml
    rules = {f.rule for f in validate(xml, profile="bluealert").findings}
    assert "MESSAGE_IS_SIGNED" not in rules
    code, _, err = _run(capsys, "verify", "--trust", str(cp), str(out))
    assert code == 0, err
    assert BlueAlert.from_cap(parse(xml)) == BlueAlert.model_validate(
        load_example(example_files()[0]))


def test_sign_needs_key_and_cert(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "compose", str(example_files()[0]), "--sign")
    assert code == 2 and "--key and --cert" in err


def test_signing_options_without_sign_are_not_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--key/--cert (or any signing option) without --sign would write an unsigned message
    the user believes signed: it is a usage error and nothing is written."""
    out = tmp_path / "blue.xml"
    code, _, err = _run(capsys, "compose", str(example_files()[0]), "--key", "a.key",
                        "--cert", "a.pem", "-o", str(out))
    assert code == 2 and "--key, --cert given without --sign" in err
    code, _, err = _run(capsys, "compose", str(example_files()[0]), "--allow-expired",
                        "-o", str(out))
    assert code == 2 and "--allow-expired given without --sign" in err
    code, _, err = _run(capsys, "compose", str(example_files()[0]), "--digest", "sha512",
                        "-o", str(out))
    assert code == 2 and "--digest given without --sign" in err
    assert not out.exists()


def test_compose_from_stdin(monkeypatch: pytest.MonkeyPatch,
                            capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    import io
    import sys

    text = yaml.safe_dump(good())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    code = main(["compose", "-"])
    out, err = capsysbinary.readouterr()
    assert code == 0, err
    assert BlueAlert.from_cap(parse(out)) == BlueAlert.model_validate(good())


def test_output_dash_is_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """-o - means standard output, as for sign (it created a file named '-')."""
    monkeypatch.chdir(tmp_path)
    assert main(["compose", str(example_files()[0]), "-o", "-"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"<?xml")
    assert not (tmp_path / "-").exists()


def test_every_signing_option_without_sign_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from bluealert_cap._cli._sign import add_signing_arguments

    options = add_signing_arguments(argparse.ArgumentParser(), required=False)
    assert len(options) == 8
    values = {"--algorithm": "rsa-sha256", "--digest": "sha512"}
    out = tmp_path / "blue.xml"
    for option in options:
        flag = option in ("--keep-existing", "--allow-expired")
        extra = [option] if flag else [option, values.get(option, "x")]
        code, _, err = _run(capsys, "compose", str(example_files()[0]), *extra, "-o", str(out))
        assert code == 2 and f"{option} given without --sign" in err, option
        assert not out.exists()

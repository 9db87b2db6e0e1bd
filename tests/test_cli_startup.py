"""The CLI imports only what the chosen command needs, and its command table is complete."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

from bluealert_cap._cli import COMMAND_MODULES, SUBCOMMAND_MODULES, build_parser, main


def _registered(module_name: str) -> set[str]:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    importlib.import_module(f"bluealert_cap._cli.{module_name}").register(sub)
    return set(sub.choices)


def test_command_table_matches_what_modules_register() -> None:
    table: dict[str, str] = {}
    for module_name in SUBCOMMAND_MODULES:
        for command in _registered(module_name):
            table[command] = module_name
    assert table == COMMAND_MODULES


def test_algorithm_names_match_the_signing_module() -> None:
    from bluealert_cap._cli._sign import ALGORITHM_NAMES
    from bluealert_cap._signature import SIGNATURE_ALGORITHMS

    assert sorted(ALGORITHM_NAMES) == sorted(SIGNATURE_ALGORITHMS)


def test_help_lists_every_command(capsys: object) -> None:
    parser = build_parser()
    text = parser.format_help()
    for command in COMMAND_MODULES:
        assert command in text


def test_validate_does_not_load_the_domain_or_the_signing_stack(tmp_path: object) -> None:
    code = (
        "import sys\n"
        "from bluealert_cap._cli import main\n"
        "rc = main(['validate', '-q', sys.argv[1]])\n"
        "heavy = [m for m in ('bluealert_cap._bluealert', 'bluealert_cap._signature', 'signxml')"
        " if m in sys.modules]\n"
        "print(rc, heavy)\n"
    )
    from pathlib import Path

    p = Path(str(tmp_path)) / "a.xml"
    p.write_bytes(b"<not-cap/>")
    out = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "1 []"


def test_validating_a_real_message_loads_no_model_and_no_pydantic() -> None:
    # Validation works on the parsed tree: neither the models (pydantic schemas for every CAP
    # element) nor the domain nor the signing stack are imported, which keeps the command's
    # start-up, and that of each of its worker processes, short.
    from conftest import CORPUS

    message = CORPUS / "ipaws" / "capverify_ipaws_RWT_cancel_alabama_signed.xml"
    code = (
        "import sys\n"
        "from bluealert_cap._cli import main\n"
        "rc = main(['validate', '-q', '--profile', 'bluealert', sys.argv[1]])\n"
        "heavy = [m for m in ('pydantic', 'bluealert_cap._model', 'bluealert_cap._codec',"
        " 'bluealert_cap._bluealert', 'bluealert_cap._signature', 'signxml') if m in sys.modules]\n"
        "from bluealert_cap._validation import CATALOGUE\n"
        "seen = len(CATALOGUE)\n"  # every rule is catalogued, signature rules included
        "from bluealert_cap._validation._catalogue import load_all_rules\n"
        "print(rc, heavy, seen == len(load_all_rules()))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(message)], capture_output=True,
                         text=True, check=True).stdout
    # errors: a test message is no Blue Alert
    assert out.strip().splitlines()[-1] == "1 [] True"


def test_the_models_are_still_exported_from_the_package() -> None:
    import bluealert_cap as bc

    for name in ("Alert", "Info", "Area", "Resource", "ValuePair", "Polygon", "parse"):
        assert getattr(bc, name) is not None
        assert name in dir(bc)


def test_unknown_command_is_a_usage_error() -> None:
    assert main(["frobnicate"]) == 2

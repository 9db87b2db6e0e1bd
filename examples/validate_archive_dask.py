"""Validate a CAP archive too big for one machine with dask: one JSON line per message.

``bluealert_cap.validate`` and the reports it returns are plain picklable values with no
global mutable state, so any engine that maps a function over items can spread the work.
This recipe uses a ``dask.bag``; the same code runs on the local process scheduler (below),
or on a ``dask.distributed`` cluster by passing ``--scheduler`` the address of its scheduler.

Install the extra first: ``pip install "bluealert-cap[dask]"``.

Sources, mixed freely:

* a folder: every ``*.xml`` and ``*.cap`` below it;
* a file path, or a URL (``http(s)://`` is fetched with the standard library; any other
  scheme such as ``s3://`` goes through fsspec, whose backend must be installed);
* ``@LIST``: a text file with one source per line, read lazily in partitions by dask (so a
  list of millions of names never has to fit in one process).

Output: ``OUT/part-NNN.jsonl``, one JSON object per message (``path``, ``ok``, ``profile``,
``findings`` each with ``rule, severity, xpath, line, column, message, source``; ``error``
instead when the message could not be fetched), then a summary on stdout. Exit status as for
``bluealert-cap validate``: 0 no message has an error, 1 some has, 2 some could not be fetched.

Example::

    python examples/validate_archive_dask.py --profile ipaws --out results/ archive/ @urls.txt
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import urllib.request
from pathlib import Path
from typing import Any

import dask
import dask.bag as db

from bluealert_cap import Limits, validate

LIMIT = Limits().max_bytes
SUFFIXES = (".xml", ".cap")


def is_url(source: str) -> bool:
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", source) is not None


def load(source: str) -> bytes | Path:
    """The document named by ``source``: bytes, or for an oversized local file its path
    (validate refuses that from its size alone). Raises OSError when it cannot be had."""
    if not is_url(source):
        if os.stat(source).st_size > LIMIT:
            return Path(source)
        return Path(source).read_bytes()
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=60) as response:
            data: bytes = response.read(LIMIT + 1)
            return data
    import fsspec  # dask depends on it; remote backends (s3fs, gcsfs, ...) are extra

    with fsspec.open(source, "rb") as fh:
        return bytes(fh.read(LIMIT + 1))


def check(source: str, profile: str) -> dict[str, Any]:
    """Validate one message; return its JSON line as a dict. Never raises for bad input."""
    source = source.strip()
    try:
        document = load(source)
    except Exception as exc:  # missing file, network, missing backend: report, go on
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return {"path": source, "ok": False, "profile": profile, "findings": [],
                "error": f"cannot read: {reason}"}
    report = validate(document, profile=profile)
    return {
        "path": source,
        "ok": report.ok,
        "profile": profile,
        "findings": [f.to_dict() for f in report.findings],
    }


def walk(folder: str) -> list[str]:
    """Every ``*.xml``/``*.cap`` file under ``folder``, sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(os.path.join(root, f) for f in sorted(files)
                     if f.lower().endswith(SUFFIXES))
    return found


def sources_bag(sources: list[str], partitions: int) -> db.Bag:
    """One bag of source names: folders expanded, ``@LIST`` files read lazily by dask."""
    bags = []
    names: list[str] = []
    for source in sources:
        if source.startswith("@"):
            bags.append(db.read_text(source[1:]).map(str.strip).filter(bool))
        elif not is_url(source) and os.path.isdir(source):
            names.extend(walk(source))
        else:
            names.append(source)
    if names:
        bags.append(db.from_sequence(names, npartitions=max(1, min(partitions, len(names)))))
    if not bags:
        raise SystemExit("no sources given")
    return db.concat(bags) if len(bags) > 1 else bags[0]


def status(line: dict[str, Any]) -> str:
    if "error" in line:
        return "unreadable"
    return "valid" if line["ok"] else "invalid"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sources", nargs="+", metavar="SOURCE")
    ap.add_argument("--profile", default="cap")
    ap.add_argument("--out", required=True, type=Path, help="folder for the part-*.jsonl files")
    ap.add_argument("--partitions", type=int, default=32)
    ap.add_argument("--scheduler", default="processes",
                    help="processes (default), threads, sync, or a dask.distributed address")
    ap.add_argument("--workers", type=int, default=None, help="local worker processes")
    args = ap.parse_args(argv)

    results = sources_bag(args.sources, args.partitions).map(check, profile=args.profile)
    args.out.mkdir(parents=True, exist_ok=True)
    writes = results.map(json.dumps).to_textfiles(str(args.out / "part-*.jsonl"),
                                                  compute=False)
    counts = results.map(status).frequencies()
    if "://" in args.scheduler:
        from dask.distributed import Client  # needs the distributed package

        with Client(args.scheduler):
            _, freq = dask.compute(writes, counts)
    else:
        _, freq = dask.compute(writes, counts, scheduler=args.scheduler,
                               num_workers=args.workers)
    totals = {"valid": 0, "invalid": 0, "unreadable": 0, **dict(freq)}
    print(json.dumps({"profile": args.profile, "files": sum(totals.values()), **totals}))
    if totals["unreadable"]:
        return 2
    return 1 if totals["invalid"] else 0


if __name__ == "__main__":
    sys.exit(main())

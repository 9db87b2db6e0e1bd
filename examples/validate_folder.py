"""Check a folder of received CAP files as Blue Alerts and list what each one says.

For every ``*.xml`` below the folder: validate under the ``bluealert`` profile, and, for Blue
Alerts (SAME ``BLU``), read the facts back with ``BlueAlert.from_cap`` — for messages from
other agencies the facts they carry, the rest empty. Ends with a summary; exit status 1 when
some file has an error, 0 otherwise.

Run: ``python examples/validate_folder.py FOLDER [--profile ipaws]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bluealert_cap import BlueAlert, CapError, parse, validate


def describe(b: BlueAlert) -> str:
    parts = [b.msg_type.value, b.reason.value if b.reason else "reason not stated"]
    parts += [f"vehicle {v.plate_state or ''} {v.plate}".replace("  ", " ")
              for v in b.vehicles if v.plate]
    if b.suspects:
        parts.append(f"{len(b.suspects)} suspect(s)")
    codes = [c for a in b.areas for c in a.same_codes]
    if codes:
        parts.append("SAME " + ",".join(codes))
    return "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--profile", default="bluealert")
    args = parser.parse_args(argv)

    files = sorted(args.folder.rglob("*.xml"))
    with_errors = 0
    for path in files:
        report = validate(path, profile=args.profile)
        errors = report.errors
        with_errors += bool(errors)
        status = "ok" if not errors else f"{len(errors)} error(s)"
        print(f"{path}: {status}, {len(report.warnings)} warning(s)")
        for f in errors:
            print(f"    {f.rule} at {f.xpath} (line {f.line}): {f.message}")
        try:
            blue = BlueAlert.from_cap(parse(path))
        except CapError:
            continue  # unreadable, or not a Blue Alert: the report above says why
        print(f"    Blue Alert: {describe(blue)}")
    print(f"{len(files)} file(s), {with_errors} with errors")
    return 1 if with_errors else 0


if __name__ == "__main__":
    sys.exit(main())

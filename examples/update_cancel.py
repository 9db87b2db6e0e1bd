"""Follow a Blue Alert through its life: Alert → Update (new sighting) → Cancel (arrest).

Each follow-up references every earlier message (IPAWS requires an Update or Cancel to
reference the messages it replaces). Reads the first example, then writes three CAP files
into the folder given (default ``out/``) and prints what each says.

Run: ``python examples/update_cancel.py [OUTDIR]``
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

from bluealert_cap import BlueAlert, parse, validate

HERE = Path(__file__).resolve().parent


def main(outdir: Path) -> int:
    data = json.loads((HERE / "officer-shot-suspect-fled.json").read_text(encoding="utf-8"))
    alert = BlueAlert.model_validate(data)

    # 40 minutes later: the pickup was seen further north.
    update = alert.update(
        identifier=alert.identifier + "-U1",
        sent=alert.sent + timedelta(minutes=40),
        last_known={
            "location": "I-795 at Franklin Boulevard",
            "time": alert.sent + timedelta(minutes=35),
            "direction": "north toward Westminster",
        },
    )
    # Two hours later: the suspect is in custody.
    cancel = update.cancel(
        identifier=alert.identifier + "-C1",
        sent=alert.sent + timedelta(hours=2),
        reason="Suspect in custody",
    )

    outdir.mkdir(parents=True, exist_ok=True)
    failed = False
    for name, message in (("alert", alert), ("update", update), ("cancel", cancel)):
        cap = message.to_cap()
        xml = cap.to_xml(pretty=True)
        path = outdir / f"{name}.xml"
        path.write_bytes(xml)
        report = validate(xml, profile="bluealert")
        failed |= bool(report.errors)
        refs = " ".join(str(r) for r in cap.references or ()) or "-"
        print(f"{path}: {cap.msg_type.value}, references: {refs}")
        print(f"    WEA: {cap.infos[0].parameter('CMAMtext')}")
        print(f"    errors: {len(report.errors)}, warnings: {len(report.warnings)}")
        assert BlueAlert.from_cap(parse(xml)) == message
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "out")))

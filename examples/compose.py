"""Compose a Blue Alert in Python, check it, and write the CAP message.

Builds the alert from code (not JSON): an officer was shot, the suspect fled in a pickup.
``BlueAlert.new`` fills the identifier and the sent time; everything else is a fact given
here. Prints the WEA texts, the validation findings, and writes ``blue-alert.xml`` (or the
path given as the first argument).

Run: ``python examples/compose.py [OUT.xml]``
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

from bluealert_cap import BlueAlert, InvalidContentError, parse, validate


def main(out: Path) -> int:
    now = datetime.now().astimezone().replace(microsecond=0)  # local time with its offset
    try:
        alert = BlueAlert.new(
            reason="officer_killed",
            agency={
                "name": "Carroll County Sheriff's Office",
                "sender_id": "bluealert@ccso.example.gov",
                "contact_phone": "410-555-0123",
                "web": "https://ccso.example.gov/bluealert",
            },
            incident={
                "time": now - timedelta(minutes=25),
                "location": "MD Route 140 near Westminster",
                "summary": "A deputy was shot during a traffic stop",
            },
            suspects=[{
                "sex": "male", "race": "white", "age": "30-35", "height": "5'10\"-6'1\"",
                "clothing": "black hooded sweatshirt", "armed": True, "dangerous": True,
                "weapon": "handgun",
            }],
            vehicles=[{
                "year": 2015, "make": "Ford", "model": "F-150", "color": "white",
                "body_style": "pickup", "plate": "8CX1234", "plate_state": "MD",
                "direction": "north on I-795",
            }],
            areas=[{
                "description": "Carroll and Baltimore Counties, MD",
                "same_codes": ["024013", "024005"],
                "circles": ["39.5754,-76.9958 40"],
            }],
            expires=now + timedelta(hours=6),
            spanish={},
        )
    except InvalidContentError as exc:  # every problem, with its field path
        print(exc, file=sys.stderr)
        return 2

    cap = alert.to_cap()
    for info in cap.infos:
        print(f"[{info.language}] CMAMtext:     {info.parameter('CMAMtext')}")
        print(f"[{info.language}] CMAMlongtext: {info.parameter('CMAMlongtext')}")

    xml = cap.to_xml(pretty=True)
    report = validate(xml, profile="bluealert")
    for f in report.findings:
        print(f"{f.severity:8} {f.rule:40} {f.xpath}")
    assert BlueAlert.from_cap(parse(xml)) == alert  # the facts travel in the message

    out.write_bytes(xml)
    print(f"wrote {out} ({len(xml)} bytes); sign it before sending: "
          f"bluealert-cap sign --key KEY --cert CERT {out}")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "blue-alert.xml")))

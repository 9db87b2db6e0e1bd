"""Hypothesis campaign over the property-test strategies, through fuzz/invariants.py.

    python fuzz/hypothesis_campaign.py --alerts 5000 --blue 3000
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import invariants as inv
from hypothesis import HealthCheck, given, settings
from strategies import alerts
from test_bluealert_properties import blue_alerts

import bluealert_cap as bc

FAILURES: list[str] = []


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--alerts", type=int, default=500)
    ap.add_argument("--blue", type=int, default=300)
    a = ap.parse_args()

    def keep(problems: list[str], what: object) -> None:
        for p in problems:
            FAILURES.append(p)
            if len(FAILURES) < 20:
                print("PROBLEM", p, repr(what)[:300], flush=True)

    @settings(max_examples=a.alerts, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(alerts())
    def alert_case(alert: bc.Alert) -> None:
        for pretty in (False, True):
            xml = alert.to_xml(pretty=pretty)
            inv.COUNTS["H.alerts"] += 1
            problems = inv.check_xml(xml)
            if bc.parse(xml) != alert:
                problems.append("H parse(to_xml(a)) != a")
            if not bc.validate(xml, profile="schema").ok:
                problems.append("H written XML not schema-valid")
            keep(problems, alert)

    @settings(max_examples=a.blue, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(blue_alerts())
    def blue_case(b: bc.BlueAlert) -> None:
        inv.COUNTS["H.blue"] += 1
        problems = inv.check_json(b.model_dump(mode="json", exclude_none=True))
        keep(problems, b)

    alert_case()
    blue_case()
    print(dict(inv.COUNTS))
    print(len(FAILURES), "problems")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    raise SystemExit(main())

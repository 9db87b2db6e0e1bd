"""A long fuzz campaign: random byte and tree mutations of the corpus through the oracle.

    python fuzz/campaign.py --inputs 100000 --seed 1 --out /tmp/fuzz-campaign

Prints progress, and at the end a summary (inputs, how many parsed, slowest call, every
distinct problem with its first reproducer saved under ``--out``). Exit status 1 if any
problem was found. Uses only the standard library plus the package (no atheris needed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutators import mutate
from oracle import check

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"


def seeds() -> list[bytes]:
    """Every corpus and corpus-invalid file (CAP 1.0/1.1 too: they must be refused cleanly)."""
    files = sorted((REFERENCE / "corpus").rglob("*.xml")) + sorted(
        (REFERENCE / "corpus-invalid").glob("*.xml")
    )
    return [p.read_bytes() for p in files]


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--inputs", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("fuzz-campaign"))
    ap.add_argument("--max-seed-bytes", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    pool = [s for s in seeds() if len(s) <= args.max_seed_bytes]
    # Small seeds are mutated more often (they are faster and cover the same code).
    weights = [1.0 / (1 + len(s) / 20_000) for s in pool]
    rng = random.Random(args.seed)
    signal.signal(signal.SIGALRM, _alarm)
    problems: dict[str, dict[str, object]] = {}
    parsed = 0
    slowest = (0.0, "")
    started = time.time()
    for n in range(1, args.inputs + 1):
        case_seed = rng.randrange(2**63)
        case_rng = random.Random(case_seed)
        base = case_rng.choices(pool, weights)[0]
        data = mutate(case_rng, base)
        signal.alarm(20)
        try:
            outcome = check(data)
            found = outcome.problems
        except _Hang:
            found = ["HANG over 20 s"]
            outcome = None
        finally:
            signal.alarm(0)
        if outcome is not None:
            parsed += outcome.parsed
            if outcome.slowest > slowest[0]:
                slowest = (outcome.slowest, str(case_seed))
        for problem in found:
            key = problem.split(":", 2)[0] + ":" + problem.split(" at ")[-1][:80]
            if key not in problems:
                digest = hashlib.sha1(data).hexdigest()[:12]
                path = args.out / f"case-{digest}.xml"
                path.write_bytes(data)
                problems[key] = {"problem": problem, "file": str(path), "seed": case_seed,
                                 "count": 0}
                print(f"[{n}] NEW {problem} -> {path}", flush=True)
            problems[key]["count"] = int(problems[key]["count"]) + 1  # type: ignore[call-overload]
        if n % 5000 == 0:
            rate = n / (time.time() - started)
            print(f"[{n}] {rate:.0f}/s parsed={parsed} problems={len(problems)} "
                  f"slowest={slowest[0]:.3f}s", flush=True)
    summary = {
        "inputs": args.inputs, "seed": args.seed, "parsed": parsed, "seeds": len(pool),
        "seconds": round(time.time() - started), "slowest_call_s": round(slowest[0], 3),
        "slowest_case_seed": slowest[1], "problems": list(problems.values()),
    }
    (args.out / "summary.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

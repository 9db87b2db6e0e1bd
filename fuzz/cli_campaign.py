"""CLI robustness: mutated inputs through `bluealert-cap validate/preview/compose` in-process.

Property: main() returns 0, 1 or 2, never raises, and standard error holds no traceback.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import invariant_campaign as c2

from bluealert_cap._cli import main as cli_main


def run(argv: list[str], stdin: bytes = b"") -> tuple[int | str, str]:
    out_b, err_b = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_b, encoding="utf-8")
    err = io.TextIOWrapper(err_b, encoding="utf-8")
    inp = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    saved = sys.stdout, sys.stderr, sys.stdin
    sys.stdout, sys.stderr, sys.stdin = out, err, inp
    try:
        code: int | str = cli_main(argv)
    except SystemExit as exc:
        code = f"SystemExit({exc.code})"
    except BaseException as exc:
        code = f"RAISED {type(exc).__name__}: {str(exc)[:150]}"
    finally:
        try:
            out.flush()
            err.flush()
        except Exception:
            pass
        sys.stdout, sys.stderr, sys.stdin = saved
    return code, err_b.getvalue().decode("utf-8", "replace")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/fz-cli"))
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    pool = [s for s in c2.xml_seeds() if len(s) < 200_000]
    weights = [1.0 / (1 + len(s) / 20_000) for s in pool]
    jpool = c2.json_seeds()
    rng = random.Random(a.seed)
    problems: dict[str, int] = {}
    counts: dict[str, int] = {}
    tmp = Path(tempfile.mkdtemp(prefix="fzcli"))
    start = time.time()
    for n in range(1, a.inputs + 1):
        crng = random.Random(rng.randrange(2**63))
        kind = crng.choice(("validate", "validate", "preview", "compose", "compose"))
        if kind == "compose":
            obj = c2.json_mutation(crng, crng.choice(jpool))
            path = tmp / "in.json"
            try:
                text = json.dumps(obj, ensure_ascii=crng.random() < 0.5)
                path.write_bytes(text.encode("utf-8", "surrogatepass"))
            except (UnicodeEncodeError, ValueError):
                continue
            argv = ["compose", str(path), "-o", str(tmp / "out.xml"), "--check"]
            if crng.random() < 0.3:
                argv.append("--pretty")
        else:
            data = c2.xml_input(crng, pool, weights)
            path = tmp / "in.xml"
            path.write_bytes(data)
            if kind == "validate":
                argv = ["validate", str(path), "--format", crng.choice(("json", "text")),
                        "--profile", crng.choice(("schema", "cap", "ipaws", "bluealert"))]
            else:
                argv = ["preview", str(path), "--geojson", str(tmp / "out.geojson"),
                        "--width", crng.choice(("0", "20", "78"))]
        code, err = run(argv)
        counts[kind] = counts.get(kind, 0) + 1
        counts[f"{kind} exit {code}"] = counts.get(f"{kind} exit {code}", 0) + 1
        bad = None
        if code not in (0, 1, 2):
            bad = f"{kind}: exit {code}"
        elif "Traceback" in err:
            bad = f"{kind}: traceback on stderr: {err[-300:]}"
        if bad:
            key = bad[:120]
            if key not in problems:
                name = f"cli{len(problems)}"
                (a.out / (name + path.suffix)).write_bytes(path.read_bytes())
                print(f"[{n}] NEW {bad[:400]} -> {name}{path.suffix} argv={argv}", flush=True)
            problems[key] = problems.get(key, 0) + 1
        if n % 1000 == 0:
            print(f"{n} inputs {counts} {time.time()-start:.0f}s {len(problems)} problems",
                  flush=True)
    print(json.dumps({"counts": counts, "problems": problems}, indent=1))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

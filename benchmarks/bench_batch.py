"""Batch validation speed: worker processes against one process.

Builds a folder of N files (default 2,400: the reference corpus messages copied round-robin,
large signed and audio-carrying ones included) and times, best of ``--repeat`` runs:

* ``loop``      a plain in-process loop ``for p in paths: validate(p)`` (the baseline);
* ``engine/0``  the batch engine in this process (``validate_many(jobs=1)``);
* ``engine/1``  the batch engine with one worker process;
* ``engine/2``  the batch engine with two worker processes (``--jobs 2``);
* ``cli/1``, ``cli/2``  the command ``bluealert-cap validate -q --jobs N DIR`` end to end.

Targets (issue 6): 2 workers at least 1.6x faster than 1 on a 2-core machine, and one worker
costing at most 1.5x the in-process loop. Run::

    .venv/bin/python benchmarks/bench_batch.py [--files 2400] [--profile cap] [--repeat 3]
"""

from __future__ import annotations

import argparse
import compileall
import itertools
import multiprocessing
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import bluealert_cap
from bluealert_cap import validate
from bluealert_cap._batch import cpu_count, iter_inputs, validate_many

REFERENCE = Path(__file__).resolve().parents[2] / "shared/reference"


def build(folder: Path, count: int) -> list[str]:
    sources = sorted((REFERENCE / "corpus").rglob("*.xml"))
    if not sources:
        raise SystemExit(f"no corpus under {REFERENCE}")
    paths = []
    for i, src in zip(range(count), itertools.cycle(sources), strict=False):
        sub = folder / f"d{i // 200:02d}"
        sub.mkdir(exist_ok=True)
        dst = sub / f"{i:05d}_{src.name}"
        shutil.copyfile(src, dst)
        paths.append(str(dst))
    return paths


def _cpu() -> float:
    """CPU seconds used by this process and its (finished) children, workers included."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def best(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best wall time of ``repeat`` runs, and the CPU time that run used."""
    runs = []
    for _ in range(repeat):
        c0, t0 = _cpu(), time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0, _cpu() - c0))
    return min(runs)


_RSS_SCRIPT = """
import resource, sys
from bluealert_cap._cli import main
sys.stdout = open("/dev/null", "w")
code = main(sys.argv[1:])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(max(own, kids), file=sys.stderr)
"""


def _peak_rss(profile: str, jobs: int, targets: list[Path]) -> int:
    """Peak resident set (KiB) of the CLI, or of its largest worker, over ``targets``."""
    done = subprocess.run(
        [sys.executable, "-c", _RSS_SCRIPT, "validate", "--format", "json", "--no-progress",
         "--profile", profile, "--jobs", str(jobs), *map(str, targets)],
        capture_output=True, text=True,
    )
    return int(done.stderr.strip().splitlines()[-1])


def _schedstat(pid: int | str = "self") -> tuple[float, float] | None:
    """(seconds on a CPU, seconds runnable but waiting for one) of a process (Linux)."""
    try:
        with open(f"/proc/{pid}/schedstat") as fh:
            on_cpu, waiting, _ = fh.read().split()
    except (OSError, ValueError):
        return None
    return int(on_cpu) / 1e9, int(waiting) / 1e9


def _engine_sched(folder: Path, profile: str, jobs: int) -> str:
    """Run the engine with ``jobs`` worker processes and account for each worker's time:
    on a CPU, waiting for a CPU (taken by other processes), or idle (waiting for work)."""
    if _schedstat() is None:
        return "  (no /proc/self/schedstat on this system)"
    last: dict[int, tuple[float, float]] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            for child in multiprocessing.active_children():
                if child.pid is not None and (st := _schedstat(child.pid)) is not None:
                    last[child.pid] = st
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    for _ in validate_many(iter_inputs([folder]), profile=profile, jobs=jobs, in_process=False):
        pass
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    lines = [f"  engine/{jobs}: wall {wall:.3f}s"]
    for i, (on_cpu, waiting) in enumerate(last.values(), 1):
        lines.append(f"    worker {i}: on a CPU {on_cpu:.3f}s, waiting for a CPU {waiting:.3f}s, "
                     f"idle {max(0.0, wall - on_cpu - waiting):.3f}s")
    if last:
        wait = sum(w for _, w in last.values()) / len(last)
        lines.append(f"    wall less the mean wait for a CPU: {wall - wait:.3f}s")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=2400)
    ap.add_argument("--profile", default="cap")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    # The command is timed as installed: pip writes the package's bytecode when it installs
    # it. In an editable checkout with PYTHONDONTWRITEBYTECODE set (as on the development
    # machines) every start would compile the sources again (~40 ms), so compile them once.
    package = Path(bluealert_cap.__file__).parent
    compileall.compile_dir(str(package), quiet=1)
    print(f"bytecode of {package} compiled (as pip does when installing)")

    with tempfile.TemporaryDirectory(prefix="bench_batch_") as tmp:
        folder = Path(tmp)
        paths = build(folder, args.files)
        size = sum(os.path.getsize(p) for p in paths)
        profile = args.profile
        print(f"{len(paths)} files, {size / 1e6:.1f} MB, profile {profile!r}, "
              f"{cpu_count()} CPUs available, Python {sys.version.split()[0]}")

        def loop() -> None:
            for p in paths:
                validate(Path(p), profile=profile)

        def engine(jobs: int, in_process: bool) -> Callable[[], None]:
            def run() -> None:
                n = sum(1 for _ in validate_many(iter_inputs([folder]), profile=profile,
                                                 jobs=jobs, in_process=in_process))
                assert n == len(paths), n
            return run

        def cli(jobs: int) -> Callable[[], None]:
            cmd = [sys.executable, "-c", "from bluealert_cap._cli import _entry; _entry()",
                   "validate", "-q", "--no-progress", "--profile", profile,
                   "--jobs", str(jobs), str(folder)]

            def run() -> None:
                done = subprocess.run(cmd, capture_output=True, text=True)
                if done.returncode not in (0, 1) or not done.stdout.startswith(
                    f"{len(paths)} files checked"
                ):
                    raise SystemExit(f"unexpected: {done.stdout}{done.stderr}")
            return run

        loop()  # warm the file cache and the imports
        t = {
            "loop": best(loop, args.repeat),
            "engine/0": best(engine(1, True), args.repeat),
            "engine/1": best(engine(1, False), args.repeat),
            "engine/2": best(engine(2, False), args.repeat),
            "cli/1": best(cli(1), args.repeat),
            "cli/2": best(cli(2), args.repeat),
        }
        print(f"  {'run':<9} {'wall':>8} {'files/s':>8} {'CPU':>8}")
        for name, (wall, cpu) in t.items():
            print(f"  {name:<9} {wall:7.3f}s {len(paths) / wall:8.0f} {cpu:7.3f}s")
        w = {name: wall for name, (wall, _) in t.items()}
        print(f"one worker / in-process loop (wall) = {w['engine/1'] / w['loop']:.2f}x "
              "(target <= 1.5x)")
        print(f"engine: 1 worker / 2 workers (wall) = {w['engine/1'] / w['engine/2']:.2f}x "
              "(target >= 1.6x)")
        print(f"cli: --jobs 1 / --jobs 2 (wall)     = {w['cli/1'] / w['cli/2']:.2f}x "
              "(target >= 1.6x)")
        # Where the workers' time goes: with other processes on the machine, workers wait
        # for a CPU; without them that wait would vanish.
        print("time accounting (Linux schedstat), one run each:")
        print(_engine_sched(folder, profile, 1))
        print(_engine_sched(folder, profile, 2))
        # Memory: peak RSS of the command (JSON to /dev/null) over 200 files and
        # over all of them; streamed output keeps it flat.
        tenth = folder / "d00"  # the first 200 files
        for label, targets in ((f"{sum(1 for _ in tenth.iterdir())} files", [tenth]),
                               (f"{len(paths)} files", [folder])):
            for jobs in (1, 2):
                rss = _peak_rss(profile, jobs, targets)
                print(f"peak RSS, --format json --jobs {jobs}, {label:<17}: {rss / 1024:6.1f} MB")
        print(f"load average during the run: {os.getloadavg()[0]:.2f} (1 min); other "
              "processes competing for the CPUs skew the wall-clock ratios")

if __name__ == "__main__":
    main()

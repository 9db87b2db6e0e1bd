"""Coverage-guided fuzzing of parse/serialize/validate with atheris (libFuzzer for Python).

atheris is NOT a dependency of bluealert_cap; install it only to run this harness:

    pip install atheris
    python fuzz/atheris_parse.py -atheris_runs=200000 fuzz/corpus-work/ \\
        ../shared/reference/corpus/*/ ../shared/reference/corpus-invalid/

The first directory collects new interesting inputs; the others seed the run (libFuzzer reads
every file in them). Each input is fed as raw bytes, and half the time also through one of the
tree mutations of ``fuzz/mutators.py`` (with the input bytes as the random seed), so that the
fuzzer reaches the CAP content checks and not only the XML parser. The property is the one in
``fuzz/oracle.py``; a broken property raises, and libFuzzer saves the input as ``crash-*``.
"""

from __future__ import annotations

import hashlib
import random
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports():
    import bluealert_cap  # noqa: F401  (instrumented for coverage)
    from bluealert_cap._validation import _builtin  # noqa: F401

from mutators import mutate_tree
from oracle import check


class PropertyBroken(Exception):
    """The input broke the contract (see fuzz/oracle.py)."""


def test_one_input(data: bytes) -> None:
    inputs = [data]
    if data and data[0] & 1:
        rng = random.Random(hashlib.sha1(data).digest())
        inputs.append(mutate_tree(rng, data, rounds=1 + data[0] % 3))
    for doc in inputs:
        outcome = check(doc)
        if outcome.problems:
            raise PropertyBroken("; ".join(outcome.problems))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

"""Single-message speed, relative to bare ``lxml.etree.fromstring`` on the same messages.

    .venv/bin/python benchmarks/bench.py [--quick] [--write-docs]

In one process, over two sets of messages:

* typical: every CAP 1.2 message of the reference corpus under 100 KB, plus Blue Alerts
  generated from ``examples/*.json`` by ``BlueAlert.to_cap()`` (only when ``BlueAlert`` can be
  imported; the script says whether it could);
* large: the corpus messages of 100 KB or more (embedded EAS audio, an 877,000-character
  polygon) plus two synthetic ones: a message carrying 1 MB of embedded audio (like the IPAWS
  CEM example) and one with a polygon of 40,000 points.

For each operation the ratio is ``time(fromstring over the set) / time(operation over the
set)``: the operation's throughput as a fraction of lxml's bare parse (1.0 = as fast as
parsing the bytes, 0.25 = a quarter as fast). Operations: ``parse``, ``Alert.to_xml``,
``validate`` with each registered profile, ``BlueAlert.to_cap`` (if present), and
``sign``/``verify`` relative to bare signxml on the same message (if signatures are present).
Each ratio is printed with its goal (issue 6) and "met" / "NOT met". Timing: for every
message, the best of several repeats of a batch of calls (so a busy machine costs least).
``--write-docs`` replaces the generated section of docs/benchmarks.md (other sections stay).
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gc
import json
import os
import platform
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

import bluealert_cap as bc
from bluealert_cap._validation import profile_names
from bluealert_cap._validation._schema import compiled_schema

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"
CORPUS = REFERENCE / "corpus"
DOCS = ROOT / "docs" / "benchmarks.md"
LARGE = 100_000

# Goals (issue 6): minimum throughput as a fraction of bare fromstring.
GOALS: dict[str, dict[str, float]] = {
    "typical": {"parse": 0.25, "validate[schema]": 0.60, "validate[ipaws]": 0.20, "to_xml": 0.30},
    "large": {"parse": 0.15, "validate[schema]": 0.60, "validate[ipaws]": 0.10, "to_xml": 0.20},
}

_THUNDERSTORM = CORPUS / "oasis-examples" / "oasiscap_v1dot2_appendix_a2_thunderstorm.xml"


# -- message sets -------------------------------------------------------------------------------
def corpus_messages() -> list[tuple[str, bytes]]:
    out = []
    for path in sorted(CORPUS.rglob("*.xml")):
        if path.parent.name == "other-versions":
            continue
        out.append((path.name, path.read_bytes()))
    return out


def synthetic_audio(size: int = 1_000_000) -> bytes:
    """The thunderstorm example with ``size`` bytes of embedded audio (base-64 derefUri)."""
    audio = random.Random(1).randbytes(size)
    resource = (
        "<resource><resourceDesc>EAS Broadcast Content</resourceDesc>"
        "<mimeType>audio/x-ipaws-audio-mp3</mimeType>"
        f"<size>{size}</size><derefUri>{base64.b64encode(audio).decode()}</derefUri></resource>"
    ).encode()
    data = _THUNDERSTORM.read_bytes()
    return data.replace(b"<area>", resource + b"<area>", 1)


def synthetic_polygon(points: int = 40_000) -> bytes:
    """The thunderstorm example with one polygon of ``points`` points (a closed ring)."""
    ring = []
    for i in range(points - 1):
        a = 2 * 3.141592653589793 * i / (points - 1)
        ring.append(f"{38.5 + 0.3 * _cos(a):.5f},{-120.0 + 0.3 * _sin(a):.5f}")
    ring.append(ring[0])
    data = _THUNDERSTORM.read_bytes()
    return re.sub(rb"<polygon>[^<]*</polygon>", f"<polygon>{' '.join(ring)}</polygon>".encode(),
                  data, count=1)


def _cos(a: float) -> float:
    import math

    return math.cos(a)


def _sin(a: float) -> float:
    import math

    return math.sin(a)


def blue_alerts() -> tuple[list[Any], str]:
    """Blue Alerts built from examples/*.json, and how BlueAlert was found (or why not)."""
    try:
        from bluealert_cap import BlueAlert  # type: ignore[attr-defined]

        where = "bluealert_cap.BlueAlert"
    except ImportError:
        try:
            from bluealert_cap._bluealert import BlueAlert

            where = "bluealert_cap._bluealert.BlueAlert (not exported yet)"
        except ImportError:
            return [], "BlueAlert is not available: Blue Alert rows skipped"
    alerts = []
    for path in sorted((ROOT / "examples").glob("*.json")):
        alerts.append(BlueAlert.model_validate(json.loads(path.read_text())))
    return alerts, f"{len(alerts)} Blue Alerts from examples/*.json via {where}"


# -- timing -------------------------------------------------------------------------------------
def best_time(fn: Callable[[], object], *, budget: float, repeats: int) -> float:
    """Best seconds per call of ``fn``: batches sized to ~budget/repeats, best batch wins."""
    fn()  # warm up (imports, caches)
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    batch = max(1, int(budget / repeats / once))
    best = float("inf")
    gc_was = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            start = time.perf_counter()
            for _ in range(batch):
                fn()
            best = min(best, (time.perf_counter() - start) / batch)
    finally:
        if gc_was:
            gc.enable()
    return best


def total(messages: list[bytes], make: Callable[[bytes], Callable[[], object]],
          budget: float, repeats: int) -> float:
    return sum(best_time(make(m), budget=budget, repeats=repeats) for m in messages)


# -- report -------------------------------------------------------------------------------------
class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, float, float | None, str]] = []

    def add(self, group: str, op: str, ratio: float, goal: float | None, note: str = "") -> None:
        self.rows.append((group, op, ratio, goal, note))
        verdict = "" if goal is None else ("met" if ratio >= goal else "NOT met")
        shown_goal = f">= {goal:.2f}" if goal is not None else "(no goal)"
        print(f"  {group:8s} {op:22s} {ratio:6.3f}  goal {shown_goal:9s} {verdict:8s} {note}",
              flush=True)

    def markdown(self) -> str:
        lines = [
            "| set | operation | ratio to `fromstring` | goal | |",
            "| --- | --- | ---: | ---: | --- |",
        ]
        for group, op, ratio, goal, note in self.rows:
            verdict = "" if goal is None else ("met" if ratio >= goal else "**NOT met**")
            shown = f">= {goal:.2f}" if goal is not None else "-"
            extra = f" ({note})" if note else ""
            lines.append(f"| {group} | {op}{extra} | {ratio:.3f} | {shown} | {verdict} |")
        return "\n".join(lines)


def bench_set(name: str, messages: list[bytes], table: Table, budget: float, repeats: int,
              profiles: list[str], goals: str | None = None) -> None:
    goal = GOALS.get(goals or name, {})
    size = sum(map(len, messages))
    print(f"\n{name}: {len(messages)} messages, {size / 1e6:.2f} MB", flush=True)
    base = total(messages, lambda m: lambda: etree.fromstring(m), budget, repeats)
    print(f"  fromstring: {base * 1e3:.2f} ms for the set", flush=True)
    alerts = [bc.parse(m) for m in messages]
    t = total(messages, lambda m: lambda: bc.parse(m), budget, repeats)
    table.add(name, "parse", base / t, goal.get("parse"))
    pairs = dict(zip(map(id, messages), alerts, strict=True))
    t = total(messages, lambda m: pairs[id(m)].to_xml, budget, repeats)
    table.add(name, "to_xml", base / t, goal.get("to_xml"))
    for profile in profiles:
        t = total(messages, lambda m, p=profile: lambda: bc.validate(m, profile=p),  # type: ignore[misc]
                  budget, repeats)
        op = f"validate[{profile}]"
        table.add(name, op, base / t, goal.get(op))
    # The ceiling for validate[schema]: bare lxml parsing and XSD-validating with the same
    # compiled schema, nothing else (no hardening, no findings, no report).
    schema = compiled_schema()
    t = total(messages, lambda m: lambda: schema.validate(etree.fromstring(m)), budget, repeats)
    table.add(name, "bare lxml parse + XSD", base / t, None,
              "ceiling of validate[schema]")


def bench_blue(alerts: list[Any], table: Table, budget: float, repeats: int) -> None:
    caps = [a.to_cap().to_xml() for a in alerts]
    base = total(caps, lambda m: lambda: etree.fromstring(m), budget, repeats)
    t = sum(best_time(a.to_cap, budget=budget, repeats=repeats) for a in alerts)
    table.add("blue", "BlueAlert.to_cap", base / t, None, "vs fromstring of its CAP")
    # Issue 4: composing a Blue Alert costs no more than parsing one (ratio >= 1.0).
    parse_time = total(caps, lambda m: lambda: bc.parse(m), budget, repeats)
    table.add("blue", "to_cap vs parse", parse_time / t, 1.0, "parse time / to_cap time")
    t = sum(best_time(lambda a=a: a.to_cap().to_xml(), budget=budget, repeats=repeats)
            for a in alerts)
    table.add("blue", "to_cap().to_xml()", base / t, None, "vs fromstring of its CAP")


def bench_signatures(message: bytes, table: Table, budget: float, repeats: int) -> str:
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID
        from signxml import XMLSigner, XMLVerifier
    except ImportError as exc:
        return f"signature rows skipped: {exc}"
    if not hasattr(bc, "sign") or not hasattr(bc, "verify"):
        return "signature rows skipped: bluealert_cap has no sign/verify"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bench")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)

    def bare_sign() -> bytes:
        signer = XMLSigner(c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#")
        return etree.tostring(signer.sign(etree.fromstring(message), key=key_pem, cert=cert_pem))

    signed_bare = bare_sign()
    signed_ours = bc.sign(message, key_pem, cert_pem)

    def bare_verify() -> object:
        return XMLVerifier().verify(signed_bare, x509_cert=cert_pem)

    def our_verify() -> object:
        return bc.verify(signed_ours, trusted=cert_pem)

    t_bare = best_time(bare_sign, budget=budget, repeats=repeats)
    t_ours = best_time(lambda: bc.sign(message, key_pem, cert_pem), budget=budget,
                       repeats=repeats)
    table.add("sign", "sign", t_bare / t_ours, None, "vs signxml XMLSigner")
    t_bare = best_time(bare_verify, budget=budget, repeats=repeats)
    t_ours = best_time(our_verify, budget=budget, repeats=repeats)
    table.add("sign", "verify", t_bare / t_ours, None, "vs signxml XMLVerifier")
    return f"signature rows: one {len(message):,}-byte message, RSA-2048, SHA-256"


def write_docs(text: str) -> None:
    start, end = "<!-- bench.py:start -->", "<!-- bench.py:end -->"
    block = f"{start}\n{text}\n{end}"
    current = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    if start in current and end in current:
        head, rest = current.split(start, 1)
        tail = rest.split(end, 1)[1]
        new = head + block + tail
    else:
        title, _, rest = current.partition("\n")
        new = title + "\n\n" + block + "\n" + (("\n" + rest.lstrip("\n")) if rest.strip() else "")
    DOCS.write_text(new)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="shorter timings (noisier)")
    ap.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    args = ap.parse_args(argv)
    budget, repeats = (0.05, 3) if args.quick else (0.2, 5)
    profiles = profile_names()
    corpus = corpus_messages()
    typical = [m for _, m in corpus if len(m) < LARGE]
    large_corpus = [(n, m) for n, m in corpus if len(m) >= LARGE]
    synthetic = [("synthetic: 1 MB embedded audio", synthetic_audio()),
                 ("synthetic: polygon of 40,000 points", synthetic_polygon())]
    blue, blue_note = blue_alerts()
    print(f"bluealert_cap {bc.__version__}, lxml {etree.__version__}, "
          f"Python {platform.python_version()}, profiles {', '.join(profiles)}")
    print(blue_note)
    table = Table()
    bench_set("typical", typical + [a.to_cap().to_xml() for a in blue], table, budget, repeats,
              profiles)
    large = [m for _, m in large_corpus] + [m for _, m in synthetic]
    bench_set("large", large, table, budget, repeats, profiles)
    for name, message in synthetic:
        bench_set(name.split(": ")[1], [message], table, budget, repeats, ["schema", "ipaws"],
                  goals="large")
    if blue:
        print("\nBlue Alerts:")
        bench_blue(blue, table, budget, repeats)
    print("\nSignatures:")
    sign_message = blue[0].to_cap().to_xml() if blue else _THUNDERSTORM.read_bytes()
    sign_note = bench_signatures(sign_message, table, budget, repeats)
    print(f"  {sign_note}")
    missed = [r for r in table.rows if r[3] is not None and r[2] < r[3]]
    print(f"\n{len([r for r in table.rows if r[3] is not None]) - len(missed)} goals met, "
          f"{len(missed)} NOT met")
    if args.write_docs:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        text = "\n".join([
            "## Single messages",
            "",
            "Generated by `python benchmarks/bench.py --write-docs` on "
            f"{dt.date.today().isoformat()} (Python {platform.python_version()}, lxml "
            f"{etree.__version__}, {platform.machine()}, 1-minute load {load:.1f}). "
            "Ratio = time of bare `lxml.etree.fromstring` over the same messages / time of "
            "the operation: the operation's throughput as a fraction of lxml's parse.",
            "",
            f"* typical: {len(typical)} corpus messages under 100 KB"
            + (f" + {len(blue)} generated Blue Alerts" if blue else "")
            + f" ({blue_note});",
            f"* large: {len(large_corpus)} corpus messages of 100 KB or more ("
            + ", ".join(n for n, _ in large_corpus) + ") + " + " and ".join(
                n.split(": ")[1] for n, _ in synthetic) + " (synthetic);",
            "* the two synthetic large messages are also shown on their own;",
            f"* {sign_note}.",
            "",
            table.markdown(),
        ])
        write_docs(text)
        print(f"wrote {DOCS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

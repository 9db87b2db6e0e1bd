"""Invariant campaign: the mutations of mutators.py plus value-level XML mutations (comments,
PIs and CDATA inside values, boundary date-times and numbers, Unicode digits, NBSP, control
characters, lone surrogates in UTF-16, very long texts), structural swaps, compose-JSON
mutations, and neutral respellings (the same document with markup inside its values, or in
UTF-16/32), all checked by fuzz/invariants.py (I1-I7).

    python fuzz/invariant_campaign.py --xml 150000 --json 50000 --neutral 0.2 --seed 1 --out /tmp/fz

Prints every new distinct problem with the file that reproduces it, and a summary with the
number of inputs per invariant. Exit status 1 if any problem was found.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import json
import random
import re
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import invariants as inv
from lxml import etree
from mutators import mutate

import bluealert_cap as bc

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
MARK = "\ue000MARK\ue000"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

DATES = [
    "2026-11-24T24:00:00-05:00", "2026-12-31T24:00:00+14:00", "2026-11-24T24:00:01-05:00",
    "2026-11-24T10:00:00+14:00", "2026-11-24T10:00:00-14:00", "2026-11-24T10:00:00+14:01",
    "2026-11-24T10:00:00-14:01", "2026-11-24T10:00:00-00:00", "2026-11-24T10:00:00+00:00",
    "2026-11-24T10:00:00Z", "2026-11-24T23:59:60-05:00", "2026-02-29T10:00:00-05:00",
    "2024-02-29T10:00:00-05:00", "0000-01-01T00:00:00+00:00", "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-14:00", "9999-12-31T24:00:00+00:00", "10000-01-01T00:00:00+00:00",
    "-2026-11-24T10:00:00-05:00", "2026-11-24T10:00:00.5-05:00", "2026-11-24T10:00:00-05:60",
    "2026-11-24T10:00:00-0500", "2026-11-24 10:00:00-05:00", "2026-11-24t10:00:00-05:00",
    "２０２６-11-24T10:00:00-05:00", "2026-11-24T١٠:00:00-05:00", " 2026-11-24T10:00:00-05:00 ",
    "\u00a02026-11-24T10:00:00-05:00", "2026-11-24T10:00:00-05:00\u00a0",
    "2026-11-24T10:00:00-05:00\n", "2026-13-01T10:00:00-05:00", "2026-11-31T10:00:00-05:00",
    "2026-11-24T10:00:00+99:00", "2026-11-24T10:00:00−05:00",
]
NUMBERS = [
    "0", "-0", "+0", "-0.0", "0.0", "+5", ".5", "5.", "1e3", "1E3", "1e999", "-1e999", "NaN",
    "INF", "-INF", "Infinity", "9" * 400, "-" + "9" * 400, "0." + "0" * 300 + "1",
    "1" * 5000, "٣٨.٤٧", "３８", "0x1F", "1_000", "1,000", " 12 ", "\u00a012", "12\u00a0",
    "123456789012345678901234567890", "-90.0001", "90.0000001", "180.0000001", "-180",
]
GEOMS = [
    "38.47,-120.14 38.34,-119.95 38.52,-119.74 38.47,-120.14",
    "38.47,-120.14 38.34,-119.95 38.52,-119.74 38.47,-120.14 ",
    "\n38.47,-120.14\n38.34,-119.95\n38.52,-119.74\n38.47,-120.14\n",
    "38.47,-120.14\u00a038.34,-119.95\u00a038.52,-119.74\u00a038.47,-120.14",
    "٣٨.٤٧,-١٢٠.١٤ 38.34,-119.95 38.52,-119.74 ٣٨.٤٧,-١٢٠.١٤",
    "38.47,-120.14 38.34,-119.95 38.52,-119.74 38.47,-120.140",
    "1e1,1e1 2,2 3,1 1e1,1e1", "0,0 0,0 0,0 0,0", "-0,-0 1,1 1,0 0,0",
    "38.47,-120.14 0", "38.47,-120.14 1e308", "38.47,-120.14 -0", "38.47,-120.14  5",
    "90,180 5", "-90,-180 0.5", "38.47,-120.14 " + "9" * 400, "38.47 -120.14 5",
    "38.47,-120.14,5", "  38.47,-120.14   5  ", "NaN,NaN 1", "inf,1 2",
    "38.47,-120.14 38.34,-119.95 38.52,-119.74 38.47,-120.14 " * 300,
]
TEXTS = [
    "", " ", "\u00a0", "\u2028", "\u0085", "\t\n", "x" * 70000, "é" * 30000, "\U0001f600" * 1000,
    "&amp;", "&lt;b&gt;", "&#x9;", "&#xA;", "&#xD;", "&#13;&#10;", "&#160;", "&#x85;",
    "&#x2028;", "&#x1F600;", "a&#xD;b", "\r", "a\rb", "a\r\nb", "\x7f", "\x80", "\x9f",
    "Actual", "Alert", "Update", "Cancel", "Public", "Restricted", "Private", "Exercise",
    "System", "Test", "Draft", "Ack", "Error", "Immediate", "Extreme", "Observed", "Likely",
    "Security", "Shelter", "Monitor", "BLU", "SAME", "CMAS", "EAS-ORG", "LAW", "WEAHandling",
    "Imminent Threat", "Public Safety", "BLOCKCHANNEL", "EAS", "NWEM", "CMAS", "PUBLIC",
    "CAPEXCH", "CMAMtext", "CMAMlongtext", "timezone", "EST", "IPAWSv1.0", "en-US", "es-US",
    "image/jpeg", "https://e.example/p.jpg", "006113", "000000", "999999", "0061130",
    "Actual\u00a0", "\u00a0Actual", " Actual ", "Actual\n", "actual", "ACTUAL",
    'a "b c"', '"', '"a', 'a"', "a,b,2026-11-24T10:00:00-05:00", "a,b,2026-11-24T24:00:00-05:00",
    "a,b,2026-11-24T10:00:00+14:01 c,d,2026-11-24T10:00:00-00:00",
]
CONTROL = ["\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x00", "\ufffe", "\uffff"]


def _leaves(root: etree._Element) -> list[etree._Element]:
    return [el for el in root.iter(etree.Element) if len(el) == 0]


def _value_for(rng: random.Random, el: etree._Element) -> str:
    text = el.text or ""
    tag = etree.QName(el).localname
    if tag in ("sent", "effective", "onset", "expires") or re.match(r"\d{4}-\d\d-\d\dT", text):
        base = rng.choice(DATES)
    elif tag in ("polygon", "circle"):
        base = rng.choice(GEOMS)
    elif tag in ("altitude", "ceiling", "size"):
        base = rng.choice(NUMBERS)
    else:
        base = rng.choice(TEXTS + NUMBERS[:5] + DATES[:5])
    return base


def _escape(s: str) -> str:
    # keep character/entity references as written, escape a lone '<'
    return s.replace("<", "&lt;")


def _pick_leaf(rng: random.Random, data: bytes) -> tuple[etree._Element, etree._Element] | None:
    """The parsed document and one of its leaf elements, chosen by ``rng`` (None: no leaf, or
    the bytes are not XML)."""
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    leaves = _leaves(root)
    if not leaves:
        return None
    return root, rng.choice(leaves)


def value_mutation(rng: random.Random, data: bytes) -> bytes:
    """Change one leaf's content at the markup level (comments, PIs, CDATA, references,
    control characters, boundary values)."""
    picked = _pick_leaf(rng, data)
    if picked is None:
        return data
    root, el = picked
    text = el.text or ""
    kind = rng.randrange(9)
    i = rng.randrange(len(text) + 1)
    t = _escape_xml(text)
    j = rng.randrange(len(t) + 1)
    if kind == 0:  # split with a comment
        raw = t[:j] + rng.choice(("<!--c-->", "<!---->", "<!-- < > -->", "<!--\n-->")) + t[j:]
    elif kind == 1:  # split with a PI
        raw = t[:j] + rng.choice(("<?pi x?>", "<?p?>", "<?p <a> ?>", "<?p\n?>")) + t[j:]
    elif kind == 2:  # CDATA whole or part
        if "]]>" in text:
            raw = t
        elif rng.random() < 0.5:
            raw = "<![CDATA[" + text + "]]>"
        else:
            raw = _escape_xml(text[:i]) + "<![CDATA[" + text[i:] + "]]>"
    elif kind == 3:  # boundary value for this field
        raw = _escape(_value_for(rng, el))
    elif kind == 4:  # boundary value, wrapped/split
        v = _value_for(rng, el)
        k = rng.randrange(len(v) + 1)
        sep = rng.choice(("<!--x-->", "<?p?>", "<![CDATA[]]>", ""))
        raw = _escape(v[:k]) + sep + _escape(v[k:])
    elif kind == 5:  # control / odd char inserted
        raw = t[:j] + rng.choice([*CONTROL, "\u00a0", "\u2028", "\ud7ff", "\ue000"]) + t[j:]
    elif kind == 6:  # whitespace around
        raw = rng.choice((" ", "\n", "\t", "\r\n", "\u00a0", "&#x20;", "&#xA;")) + t + rng.choice(
            ("", " ", "\n  ", "\u00a0", "&#xD;"))
    elif kind == 7:  # unicode digits: replace ascii digits
        table = rng.choice((str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
                            str.maketrans("0123456789", "０１２３４５６７８９"),
                            str.maketrans("0123456789", "߀߁߂߃߄߅߆߇߈߉")))
        if rng.random() < 0.5 and len(t) > 0:
            k = rng.randrange(len(t))
            raw = t[:k] + t[k].translate(table) + t[k + 1:]
        else:
            raw = t.translate(table)
    else:  # very long
        raw = t * rng.choice((50, 500, 3000)) if t else "y" * 100000
    el.text = MARK
    out = etree.tostring(root, encoding="unicode")
    out = out.replace(MARK, raw, 1)
    decl = rng.random() < 0.3
    enc = rng.choice(("utf-8", "utf-8", "utf-8", "utf-16", "utf-16-le", "utf-16-be", "latin-1"))
    if enc == "latin-1" and not all(ord(c) < 256 for c in out):
        enc = "utf-8"
    if enc in ("utf-16-le", "utf-16-be"):
        decl = True
    label = enc.upper().replace("-LE", "").replace("-BE", "")
    prolog = f'<?xml version="1.0" encoding="{label}"?>' if decl else ""
    if enc == "latin-1" and not decl:
        enc = "utf-8"
    doc = prolog + ("\n" if decl and rng.random() < 0.5 else "") + out
    if enc == "utf-16-le":
        return b"\xff\xfe" + doc.encode("utf-16-le", errors="surrogatepass")
    if enc == "utf-16-be":
        return b"\xfe\xff" + doc.encode("utf-16-be", errors="surrogatepass")
    return doc.encode(enc, errors="surrogatepass")


def _escape_xml(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def surrogate_mutation(rng: random.Random, data: bytes) -> bytes:
    """A lone surrogate inside a value, written in UTF-16."""
    picked = _pick_leaf(rng, data)
    if picked is None:
        return data
    root, el = picked
    text = el.text or ""
    i = rng.randrange(len(text) + 1)
    el.text = text[:i] + MARK + text[i:]
    out = etree.tostring(root, encoding="unicode")
    out = out.replace(MARK, rng.choice(("\ud800", "\udfff", "\udc00\ud800", "\ud83d\ude00")))
    return b"\xff\xfe" + out.encode("utf-16-le", errors="surrogatepass")


def structural_mutation(rng: random.Random, data: bytes) -> bytes:
    """Swap two sibling elements, or duplicate/delete an element, keeping markup."""
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return data
    els = list(root.iter(etree.Element))[1:]
    if not els:
        return data
    el = rng.choice(els)
    parent = el.getparent()
    assert parent is not None
    sibs = [c for c in parent if isinstance(c.tag, str)]
    r = rng.random()
    if r < 0.4 and len(sibs) > 1:
        other = rng.choice(sibs)
        a, b = parent.index(el), parent.index(other)
        if a != b:
            el_tail, other_tail = el.tail, other.tail
            lo, hi = sorted((a, b))
            x, y = parent[lo], parent[hi]
            parent.remove(y)
            parent.insert(lo, y)
            parent.remove(x)
            parent.insert(hi, x)
            el.tail, other.tail = other_tail, el_tail
    elif r < 0.7:
        parent.insert(parent.index(el) + 1, copy.deepcopy(el))
    elif r < 0.85:
        parent.remove(el)
    else:  # comment/PI between elements
        node = etree.Comment("x") if rng.random() < 0.5 else etree.ProcessingInstruction("p", "x")
        parent.insert(parent.index(el), node)
    return etree.tostring(root, encoding="utf-8", xml_declaration=rng.random() < 0.5)


def xml_input(rng: random.Random, pool: list[bytes], weights: list[float]) -> bytes:
    data = rng.choices(pool, weights)[0]
    r = rng.random()
    if r < 0.3:
        return mutate(rng, data)
    rounds = rng.choice((1, 1, 2, 3))
    for _ in range(rounds):
        m = rng.random()
        if m < 0.65:
            if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                data = value_mutation(rng, data)
        elif m < 0.9:
            data = structural_mutation(rng, data)
        else:
            data = surrogate_mutation(rng, data)
    return data


# -- I6: neutral respellings ----------------------------------------------------------------
CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
_MARKS = ["\ue001", "\ue002", "\ue003", "\ue004"]


def neutral_variant(rng: random.Random, data: bytes) -> bytes | None:
    """The same document with comments/PIs/CDATA/character references inside CAP values."""
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    leaves = [el for el in _leaves(root) if isinstance(el.tag, str)
              and el.tag.startswith("{" + CAP_NS + "}") and el.text and "\ue000" not in el.text
              and not any(isinstance(a.tag, str) and not a.tag.startswith("{" + CAP_NS + "}")
                          for a in el.iterancestors())]
    if not leaves:
        return None
    chosen = rng.sample(leaves, min(len(leaves), rng.choice((1, 2, 4))))
    raws = {}
    for n, el in enumerate(chosen):
        text = el.text or ""
        if any(ord(c) >= 0xE000 and ord(c) < 0xF900 for c in text):
            continue
        kind = rng.randrange(5)
        i = rng.randrange(len(text) + 1)
        if kind == 0:
            comment = rng.choice(("<!--c-->", "<!---->", "<!--\n-->"))
            raw = _escape_xml(text[:i]) + comment + _escape_xml(text[i:])
        elif kind == 1:
            raw = _escape_xml(text[:i]) + rng.choice(("<?p x?>", "<?p?>")) + _escape_xml(text[i:])
        elif kind == 2:
            if "\r" in text:  # a CR in CDATA is read as LF
                raw = _escape_xml(text)
            else:
                cdata = text[i:].replace("]]>", "]]]]><![CDATA[>")
                raw = _escape_xml(text[:i]) + "<![CDATA[" + cdata + "]]>"
        elif kind == 3:
            raw = "".join(
                f"&#{ord(c)};" if (c not in " \t\n\r" and rng.random() < 0.3) else _escape_xml(c)
                for c in text
            )
        else:
            raw = _escape_xml(text[:i]) + "<!--a--><?p?><![CDATA[]]>" + _escape_xml(text[i:])
        mark = f"\ue010{n}\ue011"
        el.text = mark
        raws[mark] = raw
    out = etree.tostring(root, encoding="unicode")
    for mark, raw in raws.items():
        out = out.replace(mark, raw, 1)
    return out.encode("utf-8")


def reencoded_variant(rng: random.Random, data: bytes) -> bytes | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if text.startswith("\ufeff"):
        return None
    m = re.match(r"<\?xml[^>]*\?>", text)
    enc = rng.choice(("UTF16", "UTF32"))
    if m and not re.search(r"encoding\s*=\s*([\"'])UTF-?8\1", m.group(), re.I):
        return None
    if m:
        decl = re.sub(r"encoding\s*=\s*([\"'])[^\"']*\1", f'encoding="{enc}"', m.group())
        text = decl + text[m.end():]
    return text.encode(enc.lower().replace("utf", "utf-"))


# -- JSON --------------------------------------------------------------------------------------
JVALUES: list[object] = [
    None, True, False, 0, -1, 1, 2, 10**30, -10**30, 1.5, -0.0, float("inf"), 1e308, "",
    " ", "\u00a0", "x" * 5000, "a\x00b", "a\x01b", "\ud800", "٣٤", "３４", "12", "1-2", "2-1",
    "5'10\"-6'1\"", [], {}, [None], ["x"], [{}], {"x": 1}, "officer_killed", "officer_missing",
    "imminent_threat", "officer_seriously_injured", "Alert", "Update", "Cancel", "Ack", "Error",
    "Actual", "Exercise", "Test", "System", "Draft", "Imminent Threat", "Public Safety",
    "EAS", "NWEM", "CMAS", "PUBLIC", "CAPEXCH", ["EAS", "EAS"], ["CMAS", "PUBLIC"],
    "male", "female", "https://x.example/p.jpg", "image/jpeg", "not a uri", "000000",
    "006113", ["006113"], ["006113", "006113"], ["99999"], ["0061130"], ["٠٠٦١١٣"],
    "38.47,-120.14 38.34,-119.95 38.52,-119.74 38.47,-120.14", ["38.47,-120.14 5"],
    ["38.47,-120.14 38.34,-119.95 38.52,-119.74 38.47,-120.14"], ["1,1 2,2 3,3 1,1"],
    ["38.47,-120.14 38.34,-119.95 38.52,-119.74"], ["38.47,-120.14 0"], ["91,0 5"],
    {"low": 20, "high": 25}, {"low": 25, "high": 20}, [20, 25], [25], [1, 2, 3],
    "sender,id,2026-11-24T10:00:00-05:00", ["a,b,2026-11-24T24:00:00-05:00"],
    "a,b,2026-11-24T10:00:00+14:01", "a b", "EST", "MST", "UTC", "x y z",
    "<b>&amp;</b>", "]]>", "--", "\r\n", "a\rb", "\u2028", "é" * 200,
    *DATES,
]


def _paths(obj: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths(v, (*prefix, i))
    return out


def _get(obj: object, path: tuple) -> object:
    for p in path:
        obj = obj[p]  # type: ignore[index]
    return obj


def json_mutation(rng: random.Random, obj: dict) -> dict:
    obj = copy.deepcopy(obj)
    for _ in range(rng.choice((1, 1, 2, 3))):
        paths = [p for p in _paths(obj) if p]
        if not paths:
            break
        path = rng.choice(paths)
        parent = _get(obj, path[:-1])
        key = path[-1]
        r = rng.random()
        if r < 0.15:
            del parent[key]  # type: ignore[arg-type, union-attr]
        elif r < 0.6:
            parent[key] = copy.deepcopy(rng.choice(JVALUES))  # type: ignore[index]
        elif r < 0.7:
            v = _get(obj, path)
            if isinstance(v, str) and v:
                k = rng.randrange(len(v) + 1)
                odd = rng.choice(
                    ("\u00a0", " ", "\x0b", "\n", "٣", "<", "&", '"', "\ud800", "]]>", "\x85")
                )
                parent[key] = v[:k] + odd + v[k:]  # type: ignore[index]
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                parent[key] = rng.choice((v + 1, v - 1, -v, v * 1000, str(v), float(v)))  # type: ignore[index]
        elif r < 0.8:
            v = _get(obj, path)
            if isinstance(v, list) and v:
                v.append(copy.deepcopy(rng.choice(v)))
            elif isinstance(v, dict):
                name = rng.choice(("extra", "name", "photo", "officer", "direction", "time"))
                v[name] = copy.deepcopy(rng.choice(JVALUES))
        elif r < 0.9:
            top = rng.choice(("msg_type", "references", "status", "wea_handling", "block_channels",
                              "cancel_reason", "note", "additional_info", "spanish", "officer",
                              "last_known", "time_zone", "reason", "expires", "sent"))
            obj[top] = copy.deepcopy(rng.choice(JVALUES))
        else:
            other = rng.choice(paths)
            with contextlib.suppress(KeyError, IndexError, TypeError):
                parent[key] = copy.deepcopy(_get(obj, other))  # type: ignore[index]
    return obj


def json_seeds() -> list[dict]:
    seeds = [json.loads(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))]
    extra = []
    for s in seeds:
        u = dict(s, msg_type="Update", identifier=s["identifier"] + "-U", references=[
            f"{s['agency']['sender_id']},{s['identifier']},{s['sent']}"])
        c = dict(u, msg_type="Cancel", cancel_reason="Suspect in custody")
        extra += [u, c]
    return seeds + extra


def xml_seeds() -> list[bytes]:
    files = sorted((REFERENCE / "corpus").rglob("*.xml")) + sorted(
        (REFERENCE / "corpus-invalid").glob("*.xml"))
    out = [p.read_bytes() for p in files]
    for s in json_seeds():
        try:
            out.append(bc.BlueAlert.model_validate(s).to_cap().to_xml())
        except bc.CapError as exc:
            print("seed refused:", str(exc)[:200], file=sys.stderr)
    return out


class _Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang()


def _bounded(label: str, check: Callable[..., list[str]], *args: object) -> list[str]:
    """Run one invariant check with a 30 s alarm: its problems, a hang or a harness crash."""
    signal.alarm(30)
    try:
        found = check(*args)
    except _Hang:
        found = ["HANG over 30 s"]
    except Exception as exc:
        found = [inv._crash(label, exc)]
    finally:
        signal.alarm(0)
    return found


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--xml", type=int, default=1000)
    ap.add_argument("--json", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("/tmp/fz"))
    ap.add_argument("--seconds", type=float, default=1e9)
    ap.add_argument("--neutral", type=float, default=0.0)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    pool = [s for s in xml_seeds() if len(s) < 400_000]
    weights = [1.0 / (1 + len(s) / 20_000) for s in pool]
    jpool = json_seeds()
    rng = random.Random(a.seed)
    signal.signal(signal.SIGALRM, _alarm)
    problems: dict[str, dict] = {}
    started = time.time()
    total = a.xml + a.json
    n_xml = n_json = 0
    for n in range(1, total + 1):
        if time.time() - started > a.seconds:
            break
        case_seed = rng.randrange(2**63)
        crng = random.Random(case_seed)
        is_json = crng.random() < a.json / total
        if not is_json and crng.random() < a.neutral:
            base = crng.choices(pool, weights)[0]
            if crng.random() < 0.5:
                base = xml_input(crng, pool, weights)
            try:
                bc._xml.load_xml(base)
            except bc.CapError:
                continue
            if crng.random() < 0.7:
                variant, positions, what = neutral_variant(crng, base), False, "neutral"
            else:
                m = re.match(rb"<\?xml[^>]*\?>", base)
                if m:  # same length as the UTF16/UTF32 spelling of the variant
                    decl = re.sub(rb"encoding\s*=\s*([\"'])UTF-?8\1", b'encoding="UTF-8"',
                                  m.group(), flags=re.I)
                    base = base[: m.start()] + decl + base[m.end() :]
                variant, positions, what = reencoded_variant(crng, base), True, "utf16"
            if variant is None:
                continue
            n_xml += 1
            data = variant
            found = _bounded("harness6", inv.check_equivalent, base, variant, positions, what)
            for problem in found:
                key = re.sub(r"\d+", "N", problem)[:100]
                entry = problems.setdefault(
                    key, {"count": 0, "first": problem, "seed": case_seed, "json": False}
                )
                entry["count"] += 1
                if entry["count"] == 1:
                    name = hashlib.sha1(key.encode()).hexdigest()[:10]
                    (a.out / f"{name}.a.xml").write_bytes(base)
                    (a.out / f"{name}.xml").write_bytes(variant)
                    entry["file"] = name
                    print(f"[{n}] NEW {problem[:400]} -> {name}", flush=True)
            continue
        if is_json:
            n_json += 1
            obj = json_mutation(crng, crng.choice(jpool))
        else:
            n_xml += 1
            data = xml_input(crng, pool, weights)
        if is_json:
            found = _bounded("harness", inv.check_json, obj)
        else:
            found = _bounded("harness", inv.check_xml, data)
        for problem in found:
            key = re.sub(r"\d+", "N", problem)[:140]
            if not is_json and (
                data[:4] in (b"<\x00?\x00", b"\x00<\x00?") or data[:2] in (b"\xff\xfe", b"\xfe\xff")
            ):
                key = "[utf16] " + re.sub(r"I4 position \S+", "I4 position", key)
            entry = problems.setdefault(key, {"count": 0, "first": problem, "seed": case_seed,
                                              "json": is_json})
            entry["count"] += 1
            if entry["count"] == 1:
                name = hashlib.sha1(key.encode()).hexdigest()[:10]
                if is_json:
                    (a.out / f"{name}.json").write_text(json.dumps(obj, ensure_ascii=True))
                else:
                    (a.out / f"{name}.xml").write_bytes(data)
                entry["file"] = name
                print(f"[{n}] NEW {problem[:300]} -> {name}", flush=True)
        if n % 5000 == 0:
            print(f"{n} inputs ({n_xml} xml, {n_json} json), {time.time()-started:.0f}s, "
                  f"{len(problems)} problems, {dict(inv.COUNTS)}", flush=True)
    summary = {"xml": n_xml, "json": n_json, "seconds": round(time.time() - started),
               "counts": dict(inv.COUNTS), "problems": problems}
    (a.out / "summary.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps(summary, indent=1)[:6000])
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())

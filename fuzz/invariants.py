"""Extended invariants for fuzzing (review campaign): per-invariant checks and counters.

I1 validate(data, profile=P) never raises, for every registered profile;
I2 parse(data) raises only CapError;
I3 parse(a.to_xml()) == a and the second to_xml is byte-identical to the first;
I4 every finding: rule id catalogued, XPath selects exactly one node, and for bytes sources
   line/column point at the start tag '<' of that element;
I5 BlueAlert.model_validate(mutated JSON) raises only CapError; when it succeeds, to_cap()
   raises CapError or gives XML with no error under 'bluealert' (and from_cap gives it back).
"""

from __future__ import annotations

import bisect
import codecs
import re
import traceback
from collections import Counter
from typing import Any

from lxml import etree

import bluealert_cap as bc
from bluealert_cap._validation import profile_names
from bluealert_cap._validation._catalogue import load_all_rules

PROFILES = ["schema", "cap", "ipaws", "bluealert"]
CATALOGUE = load_all_rules()
COUNTS: Counter[str] = Counter()

_STEP_RE = re.compile(r"([A-Za-z_][\w.\-]*)\[(\d+)\]\Z")
_START_RE = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<([^\s/>!?][^\s/>]*)", re.S
)
_PLAIN = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                         huge_tree=True, remove_blank_text=False)


def _crash(what: str, exc: BaseException) -> str:
    tb = traceback.extract_tb(exc.__traceback__)
    where = f"{tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno}" if tb else "?"
    return f"I:{what}: {type(exc).__name__}: {str(exc)[:160]} at {where}"


def xpath_to_local(xpath: str) -> str | None:
    if xpath == "/":
        return "/"
    if not xpath.startswith("/"):
        return None
    out = []
    for step in xpath[1:].split("/"):
        m = _STEP_RE.match(step)
        if m is None:
            return None
        out.append(f"*[local-name()='{m.group(1)}'][{m.group(2)}]")
    return "/" + "/".join(out)


def _decode(data: bytes, root: etree._Element) -> str | None:
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    if data[:4] in (b"<\x00?\x00", b"<\x00\x00\x00"):
        codec = "utf-16-le" if data[:4] == b"<\x00?\x00" else "utf-32-le"
        return data.decode(codec, errors="replace")
    if data[:4] in (b"\x00<\x00?", b"\x00\x00\x00<"):
        codec = "utf-16-be" if data[:4] == b"\x00<\x00?" else "utf-32-be"
        return data.decode(codec, errors="replace")
    enc = root.getroottree().docinfo.encoding or "UTF-8"
    try:
        codec = codecs.lookup(enc).name
    except LookupError:
        return None
    if data.startswith(codecs.BOM_UTF8):
        data, codec = data[3:], "utf-8"
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def expected_positions(data: bytes, root: etree._Element) -> dict[Any, tuple[int, int]] | None:
    """Element -> (line, column) of its start tag '<', columns in characters, lines by LF."""
    text = _decode(data, root)
    if text is None:
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    elements = list(root.getroottree().iter(etree.Element))
    # skip the prolog: the root's start tag is the first '<' tag-start match
    offs = [m.start() for m in _START_RE.finditer(text) if m.group(1)]
    if len(offs) != len(elements):
        return None
    newlines = [m.start() for m in re.finditer("\n", text)]
    out: dict[Any, tuple[int, int]] = {}
    for el, off in zip(elements, offs, strict=True):
        before = bisect.bisect_left(newlines, off)
        line_start = newlines[before - 1] + 1 if before else 0
        out[el] = (before + 1, off - line_start + 1)
    return out


def check_findings(data: bytes, report: bc.Report, problems: list[str]) -> None:
    tree_root = None
    try:
        tree_root = bc._xml.load_xml(data).root  # type: ignore[attr-defined]
    except bc.CapError:
        tree_root = None
    except Exception as exc:
        problems.append(_crash("I4 load", exc))
    positions = None
    findings = report.findings
    if len(findings) > 400:  # XPath evaluation per finding is slow on huge documents
        for f in findings[300:-100]:
            if f.rule not in CATALOGUE:
                problems.append(f"I4 uncatalogued rule {f.rule}")
        findings = findings[:300] + findings[-100:]
    for f in findings:
        COUNTS["I4.findings"] += 1
        if f.rule not in CATALOGUE:
            problems.append(f"I4 uncatalogued rule {f.rule}")
        if f.severity not in ("error", "warning", "info"):
            problems.append(f"I4 bad severity {f.severity} for {f.rule}")
        if tree_root is None:
            if f.xpath != "/":
                problems.append(f"I4 unloadable doc but xpath {f.xpath} ({f.rule})")
            continue
        local = xpath_to_local(f.xpath)
        if local is None:
            problems.append(f"I4 unparsable xpath {f.xpath!r} ({f.rule})")
            continue
        try:
            found = [tree_root] if local == "/" else tree_root.getroottree().xpath(local)
        except etree.XPathError as exc:
            problems.append(f"I4 xpath error {f.xpath!r}: {exc} ({f.rule})")
            continue
        if not isinstance(found, list) or len(found) != 1:
            problems.append(f"I4 xpath selects {len(found) if isinstance(found, list) else found} "
                            f"nodes: {f.rule} {f.xpath}")
            continue
        node = found[0]
        if f.xpath == "/":
            if f.rule in ("ROOT_IS_CAP_ALERT", "CAP_VERSION_IS_1_2"):
                node = tree_root
            else:
                continue
        if positions is None:
            positions = expected_positions(data, tree_root) or {}
        want = positions.get(node)
        if want is None:
            COUNTS["I4.position_unchecked"] += 1
            continue
        COUNTS["I4.position_checked"] += 1
        if (f.line, f.column) != want:
            problems.append(
                f"I4 position {f.rule} {f.xpath}: got {f.line}:{f.column}, start tag at "
                f"{want[0]}:{want[1]}"
            )


def check_xml(data: bytes, profiles: list[str] | None = None, findings: bool = True) -> list[str]:
    problems: list[str] = []
    alert = None
    COUNTS["I2"] += 1
    try:
        alert = bc.parse(data)
    except bc.CapError:
        pass
    except Exception as exc:
        problems.append(_crash("I2 parse", exc))
    if alert is not None:
        COUNTS["I3"] += 1
        try:
            x1 = alert.to_xml()
            again = bc.parse(x1)
            if again != alert:
                problems.append("I3 parse(to_xml(a)) != a")
            x2 = again.to_xml()
            if x2 != x1:
                problems.append("I3 to_xml not byte-stable")
        except Exception as exc:
            problems.append(_crash("I3 to_xml/re-parse", exc))
    previous: Counter | None = None
    for name in profiles or PROFILES:
        COUNTS["I1"] += 1
        try:
            report = bc.validate(data, profile=name)
        except Exception as exc:
            problems.append(_crash(f"I1 validate[{name}]", exc))
            continue
        mine = Counter((f.rule, f.severity, f.xpath, f.line, f.column) for f in report.findings)
        if previous is not None:
            COUNTS["I7"] += 1
            lost = previous - mine
            if lost:
                problems.append(f"I7 {name} lacks findings of the layer below: {sorted(lost)[:3]}")
        previous = mine
        if findings and name == "bluealert":
            COUNTS["I4"] += 1
            try:
                check_findings(data, report, problems)
            except Exception as exc:
                problems.append(_crash("I4 harness", exc))
    return problems


def check_json(obj: Any) -> list[str]:
    problems: list[str] = []
    COUNTS["I5"] += 1
    try:
        ba = bc.BlueAlert.model_validate(obj)
    except bc.CapError:
        return problems
    except Exception as exc:
        return [_crash("I5 model_validate", exc)]
    COUNTS["I5.valid"] += 1
    try:
        alert = ba.to_cap()
    except bc.CapError:
        COUNTS["I5.compose_refused"] += 1
        return problems
    except Exception as exc:
        return [_crash("I5 to_cap", exc)]
    try:
        xml = alert.to_xml()
    except Exception as exc:
        return [_crash("I5 to_xml", exc)]
    COUNTS["I5.composed"] += 1
    report = bc.validate(xml, profile="bluealert")
    errors = [f for f in report.findings if f.severity == "error"]
    if errors:
        problems.append("I5 composed has errors: " + "; ".join(
            f"{f.rule} {f.xpath}" for f in errors[:3]))
    try:
        back = bc.BlueAlert.from_cap(bc.parse(xml))
        if back != ba:
            diff = [k for k in type(ba).model_fields if getattr(back, k) != getattr(ba, k)]
            problems.append(f"I5b from_cap(to_cap(b)) != b in {diff}")
    except Exception as exc:
        problems.append(_crash("I5b from_cap", exc))
    problems.extend(check_xml(xml, ["bluealert"]))
    return problems


assert set(PROFILES) <= set(profile_names()), profile_names()


def _summary(report: bc.Report, positions: bool) -> Counter:
    return Counter(
        (f.rule, f.severity, f.xpath) + ((f.line, f.column) if positions else ())
        for f in report.findings
    )


def _parsed(data: bytes) -> object:
    try:
        return bc.parse(data)
    except bc.CapError as exc:
        return type(exc).__name__
    except Exception as exc:
        return f"CRASH {type(exc).__name__}"


def check_equivalent(a: bytes, b: bytes, positions: bool, what: str) -> list[str]:
    """I6: two spellings of the same document give the same findings and the same model."""
    COUNTS["I6." + what] += 1
    problems: list[str] = []
    pa, pb = _parsed(a), _parsed(b)
    if pa != pb:
        problems.append(f"I6 {what}: parse differs: {str(pa)[:60]} vs {str(pb)[:60]}")
    for name in ("bluealert",):
        ra, rb = bc.validate(a, profile=name), bc.validate(b, profile=name)
        sa, sb = _summary(ra, positions), _summary(rb, positions)
        if sa != sb:
            only_a = sorted(sa - sb)[:3]
            only_b = sorted(sb - sa)[:3]
            problems.append(
                f"I6 {what}: findings differ: only original {only_a} only variant {only_b}"
            )
    return problems

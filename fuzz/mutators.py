"""Byte and tree mutations of CAP messages, shared by the fuzz test, the long campaign and the
atheris harness.

Every mutator takes a ``random.Random`` (so a failing case can be replayed from its seed) and
returns new document bytes. Byte mutations break the XML itself (encodings, markup, hostile
constructs); tree mutations keep it well-formed and break the CAP content (missing, repeated,
moved, renamed elements; odd values in every field).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from lxml import etree

CAP12_NS = "urn:oasis:names:tc:emergency:cap:1.2"
_C = "{" + CAP12_NS + "}"

# Markup and byte sequences that parsers and validators historically choke on.
INTERESTING_BYTES: tuple[bytes, ...] = (
    b"<", b">", b"&", b"&amp;", b"&lt;", b"&#0;", b"&#x1F600;", b"&#xD800;", b"&bogus;",
    b"]]>", b"<![CDATA[x]]>", b"<!-- c -->", b"<?pi x?>", b"<!DOCTYPE alert>",
    b'<!DOCTYPE a [<!ENTITY e "x">]>', b"\x00", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf",
    b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\r\n", b"\r", b"\t", b'"', b"'",
    b' xmlns="urn:x"', b' xmlns:p="urn:oasis:names:tc:emergency:cap:1.2"', b" a=\"1\"",
    b"<p:x/>", b"</alert>", b"<alert>", b"<info>", b"</info>", b"<area>", b"</area>",
    b'<?xml version="1.0" encoding="UTF-16"?>', b'<?xml version="1.1"?>',
    b"\xe2\x80\xae", b"\xf0\x9f\x98\x80", b"9" * 40, b"-", b",", b" ", b"\n" * 3,
)

# Values that stress every kind of CAP field (text, token, date-time, number, list, geometry).
INTERESTING_TEXT: tuple[str, ...] = (
    "", " ", "  \n\t ", "x", "Actual", "Alert", "Public", "Private", "Cancel", "Update",
    "Very Likely", "Likely", "Immediate", "Extreme", "Geo", "Met", "CBRNE", "None", "AllClear",
    "2026-11-24T02:36:45-05:00", "2026-11-24T02:36:45-00:00", "2026-11-24T02:36:45+00:00",
    "2026-11-24T02:36:45Z", "2026-11-24T02:36:45.123-05:00", "2026-02-30T00:00:00-05:00",
    "2026-11-24T24:00:00-05:00", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-14:00",
    "2026-11-24T02:36:45+14:01", "2026-11-24T02:36:45-99:99", "2026-11-24", "T",
    "0", "-1", "1e308", "NaN", "inf", "-0", "00000000000000000000001", "9" * 400, "1.2.3",
    "+-4", "0x10", "38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14",
    "38.47,-120.14 38.34,-119.95 38.52,-119.74", "91,0 0,181 0,0 91,0", "1,2,3 4,5",
    "38.47,-120.14", "32.9525,-115.5527 0", "32.9525,-115.5527 -1", "32.9525 -115.5527 10",
    "1,1 " * 2000, "a,b c,d e,f a,b", ",,,,", "   ,   ", "sender,id,2026-11-24T02:36:45-05:00",
    "a,b", "a,b,c,d", ",,", '"unbalanced', 'a "b c" d', '""', "a b c " * 50,
    "text/plain", "audio/x-ipaws-audio-mp3", "not a mime", "http://example.com/a", "rel/a",
    "aGVsbG8=", "not base64!", "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed", "en-US", "zz-9-x",
    "BLU", "SAME", "EAS-ORG", "LAW", "006113", "IPAWSv1.0", "\u202e", "\U0001f600",
    "\ufffd", "\u00e9" * 100, "<b>&amp;</b>", "x" * 20000, "\x7f", "\u0085",
)

CAP_TAGS: tuple[str, ...] = (
    "identifier", "sender", "sent", "status", "msgType", "source", "scope", "restriction",
    "addresses", "code", "note", "references", "incidents", "info", "language", "category",
    "event", "responseType", "urgency", "severity", "certainty", "audience", "eventCode",
    "effective", "onset", "expires", "senderName", "headline", "description", "instruction",
    "web", "contact", "parameter", "resource", "resourceDesc", "mimeType", "size", "uri",
    "derefUri", "digest", "area", "areaDesc", "polygon", "circle", "geocode", "altitude",
    "ceiling", "valueName", "value",
)


# -- byte mutations ----------------------------------------------------------------------------
def _flip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1 :]


def _random_byte(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + bytes([rng.randrange(256)]) + data[i + 1 :]


def _insert_interesting(rng: random.Random, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice(INTERESTING_BYTES) + data[i:]


def _delete_range(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.choice((1, 2, 8, 64, 512)))
    return data[:i] + data[j:]


def _duplicate_range(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    i = rng.randrange(len(data))
    j = min(len(data), i + rng.choice((1, 8, 64, 512)))
    times = rng.choice((1, 2, 16))
    return data[:j] + data[i:j] * times + data[j:]


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _reencode(rng: random.Random, data: bytes) -> bytes:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data
    codec = rng.choice(("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "utf-8-sig"))
    return text.encode(codec, errors="replace")


def _swap_markup(rng: random.Random, data: bytes) -> bytes:
    """Swap one '<' or '>' for another markup character (mismatched tags, broken names)."""
    positions = [i for i in range(min(len(data), 4096)) if data[i] in b"<>/\"'="]
    if not positions:
        return data
    i = rng.choice(positions)
    return data[:i] + rng.choice((b"<", b">", b"/", b"", b"&", b"'", b'"')) + data[i + 1 :]


BYTE_MUTATORS: tuple[Callable[[random.Random, bytes], bytes], ...] = (
    _flip, _random_byte, _insert_interesting, _delete_range, _duplicate_range, _truncate,
    _reencode, _swap_markup,
)


def mutate_bytes(rng: random.Random, data: bytes, rounds: int = 1) -> bytes:
    """``data`` after ``rounds`` random byte-level mutations."""
    for _ in range(rounds):
        data = rng.choice(BYTE_MUTATORS)(rng, data)
    return data


# -- tree mutations ----------------------------------------------------------------------------
def _elements(root: etree._Element) -> list[etree._Element]:
    return [el for el in root.iter() if isinstance(el.tag, str)]


def _t_delete(rng: random.Random, root: etree._Element) -> None:
    els = _elements(root)[1:]
    if els:
        el = rng.choice(els)
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)


def _t_duplicate(rng: random.Random, root: etree._Element) -> None:
    from copy import deepcopy

    els = _elements(root)[1:]
    if els:
        el = rng.choice(els)
        parent = el.getparent()
        if parent is not None:
            parent.insert(parent.index(el) + 1, deepcopy(el))


def _t_move(rng: random.Random, root: etree._Element) -> None:
    els = _elements(root)
    if len(els) > 2:
        el = rng.choice(els[1:])
        target = rng.choice(els)
        if el is target or any(a is el for a in target.iterancestors()):
            return
        target.insert(rng.randrange(len(target) + 1), el)


def _t_text(rng: random.Random, root: etree._Element) -> None:
    el = rng.choice(_elements(root))
    el.text = rng.choice(INTERESTING_TEXT)


def _t_text_edit(rng: random.Random, root: etree._Element) -> None:
    leaves = [el for el in _elements(root) if len(el) == 0 and el.text]
    if leaves:
        el = rng.choice(leaves)
        text = el.text or ""
        i = rng.randrange(len(text) + 1)
        el.text = text[:i] + rng.choice(INTERESTING_TEXT) + text[i + rng.randrange(3) :]


def _t_rename(rng: random.Random, root: etree._Element) -> None:
    el = rng.choice(_elements(root))
    ns = rng.choice((CAP12_NS, CAP12_NS, "urn:oasis:names:tc:emergency:cap:1.1", "", "urn:x"))
    name = rng.choice((*CAP_TAGS, "alert", "Signature", "x"))
    el.tag = f"{{{ns}}}{name}" if ns else name


def _t_insert(rng: random.Random, root: etree._Element) -> None:
    parent = rng.choice(_elements(root))
    kind = rng.randrange(4)
    node: etree._Element
    if kind == 0:
        node = etree.Element(_C + rng.choice(CAP_TAGS))
        node.text = rng.choice(INTERESTING_TEXT)
    elif kind == 1:
        node = etree.Comment(rng.choice(("", "c", "--x")).replace("--", "- -"))
    elif kind == 2:
        node = etree.ProcessingInstruction("pi", "data")
    else:
        node = etree.Element("{urn:x}foreign")
    parent.insert(rng.randrange(len(parent) + 1), node)


def _t_attribute(rng: random.Random, root: etree._Element) -> None:
    el = rng.choice(_elements(root))
    name = rng.choice(("a", "{urn:x}b", "{http://www.w3.org/2001/XMLSchema-instance}type",
                       "{http://www.w3.org/2001/XMLSchema-instance}nil"))
    el.set(name, rng.choice(("1", "true", "", "xs:string")))


def _t_tail(rng: random.Random, root: etree._Element) -> None:
    els = _elements(root)[1:]
    if els:
        rng.choice(els).tail = rng.choice(("stray text", " ", "\n  ", "&"))


def _t_wide(rng: random.Random, root: etree._Element) -> None:
    """Blow up one repeated element (many infos, areas, geocodes or points)."""
    from copy import deepcopy

    els = [el for el in _elements(root)[1:] if el.getparent() is not None]
    if not els:
        return
    el = rng.choice(els)
    parent = el.getparent()
    assert parent is not None
    for _ in range(rng.choice((10, 100, 500))):
        parent.append(deepcopy(el))


TREE_MUTATORS: tuple[Callable[[random.Random, etree._Element], None], ...] = (
    _t_delete, _t_duplicate, _t_move, _t_text, _t_text, _t_text_edit, _t_rename, _t_insert,
    _t_attribute, _t_tail, _t_wide,
)

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def mutate_tree(rng: random.Random, data: bytes, rounds: int = 1) -> bytes:
    """``data`` after ``rounds`` random element-level mutations (still well-formed XML).

    Returns ``data`` unchanged if it is not well-formed to begin with."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return data
    for _ in range(rounds):
        rng.choice(TREE_MUTATORS)(rng, root)
    return etree.tostring(root, xml_declaration=rng.random() < 0.5, encoding="UTF-8")


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One fuzz input from a seed document: tree mutations, byte mutations, or both."""
    r = rng.random()
    if r < 0.5:
        return mutate_tree(rng, data, rounds=rng.choice((1, 1, 2, 4)))
    if r < 0.85:
        return mutate_bytes(rng, data, rounds=rng.choice((1, 1, 2, 4)))
    return mutate_bytes(rng, mutate_tree(rng, data, rounds=2), rounds=1)

"""Hostile input: every attack document is refused by ``parse`` with a CapError and by
``validate`` with a failing report, within a second, without reading any file.

"Without reading any file" is proven two ways for every case that names a file:

* the file a DOCTYPE, entity, XInclude, stylesheet or schema location points at is a named pipe
  (FIFO) whose writer end is held by a small process; the moment anything opens it for reading
  the writer records it (``FileTrap.opened``), answers with the secret and exits;
* a regular file holding a random secret, with its access time set far in the past: reading it
  would move the access time (the file system is relatime) and could put the secret into an
  error message, a finding or a model, which is checked too.

``test_the_trap_catches_a_parser_that_reads_files`` shows the trap fires for a parser that does
read DTDs, so the other tests can fail.
"""

from __future__ import annotations

import os
import random
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import CORPUS, CORPUS_INVALID
from lxml import etree

import bluealert_cap as bc
from bluealert_cap._validation import profile_names

NS = "urn:oasis:names:tc:emergency:cap:1.2"
GOOD = (CORPUS / "oasis-examples" / "oasiscap_v1dot2_appendix_a2_thunderstorm.xml").read_bytes()
SECOND = 1.0


class FileTrap:
    """A FIFO that records whether anything opened it for reading.

    A separate process (not a thread: a parser blocked in C may hold the GIL) holds the writer
    end, again and again: each time a reader opens the FIFO it writes a flag file, then the
    secret, then closes, so a reader never blocks and ``opened`` is true as soon as a read
    could have happened (libxml2 opens a file once to probe it, then again to read it).
    """

    def __init__(self, directory: Path, secret: Path):
        self.path = directory / "trap.fifo"
        self.flag = directory / "trap.opened"
        os.mkfifo(self.path)
        script = (
            'trap "" PIPE; while :; do exec 3>"$1"; echo opened > "$2"; cat "$3" >&3; '
            "exec 3>&-; done"
        )
        self._writer = subprocess.Popen(
            ["sh", "-c", script, "trap", str(self.path), str(self.flag), str(secret)]
        )

    @property
    def opened(self) -> bool:
        return self.flag.exists()

    def close(self) -> None:
        self._writer.kill()
        self._writer.wait(timeout=10)


class Bait:
    """A FIFO trap and a secret file; ``untouched()`` says neither was read."""

    def __init__(self, directory: Path):
        self.secret = "S3CRET-" + os.urandom(12).hex()
        self.file = directory / "secret.txt"
        self.file.write_text(f'<!ENTITY leak "{self.secret}">{self.secret}\n')
        past = time.time() - 10 * 365 * 86400
        os.utime(self.file, (past, self.file.stat().st_mtime))
        self.atime = self.file.stat().st_atime
        self.trap = FileTrap(directory, self.file)

    def untouched(self) -> bool:
        return not self.trap.opened and self.file.stat().st_atime == self.atime


@pytest.fixture
def bait(tmp_path: Path) -> Iterator[Bait]:
    b = Bait(tmp_path)
    yield b
    b.trap.close()


# -- the attacks --------------------------------------------------------------------------------
def _alert(body: str = "<identifier>&x;</identifier>") -> str:
    return f'<alert xmlns="{NS}">{body}</alert>'


def _laughs(levels: int = 10) -> bytes:
    ents = ['<!ENTITY lol0 "lol">']
    for i in range(1, levels):
        ents.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    body = _alert(f"<note>&lol{levels - 1};</note>")
    return f'<?xml version="1.0"?><!DOCTYPE alert [{"".join(ents)}]>{body}'.encode()


def _quadratic() -> bytes:
    return (
        f'<!DOCTYPE alert [<!ENTITY a "{"x" * 50_000}">]>'
        + _alert("<note>" + "&a;" * 20_000 + "</note>")
    ).encode()


# Cases that name a file: a function of (fifo_url, file_url) -> document bytes.
FILE_ATTACKS: dict[str, Callable[[str, str], bytes]] = {
    "xxe_general_entity": lambda f, s: (
        f'<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "{f}">]>' + _alert()
    ).encode(),
    "xxe_secret_file": lambda f, s: (
        f'<!DOCTYPE alert [<!ENTITY x SYSTEM "{s}">]>' + _alert()
    ).encode(),
    "xxe_parameter_entity": lambda f, s: (
        f'<!DOCTYPE alert [<!ENTITY % p SYSTEM "{f}"> %p;]>' + _alert("<note>&leak;</note>")
    ).encode(),
    "external_dtd_system": lambda f, s: (
        f'<!DOCTYPE alert SYSTEM "{f}">' + _alert("<note>&leak;</note>")
    ).encode(),
    "external_dtd_public": lambda f, s: (
        f'<!DOCTYPE alert PUBLIC "-//X//Y//EN" "{s}">' + _alert("<note>x</note>")
    ).encode(),
    "external_dtd_after_long_prolog": lambda f, s: (
        '<?xml version="1.0"?><!--' + "p" * 10_000 + '--><?pi x?>\n'
        f'<!DOCTYPE alert SYSTEM "{f}">' + _alert("<note>x</note>")
    ).encode(),
    "external_dtd_utf16": lambda f, s: (
        f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE alert SYSTEM "{f}">'
        + _alert("<note>x</note>")
    ).encode("utf-16"),
    "xinclude": lambda f, s: _alert(
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{f}" parse="text"/>'
    ).encode(),
    "xml_stylesheet": lambda f, s: (
        f'<?xml-stylesheet type="text/xsl" href="{f}"?>'
        + _alert("<identifier>a</identifier>")
    ).encode(),
    "schema_location": lambda f, s: (
        f'<alert xmlns="{NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{NS} {f}"><identifier>a</identifier></alert>'
    ).encode(),
    "schema_location_no_namespace": lambda f, s: (
        f'<alert xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:noNamespaceSchemaLocation="{f}"><identifier>a</identifier></alert>'
    ).encode(),
    "google_caplib_xxe_attack_retargeted": lambda f, s: (
        (CORPUS_INVALID / "google-caplib_xxe_attack.xml")
        .read_bytes()
        .replace(b"file:///etc/passwd", f.encode())
        .replace(b"http://localhost:8080/payload1.dtd", s.encode())
    ),
}


def _garbage(n: int) -> bytes:
    return random.Random(n).randbytes(n)


# Cases without a file: document bytes.
ATTACKS: dict[str, bytes] = {
    "billion_laughs": _laughs(),
    "quadratic_blowup": _quadratic(),
    "undeclared_entity": _alert().encode(),
    "corpus_xxe_attack": (CORPUS_INVALID / "google-caplib_xxe_attack.xml").read_bytes(),
    "text_node_60_mb": f'<alert xmlns="{NS}"><note>'.encode()
    + b"a" * (60 * 1024 * 1024) + b"</note></alert>",
    "text_node_11_mb": f'<alert xmlns="{NS}"><note>'.encode()
    + b"a" * (11 * 1000 * 1000) + b"</note></alert>",
    "nesting_200k_deep": f'<alert xmlns="{NS}">'.encode()
    + b"<a>" * 200_000 + b"</a>" * 200_000 + b"</alert>",
    "nesting_300_deep": f'<alert xmlns="{NS}">'.encode()
    + b"<a>" * 300 + b"</a>" * 300 + b"</alert>",
    "two_million_elements": f'<alert xmlns="{NS}">'.encode() + b"<a/>" * 2_000_000 + b"</alert>",
    "one_huge_start_tag": b"<alert" + b"".join(b' a%d=""' % i for i in range(400_000)) + b"/>",
    "invalid_utf8_lone_continuation": GOOD.replace(b"THUNDERSTORM", b"THUNDER\x80STORM", 1),
    "invalid_utf8_overlong": GOOD.replace(b"THUNDERSTORM", b"THUNDER\xc0\xafSTORM", 1),
    "invalid_utf8_surrogate": GOOD.replace(b"THUNDERSTORM", b"THUNDER\xed\xa0\x80STORM", 1),
    "invalid_utf8_truncated": GOOD.replace(b"</alert>", b"\xe2\x82</alert>"),
    "mislabelled_utf16_declared_for_utf8": GOOD.replace(
        b'encoding = "UTF-8"', b'encoding="UTF-16"', 1
    ),
    "mislabelled_latin1_bytes_declared_utf8": GOOD.replace(
        b"THUNDERSTORM", "THUNDERST\u00d6RM".encode("latin-1"), 1
    ),
    "mislabelled_utf16_bytes_declared_latin1": GOOD.decode()
    .replace('encoding = "UTF-8"', 'encoding="ISO-8859-1"', 1)
    .encode("utf-16"),
    "mislabelled_utf16_bytes_declared_utf8": GOOD.decode().encode("utf-16-le"),
    "unknown_encoding": GOOD.replace(b'encoding = "UTF-8"', b'encoding="X-NO-SUCH"', 1),
    "empty": b"",
    "whitespace_only": b" \r\n\t ",
    "bom_only": b"\xef\xbb\xbf",
    "nul_bytes": b"\x00" * 1024,
    "binary_random": _garbage(4096),
    "binary_random_with_lt": b"<" + _garbage(4096),
    "gzip_of_a_message": b"\x1f\x8b\x08\x00" + _garbage(512),
    "pdf_header": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    "truncated_message": GOOD[: len(GOOD) // 2],
    "two_roots": GOOD + GOOD.split(b"?>", 1)[1],
    "char_reference_to_nul": GOOD.replace(b"THUNDERSTORM", b"&#0;", 1),
}


def _refused_everywhere(data: bytes, secret: str | None = None) -> None:
    start = time.perf_counter()
    with pytest.raises(bc.CapError) as info:
        bc.parse(data)
    spent = time.perf_counter() - start
    assert spent < SECOND, f"parse took {spent:.2f} s"
    if secret is not None:
        assert secret not in str(info.value)
    for profile in profile_names():
        start = time.perf_counter()
        report = bc.validate(data, profile=profile)
        spent = time.perf_counter() - start
        assert spent < SECOND, f"validate({profile}) took {spent:.2f} s"
        assert not report.ok, profile
        assert report.errors, profile
        if secret is not None:
            assert all(secret not in f.message for f in report.findings)


@pytest.mark.parametrize("name", sorted(FILE_ATTACKS))
def test_file_attacks_are_refused_without_reading_the_file(name: str, bait: Bait) -> None:
    data = FILE_ATTACKS[name](bait.trap.path.as_uri(), bait.file.as_uri())
    _refused_everywhere(data, bait.secret)
    assert bait.untouched(), "the file named by the document was opened"


@pytest.mark.parametrize("name", sorted(FILE_ATTACKS))
def test_file_attacks_read_no_file_even_when_given_as_a_path(
    name: str, bait: Bait, tmp_path: Path
) -> None:
    doc = tmp_path / "doc.xml"
    doc.write_bytes(FILE_ATTACKS[name](bait.trap.path.as_uri(), bait.file.as_uri()))
    with pytest.raises(bc.CapError):
        bc.parse(doc)
    assert not bc.validate(doc, profile="cap").ok
    assert bait.untouched()


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attacks_are_refused_quickly(name: str) -> None:
    _refused_everywhere(ATTACKS[name])


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("billion_laughs", bc.ForbiddenXmlError),
        ("quadratic_blowup", bc.ForbiddenXmlError),
        ("corpus_xxe_attack", bc.ForbiddenXmlError),
        ("text_node_60_mb", bc.LimitExceededError),
        ("text_node_11_mb", bc.LimitExceededError),
        ("nesting_200k_deep", bc.LimitExceededError),
        ("nesting_300_deep", bc.LimitExceededError),
        ("two_million_elements", bc.LimitExceededError),
        ("one_huge_start_tag", bc.LimitExceededError),
        ("invalid_utf8_overlong", bc.MalformedXmlError),
        ("mislabelled_utf16_bytes_declared_latin1", bc.MalformedXmlError),
        ("mislabelled_utf16_bytes_declared_utf8", bc.MalformedXmlError),
        ("empty", bc.MalformedXmlError),
        ("binary_random", bc.MalformedXmlError),
    ],
)
def test_each_attack_gets_the_error_that_names_it(name: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        bc.parse(ATTACKS[name])


def test_validate_names_the_refusal_rule() -> None:
    rules = {
        "billion_laughs": "XML_HAS_NO_FORBIDDEN_CONSTRUCTS",
        "nesting_200k_deep": "DOCUMENT_IS_WITHIN_LIMITS",
        "invalid_utf8_surrogate": "XML_IS_WELL_FORMED",
        "empty": "XML_IS_WELL_FORMED",
    }
    for name, rule in rules.items():
        assert bc.validate(ATTACKS[name]).rules() == {rule}, name


def test_a_str_with_a_lone_surrogate_is_refused() -> None:
    text = GOOD.decode().replace("THUNDERSTORM", "THUNDER\ud800STORM", 1)
    with pytest.raises(bc.MalformedXmlError):
        bc.parse(text)
    assert not bc.validate(text).ok


def test_a_doctype_string_in_content_is_not_a_declaration() -> None:
    """The DOCTYPE pre-scan looks at the prolog only: text that merely mentions it is fine."""
    scope = b"<scope>Public</scope>"
    assert scope in GOOD
    data = GOOD.replace(scope, scope + b"<note><![CDATA[<!DOCTYPE x>]]></note>", 1)
    assert bc.parse(data).note == "<!DOCTYPE x>"


def test_the_trap_catches_a_parser_that_reads_files(bait: Bait) -> None:
    """Control: a parser told to load DTDs opens the trap, so the assertions above can fail."""
    data = FILE_ATTACKS["external_dtd_system"](bait.trap.path.as_uri(), bait.file.as_uri())
    careless = etree.XMLParser(load_dtd=True, no_network=True)
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(data, careless)
    deadline = time.time() + 5
    while not bait.trap.opened and time.time() < deadline:
        time.sleep(0.01)
    assert bait.trap.opened


def test_the_secret_file_check_catches_a_read(bait: Bait) -> None:
    """Control: reading the secret file moves its access time."""
    bait.file.read_bytes()
    assert not bait.untouched()

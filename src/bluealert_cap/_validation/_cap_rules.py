"""Layer ``cap``: the CAP 1.2 rules the XML Schema does not enforce.

Every rule here is checkable on one message and cites the CAP 1.2 clause it comes from
(identifier characters, references triples, polygon rings, circle radii, base-64 ``derefUri``,
SHA-1 digests, date-time ordering, scope/addresses/restriction, enveloped signatures, ...).

The layer reads the lxml tree in one pass over ``<alert>``, its ``<info>`` blocks and their
``<resource>``/``<area>`` blocks. It never raises on odd input: missing elements, empty text and
garbage values are skipped or reported, never dereferenced blindly. Values the XML Schema
already rejects (a badly formatted ``<sent>``, a non-integer ``<size>``, an unknown enumeration
value) are the ``schema`` layer's findings and are not repeated here.
"""

from __future__ import annotations

import binascii
import hashlib
import re
from datetime import datetime
from typing import NamedTuple

from lxml import etree

from .._xml import CAP12_NS, DSIG_NS
from ._context import Context, Rule, content, date_time, rule
from ._registry import Profile, register

_CAP = "{" + CAP12_NS + "}"
_DS = "{" + DSIG_NS + "}"


def _t(name: str) -> str:
    return _CAP + name


# Tags, computed once.
T_IDENTIFIER, T_SENDER, T_SENT, T_STATUS, T_MSGTYPE, T_SOURCE, T_SCOPE = map(
    _t, ("identifier", "sender", "sent", "status", "msgType", "source", "scope")
)
T_RESTRICTION, T_ADDRESSES, T_CODE, T_NOTE, T_REFERENCES, T_INCIDENTS, T_INFO = map(
    _t, ("restriction", "addresses", "code", "note", "references", "incidents", "info")
)
T_LANGUAGE, T_RESPONSE_TYPE, T_EVENT_CODE, T_EFFECTIVE, T_ONSET, T_EXPIRES = map(
    _t, ("language", "responseType", "eventCode", "effective", "onset", "expires")
)
T_HEADLINE, T_WEB, T_PARAMETER, T_RESOURCE, T_AREA, T_VALUE_NAME = map(
    _t, ("headline", "web", "parameter", "resource", "area", "valueName")
)
T_MIME_TYPE, T_SIZE, T_URI, T_DEREF_URI, T_DIGEST = map(
    _t, ("mimeType", "size", "uri", "derefUri", "digest")
)
T_POLYGON, T_CIRCLE, T_GEOCODE, T_ALTITUDE, T_CEILING = map(
    _t, ("polygon", "circle", "geocode", "altitude", "ceiling")
)
T_DS_SIGNATURE = _DS + "Signature"
T_DS_SIGNED_INFO = _DS + "SignedInfo"
T_DS_REFERENCE = _DS + "Reference"
T_DS_TRANSFORM = _DS + "Transform"
ENVELOPED_SIGNATURE = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

# Human-readable text elements checked for HTML markup and character entity references.
_ALERT_TEXT = frozenset(map(_t, ("source", "restriction", "note", "code")))
_ALERT_TAGS = frozenset(
    (T_IDENTIFIER, T_SENDER, T_SENT, T_STATUS, T_MSGTYPE, T_SOURCE, T_SCOPE, T_RESTRICTION,
     T_ADDRESSES, T_CODE, T_NOTE, T_REFERENCES, T_INCIDENTS)
)
_INFO_TEXT = frozenset(
    map(_t, ("event", "audience", "senderName", "headline", "description", "instruction",
             "contact"))
)
(_K_AREA, _K_RESOURCE, _K_TEXT, _K_HEADLINE, _K_VALUE_PAIR, _K_EFFECTIVE, _K_ONSET, _K_EXPIRES,
 _K_LANGUAGE, _K_RESPONSE_TYPE, _K_WEB) = range(11)
_INFO_KIND: dict[object, int] = {
    T_AREA: _K_AREA, T_RESOURCE: _K_RESOURCE, T_HEADLINE: _K_HEADLINE,
    T_EVENT_CODE: _K_VALUE_PAIR, T_PARAMETER: _K_VALUE_PAIR, T_EFFECTIVE: _K_EFFECTIVE,
    T_ONSET: _K_ONSET, T_EXPIRES: _K_EXPIRES, T_LANGUAGE: _K_LANGUAGE,
    T_RESPONSE_TYPE: _K_RESPONSE_TYPE, T_WEB: _K_WEB,
    **{tag: _K_TEXT for tag in _INFO_TEXT if tag != T_HEADLINE},
}
_RESOURCE_TEXT = frozenset((_t("resourceDesc"),))
_AREA_TEXT = frozenset((_t("areaDesc"),))

# ------------------------------------------------------------------------------------------------
# Rules
# ------------------------------------------------------------------------------------------------
P = "cap"

# <alert>
IDENTIFIER_IS_NOT_EMPTY = rule(
    "IDENTIFIER_IS_NOT_EMPTY", "error", P, "CAP 1.2 §3.2.1 (identifier)",
    "<identifier> is not empty: it must uniquely identify the message.",
)
IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS = rule(
    "IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS", "error", P, "CAP 1.2 §3.2.1 (identifier)",
    "<identifier> contains no spaces (or other whitespace), commas, '<' or '&'.",
)
SENDER_IS_NOT_EMPTY = rule(
    "SENDER_IS_NOT_EMPTY", "error", P, "CAP 1.2 §3.2.1 (sender)",
    "<sender> is not empty: it must identify the originator globally.",
)
SENDER_HAS_NO_FORBIDDEN_CHARACTERS = rule(
    "SENDER_HAS_NO_FORBIDDEN_CHARACTERS", "error", P, "CAP 1.2 §3.2.1 (sender)",
    "<sender> contains no spaces (or other whitespace), commas, '<' or '&'.",
)
UTC_IS_WRITTEN_MINUS_00_00 = rule(
    "UTC_IS_WRITTEN_MINUS_00_00", "warning", P, "CAP 1.2 §3.2.1 (sent), §3.3.2",
    "A UTC time in <sent>, <effective>, <onset> or <expires> is written -00:00, not +00:00.",
)
STATUS_IS_NOT_TEST_OR_EXERCISE = rule(
    "STATUS_IS_NOT_TEST_OR_EXERCISE", "warning", P, "CAP 1.2 §3.2.1 (status)",
    "<status> is not Test or Exercise (recipients disregard a Test; only exercise "
    "participants act on an Exercise).",
)
EXERCISE_HAS_NOTE = rule(
    "EXERCISE_HAS_NOTE", "warning", P, "CAP 1.2 §3.2.1 (status, note)",
    "A message with status Exercise identifies the exercise in <note>.",
)
ERROR_MESSAGE_HAS_NOTE = rule(
    "ERROR_MESSAGE_HAS_NOTE", "warning", P, "CAP 1.2 §3.2.1 (msgType, note)",
    "A message with msgType Error explains the error in <note>.",
)
REFERENCES_IS_GIVEN_FOR_UPDATE_OR_CANCEL = rule(
    "REFERENCES_IS_GIVEN_FOR_UPDATE_OR_CANCEL", "error", P, "CAP 1.2 §3.2.1 (msgType, references)",
    "An Update or Cancel names the message(s) it updates or cancels in <references>.",
)
REFERENCES_IS_GIVEN_FOR_ACK_OR_ERROR = rule(
    "REFERENCES_IS_GIVEN_FOR_ACK_OR_ERROR", "warning", P, "CAP 1.2 §3.2.1 (msgType, references)",
    "An Ack or Error names the message(s) it acknowledges or rejects in <references>.",
)
ALERT_MSGTYPE_HAS_INFO = rule(
    "ALERT_MSGTYPE_HAS_INFO", "warning", P, "CAP 1.2 §1.3, §3.2.1 (msgType)",
    "A message with msgType Alert has at least one <info> block.",
)
RESTRICTED_SCOPE_HAS_RESTRICTION = rule(
    "RESTRICTED_SCOPE_HAS_RESTRICTION", "warning", P, "CAP 1.2 §3.2.1 (scope, restriction)",
    "A message with scope Restricted states the rule limiting distribution in <restriction>.",
)
RESTRICTION_IS_ONLY_FOR_RESTRICTED_SCOPE = rule(
    "RESTRICTION_IS_ONLY_FOR_RESTRICTED_SCOPE", "info", P, "CAP 1.2 §3.2.1 (restriction)",
    "<restriction> is used only when scope is Restricted.",
)
PRIVATE_SCOPE_HAS_ADDRESSES = rule(
    "PRIVATE_SCOPE_HAS_ADDRESSES", "error", P, "CAP 1.2 §3.2.1 (scope, addresses)",
    "A message with scope Private lists its recipients in a non-empty <addresses>.",
)
ADDRESSES_QUOTES_ARE_BALANCED = rule(
    "ADDRESSES_QUOTES_ARE_BALANCED", "error", P, "CAP 1.2 §3.2.1 (addresses)",
    "In <addresses>, an address containing whitespace is enclosed in a pair of double quotes.",
)
ADDRESSES_HAS_NO_EMPTY_ADDRESS = rule(
    "ADDRESSES_HAS_NO_EMPTY_ADDRESS", "error", P, "CAP 1.2 §3.2.1 (addresses)",
    "Every address in <addresses> is an identifier or an address, never an empty \"\".",
)
INCIDENTS_QUOTES_ARE_BALANCED = rule(
    "INCIDENTS_QUOTES_ARE_BALANCED", "error", P, "CAP 1.2 §3.2.1 (incidents)",
    "In <incidents>, an incident name containing whitespace is enclosed in a pair of double "
    "quotes.",
)
REFERENCE_IS_SENDER_IDENTIFIER_SENT = rule(
    "REFERENCE_IS_SENDER_IDENTIFIER_SENT", "error", P, "CAP 1.2 §3.2.1 (references)",
    "Each whitespace-separated entry of <references> is 'sender,identifier,sent' with a "
    "non-empty sender and identifier free of '<' and '&'.",
)
REFERENCE_SENT_IS_VALID_DATE_TIME = rule(
    "REFERENCE_SENT_IS_VALID_DATE_TIME", "error", P, "CAP 1.2 §3.2.1 (references), §3.3.2",
    "The sent part of each <references> entry is a CAP date-time (YYYY-MM-DDThh:mm:ss±hh:mm).",
)
REFERENCE_IS_NOT_TO_THIS_MESSAGE = rule(
    "REFERENCE_IS_NOT_TO_THIS_MESSAGE", "warning", P, "CAP 1.2 §3.2.1 (references)",
    "<references> does not name the message itself (its own sender and identifier).",
)
REFERENCE_IS_TO_AN_EARLIER_MESSAGE = rule(
    "REFERENCE_IS_TO_AN_EARLIER_MESSAGE", "warning", P, "CAP 1.2 §3.2.1 (references)",
    "Each message named in <references> was sent no later than this message (references name "
    "earlier messages).",
)
SIGNATURE_IS_ENVELOPED = rule(
    "SIGNATURE_IS_ENVELOPED", "error", P, "CAP 1.2 §3.3.4.1",
    "XML-Signature content in <alert> is an enveloped <Signature> only: a Reference with "
    "URI=\"\" and the enveloped-signature transform.",
)
TEXT_HAS_NO_HTML_MARKUP = rule(
    "TEXT_HAS_NO_HTML_MARKUP", "warning", P, "CAP 1.2 §3.2.2, §3.3.3",
    "Human-readable text elements hold plain text, not HTML markup such as <br> or <p>.",
)
TEXT_HAS_NO_CHARACTER_ENTITY_REFERENCES = rule(
    "TEXT_HAS_NO_CHARACTER_ENTITY_REFERENCES", "warning", P, "CAP 1.2 §3.3.3",
    "Text values contain no literal character entity references such as '&nbsp;' or '&#160;' "
    "(usually text escaped twice).",
)

# <info>
LANGUAGE_IS_WELL_FORMED = rule(
    "LANGUAGE_IS_WELL_FORMED", "error", P, "CAP 1.2 §3.2.2 (language; RFC 3066, now BCP 47)",
    "<language> is a well-formed language tag (e.g. en-US, fr-CA, es-419).",
)
EXPIRES_IS_NOT_BEFORE_SENT = rule(
    "EXPIRES_IS_NOT_BEFORE_SENT", "error", P,
    "CAP 1.2 §3.2.2 (expires); the text states no order of the times: a library rule",
    "<expires> is not earlier than the message's <sent>.",
)
EXPIRES_IS_NOT_BEFORE_EFFECTIVE = rule(
    "EXPIRES_IS_NOT_BEFORE_EFFECTIVE", "error", P,
    "CAP 1.2 §3.2.2 (expires); the text states no order of the times: a library rule",
    "<expires> is not earlier than <effective> of the same <info>.",
)
EXPIRES_IS_NOT_BEFORE_ONSET = rule(
    "EXPIRES_IS_NOT_BEFORE_ONSET", "warning", P,
    "CAP 1.2 §3.2.2 (expires); the text states no order of the times: a library rule",
    "<expires> is not earlier than <onset> of the same <info> (a warning: NWS watches issued "
    "well ahead of an event expire before its onset and are replaced by updates).",
)
ASSESS_IS_NOT_USED_IN_PUBLIC_ALERTS = rule(
    "ASSESS_IS_NOT_USED_IN_PUBLIC_ALERTS", "warning", P, "CAP 1.2 §3.2.2 (responseType)",
    "responseType Assess is not used in public warnings (scope Public).",
)
HEADLINE_IS_AT_MOST_160_CHARACTERS = rule(
    "HEADLINE_IS_AT_MOST_160_CHARACTERS", "warning", P, "CAP 1.2 §3.2.2 (headline)",
    "<headline> is at most 160 characters, the target length for SMS-like displays.",
)
WEB_IS_ABSOLUTE_URI = rule(
    "WEB_IS_ABSOLUTE_URI", "error", P, "CAP 1.2 §3.2.2 (web)",
    "<web> is a full absolute URI (scheme and path, no whitespace).",
)
VALUE_NAME_ACRONYM_IS_UPPER_CASE = rule(
    "VALUE_NAME_ACRONYM_IS_UPPER_CASE", "warning", P,
    "CAP 1.2 §3.2.2 (eventCode, parameter), §3.2.4 (geocode)",
    "An acronym <valueName> is written in capitals without periods (SAME, not same or S.A.M.E.).",
)

# <resource>
MIME_TYPE_IS_TYPE_SLASH_SUBTYPE = rule(
    "MIME_TYPE_IS_TYPE_SLASH_SUBTYPE", "error", P, "CAP 1.2 §3.2.3 (mimeType; RFC 2046)",
    "<mimeType> is a MIME type 'type/subtype', optionally with parameters.",
)
SIZE_IS_NOT_NEGATIVE = rule(
    "SIZE_IS_NOT_NEGATIVE", "error", P, "CAP 1.2 §3.2.3 (size)",
    "<size>, a size in bytes, is not negative.",
)
SIZE_IS_GIVEN_FOR_URI_RESOURCE = rule(
    "SIZE_IS_GIVEN_FOR_URI_RESOURCE", "info", P, "CAP 1.2 §3.2.3 (size)",
    "A resource fetched by <uri> states its approximate <size> when it is available.",
)
URI_IS_ABSOLUTE = rule(
    "URI_IS_ABSOLUTE", "error", P, "CAP 1.2 §3.2.3 (uri)",
    "<uri> is a full absolute URI, unless a <derefUri> in the same resource holds the content.",
)
DEREF_URI_IS_BASE64 = rule(
    "DEREF_URI_IS_BASE64", "error", P, "CAP 1.2 §3.2.3 (derefUri)",
    "<derefUri> is base-64 encoded data (standard alphabet, padded; line breaks allowed).",
)
DIGEST_IS_SHA1_HEX = rule(
    "DIGEST_IS_SHA1_HEX", "warning", P, "CAP 1.2 §3.2.3 (digest)",
    "<digest> is a SHA-1 digest written as 40 hexadecimal digits.",
)
DIGEST_MATCHES_DEREF_URI_DATA = rule(
    "DIGEST_MATCHES_DEREF_URI_DATA", "warning", P, "CAP 1.2 §3.2.3 (digest, derefUri)",
    "<digest> is the SHA-1 of the decoded <derefUri> data (relays such as IPAWS re-encode "
    "embedded audio and keep the original digest, hence a warning).",
)

# <area>
POLYGON_POINTS_ARE_LAT_LON_PAIRS = rule(
    "POLYGON_POINTS_ARE_LAT_LON_PAIRS", "error", P, "CAP 1.2 §3.2.4 (polygon), §1.5",
    "<polygon> is a whitespace-separated list of 'lat,lon' pairs of decimal degrees.",
)
POLYGON_HAS_AT_LEAST_4_POINTS = rule(
    "POLYGON_HAS_AT_LEAST_4_POINTS", "error", P, "CAP 1.2 §3.2.4 (polygon)",
    "<polygon> has at least 4 coordinate pairs.",
)
POLYGON_IS_CLOSED = rule(
    "POLYGON_IS_CLOSED", "error", P, "CAP 1.2 §3.2.4 (polygon)",
    "The first and last pairs of <polygon> are the same point.",
)
POLYGON_IS_WITHIN_WGS84_BOUNDS = rule(
    "POLYGON_IS_WITHIN_WGS84_BOUNDS", "error", P, "CAP 1.2 §3.2.4 (polygon), §3.3.1",
    "Every <polygon> point has latitude -90..90 and longitude -180..180 (WGS 84 degrees).",
)
CIRCLE_IS_POINT_AND_RADIUS = rule(
    "CIRCLE_IS_POINT_AND_RADIUS", "error", P, "CAP 1.2 §3.2.4 (circle)",
    "<circle> is a 'lat,lon' pair, a space, and a radius in kilometres.",
)
CIRCLE_IS_WITHIN_WGS84_BOUNDS = rule(
    "CIRCLE_IS_WITHIN_WGS84_BOUNDS", "error", P, "CAP 1.2 §3.2.4 (circle), §3.3.1",
    "The <circle> centre has latitude -90..90 and longitude -180..180 (WGS 84 degrees).",
)
CIRCLE_RADIUS_IS_NOT_NEGATIVE = rule(
    "CIRCLE_RADIUS_IS_NOT_NEGATIVE", "error", P, "CAP 1.2 §3.2.4 (circle)",
    "The <circle> radius is 0 or more kilometres.",
)
CEILING_HAS_ALTITUDE = rule(
    "CEILING_HAS_ALTITUDE", "error", P, "CAP 1.2 §3.2.4 (ceiling)",
    "<ceiling> is used only together with <altitude>.",
)
CEILING_IS_NOT_BELOW_ALTITUDE = rule(
    "CEILING_IS_NOT_BELOW_ALTITUDE", "error", P, "CAP 1.2 §3.2.4 (altitude, ceiling)",
    "<ceiling>, the maximum altitude, is not below <altitude>, the lower limit.",
)
GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE = rule(
    "GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE", "info", P, "CAP 1.2 §3.2.4 (geocode)",
    "An <area> with <geocode>s also gives an equivalent <polygon> or <circle> where possible.",
)

# ------------------------------------------------------------------------------------------------
# Patterns and helpers (compiled once)
# ------------------------------------------------------------------------------------------------
_FORBIDDEN_RE = re.compile(r"[\s,<&]")
_NUM = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"  # ASCII digits: float() also reads "١"
_NUM_RE = re.compile(_NUM + r"\Z")
_PAIR_RE = re.compile(_NUM + "," + _NUM + r"\Z")
# Polygons: the fast path proves format and WGS 84 bounds of every point in one match; when it
# fails, _POLYGON_RE checks the shape ('a,b' tokens of number characters) and float() the
# numbers, to say exactly what is wrong.
_LAT = r"[+-]?(?:[0-8]?[0-9](?:\.[0-9]*)?|90(?:\.0*)?|\.[0-9]+)"
_LON = r"[+-]?(?:(?:1[0-7][0-9]|0?[0-9]?[0-9])(?:\.[0-9]*)?|180(?:\.0*)?|\.[0-9]+)"
# Possessive repeats (*+): giving back a pair can never let the tail match, and without them
# the regex engine keeps a backtracking stack per pair (tens of MB on a 40,000-point polygon).
_POLYGON_IN_BOUNDS_RE = re.compile(rf"\s*{_LAT},{_LON}(?:\s+{_LAT},{_LON})*+\s*\Z")
# A cheaper first try for the same fast path (a long polygon costs a regex step per character):
# ASCII digits and blanks, fewer alternatives, possessive where giving back cannot help. It
# accepts a subset of what _POLYGON_IN_BOUNDS_RE accepts (tests/test_fast_paths.py), so when it
# fails that one still decides.
_Q_LAT = r"[+-]?+[0-8]?[0-9](?:\.[0-9]*+)?+"
_Q_LON = r"[+-]?+(?:1[0-7]|[0-9])?[0-9](?:\.[0-9]*+)?+"
_POLYGON_QUICK_RE = re.compile(
    rf"[ \t\n\r]*+{_Q_LAT},{_Q_LON}(?:[ \t\n\r]++{_Q_LAT},{_Q_LON})*+[ \t\n\r]*+\Z"
)
# Pairs of plain decimal numbers (each converts with float()), XML white space between.
_DECIMAL = r"[+-]?+(?:[0-9]++(?:\.[0-9]*+)?+|\.[0-9]++)"
_POLYGON_DECIMALS_RE = re.compile(
    rf"[ \t\n\r]*+{_DECIMAL},{_DECIMAL}(?:[ \t\n\r]++{_DECIMAL},{_DECIMAL})*+[ \t\n\r]*+\Z"
)
_POLYGON_RE = re.compile(r"\s*[-+.0-9]+,[-+.0-9]+(?:\s+[-+.0-9]+,[-+.0-9]+)*+\s*\Z")
_INTEGER_RE = re.compile(r"\s*[+-]?[0-9]+\s*\Z")
# xs:language (what the schema checks) and the RFC 5646 (BCP 47) well-formed grammar.
_XS_LANGUAGE_RE = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*\Z")
_AN = "[a-zA-Z0-9]"
_BCP47_RE = re.compile(
    r"(?:"
    r"(?:[a-zA-Z]{2,3}(?:-[a-zA-Z]{3}){0,3}|[a-zA-Z]{4,8})"  # language (+ extlang)
    r"(?:-[a-zA-Z]{4})?"  # script
    r"(?:-(?:[a-zA-Z]{2}|\d{3}))?"  # region
    rf"(?:-(?:{_AN}{{5,8}}|\d{_AN}{{3}}))*"  # variants
    rf"(?:-[0-9a-wyzA-WYZ](?:-{_AN}{{2,8}})+)*"  # extensions
    rf"(?:-[xX](?:-{_AN}{{1,8}})+)?"  # private use
    rf"|[xX](?:-{_AN}{{1,8}})+"  # private use only
    r"|[iI]-[a-zA-Z]{3,8}"  # grandfathered irregular i-xxx
    r"|en-GB-oed|sgn-(?:BE-FR|BE-NL|CH-DE)"
    r")\Z",
    re.IGNORECASE,
)
_ABSOLUTE_URI_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+\Z")
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s]")
_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_MIME_RE = re.compile(
    rf"\s*{_TOKEN}/{_TOKEN}(?:\s*;\s*{_TOKEN}=(?:{_TOKEN}|\"[^\"]*\"))*\s*;?\s*\Z"
)
_HEX40_RE = re.compile(r"[0-9A-Fa-f]{40}\Z")
_B64_SHA1_RE = re.compile(r"[A-Za-z0-9+/]{27}=\Z")
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_HTML_TAGS = (
    "a|abbr|b|big|blockquote|body|br|center|code|div|em|font|h[1-6]|head|hr|html|i|img|li|"
    "link|meta|ol|p|pre|s|script|small|span|strike|strong|style|sub|sup|table|tbody|td|th|"
    "thead|title|tr|tt|u|ul"
)
_HTML_RE = re.compile(rf"</?(?:{_HTML_TAGS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
_DOTTED_ACRONYM_RE = re.compile(r"(?:^|[^A-Za-z])[A-Z]\.[A-Z](?:\.|[^a-z]|$)")
_KNOWN_ACRONYMS = frozenset(
    ("SAME", "FIPS", "UGC", "VTEC", "ZIP", "EAS", "EAS-ORG", "WEA", "CMAS", "NWEM", "CAP",
     "EMMA_ID", "WMOHEADER")
)
_KNOWN_ACRONYMS_FOLDED = {a.casefold(): a for a in _KNOWN_ACRONYMS}
_B64_ALPHABET_PAD = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="

_STATUS_WARNINGS = {
    "Test": "status is Test: the message is for technical testing and all recipients "
    "disregard it",
    "Exercise": "status is Exercise: only designated exercise participants act on it",
}


def _clip(value: str, limit: int = 40) -> str:
    """``value`` as written (a number, a point), shortened to ``limit`` characters."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _show(value: str, limit: int = 60) -> str:
    """``value`` quoted for a message, shortened to ``limit`` characters."""
    return repr(_clip(value, limit))


def _not_absolute(uri: str) -> str:
    """What is wrong with ``uri`` (stripped, refused by _ABSOLUTE_URI_RE), for a message."""
    if _SCHEME_RE.match(uri):  # a scheme, so the white space inside is the problem
        return "contains white space, which a URI cannot hold (escape it, e.g. %20)"
    return "is not an absolute URI"


def _forbidden_chars(value: str) -> list[str]:
    """Names of the identifier/sender-forbidden characters in ``value``, in a fixed order."""
    found: list[str] = []
    if " " in value:
        found.append("a space")
    if any(c.isspace() for c in value if c != " "):
        found.append("whitespace")
    if "," in value:
        found.append("a comma")
    if "<" in value:
        found.append("'<'")
    if "&" in value:
        found.append("'&'")
    return found


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class _Time(NamedTuple):
    """A date-time value and its text as written (messages quote it: -00:00 stays -00:00)."""

    value: datetime
    text: str


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    value = text.strip()
    return float(value) if _NUM_RE.match(value) else None


def _split_quoted(text: str) -> tuple[list[str], bool]:
    """Split an <addresses>/<incidents> value on whitespace outside double quotes.

    Returns the entries (quotes removed) and whether every opening quote was closed.
    """
    entries: list[str] = []
    current: list[str] = []
    in_quotes = False
    started = False
    for c in text:
        if c == '"':
            in_quotes = not in_quotes
            started = True
        elif not in_quotes and c.isspace():
            if started:
                entries.append("".join(current))
                current = []
                started = False
        else:
            current.append(c)
            started = True
    if started:
        entries.append("".join(current))
    return entries, not in_quotes


class _Checker:
    """One pass of the CAP 1.2 rules over one document."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.add = ctx.add
        self.sent: _Time | None = None
        self.scope = ""

    # -- shared checks ------------------------------------------------------------------------
    def text_checks(self, el: etree._Element, text: str) -> None:
        """HTML markup and character entity references in a human-readable text value."""
        if "<" in text:
            m = _HTML_RE.search(text)
            if m is not None:
                self.add(
                    TEXT_HAS_NO_HTML_MARKUP, el,
                    f"<{self.ctx.local(el)}> contains HTML markup {_show(m.group(0), 30)}; "
                    "CAP text elements hold plain text",
                )
        if "&" in text:
            m = _ENTITY_RE.search(text)
            if m is not None:
                self.add(
                    TEXT_HAS_NO_CHARACTER_ENTITY_REFERENCES, el,
                    f"<{self.ctx.local(el)}> contains the literal text {m.group(0)!r}, a "
                    "character entity reference (probably escaped twice); write the character "
                    "itself",
                )

    def datetime_checks(self, el: etree._Element) -> _Time | None:
        """Parse a CAP date-time element; warn when UTC is written +00:00."""
        text = content(el).strip(" \t\n\r")
        value = date_time(text)
        if value is None:
            return None
        if text.endswith("+00:00"):
            self.add(
                UTC_IS_WRITTEN_MINUS_00_00, el,
                f"<{self.ctx.local(el)}> {text} writes UTC as +00:00; CAP 1.2 requires "
                "-00:00 for UTC",
            )
        return _Time(value, text)

    def value_name(self, pair: etree._Element) -> None:
        """Warn when the <valueName> of an eventCode/parameter/geocode misspells an acronym."""
        el, text, _, _ = self.ctx.pair(pair)
        if el is None or not text:
            return
        name = text.strip()
        if not name or name in _KNOWN_ACRONYMS:
            return
        known = _KNOWN_ACRONYMS_FOLDED.get(name.casefold())
        if known is not None:
            self.add(
                VALUE_NAME_ACRONYM_IS_UPPER_CASE, el,
                f"valueName {name!r} is the acronym {known} in other letter case; write "
                f"acronyms in capitals ({known})",
            )
        elif "." in name and _DOTTED_ACRONYM_RE.search(name):
            self.add(
                VALUE_NAME_ACRONYM_IS_UPPER_CASE, el,
                f"valueName {name!r} writes an acronym with periods; write acronyms in capitals "
                f"without periods ({name.replace('.', '')})",
            )

    # -- <alert> ------------------------------------------------------------------------------
    def alert(self, root: etree._Element) -> None:
        """Check <alert> and its children, then every <info> (the whole document)."""
        first: dict[str, etree._Element] = {}
        infos: list[etree._Element] = []
        for tag, child in self.ctx.kids(root):
            if tag == T_INFO:
                infos.append(child)
            elif tag in _ALERT_TAGS:
                if tag not in first:
                    first[tag] = child
                elif tag != T_CODE:
                    continue  # a repeated single element: the schema's finding
                if tag in _ALERT_TEXT:
                    text = content(child)
                    if text:
                        self.text_checks(child, text)
            elif isinstance(tag, str) and tag.startswith(_DS):
                self.signature(child)

        identifier = first.get(T_IDENTIFIER)
        sender = first.get(T_SENDER)
        self.id_like(identifier, "identifier", IDENTIFIER_IS_NOT_EMPTY,
                     IDENTIFIER_HAS_NO_FORBIDDEN_CHARACTERS)
        self.id_like(sender, "sender", SENDER_IS_NOT_EMPTY, SENDER_HAS_NO_FORBIDDEN_CHARACTERS)
        sent = first.get(T_SENT)
        if sent is not None:
            self.sent = self.datetime_checks(sent)

        status_el = first.get(T_STATUS)
        status = content(status_el).strip() if status_el is not None else ""
        msg_type_el = first.get(T_MSGTYPE)
        msg_type = content(msg_type_el).strip() if msg_type_el is not None else ""
        scope_el = first.get(T_SCOPE)
        self.scope = content(scope_el).strip() if scope_el is not None else ""
        note_el = first.get(T_NOTE)
        note = content(note_el).strip() if note_el is not None else ""

        if status_el is not None and status in _STATUS_WARNINGS:
            self.add(STATUS_IS_NOT_TEST_OR_EXERCISE, status_el, _STATUS_WARNINGS[status])
        if status == "Exercise" and not note:
            self.add(
                EXERCISE_HAS_NOTE, note_el if note_el is not None else root,
                "status is Exercise but <note> is "
                + ("empty" if note_el is not None else "missing")
                + "; the exercise identifier belongs in <note>",
            )
        if msg_type == "Error" and not note:
            self.add(
                ERROR_MESSAGE_HAS_NOTE, note_el if note_el is not None else root,
                "msgType is Error but <note> is "
                + ("empty" if note_el is not None else "missing")
                + "; the explanation of the error belongs in <note>",
            )

        refs_el = first.get(T_REFERENCES)
        refs_text = content(refs_el) if refs_el is not None else ""
        if not refs_text.strip() and msg_type in ("Update", "Cancel", "Ack", "Error"):
            r = (REFERENCES_IS_GIVEN_FOR_UPDATE_OR_CANCEL if msg_type in ("Update", "Cancel")
                 else REFERENCES_IS_GIVEN_FOR_ACK_OR_ERROR)
            what = "missing" if refs_el is None else "empty"
            self.add(
                r, refs_el if refs_el is not None else root,
                f"msgType is {msg_type} but <references> is {what}; it must name the earlier "
                "message(s) as 'sender,identifier,sent'",
            )
        if refs_el is not None and refs_text.strip():
            self.references(refs_el, refs_text, identifier, sender)

        if msg_type == "Alert" and not infos:
            self.add(
                ALERT_MSGTYPE_HAS_INFO, root,
                "msgType is Alert but the message has no <info> block; an alert should carry "
                "at least one",
            )

        restriction_el = first.get(T_RESTRICTION)
        restriction = content(restriction_el).strip() if restriction_el is not None else ""
        if self.scope == "Restricted" and not restriction:
            self.add(
                RESTRICTED_SCOPE_HAS_RESTRICTION,
                restriction_el if restriction_el is not None else root,
                "scope is Restricted but <restriction> is "
                + ("empty" if restriction_el is not None else "missing")
                + "; it should state the rule limiting distribution",
            )
        elif restriction and self.scope in ("Public", "Private"):
            self.add(
                RESTRICTION_IS_ONLY_FOR_RESTRICTED_SCOPE, restriction_el,
                f"<restriction> is given but scope is {self.scope}; it is used only with scope "
                "Restricted",
            )

        addresses_el = first.get(T_ADDRESSES)
        addresses = content(addresses_el) if addresses_el is not None else ""
        if self.scope == "Private" and not addresses.strip():
            self.add(
                PRIVATE_SCOPE_HAS_ADDRESSES,
                addresses_el if addresses_el is not None else root,
                "scope is Private but <addresses> is "
                + ("empty" if addresses_el is not None else "missing")
                + "; a private message must list its recipients",
            )
        if addresses_el is not None and addresses.strip():
            self.quoted_list(addresses_el, addresses, "addresses", "address",
                             ADDRESSES_QUOTES_ARE_BALANCED, ADDRESSES_HAS_NO_EMPTY_ADDRESS)
        incidents_el = first.get(T_INCIDENTS)
        incidents = content(incidents_el) if incidents_el is not None else ""
        if incidents_el is not None and incidents.strip():
            self.quoted_list(incidents_el, incidents, "incidents", "incident name",
                             INCIDENTS_QUOTES_ARE_BALANCED, None)

        for info in infos:
            self.info(info)

    def id_like(self, el: etree._Element | None, name: str, empty_rule: Rule,
                chars_rule: Rule) -> None:
        """<identifier>/<sender>: not empty, no whitespace, comma, '<' or '&'."""
        if el is None:
            return  # missing: the schema layer's finding
        text = content(el)
        if not text.strip():
            purpose = ("uniquely identify the message" if name == "identifier"
                       else "identify the originator")
            self.add(empty_rule, el, f"<{name}> is empty; it must {purpose}")
            return
        bad = _forbidden_chars(text) if _FORBIDDEN_RE.search(text) else None
        if bad:
            self.add(
                chars_rule, el,
                f"<{name}> {_show(text)} contains {_and(bad)}; it must not contain spaces, "
                "commas, '<' or '&'",
            )

    def references(self, el: etree._Element, text: str, identifier: etree._Element | None,
                   sender: etree._Element | None) -> None:
        """Each <references> entry is sender,identifier,sent with a CAP date-time, not self."""
        own = (
            content(sender).strip() if sender is not None else None,
            content(identifier).strip() if identifier is not None else None,
        )
        bad_format: list[str] = []
        bad_sent: list[str] = []
        self_ref: str | None = None
        later: tuple[str, str] | None = None
        for entry in text.split():
            parts = entry.split(",")
            if len(parts) != 3:
                bad_format.append(f"{_show(entry)} has {len(parts)} comma-separated part"
                                  f"{'s' if len(parts) != 1 else ''}, not 3")
                continue
            ref_sender, ref_id, ref_sent = parts
            if not ref_sender or not ref_id:
                missing = "sender" if not ref_sender else "identifier"
                bad_format.append(f"{_show(entry)} has an empty {missing}")
            elif any(c in "<&" for c in ref_sender + ref_id):
                bad_format.append(f"{_show(entry)} has '<' or '&' in its sender or identifier")
            is_self = (ref_sender, ref_id) == own
            if is_self and self_ref is None:
                self_ref = entry
            ref_time = date_time(ref_sent)
            if ref_time is None:
                bad_sent.append(_show(ref_sent))
            elif (
                not is_self and later is None and self.sent is not None
                and ref_time > self.sent.value
            ):
                later = (entry, ref_sent)
        if bad_format:
            more = f" (and {len(bad_format) - 1} more)" if len(bad_format) > 1 else ""
            self.add(
                REFERENCE_IS_SENDER_IDENTIFIER_SENT, el,
                f"<references> entry {bad_format[0]}{more}; each entry must be "
                "'sender,identifier,sent'",
            )
        if bad_sent:
            more = f" (and {len(bad_sent) - 1} more)" if len(bad_sent) > 1 else ""
            self.add(
                REFERENCE_SENT_IS_VALID_DATE_TIME, el,
                f"<references> sent part {bad_sent[0]}{more} is not a CAP date-time; expected "
                "YYYY-MM-DDThh:mm:ss±hh:mm such as 2002-05-24T16:49:00-07:00",
            )
        if later is not None and self.sent is not None:
            self.add(
                REFERENCE_IS_TO_AN_EARLIER_MESSAGE, el,
                f"<references> entry {_show(later[0])} was sent at {later[1]}, after "
                f"this message ({self.sent.text}); references name earlier messages",
            )
        if self_ref is not None:
            self.add(
                REFERENCE_IS_NOT_TO_THIS_MESSAGE, el,
                f"<references> entry {_show(self_ref)} names this message itself (same sender "
                "and identifier)",
            )

    def quoted_list(self, el: etree._Element, text: str, name: str, item: str,
                    quotes_rule: Rule, empty_rule: Rule | None) -> None:
        """Balanced double quotes (and, for <addresses>, no empty quoted entry)."""
        entries, balanced = _split_quoted(text)
        if not balanced:
            self.add(
                quotes_rule, el,
                f"<{name}> has an odd number of double quotes ({text.count(chr(34))}); an "
                f"{item} containing whitespace is enclosed in a pair of double quotes",
            )
        elif empty_rule is not None and any(not e.strip() for e in entries):
            self.add(
                empty_rule, el,
                f'<{name}> contains an empty quoted {item} ""; every entry must name a recipient',
            )

    def signature(self, el: etree._Element) -> None:
        """An xmldsig child of <alert> is a Signature enveloping the whole alert."""
        ctx = self.ctx
        if el.tag != T_DS_SIGNATURE:
            self.add(
                SIGNATURE_IS_ENVELOPED, el,
                f"<{ctx.local(el)}> of the XML-Signature namespace appears directly in <alert>; "
                "only an enveloped <Signature> may",
            )
            return
        refs = [
            r for r in el.iter(T_DS_REFERENCE)
            if (parent := r.getparent()) is not None and parent.tag == T_DS_SIGNED_INFO
        ]
        if not refs:
            self.add(
                SIGNATURE_IS_ENVELOPED, el,
                "the Signature has no <SignedInfo>/<Reference>; an enveloped signature signs "
                "the whole <alert> with a Reference URI=\"\" and the enveloped-signature "
                "transform",
            )
            return
        # URI="" is the enveloping document; an omitted URI leaves it to the application,
        # which for CAP is the <alert> too (signers such as capvalidator's omit it).
        whole = [r for r in refs if not r.get("URI")]
        if not whole:
            uris = ", ".join(repr(r.get("URI")) for r in refs)
            self.add(
                SIGNATURE_IS_ENVELOPED, el,
                f"the Signature does not sign the whole <alert>: its Reference URI is {uris}; "
                "an enveloped signature has a Reference with URI=\"\"",
            )
            return
        for ref in whole:
            if any(t.get("Algorithm") == ENVELOPED_SIGNATURE for t in ref.iter(T_DS_TRANSFORM)):
                return
        self.add(
            SIGNATURE_IS_ENVELOPED, el,
            "the Signature's Reference URI=\"\" lacks the enveloped-signature transform "
            f"({ENVELOPED_SIGNATURE}); only enveloped signatures are allowed in CAP",
        )

    # -- <info> -------------------------------------------------------------------------------
    def info(self, info: etree._Element) -> None:
        """Check one <info>: texts, times, language, web, value names, resources, areas."""
        effective = onset = expires = None
        expires_el: etree._Element | None = None
        for tag, child in self.ctx.kids(info):
            kind = _INFO_KIND.get(tag)
            if kind is None:
                continue
            if kind == _K_AREA:
                self.area(child)
            elif kind == _K_RESOURCE:
                self.resource(child)
            elif kind in (_K_TEXT, _K_HEADLINE):
                text = content(child)
                if text:
                    self.text_checks(child, text)
                    if kind == _K_HEADLINE:
                        n = len(text.strip())
                        if n > 160:
                            self.add(
                                HEADLINE_IS_AT_MOST_160_CHARACTERS, child,
                                f"<headline> has {n} characters; at most 160 are recommended "
                                "so that short-text displays show it whole",
                            )
            elif kind == _K_VALUE_PAIR:
                self.value_name(child)
            elif kind == _K_EFFECTIVE:
                effective = self.datetime_checks(child)
            elif kind == _K_ONSET:
                onset = self.datetime_checks(child)
            elif kind == _K_EXPIRES:
                expires = self.datetime_checks(child)
                expires_el = child
            elif kind == _K_LANGUAGE:
                self.language(child)
            elif kind == _K_RESPONSE_TYPE:
                if self.scope == "Public" and content(child).strip() == "Assess":
                    self.add(
                        ASSESS_IS_NOT_USED_IN_PUBLIC_ALERTS, child,
                        "responseType is Assess in a message with scope Public; Assess should "
                        "not be used in public warnings",
                    )
            elif kind == _K_WEB:
                text = content(child).strip()
                if text and not _ABSOLUTE_URI_RE.match(text):
                    self.add(
                        WEB_IS_ABSOLUTE_URI, child,
                        f"<web> {_show(text)} {_not_absolute(text)}; a full URI with a scheme "
                        "such as https://example.gov/alert is required",
                    )
        if expires is not None and expires_el is not None:
            for other, label, r in (
                (self.sent, "sent", EXPIRES_IS_NOT_BEFORE_SENT),
                (effective, "effective", EXPIRES_IS_NOT_BEFORE_EFFECTIVE),
                (onset, "onset", EXPIRES_IS_NOT_BEFORE_ONSET),
            ):
                if other is not None and expires.value < other.value:
                    self.add(
                        r, expires_el,
                        f"<expires> {expires.text} is before <{label}> "
                        f"{other.text}; it must not be earlier",
                    )

    def language(self, el: etree._Element) -> None:
        """<language> is a well-formed BCP 47 tag (syntax beyond xs:language is ours)."""
        value = content(el).strip()
        # Empty means en-US (§3.2.2); a value outside xs:language is the schema's finding.
        if not value or not _XS_LANGUAGE_RE.match(value) or _BCP47_RE.match(value):
            return
        self.add(
            LANGUAGE_IS_WELL_FORMED, el,
            f"<language> {value!r} is not a well-formed language tag; expected a tag such as "
            "en-US, fr-CA or es-419 (language, optional script, region, variants)",
        )

    # -- <resource> ---------------------------------------------------------------------------
    def resource(self, res: etree._Element) -> None:
        """Check one <resource>: mimeType, size, uri, derefUri and digest."""
        mime = size = uri = deref = digest = None
        for tag, child in self.ctx.kids(res):
            if not isinstance(tag, str):
                continue
            if tag == T_MIME_TYPE:
                mime = child
            elif tag == T_SIZE:
                size = child
            elif tag == T_URI:
                uri = child
            elif tag == T_DEREF_URI:
                deref = child
            elif tag == T_DIGEST:
                digest = child
            elif tag in _RESOURCE_TEXT:
                text = content(child)
                if text:
                    self.text_checks(child, text)
        if mime is not None:
            text = content(mime)
            if not _MIME_RE.match(text):
                found = _show(text.strip()) if text.strip() else "empty"
                self.add(
                    MIME_TYPE_IS_TYPE_SLASH_SUBTYPE, mime,
                    f"<mimeType> is {found}; expected a MIME type 'type/subtype' such as "
                    "image/png or audio/mpeg",
                )
        size_text = content(size).strip() if size is not None else ""
        # Read from the digits, not with int(): xs:integer is unbounded, and int() refuses
        # more than 4,300 digits (ValueError). "-0" and "-000" are zero.
        if size is not None and _INTEGER_RE.match(size_text) and size_text[0] == "-" and (
            size_text.strip("-0")
        ):
            self.add(
                SIZE_IS_NOT_NEGATIVE, size,
                f"<size> is {_clip(size_text)}; a size in bytes must be 0 or more",
            )
        uri_text = content(uri).strip() if uri is not None else ""
        if uri is not None and uri_text and not _ABSOLUTE_URI_RE.match(uri_text):
            if deref is None:
                self.add(
                    URI_IS_ABSOLUTE, uri,
                    f"<uri> {_show(uri_text)} {_not_absolute(uri_text)} and the resource has "
                    "no <derefUri>; a full URI with a scheme such as https: is required",
                )
        elif uri_text and deref is None and size is None:
            self.add(
                SIZE_IS_GIVEN_FOR_URI_RESOURCE, res,
                f"the resource at {_show(uri_text)} gives no <size>; include its approximate "
                "size in bytes when available",
            )
        data: bytes | None = None
        deref_text = content(deref) if deref is not None else None  # read once: it may be large
        if deref is not None and deref_text and not deref_text.isspace():
            data = self.deref_uri(deref, deref_text, need_data=digest is not None)
        if digest is not None:
            self.digest(digest, data)

    def deref_uri(self, el: etree._Element, text: str, *, need_data: bool) -> bytes | None:
        """Check the base-64 of ``<derefUri>``; decode it only when ``need_data``.

        The check is two C-level passes over the bytes (no decoding), so that messages with
        embedded audio stay cheap to validate; decoding happens once, for the digest.
        """
        if not text.isascii():
            i = next(i for i, c in enumerate(text) if ord(c) > 127)
            self.add(
                DEREF_URI_IS_BASE64, el,
                f"<derefUri> contains {text[i]!r} at character {i + 1}, which is not base-64 "
                "(expected A-Z, a-z, 0-9, +, / and = padding); it is not valid base-64",
            )
            return None
        raw = text.encode("ascii")
        # Two C-level passes, no decoding: drop line breaks (and any blanks), then delete the
        # base-64 alphabet; anything left over is a stray character.
        compact = raw.replace(b"\n", b"")
        for blank in (b"\r", b" ", b"\t"):
            if blank in compact:
                compact = compact.replace(blank, b"")
        stray = compact.translate(None, _B64_ALPHABET_PAD)
        length = len(compact)
        first_pad = compact.find(b"=")
        pad = length - first_pad if first_pad >= 0 else 0
        problem = ""
        if stray:
            bad_char = chr(stray[0])
            pos = text.find(bad_char) + 1
            problem = (f"contains {bad_char!r} at character {pos}, which is not base-64 "
                       "(expected A-Z, a-z, 0-9, +, / and = padding)")
        elif pad and compact.count(b"=", first_pad) != pad:
            problem = "has '=' padding inside the data"
        elif pad > 2:
            problem = f"ends with {pad} '=' characters (at most 2 are padding)"
        elif length % 4:
            problem = f"has {length} base-64 characters, not a multiple of 4"
        if problem:
            self.add(DEREF_URI_IS_BASE64, el, f"<derefUri> {problem}; it is not valid base-64")
            return None
        if not need_data:
            return None
        try:
            return binascii.a2b_base64(compact)
        except binascii.Error as exc:  # defensive: the checks above should rule this out
            self.add(DEREF_URI_IS_BASE64, el, f"<derefUri> is not valid base-64 ({exc})")
            return None

    def digest(self, el: etree._Element, data: bytes | None) -> None:
        """<digest> is 40 hex digits and, when ``data`` is known, its SHA-1."""
        text = content(el).strip()
        if not text:
            return
        is_hex = _HEX40_RE.match(text) is not None
        if not is_hex:
            self.add(
                DIGEST_IS_SHA1_HEX, el,
                f"<digest> {_show(text)} is not a SHA-1 digest in hexadecimal; expected 40 hex "
                "digits",
            )
        if data is None:
            return
        sha1 = hashlib.sha1(data)
        if is_hex:
            actual = sha1.hexdigest()
            matches = text.lower() == actual
        elif _B64_SHA1_RE.match(text):
            actual = binascii.b2a_base64(sha1.digest(), newline=False).decode("ascii")
            matches = text == actual
        else:
            return
        if not matches:
            self.add(
                DIGEST_MATCHES_DEREF_URI_DATA, el,
                f"<digest> {text} does not match the SHA-1 of the {len(data)} decoded "
                f"<derefUri> bytes ({actual}); the data may have been re-encoded or damaged",
            )

    # -- <area> -------------------------------------------------------------------------------
    def area(self, area: etree._Element) -> None:
        """Check one <area>: polygons, circles, geocodes, altitude and ceiling."""
        has_shape = False
        geocodes = False
        altitude_el = ceiling_el = None
        for tag, child in self.ctx.kids(area):
            if not isinstance(tag, str):
                continue
            if tag == T_POLYGON:
                has_shape = True
                self.polygon(child)
            elif tag == T_CIRCLE:
                has_shape = True
                self.circle(child)
            elif tag == T_GEOCODE:
                geocodes = True
                self.value_name(child)
            elif tag == T_ALTITUDE:
                altitude_el = child
            elif tag == T_CEILING:
                ceiling_el = child
            elif tag in _AREA_TEXT:
                text = content(child)
                if text:
                    self.text_checks(child, text)
        if geocodes and not has_shape:
            self.add(
                GEOCODE_IS_ACCOMPANIED_BY_POLYGON_OR_CIRCLE, area,
                "the area is given only by <geocode>s; an equivalent <polygon> or <circle> "
                "helps recipients that do not know the coding system",
            )
        if ceiling_el is not None:
            if altitude_el is None:
                self.add(
                    CEILING_HAS_ALTITUDE, ceiling_el,
                    "<ceiling> is given without <altitude>; it may be used only together with "
                    "<altitude>",
                )
            else:
                altitude_text = content(altitude_el).strip()
                ceiling_text = content(ceiling_el).strip()
                altitude = _number(altitude_text)
                ceiling = _number(ceiling_text)
                if altitude is not None and ceiling is not None and ceiling < altitude:
                    self.add(
                        CEILING_IS_NOT_BELOW_ALTITUDE, ceiling_el,
                        f"<ceiling> {_clip(ceiling_text)} is below <altitude> "
                        f"{_clip(altitude_text)} (feet); the ceiling must not be below the "
                        "altitude",
                    )

    def polygon(self, el: etree._Element) -> None:
        """Lat,lon pairs, at least 4, closed, within WGS 84 bounds."""
        text = content(el)
        # Fast path: one regex proves the format and the WGS 84 bounds of every point, so
        # only the first and last points need parsing (closure) and commas count the points.
        if _POLYGON_QUICK_RE.match(text) or _POLYGON_IN_BOUNDS_RE.match(text):
            n = text.count(",")
            first, last = text.split(None, 1)[0], text.rsplit(None, 1)[-1]
            nums = [float(x) for x in (*first.split(","), *last.split(","))]
        elif _POLYGON_DECIMALS_RE.match(text):
            # Plain decimal pairs (so every number converts), some point outside the bounds or
            # spelt in a way the fast regexes do not take (leading zeros, a '+'): find the first
            # offending point without converting the rest (real longitude-first polygons fail
            # at the first point).
            tokens = text.split()
            n = len(tokens)
            first, last = tokens[0], tokens[-1]
            for i, token in enumerate(tokens):
                lat_s, _, lon_s = token.partition(",")
                lat, lon = float(lat_s), float(lon_s)
                if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
                    self.point_out_of_bounds(el, i, token)
                    break
            nums = [float(x) for x in (*first.split(","), *last.split(","))]
        else:
            first = last = ""
            nums = []
            if _POLYGON_RE.match(text):
                try:
                    nums = list(map(float, text.replace(",", " ").split()))
                except ValueError:  # a malformed number such as 1.2.3 or +-4
                    nums = []
            n = len(nums) // 2
            if not nums:
                tokens = text.split()
                n = len(tokens)
                if n:
                    bad = next((t for t in tokens if not _PAIR_RE.match(t)), tokens[0])
                    self.add(
                        POLYGON_POINTS_ARE_LAT_LON_PAIRS, el,
                        f"<polygon> point {_show(bad, 40)} is not a 'lat,lon' pair of decimal "
                        "degrees; expected e.g. 38.47,-120.14",
                    )
            else:
                lats = nums[0::2]
                lons = nums[1::2]
                i = next(
                    (i for i in range(n)
                     if not (-90.0 <= lats[i] <= 90.0 and -180.0 <= lons[i] <= 180.0)), -1
                )
                if i >= 0:
                    self.point_out_of_bounds(el, i, text.split()[i])
        if n < 4:
            found = f"has {n} point{'s' if n != 1 else ''}" if n else "is empty"
            self.add(
                POLYGON_HAS_AT_LEAST_4_POINTS, el,
                f"polygon {found}; at least 4 are required (a closed ring repeats the first "
                "point last)",
            )
        if nums and (nums[0] != nums[-2] or nums[1] != nums[-1]):
            if not first:
                first, last = text.split(None, 1)[0], text.rsplit(None, 1)[-1]
            self.add(
                POLYGON_IS_CLOSED, el,
                f"polygon is not closed: the first point {_clip(first)} differs from the last "
                f"point {_clip(last)}; the first and last points must be the same",
            )

    def point_out_of_bounds(self, el: etree._Element, i: int, point: str) -> None:
        """Report polygon point ``i`` (0-based), written ``point``, as outside WGS 84."""
        self.add(
            POLYGON_IS_WITHIN_WGS84_BOUNDS, el,
            f"polygon point {i + 1} ({_clip(point)}) is outside WGS 84 bounds; latitude must "
            "be -90..90 and longitude -180..180 (written lat,lon)",
        )

    def circle(self, el: etree._Element) -> None:
        """'lat,lon radius' with the centre within WGS 84 bounds and a radius >= 0."""
        text = content(el).strip()
        parts = text.split()
        if len(parts) != 2 or not _PAIR_RE.match(parts[0]) or not _NUM_RE.match(parts[1]):
            found = _show(text, 40) if text else "empty"
            self.add(
                CIRCLE_IS_POINT_AND_RADIUS, el,
                f"<circle> is {found}; expected 'lat,lon radius' such as '32.9525,-115.5527 10' "
                "(radius in km)",
            )
            return
        lat_s, lon_s = parts[0].split(",")
        lat, lon, radius = float(lat_s), float(lon_s), float(parts[1])
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            self.add(
                CIRCLE_IS_WITHIN_WGS84_BOUNDS, el,
                f"circle centre {_clip(parts[0])} is outside WGS 84 bounds; latitude must be "
                "-90..90 and longitude -180..180 (written lat,lon)",
            )
        if radius < 0:
            self.add(
                CIRCLE_RADIUS_IS_NOT_NEGATIVE, el,
                f"circle radius is {_clip(parts[1])} km; it must be 0 or more",
            )


@register
class CapProfile(Profile):
    """CAP 1.2 rules beyond the XML Schema, checkable on one message (OASIS CAP 1.2 §3)."""

    name = "cap"
    parent = "schema"
    description = (
        "OASIS CAP 1.2: the XML Schema plus the rules of the standard's text that the schema "
        "does not enforce."
    )

    def check(self, ctx: Context) -> None:
        """Report every CAP 1.2 rule break of ``ctx``'s document (never raises on content)."""
        _Checker(ctx).alert(ctx.root)

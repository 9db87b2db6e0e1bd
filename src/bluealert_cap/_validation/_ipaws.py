"""Layer ``ipaws``: the CAP v1.2 USA IPAWS Profile v1.0 and the FCC/FEMA rules around it.

Every rule cites where it comes from and how sure that source is (tags of
``ipaws-domain.md``: [V] verified, [S] secondary quotation, [M] memory). Facts that are only
[S] or [M] are warnings; the profile's verified requirements are errors. Rules look at the
lxml tree in one pass per ``<info>`` and never raise on odd input.

Two profile requirements are checked by the cap layer, which runs first in the ``ipaws``
profile: an Update or Cancel must carry ``<references>``
(``REFERENCES_IS_GIVEN_FOR_UPDATE_OR_CANCEL``) and ``<expires>`` must not be before ``<sent>``
(``EXPIRES_IS_NOT_BEFORE_SENT``; this layer adds the equal case).
``schemas/ipaws-profile-1.0.xsd`` states every error rule here as XSD 1.1.

Text comparisons follow XPath ``normalize-space``: values are compared after collapsing XML
whitespace, and names/values are case-sensitive (IPAWS parameter names are). WEA text lengths
count Unicode code points of the unescaped value, exactly as written.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from lxml import etree

from .._xml import CAP12_NS, DSIG_NS
from ._codes import (
    BLOCKCHANNEL_VALUES,
    EAS_EVENT_CODES,
    GSM_CHARACTERS,
    IMMINENT_THREAT_CERTAINTY,
    IMMINENT_THREAT_SEVERITY,
    IMMINENT_THREAT_URGENCY,
    NWS_ONLY_SAME_CODES,
    SAME_ALL_US,
    SAME_AREA_PREFIXES,
    SAME_ORIGINATOR_CODES,
    WEA_HANDLING_VALUES,
)
from ._context import Context, content, date_time, rule
from ._registry import Profile, register

__all__ = ["IpawsProfile"]

_P = "IPAWS Profile v1.0"
_D = "ipaws-domain.md"

# --- alert block -------------------------------------------------------------------------------
CODE_INCLUDES_IPAWS_V1_0 = rule(
    "CODE_INCLUDES_IPAWS_V1_0", "error", "ipaws",
    f"{_P} (code) / {_D} R1 [V]",
    "The alert has a <code> element whose value is IPAWSv1.0.",
)
INFO_IS_REQUIRED_UNLESS_CANCEL = rule(
    "INFO_IS_REQUIRED_UNLESS_CANCEL", "error", "ipaws",
    f"{_P} (info) / {_D} R6 [V]",
    "Every message except a Cancel has at least one <info> block.",
)
MESSAGE_IS_SIGNED = rule(
    "MESSAGE_IS_SIGNED", "warning", "ipaws",
    f"{_P} (digital signature, CAP 1.2 §3.3.2) / {_D} R7 [V format, M clause]",
    "The alert carries an enveloped XML signature (IPAWS-OPEN accepts only signed messages).",
)
DATE_TIME_OFFSET_IS_NOT_ZERO = rule(
    "DATE_TIME_OFFSET_IS_NOT_ZERO", "warning", "ipaws",
    f"{_P} (sent, expires) / google/cap-library issue #23 / {_D} R2 [V]",
    "sent and expires are written with the sender's local UTC offset, not -00:00/+00:00.",
)

# --- info block --------------------------------------------------------------------------------
INFO_CATEGORIES_MATCH = rule(
    "INFO_CATEGORIES_MATCH", "error", "ipaws",
    f"{_P} (info, category) / {_D} R8, R21 [V]",
    "Every <info> block has the same set of <category> values as the first.",
)
INFO_EVENT_CODES_MATCH = rule(
    "INFO_EVENT_CODES_MATCH", "error", "ipaws",
    f"{_P} (info, eventCode) / {_D} R8, R21 [V]",
    "Every <info> block has the same set of <eventCode> pairs as the first.",
)
EXPIRES_IS_REQUIRED = rule(
    "EXPIRES_IS_REQUIRED", "error", "ipaws",
    f"{_P} (expires) / {_D} R11 [V]",
    "Every <info> block has an <expires> time.",
)
EXPIRES_DIFFERS_FROM_SENT = rule(
    "EXPIRES_DIFFERS_FROM_SENT", "error", "ipaws",
    f"bluealert_cap library rule (not a known IPAWS-OPEN check) / {_D} §5 [M]",
    "<expires> is not the same instant as <sent>: such an alert is expired when issued "
    "(an <expires> before <sent> is the cap layer's EXPIRES_IS_NOT_BEFORE_SENT).",
)
EFFECTIVE_IS_IGNORED = rule(
    "EFFECTIVE_IS_IGNORED", "warning", "ipaws",
    f"{_P} (effective) / {_D} R12 [V]",
    "No <effective>: IPAWS ignores it, alerts take effect when issued.",
)
ONSET_IS_IGNORED = rule(
    "ONSET_IS_IGNORED", "warning", "ipaws",
    f"{_P} (onset) / {_D} R12 [V]",
    "No <onset>: IPAWS ignores it, alerts take effect when issued.",
)
SENDER_NAME_IS_PRESENT = rule(
    "SENDER_NAME_IS_PRESENT", "warning", "ipaws",
    f"EAS text crawl convention / {_D} R13 [V corpus, M guidance]",
    "The <info> has a non-empty <senderName> (EAS devices announce it).",
)
DESCRIPTION_IS_PRESENT = rule(
    "DESCRIPTION_IS_PRESENT", "warning", "ipaws",
    f"{_P} (description) / {_D} R14 [V]",
    "The <info> has a meaningful, non-empty <description>.",
)
INSTRUCTION_IS_PRESENT = rule(
    "INSTRUCTION_IS_PRESENT", "warning", "ipaws",
    f"{_P} (instruction) / {_D} R14 [V]",
    "The <info> has a meaningful, non-empty <instruction>.",
)
SAME_EVENT_CODE_IS_REQUIRED = rule(
    "SAME_EVENT_CODE_IS_REQUIRED", "error", "ipaws",
    f"{_P} (eventCode) / {_D} R10 [V]",
    "The <info> has an <eventCode> with valueName SAME.",
)
SAME_EVENT_CODE_IS_UNIQUE = rule(
    "SAME_EVENT_CODE_IS_UNIQUE", "error", "ipaws",
    f"{_P} (eventCode) / {_D} R10 [V]",
    "The <info> has exactly one <eventCode> with valueName SAME.",
)
SAME_EVENT_CODE_IS_THREE_LETTERS = rule(
    "SAME_EVENT_CODE_IS_THREE_LETTERS", "error", "ipaws",
    f"{_P} (eventCode) / 47 CFR 11.31(c) / {_D} R10 [V]",
    "The SAME event code is three upper-case letters.",
)
SAME_EVENT_CODE_IS_KNOWN = rule(
    "SAME_EVENT_CODE_IS_KNOWN", "warning", "ipaws",
    f"47 CFR 11.31(e) / {_D} §3 [V]",
    "The SAME event code is an EAS event code of 47 CFR 11.31 (or a known NWS-only code).",
)

# --- parameters --------------------------------------------------------------------------------
EAS_ORG_IS_REQUIRED = rule(
    "EAS_ORG_IS_REQUIRED", "error", "ipaws",
    f"{_P} (parameter EAS-ORG) / {_D} R16 [V, S wording]",
    "An <info> not blocked from both EAS and NWEM/HazCollect (BLOCKCHANNEL EAS and NWEM) has "
    "an EAS-ORG parameter.",
)
EAS_ORG_IS_KNOWN = rule(
    "EAS_ORG_IS_KNOWN", "error", "ipaws",
    f"{_P} (parameter EAS-ORG) / 47 CFR 11.31(d) / {_D} R16 [V]",
    "The EAS-ORG value is a SAME originator code: PEP, CIV, WXR or EAS.",
)
EAS_ORG_IS_UNIQUE = rule(
    "EAS_ORG_IS_UNIQUE", "warning", "ipaws",
    f"{_P} (parameter EAS-ORG) / {_D} R16 [S]",
    "The <info> has at most one EAS-ORG parameter.",
)
EAS_STN_ID_IS_NOT_SET = rule(
    "EAS_STN_ID_IS_NOT_SET", "warning", "ipaws",
    f"ECIG CAP EAS Implementation Guide §3.4.1.6 / {_D} R17 [V revision history, S text]",
    "No EAS-STN-ID parameter: the EAS device puts its own station id in the SAME header.",
)
EAS_STN_ID_IS_WELL_FORMED = rule(
    "EAS_STN_ID_IS_WELL_FORMED", "warning", "ipaws",
    f"47 CFR 11.31(c) (LLLLLLLL) / {_D} R17 [S]",
    "An EAS-STN-ID value has at most 8 characters and no '-' or '+'.",
)
EAS_MUST_CARRY_IS_NOT_SET_ON_BLUE_ALERT = rule(
    "EAS_MUST_CARRY_IS_NOT_SET_ON_BLUE_ALERT", "warning", "ipaws",
    f"{_P} (parameter EAS-Must-Carry) / ECIG §3.4.1.7 / {_D} R18 [S]",
    "A Blue Alert (SAME BLU) does not claim gubernatorial must-carry (EAS-Must-Carry TRUE).",
)
CMAM_TEXT_IS_AT_MOST_90_CHARACTERS = rule(
    "CMAM_TEXT_IS_AT_MOST_90_CHARACTERS", "error", "ipaws",
    f"{_P} (parameter CMAMtext) / NWS CAP Documentation / {_D} R19 [V]",
    "The CMAMtext value has at most 90 characters (Unicode code points).",
)
CMAM_LONG_TEXT_IS_AT_MOST_360_CHARACTERS = rule(
    "CMAM_LONG_TEXT_IS_AT_MOST_360_CHARACTERS", "error", "ipaws",
    f"NWS CAP Documentation (CMAMlongtext) / 47 CFR 10.430 / {_D} R20 [V]",
    "The CMAMlongtext value has at most 360 characters (Unicode code points).",
)
CMAM_LONG_TEXT_HAS_SHORT_TEXT = rule(
    "CMAM_LONG_TEXT_HAS_SHORT_TEXT", "warning", "ipaws",
    f"NWS CAP Documentation / {_D} R20, §5 [M]",
    "An <info> with CMAMlongtext also has CMAMtext (for handsets limited to 90 characters).",
)
WEA_TEXT_IS_UNIQUE = rule(
    "WEA_TEXT_IS_UNIQUE", "warning", "ipaws",
    f"{_P} (parameter CMAMtext: 'one') / {_D} R19 [S]",
    "The <info> has at most one CMAMtext and at most one CMAMlongtext parameter.",
)
WEA_TEXT_USES_GSM_CHARACTERS = rule(
    "WEA_TEXT_USES_GSM_CHARACTERS", "warning", "ipaws",
    f"3GPP TS 23.038 (GSM 7-bit default alphabet) / {_D} R20a [V alphabet, M WEA behaviour]",
    "CMAMtext/CMAMlongtext use only characters of the GSM 03.38 alphabet and its extension.",
)
WEA_TEXT_STATES_EXPIRY_TIME = rule(
    "WEA_TEXT_STATES_EXPIRY_TIME", "info", "ipaws",
    f"47 CFR 10.420 (five WEA elements) / {_D} R15a [V rule, heuristic check]",
    "The WEA text seems to state a time of day (the expiration time with time zone).",
)
WEA_DURATION_IS_AT_MOST_24_HOURS = rule(
    "WEA_DURATION_IS_AT_MOST_24_HOURS", "warning", "ipaws",
    f"EDXLSharp 'IPAWS CMAS Profile' check / {_D} §1 FEMA checks [S, third-party]",
    "An <info> sent to WEA (CMAS not blocked) expires at most 24 hours after <sent>.",
)
WEA_HANDLING_IS_KNOWN = rule(
    "WEA_HANDLING_IS_KNOWN", "warning", "ipaws",
    f"IPAWS parameter WEAHandling / {_D} R22 [V values seen, M full list]",
    "The WEAHandling value is one seen in real messages: Imminent Threat or Public Safety.",
)
WEA_IMMINENT_THREAT_MEETS_FCC_MINIMUMS = rule(
    "WEA_IMMINENT_THREAT_MEETS_FCC_MINIMUMS", "error", "ipaws",
    f"47 CFR 10.400(b) / FEMA IS-251 / {_D} R22a [V]",
    "WEAHandling Imminent Threat only with urgency Immediate/Expected, severity "
    "Extreme/Severe and certainty Observed/Likely.",
)
BLOCKCHANNEL_IS_KNOWN = rule(
    "BLOCKCHANNEL_IS_KNOWN", "warning", "ipaws",
    f"IPAWS parameter BLOCKCHANNEL / {_D} R23 [V values seen, M FEMA list]",
    "Each BLOCKCHANNEL value is EAS, NWEM, CMAS, PUBLIC or CAPEXCH.",
)
PARAMETER_NAME_HAS_IPAWS_SPELLING = rule(
    "PARAMETER_NAME_HAS_IPAWS_SPELLING", "warning", "ipaws",
    f"{_P} (parameter names are case-sensitive) / {_D} R16-R23 [V]",
    "An IPAWS parameter name is spelt exactly (EAS-ORG, CMAMtext, BLOCKCHANNEL, ...).",
)

# --- area ------------------------------------------------------------------------------------
AREA_IS_REQUIRED = rule(
    "AREA_IS_REQUIRED", "error", "ipaws",
    f"{_P} (area) / {_D} R26 [V]",
    "Every <info> block has at least one <area>.",
)
SAME_GEOCODE_IS_PRESENT = rule(
    "SAME_GEOCODE_IS_PRESENT", "warning", "ipaws",
    f"{_P} (geocode) / {_D} R27 [V]",
    "Every <area> has at least one <geocode> with valueName SAME.",
)
SAME_GEOCODE_IS_SIX_DIGITS = rule(
    "SAME_GEOCODE_IS_SIX_DIGITS", "error", "ipaws",
    f"{_P} (geocode) / 47 CFR 11.31(c) (PSSCCC) / {_D} R27, §2 [V]",
    "A SAME geocode value is six digits PSSCCC.",
)
SAME_GEOCODE_AREA_IS_KNOWN = rule(
    "SAME_GEOCODE_AREA_IS_KNOWN", "error", "ipaws",
    f"47 CFR 11.31(c) / {_D} §2 [V]",
    "The SS digits of a SAME geocode are a state/territory FIPS code or a SAME marine area "
    "code (000000 means all of the United States).",
)
SAME_GEOCODES_ARE_AT_MOST_31 = rule(
    "SAME_GEOCODES_ARE_AT_MOST_31", "warning", "ipaws",
    f"47 CFR 11.31(c) (31 location codes) / {_D} R27 [V limit, M IPAWS-OPEN rejection]",
    "An <info> has at most 31 distinct SAME geocodes (one EAS header carries at most 31).",
)
POLYGON_HAS_AT_MOST_100_POINTS = rule(
    "POLYGON_HAS_AT_MOST_100_POINTS", "warning", "ipaws",
    f"EDXLSharp 'IPAWS CMAS Profile' check / {_D} R28 [S, third-party]",
    "A <polygon> has at most 100 points (WEA geotargeting limit).",
)

# ------------------------------------------------------------------------------------------------
_C = "{" + CAP12_NS + "}"
_SIGNATURE = "{" + DSIG_NS + "}Signature"
_T_CODE, _T_MSGTYPE, _T_SENT, _T_INFO = (_C + n for n in ("code", "msgType", "sent", "info"))
_T_CATEGORY, _T_EVENTCODE, _T_EXPIRES, _T_EFFECTIVE, _T_ONSET = (
    _C + n for n in ("category", "eventCode", "expires", "effective", "onset")
)
_T_SENDERNAME, _T_DESCRIPTION, _T_INSTRUCTION, _T_PARAMETER, _T_AREA = (
    _C + n for n in ("senderName", "description", "instruction", "parameter", "area")
)
_T_URGENCY, _T_SEVERITY, _T_CERTAINTY = (_C + n for n in ("urgency", "severity", "certainty"))
_T_POLYGON, _T_GEOCODE, _T_VALUENAME, _T_VALUE = (
    _C + n for n in ("polygon", "geocode", "valueName", "value")
)

_WS = re.compile(r"[ \t\r\n]+")
_THREE_LETTERS = re.compile(r"[A-Z]{3}")
_SIX_DIGITS = re.compile(r"[0-9]{6}")
_ZERO_OFFSET = re.compile(r"[+-]00:00[ \t\r\n]*$")
# A time of day in a WEA text: "10:45", "5 PM", "5pm", "5 p.m.", "noon", "midnight", "1700Z".
_TIME_OF_DAY = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s*[AaPp]\.?[Mm]\b\.?|\b\d{1,2}:\d\d\b|\bnoon\b|\bmidnight\b"
    r"|\b\d{4}\s*(?:Z|UTC|hrs)\b",
    re.IGNORECASE,
)

_IPAWS_PARAMETER_NAMES = {
    n.casefold(): n
    for n in (
        "EAS-ORG", "EAS-STN-ID", "EAS-Must-Carry", "CMAMtext", "CMAMlongtext",
        "BLOCKCHANNEL", "WEAHandling",
    )
}
_DAY = timedelta(hours=24)
_NON_GSM = re.compile("[^" + "".join(sorted(re.escape(c) for c in GSM_CHARACTERS)) + "]")


def _norm(text: str | None) -> str:
    """XPath ``normalize-space``: collapse runs of XML whitespace, trim both ends."""
    if not text:
        return ""
    text = text.strip(" \t\r\n")
    if "  " in text or "\t" in text or "\n" in text or "\r" in text:
        return _WS.sub(" ", text)
    return text


def _pair(ctx: Context, el: etree._Element) -> tuple[str, str | None]:
    """(normalized valueName, raw value text) of a valueName/value element; ``None`` if no value."""
    _, name, _, value = ctx.pair(el)
    return _norm(name), value


_OTHER_ASCII_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f"


def _token_count(text: str) -> int:
    """``len(text.split())`` without building the list for a long polygon written with single
    spaces (40,000 points would be 40,000 strings)."""
    if len(text) < 2048 or not text.isascii():
        return len(text.split())
    core = text.strip()
    if not core:
        return 0
    if "  " in core or any(c in core for c in _OTHER_ASCII_SPACE):
        return len(core.split())
    return core.count(" ") + 1


def _length(value: str) -> str:
    """``"N characters"`` for a WEA text, saying how many of them are the white space around it
    (an indented value counts its line breaks and indentation: they are part of the value)."""
    around = len(value) - len(value.strip(" \t\r\n"))
    if not around:
        return f"{len(value)} characters"
    return f"{len(value)} characters, {around} of them white space before or after the text"


def _non_gsm(text: str) -> list[str]:
    """Characters of ``text`` outside the GSM 03.38 alphabet, each once, in order."""
    return list(dict.fromkeys(_NON_GSM.findall(text)))


def _show(chars: list[str]) -> str:
    return ", ".join(f"{c!r} (U+{ord(c):04X})" for c in chars[:5]) + (
        ", ..." if len(chars) > 5 else ""
    )


@register
class IpawsProfile(Profile):
    """The CAP v1.2 USA IPAWS Profile v1.0 plus the FCC/FEMA rules IPAWS messages meet."""

    name = "ipaws"
    parent = "cap"
    description = (
        "CAP 1.2 USA IPAWS Profile v1.0: IPAWSv1.0 code, expires, area, one SAME event code, "
        "EAS-ORG, WEA text limits, SAME geocodes, WEA Imminent Threat minimums."
    )

    def check(self, ctx: Context) -> None:
        """Report every IPAWS finding on ``ctx`` (never raises for bad content)."""
        root = ctx.root
        has_code = False
        msg_type: str | None = None
        sent_el: etree._Element | None = None
        infos: list[etree._Element] = []
        signed = False
        for tag, child in ctx.kids(root):
            if tag == _T_INFO:
                infos.append(child)
            elif tag == _T_CODE:
                if _norm(content(child)) == "IPAWSv1.0":
                    has_code = True
            elif tag == _T_SENT:
                if sent_el is None:
                    sent_el = child
            elif tag == _T_MSGTYPE:
                if msg_type is None:
                    msg_type = _norm(content(child))
            elif tag == _SIGNATURE:
                signed = True

        if not has_code:
            ctx.add(CODE_INCLUDES_IPAWS_V1_0, root,
                    "the alert has no <code>IPAWSv1.0</code>; IPAWS requires it")
        if not infos and msg_type != "Cancel":
            ctx.add(INFO_IS_REQUIRED_UNLESS_CANCEL, root,
                    "the alert has no <info> block; only a Cancel may omit it")
        if not signed:
            ctx.add(MESSAGE_IS_SIGNED, root,
                    "the alert has no ds:Signature; IPAWS-OPEN accepts only signed messages "
                    "(sign it before submitting)")
        sent = None
        if sent_el is not None:
            sent_text = content(sent_el)
            sent = date_time(sent_text)
            if sent is not None and _ZERO_OFFSET.search(sent_text):
                ctx.add(DATE_TIME_OFFSET_IS_NOT_ZERO, sent_el,
                        "<sent> has a zero UTC offset; US alerts normally give the local offset")

        first_categories: frozenset[str] | None = None
        first_codes: frozenset[tuple[str, str]] | None = None
        for info in infos:
            categories, codes = self._check_info(ctx, info, sent)
            if first_categories is None or first_codes is None:
                first_categories, first_codes = categories, codes
                continue
            if categories != first_categories:
                ctx.add(INFO_CATEGORIES_MATCH, info,
                        f"this <info> has categories {sorted(categories)} but the first has "
                        f"{sorted(first_categories)}; all <info> blocks must share them")
            if codes != first_codes:
                ctx.add(INFO_EVENT_CODES_MATCH, info,
                        f"this <info> has event codes {_codes(codes)} but the first has "
                        f"{_codes(first_codes)}; all <info> blocks must share them")

    # ------------------------------------------------------------------------------------------
    def _check_info(
        self, ctx: Context, info: etree._Element, sent: datetime | None
    ) -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
        """Check one <info>; return its category set and eventCode pair set for R8."""
        categories: set[str] = set()
        codes: set[tuple[str, str]] = set()
        same_codes: list[tuple[etree._Element, str]] = []
        expires_el = sender_name = description = instruction = None
        urgency: str | None = None
        severity: str | None = None
        certainty: str | None = None
        parameters: list[tuple[etree._Element, str, str]] = []
        areas: list[etree._Element] = []
        for tag, child in ctx.kids(info):
            if tag == _T_PARAMETER:
                name, value = _pair(ctx, child)
                parameters.append((child, name, value or ""))
            elif tag == _T_AREA:
                areas.append(child)
            elif tag == _T_CATEGORY:
                categories.add(_norm(content(child)))
            elif tag == _T_EVENTCODE:
                name, value = _pair(ctx, child)
                nvalue = _norm(value)
                codes.add((name, nvalue))
                if name == "SAME":
                    same_codes.append((child, nvalue))
            elif tag == _T_EXPIRES:
                if expires_el is None:
                    expires_el = child
            elif tag == _T_EFFECTIVE:
                ctx.add(EFFECTIVE_IS_IGNORED, child,
                        "IPAWS ignores <effective>: the alert takes effect when it is issued")
            elif tag == _T_ONSET:
                ctx.add(ONSET_IS_IGNORED, child,
                        "IPAWS ignores <onset>: the alert takes effect when it is issued")
            elif tag == _T_URGENCY:
                if urgency is None:
                    urgency = _norm(content(child))
            elif tag == _T_SEVERITY:
                if severity is None:
                    severity = _norm(content(child))
            elif tag == _T_CERTAINTY:
                if certainty is None:
                    certainty = _norm(content(child))
            elif tag == _T_SENDERNAME:
                sender_name = child
            elif tag == _T_DESCRIPTION:
                description = child
            elif tag == _T_INSTRUCTION:
                instruction = child

        # eventCode -----------------------------------------------------------------------------
        if not same_codes:
            ctx.add(SAME_EVENT_CODE_IS_REQUIRED, info,
                    "this <info> has no <eventCode> with valueName SAME (the EAS event code)")
        for i, (el, value) in enumerate(same_codes):
            if i:
                ctx.add(SAME_EVENT_CODE_IS_UNIQUE, el,
                        f"a second SAME <eventCode> ({value!r}); IPAWS takes exactly one")
            if not _THREE_LETTERS.fullmatch(value):
                ctx.add(SAME_EVENT_CODE_IS_THREE_LETTERS, el,
                        f"SAME event code {value!r} is not three upper-case letters")
            elif value not in EAS_EVENT_CODES and value not in NWS_ONLY_SAME_CODES:
                ctx.add(SAME_EVENT_CODE_IS_KNOWN, el,
                        f"SAME event code {value!r} is not an EAS event code of 47 CFR 11.31; "
                        "EAS devices may not relay it")
        is_blue = any(v == "BLU" for _, v in same_codes)

        # expires and times ---------------------------------------------------------------------
        expires = None
        if expires_el is None:
            ctx.add(EXPIRES_IS_REQUIRED, info, "this <info> has no <expires>; IPAWS requires it")
        else:
            expires_text = content(expires_el)
            expires = date_time(expires_text)
            if expires is not None and _ZERO_OFFSET.search(expires_text):
                ctx.add(DATE_TIME_OFFSET_IS_NOT_ZERO, expires_el,
                        "<expires> has a zero UTC offset; US alerts normally give the local "
                        "offset")
            if expires is not None and sent is not None and expires == sent:
                ctx.add(EXPIRES_DIFFERS_FROM_SENT, expires_el,
                        f"<expires> {_norm(expires_text)} is the same instant as <sent>; the "
                        "alert would be expired when issued")

        # texts ---------------------------------------------------------------------------------
        if sender_name is None or not _norm(content(sender_name)):
            ctx.add(SENDER_NAME_IS_PRESENT, sender_name if sender_name is not None else info,
                    "no <senderName>: EAS devices announce the sender by this name")
        if description is None or not _norm(content(description)):
            ctx.add(DESCRIPTION_IS_PRESENT, description if description is not None else info,
                    "no <description>: IPAWS uses it for EAS text and speech")
        if instruction is None or not _norm(content(instruction)):
            ctx.add(INSTRUCTION_IS_PRESENT, instruction if instruction is not None else info,
                    "no <instruction>: IPAWS uses it to tell the public what to do")

        # parameters ----------------------------------------------------------------------------
        blocked = {_norm(v) for _, n, v in parameters if n == "BLOCKCHANNEL"}
        eas_orgs = 0
        cmam_text = 0
        cmam_long = 0
        first_long: etree._Element | None = None
        wea_texts: list[tuple[etree._Element, str]] = []
        for el, name, value in parameters:
            if name == "BLOCKCHANNEL":
                nvalue = _norm(value)
                if nvalue not in BLOCKCHANNEL_VALUES:
                    ctx.add(BLOCKCHANNEL_IS_KNOWN, el,
                            f"BLOCKCHANNEL value {nvalue!r} is not one of "
                            f"{', '.join(BLOCKCHANNEL_VALUES)}; IPAWS may not block anything")
            elif name == "EAS-ORG":
                eas_orgs += 1
                nvalue = _norm(value)
                if nvalue not in SAME_ORIGINATOR_CODES:
                    ctx.add(EAS_ORG_IS_KNOWN, el,
                            f"EAS-ORG value {nvalue!r} is not a SAME originator code "
                            "(PEP, CIV, WXR, EAS)")
                if eas_orgs > 1:
                    ctx.add(EAS_ORG_IS_UNIQUE, el, "a second EAS-ORG parameter in this <info>")
            elif name == "CMAMtext":
                cmam_text += 1
                wea_texts.append((el, value))
                if len(value) > 90:
                    ctx.add(CMAM_TEXT_IS_AT_MOST_90_CHARACTERS, el,
                            f"CMAMtext has {_length(value)}; WEA allows at most 90")
                if cmam_text > 1:
                    ctx.add(WEA_TEXT_IS_UNIQUE, el, "a second CMAMtext parameter in this <info>")
            elif name == "CMAMlongtext":
                cmam_long += 1
                wea_texts.append((el, value))
                if first_long is None:
                    first_long = el
                if len(value) > 360:
                    ctx.add(CMAM_LONG_TEXT_IS_AT_MOST_360_CHARACTERS, el,
                            f"CMAMlongtext has {_length(value)}; WEA allows at most 360")
                if cmam_long > 1:
                    ctx.add(WEA_TEXT_IS_UNIQUE, el,
                            "a second CMAMlongtext parameter in this <info>")
            elif name == "WEAHandling":
                nvalue = _norm(value)
                if nvalue not in WEA_HANDLING_VALUES:
                    ctx.add(WEA_HANDLING_IS_KNOWN, el,
                            f"WEAHandling value {nvalue!r} is not one seen in real IPAWS "
                            "messages (Imminent Threat, Public Safety)")
                elif nvalue == "Imminent Threat" and not (
                    urgency in IMMINENT_THREAT_URGENCY
                    and severity in IMMINENT_THREAT_SEVERITY
                    and certainty in IMMINENT_THREAT_CERTAINTY
                ):
                    ctx.add(WEA_IMMINENT_THREAT_MEETS_FCC_MINIMUMS, el,
                            f"WEAHandling Imminent Threat with urgency {urgency!r}, severity "
                            f"{severity!r}, certainty {certainty!r}; 47 CFR 10.400(b) needs "
                            "Immediate/Expected, Extreme/Severe and Observed/Likely")
            elif name == "EAS-STN-ID":
                ctx.add(EAS_STN_ID_IS_NOT_SET, el,
                        "EAS-STN-ID is set; EAS devices put their own station id in the header")
                nvalue = _norm(value)
                if len(nvalue) > 8 or "-" in nvalue or "+" in nvalue:
                    ctx.add(EAS_STN_ID_IS_WELL_FORMED, el,
                            f"EAS-STN-ID {nvalue!r} is longer than 8 characters or contains "
                            "'-'/'+' (SAME header delimiters)")
            elif name == "EAS-Must-Carry":
                if is_blue and _norm(value).upper() == "TRUE":
                    ctx.add(EAS_MUST_CARRY_IS_NOT_SET_ON_BLUE_ALERT, el,
                            "a Blue Alert claims gubernatorial must-carry; set EAS-Must-Carry "
                            "only when the Governor's must-carry authority applies")
            else:
                canonical = _IPAWS_PARAMETER_NAMES.get(name.casefold())
                if canonical is not None:
                    ctx.add(PARAMETER_NAME_HAS_IPAWS_SPELLING, el,
                            f"parameter {name!r} is not spelt {canonical!r}; IPAWS parameter "
                            "names are case-sensitive, so it is ignored")
        if eas_orgs == 0 and not ("EAS" in blocked and "NWEM" in blocked):
            # The profile asks EAS-ORG of a message meant for EAS and/or HazCollect (NWEM):
            # both build a SAME header, whose ORG field it fills.
            open_channels = " or ".join(c for c in ("EAS", "NWEM") if c not in blocked)
            ctx.add(EAS_ORG_IS_REQUIRED, info,
                    f"this <info> is not blocked from {open_channels} (BLOCKCHANNEL) but has no "
                    "EAS-ORG parameter; IPAWS needs it for the SAME header")
        if first_long is not None and cmam_text == 0:
            ctx.add(CMAM_LONG_TEXT_HAS_SHORT_TEXT, first_long,
                    "CMAMlongtext without CMAMtext: handsets limited to 90 characters get "
                    "text built from other fields")
        for el, value in wea_texts:
            bad = _non_gsm(value)
            if bad:
                ctx.add(WEA_TEXT_USES_GSM_CHARACTERS, el,
                        f"WEA text has characters outside the GSM 7-bit alphabet that some "
                        f"handsets may not show: {_show(bad)}")
        if wea_texts and not any(_TIME_OF_DAY.search(v) for _, v in wea_texts):
            ctx.add(WEA_TEXT_STATES_EXPIRY_TIME, wea_texts[0][0],
                    "the WEA text names no time of day; 47 CFR 10.420 asks WEA messages to "
                    "state when the alert expires, with time zone")
        if (
            "CMAS" not in blocked
            and expires is not None
            and sent is not None
            and expires - sent > _DAY
        ):
            ctx.add(WEA_DURATION_IS_AT_MOST_24_HOURS, expires_el,
                    f"this <info> goes to WEA (CMAS not blocked) and lasts {expires - sent}; "
                    "WEA alerts are expected to last at most 24 hours")

        # areas ---------------------------------------------------------------------------------
        if not areas:
            ctx.add(AREA_IS_REQUIRED, info, "this <info> has no <area>; IPAWS requires one")
        same_geocodes: set[str] = set()
        for area in areas:
            area_same = 0
            for tag, child in ctx.kids(area):
                if tag == _T_GEOCODE:
                    name, value = _pair(ctx, child)
                    if name != "SAME":
                        continue
                    area_same += 1
                    nvalue = _norm(value)
                    same_geocodes.add(nvalue)
                    if not _SIX_DIGITS.fullmatch(nvalue):
                        ctx.add(SAME_GEOCODE_IS_SIX_DIGITS, child,
                                f"SAME geocode {nvalue!r} is not six digits PSSCCC")
                    elif nvalue != SAME_ALL_US and nvalue[1:3] not in SAME_AREA_PREFIXES:
                        ctx.add(SAME_GEOCODE_AREA_IS_KNOWN, child,
                                f"SAME geocode {nvalue!r}: {nvalue[1:3]!r} is neither a state/"
                                "territory FIPS code nor a SAME marine area code")
                elif tag == _T_POLYGON:
                    points = _token_count(content(child))
                    if points > 100:
                        ctx.add(POLYGON_HAS_AT_MOST_100_POINTS, child,
                                f"polygon has {points} points; WEA geotargeting is limited "
                                "to 100")
            if area_same == 0:
                ctx.add(SAME_GEOCODE_IS_PRESENT, area,
                        "this <area> has no SAME geocode; EAS needs one to reach it")
        if len(same_geocodes) > 31:
            ctx.add(SAME_GEOCODES_ARE_AT_MOST_31, info,
                    f"this <info> has {len(same_geocodes)} distinct SAME geocodes; one EAS "
                    "header carries at most 31")
        return frozenset(categories), frozenset(codes)


def _codes(codes: frozenset[tuple[str, str]]) -> str:
    return "[" + ", ".join(f"{n}={v}" for n, v in sorted(codes)) + "]"

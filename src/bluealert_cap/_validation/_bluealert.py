"""Layer ``bluealert``: the Blue Alert content rules on top of ``ipaws``.

Sources: the National Blue Alert Act activation criteria and the COPS Office guidance
(``ipaws-domain.md`` §4), the Blue Alert event code (FCC 17-170, §3) and the structured-facts
scheme of this library (``docs/bluealert.md``). Like every layer, the rules read the lxml
tree and never raise on odd input.
"""

from __future__ import annotations

import re

from lxml import etree

from .._xml import CAP12_NS
from ._context import Context, content, rule
from ._registry import Profile, register

__all__ = ["BlueAlertProfile"]

_D = "ipaws-domain.md"
_B = "docs/bluealert.md"

EVENT_CODE_IS_BLU = rule(
    "EVENT_CODE_IS_BLU", "error", "bluealert",
    f"47 CFR 11.31(e) as amended by FCC 17-170 / {_D} §3 [V]",
    "The SAME event code of every <info> is BLU (Blue Alert).",
)
SCOPE_IS_PUBLIC = rule(
    "SCOPE_IS_PUBLIC", "warning", "bluealert",
    f"{_D} R5 [M]; ECIG CAP-to-EAS gate [S]",
    "A Blue Alert has scope Public (Restricted/Private messages reach no EAS or WEA).",
)
WEA_TEXT_IS_PRESENT = rule(
    "WEA_TEXT_IS_PRESENT", "error", "bluealert",
    f"COPS guidance 'Writing Effective Alerts' / {_D} §4, R19 [V criteria, M details]",
    "An <info> not blocked from WEA (BLOCKCHANNEL CMAS) has a non-empty CMAMtext.",
)
WEA_LONG_TEXT_IS_PRESENT = rule(
    "WEA_LONG_TEXT_IS_PRESENT", "warning", "bluealert",
    f"NWS CAP Documentation / 47 CFR 10.430 / {_D} R20 [V]",
    "An <info> not blocked from WEA also has a CMAMlongtext (360 characters on 4G handsets).",
)
INSTRUCTION_IS_GIVEN = rule(
    "INSTRUCTION_IS_GIVEN", "error", "bluealert",
    f"COPS guidance ('Do not approach - call 911') / {_D} §4 [M]",
    "Every <info> of a Blue Alert has a non-empty <instruction>.",
)
ACTIVATION_CRITERION_IS_EVIDENT = rule(
    "ACTIVATION_CRITERION_IS_EVIDENT", "error", "bluealert",
    f"National Blue Alert Act of 2015 / COPS guidance criteria / {_D} §4 [V]",
    "An Alert or Update states its activation criterion: an officer killed, seriously "
    "injured or missing, or an imminent and credible threat (bluealert:reason or the text).",
)
REASON_IS_KNOWN = rule(
    "REASON_IS_KNOWN", "error", "bluealert",
    f"{_B} (structured facts)",
    "A bluealert:reason parameter is officer_killed, officer_seriously_injured, "
    "officer_missing or imminent_threat.",
)
DESCRIPTION_FACTS_ARE_GIVEN = rule(
    "DESCRIPTION_FACTS_ARE_GIVEN", "warning", "bluealert",
    f"COPS guidance criterion 3 / {_D} §4 [V]; {_B}",
    "An Alert or Update carrying structured facts describes a suspect, a vehicle or the "
    "missing officer.",
)
FACT_PARAMETER_IS_KNOWN = rule(
    "FACT_PARAMETER_IS_KNOWN", "warning", "bluealert",
    f"{_B} (structured facts)",
    "A bluealert: parameter names a field of the structured-facts scheme.",
)

_C = "{" + CAP12_NS + "}"
_WS = re.compile(r"[ \t\r\n]+")
_REASONS = frozenset(
    {"officer_killed", "officer_seriously_injured", "officer_missing", "imminent_threat"}
)
_CRITERION_WORDS = re.compile(
    r"\b(?:kill(?:ed|ing)?|shot|shooting|slain|murder(?:ed)?|died|dead|death|fatal(?:ly)?|"
    r"injur(?:ed|y|ies)|wounded|hurt|assault(?:ed)?|stabbed|missing|threat(?:s|en(?:ed|ing)?)?|"
    r"ambush(?:ed)?|"
    # Spanish, the same notions: killed, dead, shot, injured, stabbed, attacked, missing, threat.
    r"mat(?:ar|ó|ad[oa]s?)|muert[oa]s?|muerte|muri[oó]|fallecid[oa]s?|falleci[oó]|"
    r"asesinad[oa]s?|asesinato|balead[oa]s?|disparos?|disparad[oa]s?|tiroteo|balacera|"
    r"herid[oa]s?|lesionad[oa]s?|apu[ñn]alad[oa]s?|agredid[oa]s?|atacad[oa]s?|"
    r"desaparecid[oa]s?|amenaza(?:s|d[oa]s?|ndo|r)?|amenaz[oó]|embosca(?:da|d[oa]s?|r)?)\b",
    re.IGNORECASE,
)
# Field paths of the scheme (indexes removed), e.g. "suspects.photo.uri".
_PERSON = ("name", "sex", "race", "age", "height", "weight", "hair", "eyes", "clothing",
           "marks", "photo.uri", "photo.mime_type", "photo.description")
_VEHICLE = ("year", "make", "model", "color", "body_style", "plate", "plate_state",
            "partial_plate", "features", "direction")
_KNOWN_PATHS = frozenset(
    ["version", "reason", "additional_info", "cancel_reason",
     "incident.time", "incident.location", "incident.summary",
     "last_known.location", "last_known.time", "last_known.direction",
     "spanish.incident_summary", "spanish.last_known_location", "spanish.additional_info"]
    + [f"suspects.{f}" for f in (*_PERSON, "armed", "dangerous", "weapon")]
    + [f"vehicles.{f}" for f in _VEHICLE]
    + [f"officer.{f}" for f in _PERSON]
    + [f"officer.patrol_vehicle.{f}" for f in _VEHICLE]
)
_INDEX = re.compile(r"\[[1-9][0-9]{0,3}\]")
_LISTS = ("suspects", "vehicles")


def _norm(text: str | None) -> str:
    return _WS.sub(" ", text).strip(" ") if text else ""


def _path_known(name: str) -> bool:
    """True when ``name`` (after ``bluealert:``) is a scheme path with indexes where due."""
    bare = _INDEX.sub("", name)
    if bare not in _KNOWN_PATHS:
        return False
    head = name.split(".", 1)[0]
    indexed = bool(_INDEX.search(head))
    needs_index = _INDEX.sub("", head) in _LISTS
    return indexed == needs_index and len(_INDEX.findall(name)) == int(needs_index)


@register
class BlueAlertProfile(Profile):
    """Blue Alert content rules: BLU event code, WEA text, instruction, activation criterion."""

    name = "bluealert"
    parent = "ipaws"
    description = (
        "Blue Alert (SAME BLU): every info is BLU, has WEA text and an instruction, and an "
        "Alert/Update states its activation criterion (officer killed, seriously injured, "
        "missing, or an imminent threat)."
    )

    def check(self, ctx: Context) -> None:
        """Report every Blue Alert finding on ``ctx`` (never raises for bad content)."""
        root = ctx.root
        msg_type = _norm(ctx.text(root, "msgType"))
        scope_el = root.find(_C + "scope")
        scope = _norm(content(scope_el)) if scope_el is not None else ""
        if scope_el is not None and scope not in ("Public", ""):
            ctx.add(SCOPE_IS_PUBLIC, scope_el,
                    f"scope is {scope!r}; a Blue Alert for the public is "
                    "Public (other scopes reach no EAS or WEA)")
        silent: list[etree._Element] = []
        evident = False
        for info in root.iter(_C + "info"):
            if info.getparent() is root:
                if self._check_info(ctx, info, msg_type):
                    evident = True
                else:
                    silent.append(info)
        # The criterion belongs to the alert: every <info> describes the same event (R8), so
        # one that states it (say the English block, with bluealert:reason) is enough.
        if msg_type in ("Alert", "Update") and not evident:
            for info in silent:
                ctx.add(ACTIVATION_CRITERION_IS_EVIDENT, info,
                        "neither a bluealert:reason parameter nor the event, headline, "
                        "description or WEA text of any <info> says why the Blue Alert is "
                        "issued (officer killed, seriously injured, missing, or an imminent "
                        "threat)")

    def _check_info(self, ctx: Context, info: etree._Element, msg_type: str) -> bool:
        """Check one <info>; return whether it states the activation criterion."""
        texts: list[str] = []
        blocked: set[str] = set()
        cmam = cmam_long = False
        reason_ok = False
        details = False
        has_facts = False
        instruction: etree._Element | None = None
        for tag, child in ctx.kids(info):
            if tag == _C + "eventCode":
                _, name_text, _, value_text = ctx.pair(child)
                name, value = _norm(name_text), _norm(value_text)
                if name == "SAME" and value != "BLU":
                    ctx.add(EVENT_CODE_IS_BLU, child,
                            f"SAME event code {value!r} is not BLU; a Blue Alert uses BLU")
            elif tag in (_C + "event", _C + "headline", _C + "description"):
                texts.append(content(child))
            elif tag == _C + "instruction":
                instruction = child
            elif tag == _C + "parameter":
                _, name_text, _, value_text = ctx.pair(child)
                name, raw = _norm(name_text), value_text or ""
                value = _norm(raw)
                if name == "BLOCKCHANNEL":
                    blocked.add(value)
                elif name == "CMAMtext":
                    cmam = cmam or bool(value)
                    texts.append(raw)
                elif name == "CMAMlongtext":
                    cmam_long = cmam_long or bool(value)
                    texts.append(raw)
                elif name.startswith("bluealert:"):
                    path = name[len("bluealert:"):]
                    if not path.startswith(("spanish.", "version")):
                        has_facts = True
                    if not _path_known(path):
                        ctx.add(FACT_PARAMETER_IS_KNOWN, child,
                                f"parameter {name!r} is not a field of the Blue Alert facts "
                                "scheme (docs/bluealert.md); other software will ignore it")
                        continue
                    if path == "reason":
                        if value in _REASONS:
                            reason_ok = True
                        else:
                            ctx.add(REASON_IS_KNOWN, child,
                                    f"bluealert:reason {value!r} is not one of "
                                    f"{', '.join(sorted(_REASONS))}")
                    elif path.startswith(("suspects[", "vehicles[", "officer.")):
                        details = True
        if instruction is None or not _norm(content(instruction)):
            ctx.add(INSTRUCTION_IS_GIVEN, instruction if instruction is not None else info,
                    "a Blue Alert tells the public what to do (e.g. 'Do not approach. "
                    "Call 911.'); this <info> has no instruction")
        if "CMAS" not in blocked:
            if not cmam:
                ctx.add(WEA_TEXT_IS_PRESENT, info,
                        "this <info> goes to WEA (CMAS not blocked) but has no CMAMtext")
            if not cmam_long:
                ctx.add(WEA_LONG_TEXT_IS_PRESENT, info,
                        "this <info> goes to WEA but has no CMAMlongtext (360 characters)")
        if msg_type in ("Alert", "Update") and has_facts and not details:
            ctx.add(DESCRIPTION_FACTS_ARE_GIVEN, info,
                    "the structured facts describe no suspect, vehicle or missing officer")
        return reason_ok or any(_CRITERION_WORDS.search(t) for t in texts)

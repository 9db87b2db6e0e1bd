"""Reference data for the IPAWS layer, as our own constants.

Sources (see ``/work/shared/reference/ipaws-domain.md`` §§ 1-3): 47 CFR 11.31 (EAS protocol:
originator codes, event codes, location codes) with the later FCC additions (``BLU`` from
FCC 17-170, ``EWW``/``SSA``/``SSW`` from 2016, ``MEP`` from FCC 24-83 in 2024), the SAME
marine area codes, the IPAWS ``BLOCKCHANNEL`` and ``WEAHandling`` values seen in real
messages, and the GSM 03.38 (3GPP TS 23.038) default alphabet used to judge which characters
a WEA handset shows.
"""

from __future__ import annotations

from typing import Final

EAS_EVENT_CODES: Final[dict[str, str]] = {
    # National (47 CFR 11.31(e)); EAT was removed by the 2022 rules but still decodes.
    "EAN": "Emergency Action Notification",
    "EAT": "Emergency Action Termination",
    "NIC": "National Information Center",
    "NPT": "National Periodic Test",
    "RMT": "Required Monthly Test",
    "RWT": "Required Weekly Test",
    # State and local.
    "ADR": "Administrative Message",
    "AVA": "Avalanche Watch",
    "AVW": "Avalanche Warning",
    "BLU": "Blue Alert",
    "BZW": "Blizzard Warning",
    "CAE": "Child Abduction Emergency",
    "CDW": "Civil Danger Warning",
    "CEM": "Civil Emergency Message",
    "CFA": "Coastal Flood Watch",
    "CFW": "Coastal Flood Warning",
    "DMO": "Practice/Demo Warning",
    "DSW": "Dust Storm Warning",
    "EQW": "Earthquake Warning",
    "EVI": "Evacuation Immediate",
    "EWW": "Extreme Wind Warning",
    "FFA": "Flash Flood Watch",
    "FFS": "Flash Flood Statement",
    "FFW": "Flash Flood Warning",
    "FLA": "Flood Watch",
    "FLS": "Flood Statement",
    "FLW": "Flood Warning",
    "FRW": "Fire Warning",
    "HLS": "Hurricane Statement",
    "HMW": "Hazardous Materials Warning",
    "HUA": "Hurricane Watch",
    "HUW": "Hurricane Warning",
    "HWA": "High Wind Watch",
    "HWW": "High Wind Warning",
    "LAE": "Local Area Emergency",
    "LEW": "Law Enforcement Warning",
    # FCC 24-83, 89 FR 72724 (6 Sep 2024), in force 8 Sep 2025: missing and endangered persons
    # outside the AMBER criteria (Ashanti, Silver, Feather alerts).
    "MEP": "Missing and Endangered Persons",
    "NMN": "Network Message Notification",
    "NUW": "Nuclear Power Plant Warning",
    "RHW": "Radiological Hazard Warning",
    "SMW": "Special Marine Warning",
    "SPS": "Special Weather Statement",
    "SPW": "Shelter in Place Warning",
    "SSA": "Storm Surge Watch",
    "SSW": "Storm Surge Warning",
    "SVA": "Severe Thunderstorm Watch",
    "SVR": "Severe Thunderstorm Warning",
    "SVS": "Severe Weather Statement",
    "TOA": "Tornado Watch",
    "TOE": "911 Telephone Outage Emergency",
    "TOR": "Tornado Warning",
    "TRA": "Tropical Storm Watch",
    "TRW": "Tropical Storm Warning",
    "TSA": "Tsunami Watch",
    "TSW": "Tsunami Warning",
    "VOW": "Volcano Warning",
    "WSA": "Winter Storm Watch",
    "WSW": "Winter Storm Warning",
}
"""EAS event codes of 47 CFR 11.31(e) and later FCC additions, with their names."""

NWS_ONLY_SAME_CODES: Final[dict[str, str]] = {
    "NWS": "National Weather Service product not meant for EAS",
    "SQW": "Snow Squall Warning",
}
"""SAME event codes the National Weather Service uses in CAP that 47 CFR 11.31 does not list."""

SAME_ORIGINATOR_CODES: Final[dict[str, str]] = {
    "PEP": "Primary Entry Point System",
    "CIV": "Civil authorities",
    "WXR": "National Weather Service",
    "EAS": "EAS Participant",
}
"""SAME originator codes (47 CFR 11.31(d)), the values of the ``EAS-ORG`` parameter."""

STATE_FIPS_CODES: Final[dict[str, str]] = {
    "01": "Alabama", "02": "Alaska", "04": "Arizona", "05": "Arkansas", "06": "California",
    "08": "Colorado", "09": "Connecticut", "10": "Delaware", "11": "District of Columbia",
    "12": "Florida", "13": "Georgia", "15": "Hawaii", "16": "Idaho", "17": "Illinois",
    "18": "Indiana", "19": "Iowa", "20": "Kansas", "21": "Kentucky", "22": "Louisiana",
    "23": "Maine", "24": "Maryland", "25": "Massachusetts", "26": "Michigan",
    "27": "Minnesota", "28": "Mississippi", "29": "Missouri", "30": "Montana",
    "31": "Nebraska", "32": "Nevada", "33": "New Hampshire", "34": "New Jersey",
    "35": "New Mexico", "36": "New York", "37": "North Carolina", "38": "North Dakota",
    "39": "Ohio", "40": "Oklahoma", "41": "Oregon", "42": "Pennsylvania",
    "44": "Rhode Island", "45": "South Carolina", "46": "South Dakota", "47": "Tennessee",
    "48": "Texas", "49": "Utah", "50": "Vermont", "51": "Virginia", "53": "Washington",
    "54": "West Virginia", "55": "Wisconsin", "56": "Wyoming",
    "60": "American Samoa", "66": "Guam", "69": "Northern Mariana Islands",
    "72": "Puerto Rico", "74": "U.S. Minor Outlying Islands", "78": "U.S. Virgin Islands",
}
"""State and territory FIPS codes, the ``SS`` part of a SAME location code ``PSSCCC``."""

SAME_MARINE_AREA_CODES: Final[dict[str, str]] = {
    "57": "Eastern North Pacific Ocean and along the U.S. West Coast",
    "58": "North Pacific Ocean near Alaska and along the Alaska coastline",
    "59": "Central Pacific Ocean, including Hawaiian waters",
    "61": "South Central Pacific Ocean, including American Samoa waters",
    "65": "Western Pacific Ocean, including Mariana Island waters",
    "73": "Western North Atlantic Ocean and along the U.S. East Coast",
    "75": "Western North Atlantic Ocean, U.S. East Coast south of Currituck Beach Light, "
          "Puerto Rico and U.S. Virgin Islands waters",
    "77": "Gulf of Mexico and along the U.S. Gulf Coast",
    "91": "Lake Superior",
    "92": "Lake Michigan",
    "93": "Lake Huron",
    "94": "Lake St. Clair",
    "96": "Lake Erie",
    "97": "Lake Ontario",
    "98": "St. Lawrence River above St. Regis",
}
"""SAME marine area codes that take the ``SS`` place of a location code."""

SAME_ALL_US: Final = "000000"
"""The SAME location code meaning all of the United States."""

SAME_AREA_PREFIXES: Final[frozenset[str]] = frozenset(STATE_FIPS_CODES) | frozenset(
    SAME_MARINE_AREA_CODES
)

BLOCKCHANNEL_VALUES: Final[dict[str, str]] = {
    "EAS": "Emergency Alert System",
    "NWEM": "Non-Weather Emergency Messages over NOAA Weather Radio (HazCollect)",
    "CMAS": "Wireless Emergency Alerts (formerly CMAS)",
    "PUBLIC": "the public IPAWS alert feed",
    "CAPEXCH": "COG-to-COG CAP exchange",
}
"""``BLOCKCHANNEL`` values seen in real IPAWS messages (FEMA's own list was not read)."""

WEA_HANDLING_VALUES: Final[frozenset[str]] = frozenset({"Imminent Threat", "Public Safety"})
"""``WEAHandling`` values verified in real messages; other class strings are unverified."""

IMMINENT_THREAT_URGENCY: Final[frozenset[str]] = frozenset({"Immediate", "Expected"})
IMMINENT_THREAT_SEVERITY: Final[frozenset[str]] = frozenset({"Extreme", "Severe"})
IMMINENT_THREAT_CERTAINTY: Final[frozenset[str]] = frozenset({"Observed", "Likely"})
"""47 CFR 10.400(b): an Imminent Threat Alert needs all three of these minimums."""

GSM_BASIC_CHARACTERS: Final[str] = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
"""The 128 characters of the GSM 03.38 default alphabet, in code order (0x1B is the escape)."""

GSM_EXTENSION_CHARACTERS: Final[str] = "\f^{}\\[~]|€"
"""The GSM 03.38 default-alphabet extension table (each costs two septets)."""

GSM_CHARACTERS: Final[frozenset[str]] = frozenset(GSM_BASIC_CHARACTERS.replace("\x1b", "")) | (
    frozenset(GSM_EXTENSION_CHARACTERS)
)
"""Characters a WEA handset is sure to show.

The rule we chose: a character is safe when it is in the GSM 03.38 default alphabet or its
extension table (the escape 0x1B itself is not text). Cell broadcast carries either that 7-bit
alphabet or UCS-2; no FEMA/FCC text says which characters WEA handsets show, so anything else
(curly quotes, most accented letters, emoji, control characters) only draws a warning. We count
characters, not septets: extension characters are accepted like the others.
"""

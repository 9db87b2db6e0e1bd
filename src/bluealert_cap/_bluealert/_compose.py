"""Composition: a :class:`BlueAlert` as an IPAWS-ready CAP 1.2 :class:`~bluealert_cap.Alert`.

What is written, and why, is documented in ``docs/bluealert.md``: ``<code>IPAWSv1.0</code>``,
scope Public, SAME event code ``BLU``, ``EAS-ORG`` ``CIV``, event "Blue Alert", category
Security, urgency/severity/certainty/responseType from the reason (:data:`REASON_CAP`), the
generated texts, ``WEAHandling``, ``BLOCKCHANNEL``, the structured facts as ``bluealert:``
parameters, photos as resources, one ``<area>`` per target area, and an ``es-US`` block when
Spanish is asked for. Deterministic: the same BlueAlert always gives the same message.

The CAP models are built with ``model_construct``: every value was checked when the BlueAlert
was built (identifiers, date-times, SAME codes, polygons, URIs), so nothing is validated twice.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from .._model import (
    Alert,
    Area,
    Category,
    Info,
    Resource,
    Scope,
    ValuePair,
    assemble,
)
from ._facts import PREFIX, VERSION, flatten
from ._model import BlueAlert, cap_values
from ._text import EN, ES, Phrases, gsm_view, texts

__all__ = ["CATEGORY", "EAS_ORG", "EVENT_CODE", "IPAWS_CODE", "compose"]

_M = TypeVar("_M", bound=BaseModel)


def built(cls: type[_M], **values: Any) -> _M:
    """An instance of ``cls`` holding ``values`` (every field given), not validated again:
    composing costs less than parsing (see :func:`bluealert_cap._model.assemble`)."""
    return assemble(cls, values)


IPAWS_CODE = "IPAWSv1.0"
EVENT_CODE = ValuePair("SAME", "BLU")
EAS_ORG = "CIV"
CATEGORY = Category.SECURITY

# Fields written as CAP elements or IPAWS parameters, not as bluealert: facts.
_ELEMENT_FIELDS = frozenset({
    "identifier", "sent", "status", "msg_type", "references", "note", "agency", "areas",
    "expires", "time_zone", "wea_handling", "block_channels", "spanish",
})


def compose(b: BlueAlert) -> Alert:
    """The CAP 1.2 alert for ``b`` (see module doc)."""
    urgency, severity, certainty, response_types = cap_values(b.reason, b.msg_type)
    areas = tuple(
        built(Area,
            area_desc=a.description,
            polygons=a.polygons,
            circles=a.circles,
            geocodes=tuple(ValuePair("SAME", c) for c in a.same_codes),
            altitude=None,
            ceiling=None,
        )
        for a in b.areas
    )
    resources = _resources(b)
    facts: list[ValuePair] = [ValuePair(PREFIX + "version", VERSION)]
    flatten(b, "", facts, _ELEMENT_FIELDS)

    view = gsm_view(b)

    def info(p: Phrases, extra: list[ValuePair]) -> Info:
        t = texts(b, p, view)
        params = [ValuePair("EAS-ORG", EAS_ORG)]
        if b.time_zone is not None:
            params.append(ValuePair("timezone", b.time_zone))
        if b.wea_handling is not None:
            params.append(ValuePair("WEAHandling", b.wea_handling.value))
        params.append(ValuePair("CMAMtext", t.cmam_text))
        params.append(ValuePair("CMAMlongtext", t.cmam_long_text))
        params.extend(ValuePair("BLOCKCHANNEL", c.value) for c in b.block_channels)
        params.extend(extra)
        return built(Info,
            language=p.language,
            categories=(CATEGORY,),
            event=p.event,
            response_types=response_types,
            urgency=urgency,
            severity=severity,
            certainty=certainty,
            audience=None,
            event_codes=(EVENT_CODE,),
            effective=None,
            onset=None,
            expires=b.expires,
            sender_name=b.agency.name,
            headline=t.headline,
            description=t.description,
            instruction=t.instruction,
            web=b.agency.web,
            contact=b.agency.contact_phone,
            parameters=tuple(params),
            resources=resources,
            areas=areas,
        )

    infos = [info(EN, facts)]
    if b.spanish is not None:
        spanish_facts: list[ValuePair] = []
        flatten(b.spanish, "spanish", spanish_facts, frozenset())
        infos.append(info(ES, spanish_facts))
    return built(Alert,
        identifier=b.identifier,
        sender=b.agency.sender_id,
        sent=b.sent,
        status=b.status,
        msg_type=b.msg_type,
        source=None,
        scope=Scope.PUBLIC,
        restriction=None,
        addresses=None,
        codes=(IPAWS_CODE,),
        note=b.note,
        references=b.references or None,
        incidents=None,
        infos=tuple(infos),
        signatures=(),
        schema_location=None,
    )


def _resources(b: BlueAlert) -> tuple[Resource, ...]:
    out: list[Resource] = []
    for i, s in enumerate(b.suspects, 1):
        if s.photo is not None:
            desc = s.photo.description or f"Photo of suspect {i}"
            out.append(built(Resource,
                resource_desc=desc, mime_type=s.photo.mime_type, size=None, uri=s.photo.uri,
                deref_uri=None, digest=None,
            ))
    if b.officer is not None and b.officer.photo is not None:
        ph = b.officer.photo
        out.append(built(Resource,
            resource_desc=ph.description or "Photo of the missing officer",
            mime_type=ph.mime_type, size=None, uri=ph.uri, deref_uri=None, digest=None,
        ))
    return tuple(out)

"""bluealert_cap: Blue Alerts as CAP 1.2 for IPAWS.

The pipeline: model (:class:`Alert` and its parts) → XML codec (:func:`parse`,
:meth:`Alert.to_xml`) → validation (:func:`validate`: schema → CAP 1.2 rules → profiles) →
Blue Alert domain → signatures → CLI (``bluealert-cap``).
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from ._batch import FileResult, iter_inputs, validate_many
from ._errors import (
    CapError,
    ForbiddenXmlError,
    InvalidContentError,
    LimitExceededError,
    MalformedXmlError,
    NotCapError,
    Problem,
    SignatureError,
    UnsupportedVersionError,
)
from ._validation import Finding, Report, validate
from ._version import __version__
from ._xml import Limits

if TYPE_CHECKING:
    from ._bluealert import (
        Agency,
        BlueAlert,
        Channel,
        Incident,
        LastKnown,
        MissingOfficer,
        Photo,
        Range,
        Reason,
        Sex,
        SpanishText,
        Suspect,
        TargetArea,
        Vehicle,
        WeaHandling,
    )
    from ._codec import parse
    from ._model import (
        Alert,
        Area,
        Category,
        Certainty,
        Circle,
        Info,
        MsgType,
        Point,
        Polygon,
        Reference,
        Resource,
        ResponseType,
        Scope,
        Severity,
        Status,
        Urgency,
        ValuePair,
    )
    from ._signature import SignatureCheck, VerifyResult, load_certificates, sign, verify

# The models (pydantic schemas for every CAP element), the Blue Alert domain and signatures
# (signxml, cryptography) cost most of the import time; they load on first use (PEP 562), so
# that validating files, which needs none of them, starts fast (the CLI's worker processes and
# `bluealert-cap validate` above all).
_LAZY: dict[str, str] = {
    "Alert": "._model",
    "Area": "._model",
    "Category": "._model",
    "Certainty": "._model",
    "Circle": "._model",
    "Info": "._model",
    "MsgType": "._model",
    "Point": "._model",
    "Polygon": "._model",
    "Reference": "._model",
    "Resource": "._model",
    "ResponseType": "._model",
    "Scope": "._model",
    "Severity": "._model",
    "Status": "._model",
    "Urgency": "._model",
    "ValuePair": "._model",
    "parse": "._codec",
    "Agency": "._bluealert",
    "BlueAlert": "._bluealert",
    "Channel": "._bluealert",
    "Incident": "._bluealert",
    "LastKnown": "._bluealert",
    "MissingOfficer": "._bluealert",
    "Photo": "._bluealert",
    "Range": "._bluealert",
    "Reason": "._bluealert",
    "Sex": "._bluealert",
    "SpanishText": "._bluealert",
    "Suspect": "._bluealert",
    "TargetArea": "._bluealert",
    "Vehicle": "._bluealert",
    "WeaHandling": "._bluealert",
    "SignatureCheck": "._signature",
    "VerifyResult": "._signature",
    "load_certificates": "._signature",
    "sign": "._signature",
    "verify": "._signature",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bluealert_cap' has no attribute {name!r}")
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)

__all__ = [
    "Agency",
    "Alert",
    "Area",
    "BlueAlert",
    "CapError",
    "Category",
    "Certainty",
    "Channel",
    "Circle",
    "FileResult",
    "Finding",
    "ForbiddenXmlError",
    "Incident",
    "Info",
    "InvalidContentError",
    "LastKnown",
    "LimitExceededError",
    "Limits",
    "MalformedXmlError",
    "MissingOfficer",
    "MsgType",
    "NotCapError",
    "Photo",
    "Point",
    "Polygon",
    "Problem",
    "Range",
    "Reason",
    "Reference",
    "Report",
    "Resource",
    "ResponseType",
    "Scope",
    "Severity",
    "Sex",
    "SignatureCheck",
    "SignatureError",
    "SpanishText",
    "Status",
    "Suspect",
    "TargetArea",
    "UnsupportedVersionError",
    "Urgency",
    "ValuePair",
    "Vehicle",
    "VerifyResult",
    "WeaHandling",
    "__version__",
    "iter_inputs",
    "load_certificates",
    "parse",
    "sign",
    "validate",
    "validate_many",
    "verify",
]

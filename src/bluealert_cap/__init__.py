"""bluealert_cap: Blue Alerts as CAP 1.2 for IPAWS.

The pipeline: model (:class:`Alert` and its parts) → XML codec (:func:`parse`,
:meth:`Alert.to_xml`) → validation (:func:`validate`: schema → CAP 1.2 rules → profiles) →
Blue Alert domain → signatures → CLI (``bluealert-cap``).
"""

from ._codec import parse
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
from ._validation import Finding, Report, validate
from ._version import __version__
from ._xml import Limits

__all__ = [
    "Alert",
    "Area",
    "CapError",
    "Category",
    "Certainty",
    "Circle",
    "Finding",
    "ForbiddenXmlError",
    "Info",
    "InvalidContentError",
    "LimitExceededError",
    "Limits",
    "MalformedXmlError",
    "MsgType",
    "NotCapError",
    "Point",
    "Polygon",
    "Problem",
    "Reference",
    "Report",
    "Resource",
    "ResponseType",
    "Scope",
    "Severity",
    "SignatureCheck",
    "SignatureError",
    "Status",
    "UnsupportedVersionError",
    "Urgency",
    "ValuePair",
    "VerifyResult",
    "__version__",
    "load_certificates",
    "parse",
    "sign",
    "validate",
    "verify",
]

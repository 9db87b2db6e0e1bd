"""The Blue Alert domain: :class:`BlueAlert` and its parts, CAP composition and reading."""

from ._model import (
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

__all__ = [
    "Agency",
    "BlueAlert",
    "Channel",
    "Incident",
    "LastKnown",
    "MissingOfficer",
    "Photo",
    "Range",
    "Reason",
    "Sex",
    "SpanishText",
    "Suspect",
    "TargetArea",
    "Vehicle",
    "WeaHandling",
]

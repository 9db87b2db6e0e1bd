"""STUB — the CAP 1.2 model is being written (replaced within the hour)."""
from enum import StrEnum
class _S: pass
Alert = Area = Circle = Info = Point = Polygon = Reference = Resource = ValuePair = _S
class Category(StrEnum): X = "X"
Certainty = MsgType = ResponseType = Scope = Severity = Status = Urgency = Category

"""Imports every built-in profile module so that each registers itself."""

from . import _schema  # noqa: F401
from . import _cap_rules  # noqa: F401
from . import _ipaws  # noqa: F401
from . import _bluealert  # noqa: F401

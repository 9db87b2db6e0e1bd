"""Imports every built-in profile module so that each registers itself."""

from . import (
    _bluealert,  # noqa: F401
    _cap_rules,  # noqa: F401
    _ipaws,  # noqa: F401
    _schema,  # noqa: F401
)

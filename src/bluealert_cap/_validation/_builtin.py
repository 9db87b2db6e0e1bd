"""Imports every built-in profile module so that each registers itself, and the signature
verification rules, so that the catalogue of rules is complete once any layer is loaded."""

from . import (
    _bluealert,  # noqa: F401
    _cap_rules,  # noqa: F401
    _ipaws,  # noqa: F401
    _schema,  # noqa: F401
    _verification,  # noqa: F401
)

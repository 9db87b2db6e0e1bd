"""Layer ``schema``: the OASIS CAP 1.2 XML Schema (our own XSD in ``schemas/``).

PLACEHOLDER: replaced by the schema work (engine choice, gap checks, precise findings).
"""

from __future__ import annotations

from ._context import Context, rule
from ._registry import Profile, register

SCHEMA_IS_VALID = rule(
    "SCHEMA_IS_VALID", "error", "schema", "CAP 1.2 §3.4, §4.2",
    "The document is valid under the CAP 1.2 XML Schema.",
)


@register
class SchemaProfile(Profile):
    name = "schema"
    parent = None
    description = "OASIS CAP 1.2 XML Schema only."

    def check(self, ctx: Context) -> None:
        return None

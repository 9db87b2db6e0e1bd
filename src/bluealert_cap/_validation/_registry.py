"""Validation profiles: small pluggable classes, layered, one module per profile.

A profile names its parent; validating with a profile runs every layer from ``schema`` up to it
and merges all findings into one report in document order. A new profile (CAP-CP, CAP-AU, ...)
is one new module that subclasses :class:`Profile` and calls :func:`register`.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from ._context import Context


class Profile:
    """One validation layer. Subclasses set ``name``/``parent``/``description`` and ``check``."""

    name: ClassVar[str]
    parent: ClassVar[str | None] = None
    description: ClassVar[str] = ""

    def check(self, ctx: Context) -> None:
        """Report this layer's findings on ``ctx`` (never raise for bad content)."""
        raise NotImplementedError


_PROFILES: dict[str, Profile] = {}

P = TypeVar("P", bound=type[Profile])


def register(cls: P) -> P:
    """Class decorator: make a profile available to ``validate(profile=cls.name)``."""
    _PROFILES[cls.name] = cls()
    return cls


def profile_names() -> list[str]:
    """Names of the registered profiles."""
    _load_builtin()
    return sorted(_PROFILES)


def chain(name: str) -> list[Profile]:
    """The layers a profile runs, outermost last: e.g. ``[schema, cap, ipaws]``."""
    _load_builtin()
    if name not in _PROFILES:
        known = ", ".join(sorted(_PROFILES))
        raise ValueError(f"unknown profile {name!r}; known profiles: {known}")
    layers: list[Profile] = []
    current: str | None = name
    while current is not None:
        prof = _PROFILES[current]
        layers.append(prof)
        current = prof.parent
    layers.reverse()
    return layers


_loaded = False


def _load_builtin() -> None:
    """Import the built-in profile modules (each registers itself)."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    from . import _builtin  # noqa: F401

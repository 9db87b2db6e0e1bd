"""Tree mutators shared by the one-change rule tests (start from a good message, change one
thing): each returns a function that edits a parsed CAP tree in place."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

NS = "urn:oasis:names:tc:emergency:cap:1.2"
C = "{" + NS + "}"
DSIG = "http://www.w3.org/2000/09/xmldsig#"
A = "/alert[1]"
I = A + "/info[1]"  # noqa: E741

Mutator = Callable[[etree._Element], None]


def find(root: etree._Element, path: str) -> etree._Element:
    """The element at ``path`` like ``info/resource[2]/digest`` (CAP names, 1-based)."""
    el = root.find("/".join("c:" + step for step in path.split("/")), {"c": NS})
    assert el is not None, path
    return el


def text(path: str, value: str) -> Mutator:
    """Set the text of the element at ``path``."""

    def mutate(root: etree._Element) -> None:
        find(root, path).text = value

    return mutate


def remove(*paths: str) -> Mutator:
    """Remove the elements at ``paths``."""

    def mutate(root: etree._Element) -> None:
        for path in paths:
            el = find(root, path)
            parent = el.getparent()
            assert parent is not None
            parent.remove(el)

    return mutate


def both(*mutators: Mutator) -> Mutator:
    """Apply ``mutators`` in order."""

    def mutate(root: etree._Element) -> None:
        for m in mutators:
            m(root)

    return mutate

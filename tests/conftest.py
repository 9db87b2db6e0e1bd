"""Shared test fixtures: where the reference material is (beside the checkout)."""

from __future__ import annotations

from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
CORPUS = REFERENCE / "corpus"
CORPUS_INVALID = REFERENCE / "corpus-invalid"
OFFICIAL_XSD = REFERENCE / "schemas" / "CAP-v1.2.xsd"


def cap12_corpus_files() -> list[Path]:
    """Every CAP 1.2 file of the corpus (not the 1.0/1.1 folder)."""
    return sorted(p for p in CORPUS.rglob("*.xml") if p.parent.name != "other-versions")


def other_version_files() -> list[Path]:
    return sorted((CORPUS / "other-versions").glob("*.xml"))


@pytest.fixture(scope="session")
def reference() -> Path:
    assert REFERENCE.is_dir(), f"reference material not found at {REFERENCE}"
    return REFERENCE

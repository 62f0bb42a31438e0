"""The corpus of spec changes: shipyard's verdict and codes for each pair of documents."""

from __future__ import annotations

import pytest

from shipyard.contracts.openapi_rules import diff_documents
from tests.contracts.corpus import CASES, Case


def test_the_corpus_is_large_and_mixed() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)
    assert sum(case.breaking for case in CASES) >= 15
    assert sum(not case.breaking for case in CASES) >= 15


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_verdict(case: Case) -> None:
    old, new = case.documents()

    changes = diff_documents("services/items/contracts/openapi.json", old, new)

    assert {change.code for change in changes} == case.codes, [c.message for c in changes]
    assert any(change.breaking for change in changes) is case.breaking


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_the_reverse_change_is_reported_too(case: Case) -> None:
    """Going back is a change as well: whatever was found one way, something is found the
    other way (only changes with no effect on callers are silent both ways)."""
    old, new = case.documents()

    forward = diff_documents("openapi.json", old, new)
    backward = diff_documents("openapi.json", new, old)

    assert bool(forward) == bool(backward)

"""Every rule has its docs page, and every page a rule: codes are a public contract."""

from __future__ import annotations

from pathlib import Path

from shipyard.rules import REGISTRY

DOCS = Path(__file__).parents[2] / "docs" / "rules"


def test_each_rule_has_a_page_and_each_page_a_rule() -> None:
    pages = {p.stem for p in DOCS.glob("SY*.md")}
    assert pages == set(REGISTRY.rules)


def test_each_page_starts_with_its_code_and_name() -> None:
    for rule in REGISTRY.rules.values():
        first = (DOCS / f"{rule.code}.md").read_text().splitlines()[0]
        assert first == f"# {rule.code} {rule.name}"

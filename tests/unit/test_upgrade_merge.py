"""The merges `shipyard upgrade` makes, one file at a time: text three ways (base: the old
template's render, ours: the user's file, theirs: the new render), pyproject as data."""

from __future__ import annotations

from pathlib import Path

import pytest

from shipyard.errors import ShipyardError
from shipyard.scaffold.upgrade.text_merge import merge_file
from shipyard.scaffold.upgrade.toml_merge import merge_toml

LABEL = "template version 2"
BASE = "title\n\nintro\n\nbody one\nbody two\n\nend\n"


def test_a_file_the_user_left_alone_takes_the_new_render() -> None:
    theirs = BASE.replace("intro", "a better intro")

    merged = merge_file(BASE, BASE, theirs, LABEL)

    assert merged.content == theirs
    assert not merged.conflict


def test_edits_of_both_in_different_places_are_both_kept() -> None:
    ours = BASE.replace("title", "My title")
    theirs = BASE.replace("end", "the end\n\n## New section")

    merged = merge_file(BASE, ours, theirs, LABEL)

    assert merged.content == (
        "My title\n\nintro\n\nbody one\nbody two\n\nthe end\n\n## New section\n"
    )
    assert not merged.conflict


def test_a_file_the_template_did_not_change_stays_the_users() -> None:
    ours = BASE + "my own line\n"

    assert merge_file(BASE, ours, BASE, LABEL).content == ours


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    both = BASE.replace("body two", "body 2")

    merged = merge_file(BASE, both, both, LABEL)

    assert merged.content == both
    assert not merged.conflict


def test_edits_of_the_same_lines_are_a_conflict_with_markers() -> None:
    ours = BASE.replace("body two", "body two, as I want it")
    theirs = BASE.replace("body two", "body two, as the template wants it")

    merged = merge_file(BASE, ours, theirs, LABEL)

    assert merged.conflict
    assert merged.content == (
        "title\n\nintro\n\nbody one\n"
        "<<<<<<< yours\nbody two, as I want it\n"
        "=======\nbody two, as the template wants it\n"
        ">>>>>>> template version 2\n"
        "\nend\n"
    )


def test_a_file_without_a_last_newline_keeps_markers_on_their_own_lines() -> None:
    merged = merge_file("a\nb", "a\nmine", "a\ntheirs", LABEL)

    assert merged.conflict
    assert "mine\n=======\ntheirs\n>>>>>>>" in (merged.content or "")


def test_a_long_file_merges_line_by_line() -> None:
    """A long file of repeated blank lines (where a matcher with difflib's autojunk pairs the
    wrong lines): an edit at the top and one at the bottom still merge cleanly."""
    base = "".join(f"line {i}\n\n" for i in range(300))
    ours = base.replace("line 3\n", "line three\n")
    theirs = base.replace("line 297\n", "line two hundred ninety-seven\n")

    merged = merge_file(base, ours, theirs, LABEL)

    assert not merged.conflict
    assert merged.content == ours.replace("line 297\n", "line two hundred ninety-seven\n")


def test_a_file_the_template_dropped_goes_when_the_user_left_it_alone() -> None:
    merged = merge_file(BASE, BASE, None, LABEL)

    assert merged.content is None
    assert not merged.conflict


def test_a_file_the_template_dropped_stays_when_the_user_edited_it() -> None:
    ours = BASE + "mine\n"

    merged = merge_file(BASE, ours, None, LABEL)

    assert merged.content == ours
    assert merged.conflict
    assert "no longer has it" in (merged.note or "")


def test_a_file_the_template_adds_is_created() -> None:
    assert merge_file(None, None, "new\n", LABEL).content == "new\n"


def test_a_file_the_template_adds_where_the_user_has_one_is_a_conflict() -> None:
    merged = merge_file(None, "the user's\n", "the template's\n", LABEL)

    assert merged.conflict
    assert merged.content == (
        "<<<<<<< yours\nthe user's\n=======\nthe template's\n>>>>>>> template version 2\n"
    )


def test_a_file_the_user_deleted_stays_deleted() -> None:
    unchanged = merge_file(BASE, None, BASE, LABEL)
    changed = merge_file(BASE, None, BASE + "more\n", LABEL)
    dropped = merge_file(BASE, None, None, LABEL)

    assert (unchanged.content, unchanged.note) == (None, None)
    assert changed.content is None
    assert not changed.conflict
    assert "you deleted it" in (changed.note or "")
    assert dropped.content is None


OLD = """\
[project]
name = "catalog"
description = "The catalog service."
dependencies = [
    "fastapi>=0.115",
    "sqlalchemy>=2.0",
]

[tool.ruff]
line-length = 100

[tool.ruff.lint]
select = ["E", "F"]

[tool.shipyard.template]
name = "service"
version = 1
"""


def test_a_pyproject_merges_key_by_key_and_keeps_the_users_layout() -> None:
    ours = (
        OLD.replace('description = "The catalog service."', 'description = "Our catalog."')
        .replace('"sqlalchemy>=2.0",\n', '"sqlalchemy>=2.0",\n    # ours\n    "rich>=13",\n')
        .replace('select = ["E", "F"]', 'select = ["E", "F", "PL"]')
        + '\n[tool.pytest.ini_options]\nmarkers = ["slow"]\n'
    )
    theirs = (
        OLD.replace('"fastapi>=0.115"', '"fastapi>=0.116"')
        .replace('    "sqlalchemy>=2.0",\n', '    "sqlalchemy>=2.0",\n    "httpx>=0.28",\n')
        .replace('select = ["E", "F"]', 'select = ["E", "F", "T10"]')
        .replace("version = 1", "version = 2")
        + '\n[tool.ruff.format]\nquote-style = "double"\n'
    )

    merged, notes = merge_toml(ours, OLD, theirs, Path("pyproject.toml"))

    assert merged == (
        "[project]\n"
        'name = "catalog"\n'
        'description = "Our catalog."\n'
        "dependencies = [\n"
        '    "fastapi>=0.116",\n'
        '    "sqlalchemy>=2.0",\n'
        "    # ours\n"
        '    "rich>=13",\n'
        '    "httpx>=0.28",\n'
        "]\n"
        "\n"
        "[tool.ruff]\n"
        "line-length = 100\n"
        "\n"
        "[tool.ruff.lint]\n"
        'select = ["E", "F", "PL", "T10"]\n'
        "\n"
        "[tool.ruff.format]\n"
        'quote-style = "double"\n'
        "\n"
        "[tool.shipyard.template]\n"
        'name = "service"\n'
        "version = 2\n"
        "\n"
        "[tool.pytest.ini_options]\n"
        'markers = ["slow"]\n'
    )
    assert notes == []


def test_a_pyproject_value_both_changed_stays_the_users_and_is_said() -> None:
    ours = OLD.replace("line-length = 100", "line-length = 120").replace(
        '"fastapi>=0.115"', '"fastapi>=0.120"'
    )
    theirs = OLD.replace("line-length = 100", "line-length = 110").replace(
        '"fastapi>=0.115"', '"fastapi>=0.116"'
    )

    merged, notes = merge_toml(ours, OLD, theirs, Path("pyproject.toml"))

    assert merged == ours
    assert notes == [
        "project.dependencies: your 'fastapi' kept; the template has 'fastapi>=0.116'",
        "tool.ruff.line-length: yours kept; the template has 110",
    ]


def test_a_dependency_the_template_dropped_goes_unless_the_user_changed_it() -> None:
    theirs = OLD.replace('    "sqlalchemy>=2.0",\n', "")
    edited = OLD.replace('"sqlalchemy>=2.0"', '"sqlalchemy>=2.0.36"')

    dropped, _ = merge_toml(OLD, OLD, theirs, Path("pyproject.toml"))
    kept, notes = merge_toml(edited, OLD, theirs, Path("pyproject.toml"))

    assert '"sqlalchemy' not in dropped
    assert '"sqlalchemy>=2.0.36"' in kept
    assert notes == ["project.dependencies: your 'sqlalchemy' kept; the template dropped it"]


def test_a_pyproject_that_does_not_parse_is_one_sentence() -> None:
    with pytest.raises(ShipyardError, match=r"pyproject.toml is not valid TOML"):
        merge_toml("[project\n", OLD, OLD, Path("pyproject.toml"))

"""The three-way merge of a user's YAML file with shipyard's renders, on small documents."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent
from typing import Any

import pytest
import yaml

from shipyard.errors import ShipyardError
from shipyard.scaffold.yaml_merge import merge_text

SETS = frozenset({"profiles", "resources"})


def merge(user: str, old: str, new: str, sections: tuple[str, ...] = ("services",)) -> str:
    return merge_text(user, old, new, Path("f.yaml"), set_like=SETS, sections=sections)


@pytest.mark.parametrize(
    ("user", "old", "new", "merged"),
    [
        ("1", "1", "2", "2"),  # the user left it: shipyard's new value
        ("9", "1", "1", "9"),  # shipyard did not change it: the user's
        ("9", "1", "2", "9"),  # both changed it: the user's
        ('"2"', "1", "2", '"2"'),  # both arrived at the same: unchanged
    ],
)
def test_the_rule_for_one_value(user: str, old: str, new: str, merged: str) -> None:
    assert merge(f"a: {user}\n", f"a: {old}\n", f"a: {new}\n") == f"a: {merged}\n"


def test_missing_keys_follow_the_same_rule() -> None:
    old = "kept: 1\ndropped: 1\nedited: 1\n"
    new = "kept: 1\nadded: 1\n"
    user = "edited: 2\nmine: 3\n"  # `kept` deleted by the user, `edited` changed

    assert merge(user, old, new) == "edited: 2\nmine: 3\nadded: 1\n"


def test_set_like_lists_merge_item_by_item_and_others_do_not() -> None:
    old = "profiles: [app]\ncommand: [run]\n"
    new = "profiles: [app, smoke]\ncommand: [run, --fast]\n"
    user = "profiles: [debug, app]\ncommand: [run, --slow]\n"

    assert merge(user, old, new) == "profiles: [debug, app, smoke]\ncommand: [run, --slow]\n"


def test_a_shared_anchor_is_merged_once_and_stays_shared() -> None:
    old = "services:\n  a:\n    env: &a-env\n      X: 1\n  b:\n    env: *a-env\n"
    new = old.replace("X: 1", "X: 1\n      Y: 2")
    user = old.replace("X: 1", "X: 1\n      MINE: 3")

    assert merge(user, old, new) == user.replace("X: 1", "X: 1\n      Y: 2")


def test_comments_stay_with_the_entry_they_precede() -> None:
    old = dedent("""\
        services:
          a:
            x: 1

          c:
            x: 1
        """)
    new = old.replace("\n  c:", "\n  b:\n    x: 1\n\n  c:")
    user = dedent("""\
        # Header.
        services:
          # Before a.
          a:
            x: 1  # on a

          # Before c,
          # two lines.
          c:
            x: 1
            # End of c.

        # The end.
        """)

    assert merge(user, old, new) == user.replace(
        "\n  # Before c,", "\n  b:\n    x: 1\n\n  # Before c,"
    )


def test_an_entry_added_after_the_last_one_comes_before_the_end_of_the_file() -> None:
    old = "services:\n  a:\n    x: 1\n"
    new = old + "\n  b:\n    x: 1\n"
    user = old + "# The end.\n"

    assert merge(user, old, new) == new + "# The end.\n"


def test_an_entry_added_after_a_flow_list_keeps_the_next_keys_blank_line() -> None:
    old = "services:\n  a:\n    p: [x]\n\nvolumes: {}\n"
    new = old.replace("\n\nvolumes", "\n\n  b:\n    p: [y]\n\nvolumes")
    user = old.replace("volumes", "# Mine.\nvolumes")

    assert merge(user, old, new) == new.replace("volumes", "# Mine.\nvolumes")


def test_a_top_level_list_merges_like_a_set() -> None:
    old = "kind: Kustomization\nresources:\n  - a\n"
    new = "kind: Kustomization\nresources:\n  - a\n  - b\n"
    user = "kind: Kustomization\nresources:\n  - a\n  - extra.yaml  # mine\n\npatches: []\n"

    assert merge(user, old, new, sections=()) == user.replace("  - a\n", "  - a\n  - b\n")


def test_a_document_that_is_not_a_mapping_is_one_sentence() -> None:
    with pytest.raises(ShipyardError, match=r"^f.yaml is not a YAML mapping"):
        merge("- a\n", "a: 1\n", "a: 2\n")
    with pytest.raises(ShipyardError, match=r"^f.yaml is not valid YAML"):
        merge("a: [1\n", "a: 1\n", "a: 2\n")


@pytest.mark.parametrize("section", ["", "services:\n", "services: {}\n"])
def test_an_empty_or_missing_section_becomes_a_block_where_the_render_has_it(
    section: str,
) -> None:
    old = "name: x\n\nservices:\n  a:\n    x: 1\n\nvolumes:\n  v:\n"
    new = old.replace("\n\nvolumes", "\n\n  b:\n    x: 1\n\nvolumes")
    user = f"name: x\n{section}volumes:\n  v:\n"

    merged = merge(user, old, new)

    blank = "\n" if not section else ""  # a section shipyard adds comes as it renders it
    assert merged == f"name: x\n{blank}services:\n  b:\n    x: 1\nvolumes:\n  v:\n"


def test_lines_the_user_wrote_keep_their_spelling() -> None:
    # Mixed indentation, trailing spaces, spaces inside a flow list, a whitespace-only line.
    user = (
        "\nservices:\n  web: \n    ports:\n    - '80:80'\n    healthcheck:\n"
        '      test: [ "CMD", "true" ]   \n  \n  db:\n    volumes:\n      - data:/x\n'
    )
    old = "services:\n  a:\n    x: 1\n"
    new = "services:\n  a:\n    x: 1\n\n  b:\n    x: 1\n"

    merged = merge(user, old, new)

    assert merged == user.replace("  db:\n", "  db:\n").replace(
        "      - data:/x\n", "      - data:/x\n\n  b:\n    x: 1\n"
    )


def test_a_respelling_that_would_change_the_meaning_is_not_made() -> None:
    # The file indents lists by 2, but `a`'s list by 0: put back as written, `- app` would
    # swallow the item shipyard adds at 2 (`app - smoke`), so ruamel's spelling stays.
    user = "services:\n  web:\n    ports:\n      - 80\n  a:\n    profiles:\n    - app\n"
    old = "services:\n  a:\n    profiles:\n      - app\n"
    new = "services:\n  a:\n    profiles:\n      - app\n      - smoke\n"

    merged = merge(user, old, new)

    assert yaml_data(merged)["services"]["a"]["profiles"] == ["app", "smoke"]
    assert merged.endswith("    profiles:\n      - app\n      - smoke\n")


def yaml_data(text: str) -> Any:
    return yaml.safe_load(text)


def test_merge_keys_stay_and_what_they_bring_is_the_users() -> None:
    defaults = "x-defaults: &defaults\n  restart: always\n  image: theirs\n"
    old = "services:\n  a:\n    image: old\n    restart: 'no'\n"
    new = "services:\n  a:\n    image: new\n    restart: 'no'\n  b:\n    image: b\n"
    user = defaults + "services:\n  a:\n    <<: *defaults\n    image: old\n"

    merged = merge(user, old, new)

    assert (
        merged
        == defaults + "services:\n  a:\n    <<: *defaults\n    image: new\n  b:\n    image: b\n"
    )

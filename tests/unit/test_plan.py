"""FilePlan and apply: conflicts, --force, rollback, atomic writes, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest

from shipyard.changes.files import Action, FilePlan, PlannedFile, apply, describe
from shipyard.errors import ShipyardError
from tests.conftest import read_only, run_shipyard, snapshot


def plan_of(root: Path, *files: PlannedFile, guarded: tuple[Path, ...] = ()) -> FilePlan:
    return FilePlan(root, files, guarded)


def test_actions_describe_what_would_happen(tmp_path: Path) -> None:
    (tmp_path / "same.txt").write_text("same")
    (tmp_path / "mine.txt").write_text("mine")
    (tmp_path / "shared.txt").write_text("old")
    plan = plan_of(
        tmp_path,
        PlannedFile(Path("new/file.txt"), "x"),
        PlannedFile(Path("same.txt"), "same"),
        PlannedFile(Path("mine.txt"), "theirs"),
        PlannedFile(Path("shared.txt"), "new", managed=True),
    )

    assert describe(plan) == [
        (Action.CREATE, Path("new/file.txt")),
        (Action.UNCHANGED, Path("same.txt")),
        (Action.OVERWRITE, Path("mine.txt")),
        (Action.UPDATE, Path("shared.txt")),
    ]
    assert plan.conflicts() == [Path("mine.txt")]


def test_conflicts_refuse_without_force_and_write_nothing(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("mine")
    before = snapshot(tmp_path)
    plan = plan_of(tmp_path, PlannedFile(Path("a.txt"), "a"), PlannedFile(Path("mine.txt"), "x"))

    with pytest.raises(ShipyardError, match=r"Would overwrite mine.txt; rerun with --force"):
        apply(plan)

    assert snapshot(tmp_path) == before


def test_force_overwrites(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("mine")

    apply(plan_of(tmp_path, PlannedFile(Path("mine.txt"), "x")), force=True)

    assert (tmp_path / "mine.txt").read_text() == "x"


def test_failure_in_follow_up_step_restores_everything(tmp_path: Path) -> None:
    (tmp_path / "shared.txt").write_text("old")
    (tmp_path / "uv.lock").write_text("lock v1")
    before = snapshot(tmp_path)

    def lock_then_fail() -> None:
        (tmp_path / "uv.lock").write_text("lock v2")
        (tmp_path / ".git").mkdir()
        raise ShipyardError("uv lock failed")

    plan = plan_of(
        tmp_path,
        PlannedFile(Path("deep/new/file.txt"), "x"),
        PlannedFile(Path("shared.txt"), "new", managed=True),
        guarded=(Path("uv.lock"), Path(".git")),
    )
    with pytest.raises(ShipyardError, match="uv lock failed"):
        apply(plan, then=lock_then_fail)

    assert snapshot(tmp_path) == before


def test_write_failure_part_way_rolls_back(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    before = snapshot(tmp_path)
    plan = plan_of(
        tmp_path, PlannedFile(Path("first.txt"), "x"), PlannedFile(Path("locked/a.txt"), "y")
    )
    with (
        read_only(locked),
        pytest.raises(ShipyardError, match=r"Cannot write .*nothing was changed"),
    ):
        apply(plan)

    assert snapshot(tmp_path) == before


def test_write_failure_on_a_file_in_the_way_rolls_back(tmp_path: Path) -> None:
    # A file where a directory must go fails the same way as a permission error, even as root.
    (tmp_path / "blocker").write_text("a file, not a directory")
    before = snapshot(tmp_path)
    plan = plan_of(
        tmp_path, PlannedFile(Path("first.txt"), "x"), PlannedFile(Path("blocker/a.txt"), "y")
    )

    with pytest.raises(ShipyardError, match="nothing was changed"):
        apply(plan)

    assert snapshot(tmp_path) == before


def test_no_temporary_files_are_left(tmp_path: Path) -> None:
    apply(plan_of(tmp_path, PlannedFile(Path("a/b.txt"), "x")))

    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b.txt"]


def test_generation_is_deterministic(tmp_path: Path) -> None:
    trees = []
    for parent in ("one", "two"):
        (tmp_path / parent).mkdir()
        root = tmp_path / parent / "acme"
        assert run_shipyard("new", str(root), "--no-lock", "--no-git", cwd=tmp_path).code == 0
        for kind, name in (("lib", "common"), ("service", "catalog"), ("service", "orders")):
            assert run_shipyard("add", kind, name, "--no-lock", cwd=root).code == 0
        trees.append(snapshot(root))

    assert trees[0] == trees[1]

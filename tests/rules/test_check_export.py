"""SY205 on the `export` fixture (a hand-written uv.lock that the real uv exports from, offline):
when uv is asked, what is cached, what `--fix` writes and what it leaves alone."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from shipyard.errors import ShipyardError
from shipyard.rules import CheckOptions, check
from shipyard.rules.finding import RewriteExport
from shipyard.rules.fix import exports_of, rewrite_exports
from shipyard.workspace import load_workspace
from tests.conftest import run_shipyard, snapshot
from tests.rules.conftest import no_git, run

pytestmark = pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not on PATH")

Copy = Callable[[str], Path]


@pytest.fixture
def root(fixture_copy: Copy) -> Path:
    return fixture_copy("export")


@pytest.fixture
def without_uv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A PATH on which there is no uv (nor anything else)."""
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def cached(root: Path) -> list[tuple[str, int, str]]:
    """SY205's findings with the cache on, as an editor's run on save sees them."""
    options = CheckOptions(select=("SY205",), tracked_files=no_git)
    return [(f.path, f.line, f.message) for f in check(load_workspace(root), options).findings]


def paths(findings: list[tuple[str, int, str]]) -> list[str]:
    return [f[0] for f in findings]


def test_the_findings_say_what_changed_and_carry_a_fix(root: Path) -> None:
    found = run(root, "SY205")
    assert [(f.path, f.line, f.message) for f in found] == [
        (
            "services/missing/pyproject.toml",
            13,
            "requirements.txt is missing (export-requirements is set); "
            "`shipyard check --fix` writes it",
        ),
        (
            "services/stale/requirements.txt",
            1,
            "requirements.txt differs from uv.lock (idna 3.7 -> 3.10, packaging removed, "
            "six added); `shipyard check --fix` rewrites it",
        ),
    ]
    assert [f.member for f in exports_of(found)] == ["services/missing", "services/stale"]


@pytest.mark.usefixtures("without_uv")
def test_a_workspace_without_the_key_never_needs_uv(root: Path) -> None:
    for pyproject in root.glob("services/*/pyproject.toml"):
        text = pyproject.read_text().replace("export-requirements = true", "")
        pyproject.write_text(text)
    assert run(root, "SY205") == []


def test_without_uv_each_exporting_member_says_why_and_nothing_is_cached(
    root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = os.environ["PATH"]
    empty = tmp_path / "empty-path"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    found = cached(root)
    assert paths(found) == [
        f"services/{m}/pyproject.toml" for m in ("api", "crlf", "missing", "stale")
    ]
    assert all("uv is not on PATH" in message for _, _, message in found)

    monkeypatch.setenv("PATH", path)
    assert paths(cached(root)) == [
        "services/missing/pyproject.toml",
        "services/stale/requirements.txt",
    ]


def test_the_cache_follows_the_lock_the_pyprojects_and_the_file(root: Path) -> None:
    assert paths(cached(root)) == [
        "services/missing/pyproject.toml",
        "services/stale/requirements.txt",
    ]
    assert paths(cached(root)) == [
        "services/missing/pyproject.toml",
        "services/stale/requirements.txt",
    ]

    lock = root / "uv.lock"
    text = lock.read_text()
    idna = text.index('[[package]]\nname = "idna"')
    hashed = text.index('hash = "sha256:', idna) + len('hash = "sha256:')
    lock.write_text(text[:hashed] + "f" * 64 + text[hashed + 64 :])  # another sdist of idna
    assert paths(cached(root)) == [
        "services/api/requirements.txt",
        "services/crlf/requirements.txt",
        "services/missing/pyproject.toml",
        "services/stale/requirements.txt",
    ]

    (root / "services" / "missing" / "requirements.txt").write_text("idna==3.10\n")
    found = cached(root)
    assert paths(found) == [
        "services/api/requirements.txt",
        "services/crlf/requirements.txt",
        "services/missing/requirements.txt",
        "services/stale/requirements.txt",
    ]
    assert "workspace members to install" in found[2][2]  # it has no header
    assert "idna's hashes or markers" in found[2][2]  # nor hashes

    stale = root / "services" / "stale" / "pyproject.toml"
    stale.write_text(stale.read_text().replace("export-requirements = true", ""))
    assert paths(cached(root)) == [
        "services/api/requirements.txt",
        "services/crlf/requirements.txt",
        "services/missing/requirements.txt",
    ]


def test_fix_writes_the_missing_and_stale_exports_and_nothing_else(root: Path) -> None:
    before = snapshot(root)

    result = run_shipyard("check", "--select", "SY205", "--fix", cwd=root)

    assert result.code == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[:2] == [
        "Fixed: wrote services/missing/requirements.txt from uv.lock",
        "Fixed: wrote services/stale/requirements.txt from uv.lock",
    ]
    assert result.stdout.splitlines()[2].startswith("All checks passed!")
    after = snapshot(root)
    changed = {p for p in after if before.get(p) != after[p]}
    assert changed == {"services/missing/requirements.txt", "services/stale/requirements.txt"}
    written = (root / "services" / "stale" / "requirements.txt").read_text()
    assert "#   pip install --no-deps ./libs/common ./services/stale\n" in written
    assert "idna==3.10 \\\n" in written
    assert "six==1.17.0 \\\n" in written
    assert "packaging" not in written
    assert "iniconfig" not in written  # api's dev group
    assert "pytest" not in written  # the root's


def test_fix_leaves_exports_alone_when_sy205_is_not_checked(root: Path) -> None:
    before = snapshot(root)
    result = run_shipyard("check", "--select", "SY204", "--fix", cwd=root)
    assert result.code == 0, result.stdout + result.stderr
    assert snapshot(root) == before


def test_a_suppressed_finding_is_neither_reported_nor_fixed(root: Path) -> None:
    stale = root / "services" / "stale" / "requirements.txt"
    stale.write_text("# shipyard: ignore[SY205]\n" + stale.read_text())
    before = stale.read_text()
    assert paths(cached(root)) == ["services/missing/pyproject.toml"]
    assert run_shipyard("check", "--select", "SY205", "--fix", cwd=root).code == 0
    assert stale.read_text() == before


def test_a_write_failing_part_way_leaves_every_file_as_it_was(root: Path) -> None:
    # The second file cannot be written (a directory is in its place): the first is undone.
    (root / "services" / "stale" / "requirements.txt").unlink()
    (root / "services" / "stale" / "requirements.txt").mkdir()
    before = snapshot(root)
    fixes = [RewriteExport("services/missing"), RewriteExport("services/stale")]
    with pytest.raises(ShipyardError, match=r"Cannot write .*nothing was changed"):
        rewrite_exports(load_workspace(root), fixes)
    assert snapshot(root) == before


def test_uv_says_why_it_cannot_export(root: Path) -> None:
    lock = root / "uv.lock"
    lock.write_text(lock.read_text().replace('version = "3.10"', 'version = "3.11"'))
    found = run(root, "SY205")
    assert len(found) == 4
    assert (
        "error: Failed to parse `uv.lock` cause: The entry for package `idna`" in found[0].message
    )


def test_an_export_left_out_of_the_walk_is_still_there(root: Path) -> None:
    pyproject = root / "pyproject.toml"
    excluded = '\n[tool.shipyard.check]\nexclude = ["services/*/requirements.txt"]\n'
    pyproject.write_text(pyproject.read_text() + excluded)
    assert paths(cached(root)) == [
        "services/missing/pyproject.toml",
        "services/stale/requirements.txt",
    ]
    # and the cache sees it change
    (root / "services" / "crlf" / "requirements.txt").write_text("idna==3.10\n")
    assert paths(cached(root)) == [
        "services/crlf/requirements.txt",
        "services/missing/pyproject.toml",
        "services/stale/requirements.txt",
    ]

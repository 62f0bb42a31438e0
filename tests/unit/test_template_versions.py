"""Template versions: every version a member may record can be rendered again, exactly.

The live templates must equal the archive of their version: once a version's archive is on
main, members record it and `shipyard upgrade` re-renders it as their base, so changing the
templates without a new version would make upgrades take the wrong lines for the user's."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from shipyard.scaffold.template_versions import (
    archived,
    archived_versions,
    current_version,
    live_sources,
    read_archive,
    write_archive,
)

REPOSITORY = Path(__file__).parents[2]
SCRIPT = REPOSITORY / "scripts/archive_templates.py"
TEMPLATES = Path("src/shipyard/scaffold/templates")
HISTORY_DIR = Path("src/shipyard/scaffold/template_history")
RUN = "run `uv run python scripts/archive_templates.py` (see its docstring for the rule)"


def test_every_version_up_to_the_current_one_is_archived() -> None:
    current = current_version()

    assert archived_versions() == list(range(1, current + 1)), RUN


def test_the_live_templates_are_their_versions_archive() -> None:
    live = live_sources()
    archive = archived(current_version()).sources

    changed = sorted(n for n in live.keys() | archive.keys() if live.get(n) != archive.get(n))
    assert not changed, (
        f"the templates differ from version {current_version()}'s archive "
        f"({', '.join(changed[:5])}): {RUN}"
    )


def test_an_archive_holds_the_folder_and_depends_on_nothing_else() -> None:
    """No times, owners or order in it: the same folder archived twice gives the same bytes
    (the script compares contents, so another zlib's bytes would not matter either)."""
    sources = live_sources()

    archive = write_archive(sources)

    assert read_archive(archive) == sources
    assert write_archive(dict(reversed(sources.items()))) == archive


def test_an_archive_records_its_version() -> None:
    for version in archived_versions():
        assert archived(version).sources["VERSION"].strip() == str(version)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def archive_templates(root: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(root)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_changed_template_is_seen_and_the_script_versions_it(tmp_path: Path) -> None:
    """A checkout whose version 1 is on main: a change starts version 2 and leaves 1's
    archive as it was; another change before version 2 reaches main rewrites 2's archive."""
    root = tmp_path / "checkout"
    shutil.copytree(
        REPOSITORY / TEMPLATES, root / TEMPLATES, ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(REPOSITORY / HISTORY_DIR, root / HISTORY_DIR)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "-c", "user.email=t@e.st", "-c", "user.name=t", "commit", "-qm", "v1")
    git(root, "checkout", "-q", "-b", "change")
    version = current_version()
    before = (root / HISTORY_DIR / f"{version}.tar.gz").read_bytes()
    readme = root / TEMPLATES / "lib/README.md.jinja"

    readme.write_text(readme.read_text() + "\nOne more line.\n")
    assert live_sources(root / TEMPLATES) != read_archive(before)  # the guard sees it
    first = archive_templates(root)
    readme.write_text(readme.read_text() + "And another.\n")
    second = archive_templates(root)

    assert f"Template version {version + 1} started" in first
    assert f"Template version {version + 1} archived" in second
    assert (root / TEMPLATES / "VERSION").read_text() == f"{version + 1}\n"
    assert (root / HISTORY_DIR / f"{version}.tar.gz").read_bytes() == before
    newest = read_archive((root / HISTORY_DIR / f"{version + 1}.tar.gz").read_bytes())
    assert newest == live_sources(root / TEMPLATES)
    assert f"The templates are version {version + 1}" in archive_templates(root)  # unchanged

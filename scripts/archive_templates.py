"""Keep src/shipyard/scaffold/template_history/ in step with the templates.

The rule: a template version is frozen once its archive is on the main branch, because from
then on members may record it and `shipyard upgrade` must re-render it exactly. So, when the
live templates differ from the archive of templates/VERSION:

- that archive is on main: start a new version (VERSION + 1) and archive the templates as it;
- it is not (this branch started the version): rewrite its archive, so a branch that changes
  the templates in several commits still makes one version.

Run it after changing anything under templates/ (tests/unit/test_template_versions.py fails
until you do). `--bump` or `--refresh` overrides the choice; `--released REF` names the branch
that counts as released (default: main); `--root` another checkout (the tests use one).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from shipyard.scaffold.template_versions import (
    VERSION_FILE,
    live_sources,
    read_archive,
    write_archive,
)

TEMPLATES = Path("src/shipyard/scaffold/templates")
HISTORY = Path("src/shipyard/scaffold/template_history")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--bump", action="store_true", help="always start a new version")
    choice.add_argument("--refresh", action="store_true", help="rewrite the current archive")
    parser.add_argument("--released", default="main", help="the branch that counts as released")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    options = parser.parse_args()
    root = options.root

    version = int((root / TEMPLATES / VERSION_FILE).read_text().strip())
    archive = HISTORY / f"{version}.tar.gz"
    live = live_sources(root / TEMPLATES)
    if (root / archive).is_file() and read_archive((root / archive).read_bytes()) == live:
        print(f"The templates are version {version}, archived in {archive}.")
        return 0
    bump = (root / archive).is_file() and (
        options.bump or (not options.refresh and released(root, archive, options.released))
    )
    if bump:
        version += 1
        (root / TEMPLATES / VERSION_FILE).write_text(f"{version}\n")
        archive = HISTORY / f"{version}.tar.gz"
        live = live_sources(root / TEMPLATES)
    (root / HISTORY).mkdir(exist_ok=True)
    (root / archive).write_bytes(write_archive(live))
    said = "started" if bump else "archived"
    print(f"Template version {version} {said}: {archive}.")
    return 0


def released(root: Path, archive: Path, branch: str) -> bool:
    """Whether `archive` is on `branch`; without git or the branch, assume it is (safe)."""
    spec = f"{branch}:{archive.as_posix()}"
    try:
        found = subprocess.run(["git", "cat-file", "-e", spec], cwd=root, capture_output=True)
    except OSError:
        return True
    if found.returncode == 0:
        return True
    known = subprocess.run(
        ["git", "rev-parse", "--verify", "--quiet", branch], cwd=root, capture_output=True
    )
    return known.returncode != 0


if __name__ == "__main__":
    sys.exit(main())

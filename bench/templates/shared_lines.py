"""How much of the shop example's own template source repeats the base templates.

For every file the shop keeps under templates/examples/shop/services/, the base template that
writes the same path (templates/service/..., `__name__` standing for the service) is read with
`{{ name }}` replaced by the service's name; the figure is the shop's non-blank lines that
also stand in that base file (a line counts as often as the base has it). `duplicates` then
lists runs of 6 or more lines the shop's sources share with any base template.

Run: uv run python bench/templates/shared_lines.py [REV]   (REV: a git revision; default: the
working tree)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).parents[2]
TEMPLATES = Path("src/shipyard/scaffold/templates")
SHOP_SERVICES = Path("examples/shop/services")
JINJA_TAG = re.compile(r"{[%#].*?[%#]}")


def templates_at(revision: str | None, scratch: Path) -> Path:
    if revision is None:
        return ROOT / TEMPLATES
    archive = subprocess.run(
        ["git", "archive", revision, TEMPLATES.as_posix()],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(scratch)], input=archive, check=True)
    return scratch / TEMPLATES


def meaningful(text: str) -> list[str]:
    """Non-blank lines, stripped; a line holding only Jinja tags does not count."""
    lines = (JINJA_TAG.sub("", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def base_of(templates: Path, service: str, relative: Path) -> Path | None:
    parts = ["__name__" if part == service else part for part in relative.parts]
    for candidate in (Path("service", *parts), Path("service", *parts).with_suffix("")):
        for path in (templates / candidate, templates / f"{candidate}.jinja"):
            if path.is_file():
                return path
    return None


def shared_with_same_file(templates: Path) -> tuple[int, int, list[str]]:
    shared = total = 0
    rows = []
    for path in sorted((templates / SHOP_SERVICES).rglob("*")):
        if not path.is_file() or path.suffix == ".md" or path.name.endswith(".md.jinja"):
            continue
        service, *rest = path.relative_to(templates / SHOP_SERVICES).parts
        own = meaningful(path.read_text(encoding="utf-8"))
        total += len(own)
        base = base_of(templates, service, Path(*rest))
        if base is None:
            continue
        base_text = base.read_text(encoding="utf-8").replace("{{ name }}", service)
        common = sum((Counter(own) & Counter(meaningful(base_text))).values())
        shared += common
        rows.append(f"  {path.relative_to(templates)}: {common} of {len(own)} lines")
    return shared, total, rows


def duplicate_runs(templates: Path, scratch: Path) -> str:
    """`duplicates` over the shop's and the base's Python sources, `.jinja` dropped from the
    names so that it reads them, `{{ name }}` in the base replaced by each shop service."""
    tree = scratch / "tree"
    for path in templates.rglob("*"):
        if not path.is_file() or not path.name.removesuffix(".jinja").endswith(".py"):
            continue
        relative = path.relative_to(templates)
        if relative.parts[0] == "examples":
            copies = {relative: path.read_text(encoding="utf-8")}
        else:
            text = path.read_text(encoding="utf-8")
            copies = {
                Path(f"base-{service}", relative): text.replace("{{ name }}", service)
                for service in ("catalog", "orders")
            }
        for target, text in copies.items():
            destination = tree / str(target).removesuffix(".jinja")
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(text, encoding="utf-8")
    found = subprocess.run(
        ["duplicates", "--repo", str(tree), "--most", "200"], capture_output=True, text=True
    ).stdout
    between = [line for line in found.splitlines() if _same_service(line)]
    return "\n".join([f"{len(between)} pairs between the shop and the base:", *between])


def _same_service(row: str) -> bool:
    """A row pairing the shop with the base rendered for the same service (or for any one,
    where the shop's side is not a service's file)."""
    base = re.search(r"base-(\w+)/", row)
    shop = re.search(r"examples/shop/(services/(\w+)/)?", row)
    if not (row.startswith("D") and base and shop):
        return False
    return shop[2] in (None, base[1]) if shop[1] else base[1] == "catalog"


def main() -> None:
    revision = sys.argv[1] if len(sys.argv) > 1 else None
    scratch = Path(tempfile.mkdtemp(prefix="shared-lines-"))
    try:
        templates = templates_at(revision, scratch)
        shared, total, rows = shared_with_same_file(templates)
        print(f"templates at {revision or 'the working tree'}")
        print(f"shop service sources: {total} non-blank lines; {shared} repeat the base file")
        print("\n".join(rows))
        if shutil.which("duplicates"):
            print(duplicate_runs(templates, scratch))
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()

"""shipyard keeps its own architecture, checked with its own import extraction: the command
line on top; the use cases (rules, scaffold, run, containers) side by side, never importing
each other; below them what they share (the import graph, Django project reading, changes
to files); the workspace model and errors at the bottom."""

from __future__ import annotations

import ast
from pathlib import Path

from shipyard.graph import extract_imports

SOURCE = Path(__file__).parents[2] / "src" / "shipyard"
BOTTOM = {"errors", "workspace", "ci_annotations"}
# Each package and what it may import besides itself; anything missing here may import only
# the bottom layer. `__init__`/`__main__` are the package's entry points.
ALLOWED: dict[str, set[str]] = {
    "cli": {"*"},
    "__main__": {"cli"},
    "__init__": set(),
    "rules": {"graph", "django", "changes", "tools", *BOTTOM},
    # A Django project's layout (settings, apps) is read by `django`, below the scaffold.
    "scaffold": {"changes", "django", "tools", *BOTTOM},
    # adopt reads the scaffold's plain templates (.gitignore, .dockerignore) as package data,
    # never its code; it renders its own Dockerfile and Makefile.
    "adopt": {"changes", "tools", *BOTTOM},
    "run": BOTTOM,
    "containers": {"tools", *BOTTOM},
    "contracts": {"changes", "django", *BOTTOM},
    "graph": {"django", *BOTTOM},
    "django": BOTTOM,
    "changes": {"errors"},
    "tools": {"errors"},
    "ci_annotations": set(),
    "workspace": {"errors"},
    "errors": set(),
}


def layer_of(path: Path) -> str:
    return path.relative_to(SOURCE).parts[0].removesuffix(".py")


def imports_of(path: Path) -> set[str]:
    """The shipyard packages `path` imports (absolute imports; relative ones stay inside)."""
    text = path.read_text(encoding="utf-8")
    found = set()
    for raw in extract_imports(ast.parse(text), text):
        parts = raw.module.split(".")
        if raw.level == 0 and parts[0] == "shipyard" and len(parts) > 1:
            found.add(parts[1])
    return found


def test_no_import_goes_sideways_or_up() -> None:
    wrong = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "templates" in path.parts:
            continue
        layer = layer_of(path)
        allowed = ALLOWED.get(layer, BOTTOM)
        for target in imports_of(path) - {layer}:
            if "*" not in allowed and target not in allowed and target != "__version__":
                wrong.append(f"{path.relative_to(SOURCE)} imports shipyard.{target}")
    assert wrong == []


def test_the_table_names_every_package() -> None:
    packages = {layer_of(p) for p in SOURCE.iterdir() if p.suffix == ".py" or p.is_dir()}
    assert packages - {"__pycache__"} <= set(ALLOWED)

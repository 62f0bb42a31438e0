"""Configure `tach` and `import-linter` with the boundary rules shipyard's SY101 and SY102
enforce, on a workspace written by `generate.py`: services never import each other, libraries
never import services.

- tach: one module per member package, each service depending on the lib only, with every
  member's `src` in `source_roots`. tach 0.35 treats each folder with a pyproject.toml as its own
  package and never applies `depends_on` to imports between packages (tach-org/tach#942), so
  `compare.py` moves the members' pyproject.toml files aside while tach runs;
- import-linter: an `independence` contract over the services and a `forbidden` contract from
  the lib to the services.
"""

from __future__ import annotations

from pathlib import Path

LIB = "common"


def services(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "services").iterdir() if p.is_dir())


def source_roots(root: Path) -> list[str]:
    found = [f"libs/{LIB}/src", *(f"services/{s}/src" for s in services(root))]
    return [str(root / r) for r in found]


def write_tach(root: Path) -> None:
    roots = ",\n    ".join(f'"{Path(r).relative_to(root).as_posix()}"' for r in source_roots(root))
    lines = [
        'exclude = ["**/tests", "**/__pycache__", ".venv", ".shipyard"]',
        f"source_roots = [\n    {roots},\n]",
        "",
        "[[modules]]",
        f'path = "{LIB}"',
        "depends_on = []",
    ]
    for service in services(root):
        lines += ["", "[[modules]]", f'path = "{service}"', f'depends_on = ["{LIB}"]']
    (root / "tach.toml").write_text("\n".join(lines) + "\n")


def write_importlinter(root: Path) -> None:
    names = services(root)
    listed = "".join(f"\n    {s}" for s in names)
    (root / ".importlinter").write_text(
        "[importlinter]\n"
        f"root_packages =\n    {LIB}{listed}\n\n"
        "[importlinter:contract:services-independent]\n"
        "name = Services never import each other\n"
        "type = independence\n"
        f"modules ={listed}\n\n"
        "[importlinter:contract:lib-no-services]\n"
        "name = The lib never imports a service\n"
        "type = forbidden\n"
        f"source_modules =\n    {LIB}\n"
        f"forbidden_modules ={listed}\n"
    )

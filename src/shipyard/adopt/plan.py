"""The whole adoption as a plan, computed without writing anything: moves, renames, the
dependency translation, every rewritten file and every generated one, and the notes that say
what adopt could not do."""

from __future__ import annotations

import ast
import json
import re
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shipyard.adopt.analysis import Source, analyse, is_test
from shipyard.adopt.celery_tasks import module_of, renamed_tasks
from shipyard.adopt.codemods.names import Renaming
from shipyard.adopt.codemods.python import rewrite_python
from shipyard.adopt.codemods.text import rewrite_text
from shipyard.adopt.compose import (
    adopt_compose,
    command_of,
    container_port,
    entrypoint_of,
    environment_of,
    infrastructure,
    old_compose,
    other_commands,
    services_by_member,
)
from shipyard.adopt.dependencies import Translation, translate
from shipyard.adopt.django_apps import keep_app_labels
from shipyard.adopt.dockerfile import read_dockerfile
from shipyard.adopt.file_paths import Anchor, follow_file_paths
from shipyard.adopt.kubernetes import Deployed, Process, ci_workflow, kubernetes_files
from shipyard.adopt.layout import EVERYWHERE, Layout, plan_layout
from shipyard.adopt.locks import read_locked
from shipyard.adopt.makefile import LEGACY, OLD, forwarded_targets, legacy_makefile
from shipyard.adopt.model import Analysis, Code, Edit, Found, Move, Note
from shipyard.adopt.pyprojects import member_pyproject, root_pyproject
from shipyard.adopt.python_version import wanted_python
from shipyard.adopt.templates import render, scaffold_file
from shipyard.adopt.tree import Tree
from shipyard.adopt.workdir import CommandPaths
from shipyard.changes import PlannedFile
from shipyard.errors import ShipyardError
from shipyard.workspace import Role, Runtime
from shipyard.workspace.toolchain import PYTHON, UV_VERSION

REPORT = Path("docs/adoption.md")
COMPOSE = Path("compose.yaml")
# Files whose text may name modules: rewritten like commands.
TEXT_SUFFIXES = frozenset({".ini", ".cfg", ".toml", ".sh", ".yml", ".yaml", ".conf", ".env", ".mk"})
TEXT_NAMES = frozenset({"Makefile", "Procfile", "Dockerfile", "Containerfile", "tox.ini"})
# Dependency files the members' pyprojects replace.
REPLACED = re.compile(
    r"^(?:.*requirements.*\.(?:txt|in)|Pipfile(?:\.lock)?|poetry\.lock|uv\.lock|setup\.py)$"
)


@dataclass(frozen=True)
class Plan:
    analysis: Analysis
    layout: Layout
    translation: Translation
    files: tuple[PlannedFile, ...]
    """Written after the moves, at their new paths: rewritten and generated files."""
    removed: tuple[Path, ...]
    """New paths (after the moves) of files the workspace replaces."""
    edits: tuple[Edit, ...]
    generated: tuple[Path, ...]
    notes: tuple[Note, ...]
    moves: tuple[Move, ...] = field(default=())
    python: str = PYTHON
    """The Python the workspace requires (`3.x`)."""
    locked: dict[str, dict[str, str]] = field(default_factory=dict)
    """Member -> name -> version its old lock file (poetry.lock, Pipfile.lock, uv.lock)
    installed whatever the Python and platform: read before the moves take the locks away."""


def make_plan(root: Path, files: list[str]) -> Plan:
    analysis, sources = analyse(root, files)
    layout = plan_layout(analysis)
    tree = Tree(files)
    notes: list[Note] = list(analysis.ignored)
    owners = _owners(analysis, files)
    followed = follow_file_paths(analysis.root, layout, owners, _trees(owners, sources), tree)
    layout = Layout(layout.moves + tuple(followed.moves), layout.renames, layout.packages)
    notes += followed.notes
    renamings = _renamings(analysis, layout, tree, sources)
    generated, label_notes = keep_app_labels(analysis.members, layout, sources, owners, renamings)
    notes += label_notes
    removable = _removable_targets(analysis)
    uses = _uses(analysis, owners, sources)
    locked = {m.name: read_locked(root / m.old) for m in analysis.members if not m.shared}
    if analysis.root_declared is not None:
        locked["."] = read_locked(root)  # the two-level root's tools
    imported = _imported_by_code(owners, sources)
    translation = translate(analysis.members, analysis.root_declared, uses, locked, imported)
    notes += translation.changes
    removed_old = _replaced_files(analysis, files)
    members = {m.name: m for m in analysis.members}
    python, python_notes = wanted_python(root, files)
    notes += python_notes

    def member_rewrite(text: str, member: Found | None) -> str:
        renaming = renamings.get(member.name if member else EVERYWHERE, renamings[EVERYWHERE])
        return rewrite_text(text, renaming)[0]

    compose = old_compose(root)
    compose_text = (root / compose).read_text(encoding="utf-8") if compose else ""
    compose_services = services_by_member(compose_text, analysis.members) if compose else {}
    compose_others = other_commands(compose_text, analysis.members) if compose else {}
    follow = CommandPaths(root, tree, layout.new_path, compose, compose_text)
    deployed: list[Deployed] = []
    for member in analysis.members:
        generated[member.new / "pyproject.toml"] = member_rewrite(
            member_pyproject(root, member, translation.members[member.name], python), member
        )
        if not _has_readme(tree, member):
            generated[member.new / "README.md"] = _readme(member)
        if member.role.deployed:
            service = compose_services.get(member.name, {})
            dockerfile, dropped, port = _dockerfile(
                root, member, members, translation, member_rewrite, service, python, follow
            )
            generated[member.new / "Dockerfile"] = dockerfile
            notes += dropped
            environment = {k: member_rewrite(v, member) for k, v in environment_of(service).items()}
            beside = compose_others.get(member.name, {})
            processes = _processes(member, beside, member_rewrite, follow)
            deployed.append(Deployed(member, port, environment, processes))
    for package in layout.packages:
        generated[package] = ""
    keep_root = analysis.root_declared is not None
    generated[Path("pyproject.toml")] = root_pyproject(
        root, analysis.name, analysis.members, translation, keep_root,
        _strangers(analysis, layout, files), python,
    )  # fmt: skip
    moves = list(layout.moves)
    if compose is not None:
        text, compose_notes = adopt_compose(
            compose_text, compose, analysis.members,
            layout.new_path, member_rewrite, follow.text,
        )  # fmt: skip
        notes += compose_notes
        for name, beside in compose_others.items():
            listed = ", ".join(f"`{o}`" for o in beside)
            notes.append(
                Note(
                    COMPOSE.as_posix(),
                    f"{listed} also build {name}'s image with commands of their own (a worker, "
                    "a scheduler): compose runs them; its Dockerfile's CMD is the web one, and "
                    f"each one with a command is a Deployment of its own in deploy/k8s/{name}/ "
                    "(a scheduler: one replica, replaced with Recreate).",
                )
            )
        if compose != COMPOSE:
            moves.append(Move(compose, COMPOSE))
        generated[COMPOSE] = text
    notes += [Note(where, message) for where, message in follow.notes]
    others = infrastructure(compose_text, analysis.members) if compose else []
    manifests, deploy_notes = kubernetes_files(analysis.name, deployed, others, set(files))
    workflow, workflow_notes = ci_workflow(
        analysis.name, [d.member for d in deployed], set(files), python
    )
    generated |= manifests | workflow
    notes += deploy_notes + workflow_notes
    legacy: dict[str, object] | None = None
    if OLD.as_posix() in files and OLD.as_posix() not in owners:
        old_makefile = (root / OLD).read_text(encoding="utf-8", errors="replace")
        text, count = legacy_makefile(old_makefile, analysis.members, renamings[EVERYWHERE])
        moves.append(Move(OLD, LEGACY))
        generated[LEGACY] = text
        legacy = {"file": LEGACY.as_posix(), "targets": forwarded_targets(old_makefile)}
        notes.append(
            Note(
                LEGACY.as_posix(),
                f"is the old Makefile ({count} paths and module names updated); the new Makefile "
                "runs its targets that it does not define itself, the others with "
                f"`make -f {LEGACY.as_posix()} TARGET`.",
            )
        )
    generated[Path("Makefile")] = render(
        "Makefile.jinja",
        {"workspace": analysis.name, "legacy": legacy, "had_tests": _had_tests(analysis, files)},
    )
    generated[Path(".gitignore")] = _merged_ignore(root / ".gitignore", "workspace/dot-gitignore")
    generated[Path(".dockerignore")] = _merged_ignore(
        root / ".dockerignore", "workspace/dot-dockerignore"
    )
    edits, rewritten = _rewrite(
        root, analysis, layout, sources, owners, renamings, removable, removed_old, generated,
        notes, followed.anchors,
    )  # fmt: skip
    full = Layout(tuple(moves), layout.renames, layout.packages)
    removed = tuple(sorted(full.new_path(p) for p in removed_old))
    files_out = {**rewritten, **generated}
    planned = tuple(
        PlannedFile(path, content)
        for path, content in sorted(files_out.items(), key=lambda i: str(i[0]))
    )
    return Plan(
        analysis=analysis,
        layout=layout,
        translation=translation,
        files=planned,
        removed=removed,
        edits=tuple(edits),
        generated=tuple(sorted(generated)),
        notes=tuple(notes),
        moves=tuple(moves),
        python=python,
        locked={
            m.name: read_locked(root / m.old, conditional=False)
            for m in analysis.members
            if not m.shared
        },
    )


def _trees(owners: dict[str, Found], sources: dict[str, Source]) -> dict[str, ast.Module]:
    """The parsed Python files that move with a member and may build a path from `__file__`
    (or be a Flask app or blueprint, which finds its folders from it): a look at the text
    spares walking the others' trees again."""
    return {
        file: tree
        for file in owners
        if (source := sources.get(file)) is not None
        and (tree := source.tree) is not None
        and any(word in source.text for word in (b"__file__", b"Flask", b"Blueprint"))
    }


def _imported_by_code(owners: dict[str, Found], sources: dict[str, Source]) -> dict[str, set[str]]:
    """Member -> the top-level names its files that are not tests import."""
    imported: dict[str, set[str]] = {}
    for file, source in sources.items():
        owner = owners.get(file)
        if owner is not None and not is_test(file.split("/")):
            imported.setdefault(owner.name, set()).update(source.imported)
    return imported


def _strangers(analysis: Analysis, layout: Layout, files: list[str]) -> tuple[Path, ...]:
    """Folders under services/ and libs/ after the moves that are no member."""
    members = {m.new for m in analysis.members}
    found = set()
    for file in files:
        new = layout.new_path(Path(file))
        if len(new.parts) > 2 and new.parts[0] in {"services", "libs"}:
            folder = Path(*new.parts[:2])
            if folder not in members:
                found.add(folder)
    return tuple(sorted(found))


TEST_FILE = re.compile(r"(^|/)(test_[^/]*|[^/]*_test|tests)\.py$")


def _had_tests(analysis: Analysis, files: list[str]) -> list[str]:
    """The new folders of the members that held test files before the adoption."""
    owners = _owners(analysis, [f for f in files if TEST_FILE.search(f)])
    return sorted({m.new.as_posix() for m in owners.values() if not m.shared})


def _owners(analysis: Analysis, files: list[str]) -> dict[str, Found]:
    """File -> the member it moves with (code of shared libs included)."""
    owners: dict[str, Found] = {}
    for member in analysis.members:
        roots = [c.path for c in member.code] if member.shared else list(member.entries)
        for entry in roots:
            prefix = entry.as_posix()
            for file in files:
                if file == prefix or file.startswith(prefix + "/"):
                    owners[file] = member
    return owners


def _renamings(
    analysis: Analysis, layout: Layout, tree: Tree, sources: dict[str, Source]
) -> dict[str, Renaming]:
    code_of: dict[tuple[str, str], Code] = {}
    for member in analysis.members:
        for code in member.code:
            code_of[(EVERYWHERE if member.shared else member.name, code.name)] = code
    renamings = {}
    for key in [EVERYWHERE, *(m.name for m in analysis.members)]:
        modules = layout.modules(key)
        known = {}
        for old in modules:
            found = code_of.get((key, old)) or code_of.get((EVERYWHERE, old))
            known[old] = _defined(found, tree, sources) if found else frozenset()
        renamings[key] = Renaming(modules, known)
    return renamings


def _defined(code: Code, tree: Tree, sources: dict[str, Source]) -> frozenset[str]:
    """Submodules and top-level names of `code`: what may follow its name in a dotted path."""
    path = code.path.as_posix()
    names: set[str] = set()
    module = f"{path}/__init__.py" if code.package else path
    if code.package:
        names |= {d for d in tree.dirs_in(path)}
        names |= {f.removesuffix(".py") for f in tree.files_in(path) if f.endswith(".py")}
    source = sources.get(module)
    if source is not None and source.tree is not None:
        for node in source.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names.add(node.target.id)
            elif isinstance(node, ast.ImportFrom | ast.Import):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return frozenset(names)


def _removable_targets(analysis: Analysis) -> set[Path]:
    """Folders a sys.path hack may add that the workspace installs anyway."""
    root = analysis.root
    targets = {root}
    for member in analysis.members:
        folder = (root / member.old).resolve()
        targets |= {folder, folder / "src"}
    return targets


def _uses(
    analysis: Analysis, owners: dict[str, Found], sources: dict[str, Source]
) -> dict[str, tuple[str, ...]]:
    """Member -> the libs (and the root application) its code imports."""
    libs = {
        c.name: m.name
        for m in analysis.members
        if m.role is Role.LIB or m.old == Path(".")
        for c in m.code
    }
    uses: dict[str, set[str]] = {}
    for file, source in sources.items():
        owner = owners.get(file)
        if owner is None:
            continue
        own = {c.name for c in owner.code}
        for name in (source.imported - own) & set(libs):
            if libs[name] != owner.name:
                uses.setdefault(owner.name, set()).add(libs[name])
    return {k: tuple(sorted(v)) for k, v in uses.items()}


def _replaced_files(analysis: Analysis, files: list[str]) -> list[Path]:
    tracked = set(files)
    removed = []
    declared = [(m.old, m.declared) for m in analysis.members if m.declared is not None]
    if analysis.root_declared is not None:
        declared.append((Path("."), analysis.root_declared))
    for folder, found in declared:
        base = (analysis.root / folder).resolve()
        candidates = [p.resolve() for p in found.sources]
        # Their pins are the workspace's constraints; the workspace has one uv.lock, its own.
        candidates += [base / "poetry.lock", base / "Pipfile.lock", base / "uv.lock"]
        for path in candidates:
            if not path.is_relative_to(analysis.root):
                continue
            relative = path.relative_to(analysis.root).as_posix()
            replaced = REPLACED.match(path.name) or (
                path.parent.name == "requirements" and path.suffix in {".txt", ".in"}
            )  # `requirements/base.txt`
            if relative in tracked and replaced and relative not in removed:
                removed.append(relative)
    return [Path(p) for p in sorted(set(removed))]


def _has_readme(tree: Tree, member: Found) -> bool:
    if member.shared or member.old == Path("."):
        return False
    return any(n.lower().startswith("readme") for n in tree.files_in(member.old.as_posix()))


def _readme(member: Found) -> str:
    where = "code several members shared" if member.shared else f"`{member.old.as_posix()}/`"
    return (
        f"# {member.name}\n\nA {member.role.value} of this workspace, adopted by `shipyard adopt` "
        f"from {where}.\nIts package is `{member.import_name}` (`src/{member.import_name}/`); "
        "docs/adoption.md at the workspace root says what moved and what was rewritten.\n"
    )


def _dockerfile(
    root: Path,
    member: Found,
    members: dict[str, Found],
    translation: Translation,
    rewrite: object,
    compose_service: dict[str, Any],
    python: str,
    follow: CommandPaths,
) -> tuple[str, list[Note], str | None]:
    """The Dockerfile, what of the old one it does not carry over, and the port it serves."""
    assert callable(rewrite)
    notes: list[Note] = []
    command: list[str] | None = None
    entrypoint: list[str] | None = None
    ports: list[str] = []
    env: dict[str, str] = {}
    packages: list[str] = []
    old_path = member.dockerfile.as_posix() if member.dockerfile else None
    if member.dockerfile is not None:
        old = read_dockerfile((root / member.dockerfile).read_text(encoding="utf-8"))
        if old.command:
            command = follow.words(rewrite_words(old.command, member, rewrite), member, "CMD")
        if old.entrypoint:
            words = rewrite_words(old.entrypoint, member, rewrite)
            entrypoint = follow.words(words, member, "ENTRYPOINT")
        ports, env, packages = old.ports, old.env, old.packages
        notes += [Note(f"{old_path}", f"not carried over: {d}") for d in old.dropped]
    assert callable(rewrite)
    compose_command = command_of(compose_service)
    if command is None and entrypoint is None and compose_command:
        words = rewrite_words(compose_command, member, rewrite)
        words = follow.words(words, member, "command", compose_service)
        command = [w for w in words if w != "--reload"]
        notes.append(
            Note(
                member.new.as_posix(),
                f"the Dockerfile runs the command compose ran "
                f"({' '.join(words)}), without --reload.",
            )
        )
    if command is None and entrypoint is None:
        command = _default_command(member, translation)
        notes.append(
            Note(
                member.new.as_posix(),
                f"no command to start it was found; the Dockerfile runs {' '.join(command)}.",
            )
        )
    flask_app = follow.flask_app(command or [], member, env)
    if flask_app is not None:
        env = {**env, "FLASK_APP": flask_app}
    libs = [members[n].new.as_posix() for n in translation.members[member.name].workspace]
    if member.role is Role.SERVICE and not ports:
        ports = [container_port(compose_service) or "8000"]
    context = {
        "name": member.name,
        "path": member.new.as_posix(),
        "old": old_path,
        "role": member.role.value,
        "python": python,
        "uv_version": UV_VERSION,
        "members": [*libs, member.new.as_posix()],
        "packages": packages,
        "env": env,
        "ports": ports,
        "command": json.dumps(command) if command else '["sh"]',
        "entrypoint": json.dumps(entrypoint) if entrypoint else None,
    }
    return render("Dockerfile.jinja", context), notes, ports[0] if ports else None


def _processes(
    member: Found,
    services: dict[str, dict[str, Any]],
    rewrite: Callable[[str, Found | None], str],
    follow: CommandPaths,
) -> tuple[Process, ...]:
    """The compose services beside the chosen one that run the member's image with a command
    of their own, their commands and environment rewritten like the rest of the adoption."""
    found = []
    for name, service in services.items():
        command = command_of(service)
        if not command:
            continue  # the image's own CMD: the member's Deployment runs it already
        entrypoint = entrypoint_of(service)
        found.append(
            Process(
                name=name,
                command=follow.words(
                    rewrite_words(command, member, rewrite), member, "command", service
                ),
                entrypoint=follow.words(
                    rewrite_words(entrypoint, member, rewrite), member, "entrypoint", service
                )
                if entrypoint
                else None,
                environment={k: rewrite(v, member) for k, v in environment_of(service).items()},
                ports=tuple(str(p) for p in service.get("ports") or ()),
            )
        )
    return tuple(found)


def rewrite_words(
    words: list[str], member: Found, rewrite: Callable[[str, Found | None], str]
) -> list[str]:
    """A command's words rewritten as one line, so that an option's value is seen with its
    option (`-A project` is a module; `project` alone may be anything)."""
    return shlex.split(rewrite(shlex.join(words), member))


def _default_command(member: Found, translation: Translation) -> list[str]:
    package = member.import_name
    runtime = member.runtime
    if runtime is Runtime.FASTAPI:
        return ["uvicorn", f"{package}.main:app", "--host", "0.0.0.0", "--port", "8000"]
    if runtime is Runtime.FLASK:
        return ["flask", "--app", package, "run", "--host", "0.0.0.0", "--port", "8000"]
    if runtime is Runtime.CELERY:
        return ["celery", "-A", package, "worker", "--loglevel", "INFO"]
    return ["python", "-m", package]


def _refuse_unparsed(file: str, path: Path, renaming: Renaming) -> None:
    """A file this Python cannot parse (newer syntax) that imports renamed code would be
    left importing names that no longer exist: stop before anything is written."""
    if not renaming:
        return
    names = "|".join(sorted(map(re.escape, renaming.modules)))
    text = path.read_text(encoding="utf-8", errors="replace")
    found = re.search(rf"^[ \t]*(?:from|import)[ \t]+({names})\b", text, re.M)
    if found is not None:
        running = ".".join(map(str, sys.version_info[:2]))
        raise ShipyardError(
            f"{file} imports `{found[1]}`, which the adoption renames, but Python {running} "
            "cannot parse it (newer syntax?): run shipyard adopt with the Python it is "
            "written for, or make it parse, and try again."
        )


def _merged_ignore(existing: Path, template: str) -> str:
    """The old file's lines, then the scaffold's lines it lacks."""
    old = existing.read_text(encoding="utf-8") if existing.is_file() else ""
    lines = old.splitlines()
    present = {line.strip() for line in lines}
    added = [
        line for line in scaffold_file(template).splitlines()
        if line.strip() and not line.startswith("#") and line.strip() not in present
    ]  # fmt: skip
    if not added:
        return old
    heading = ["", "# Added by shipyard adopt"] if lines else []
    return "\n".join([*lines, *heading, *added]) + "\n"


def _rewrite(
    root: Path,
    analysis: Analysis,
    layout: Layout,
    sources: dict[str, Source],
    owners: dict[str, Found],
    renamings: dict[str, Renaming],
    removable: set[Path],
    removed: list[Path],
    generated: dict[Path, str],
    notes: list[Note],
    anchors: dict[str, list[Anchor]],
) -> tuple[list[Edit], dict[Path, str]]:
    edits: list[Edit] = []
    rewritten: dict[Path, str] = {}
    skipped = {p.as_posix() for p in removed}
    for file, owner in sorted(owners.items()):
        if file in skipped:
            continue
        new = layout.new_path(Path(file))
        if new in generated:
            continue
        renaming = renamings[owner.name if not owner.shared else EVERYWHERE]
        path = root / file
        counts: dict[str, int] = {}
        content: str | None = None
        if file.endswith(".py"):
            source = sources.get(file)
            if source is None or source.tree is None:
                _refuse_unparsed(file, path, renaming)
                continue
            lines = set()
            for hack in source.hacks:
                if hack.target is not None and hack.target in removable:
                    lines.add(hack.line)
                else:
                    told = (
                        f"adds {hack.target}"
                        if hack.target
                        else "adds a folder that can't be told statically"
                    )
                    notes.append(Note(f"{file}:{hack.line}", f"{hack.what} {told}: left as it is."))
            notes += _renamed_tasks(file, source.tree, owner, renaming)
            text = path.read_text(encoding="utf-8")
            climbs = tuple(anchors.get(file, ()))
            result = rewrite_python(text, renaming, frozenset(lines), source.tree, climbs)
            if result is not None:
                content, counts = result
        elif path.suffix in TEXT_SUFFIXES or path.name in TEXT_NAMES:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            content, count = rewrite_text(text, renaming)
            if count:
                counts = {"module names in commands and settings": count}
            else:
                content = None
        if content is not None:
            rewritten[new] = content
            edits.append(Edit(new, counts, content))
    return edits, rewritten


def _renamed_tasks(file: str, tree: ast.Module, owner: Found, renaming: Renaming) -> list[Note]:
    """Celery tasks in `file` whose names change with its module's (see celery_tasks)."""
    old = module_of(file, owner.code)
    if old is None:
        return []
    top, _, rest = old.partition(".")
    new = renaming.modules.get(top, top) + (f".{rest}" if rest else "")
    return renamed_tasks(file, tree, old, new) if new != old else []

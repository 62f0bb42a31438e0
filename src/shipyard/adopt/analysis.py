"""What a legacy repository holds: its members (folders with a dependency declaration, a
Dockerfile or an application), their code, and the code they share without declaring it."""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from shipyard.adopt.model import Analysis, Code, Found, Note
from shipyard.adopt.naming import CONTAINERS, member_names
from shipyard.adopt.syspath import PathHack, path_hacks
from shipyard.adopt.tree import Tree, join
from shipyard.errors import ShipyardError
from shipyard.workspace import Role, canonical_name
from shipyard.workspace.declared import DeclaredDependencies, read_declared, runtime_names
from shipyard.workspace.declared.setup_py import is_setup_script
from shipyard.workspace.runtime import infer_role, infer_runtime

DECLARATIONS = ("pyproject.toml", "setup.py", "setup.cfg", "Pipfile")
REQUIREMENTS = re.compile(r"^(?:requirements(?:[-_.].+)?|.+[-_.]requirements)\.(?:txt|in)$", re.I)
DOCKERFILES = ("Dockerfile", "Containerfile")
# Folders that are never a member of their own, nor a member's code.
NOT_MEMBERS = frozenset(
    {"docs", "doc", "tests", "test", "scripts", "bin", "examples", "deploy", "k8s", "helm",
     "node_modules", "venv", "env", "site-packages", "requirements"}
)  # fmt: skip
NOT_CODE = frozenset(
    {"tests", "test", "testing", "migrations", "alembic", "scripts", "bin", "docs", "doc",
     "examples", "deploy", "k8s", "helm", "docker", "requirements", "static", "templates",
     "media", "fixtures", "data", "src"}
)  # fmt: skip
NOT_CODE_MODULES = frozenset(
    {"setup.py", "conftest.py", "manage.py", "noxfile.py", "fabfile.py", "gunicorn.conf.py",
     "gunicorn_conf.py", "gunicorn_config.py", "tasks_invoke.py"}
)  # fmt: skip
IDENTIFIER = re.compile(r"^[A-Za-z_]\w*$")


@dataclass
class Source:
    """One Python file of the repository: what it imports and how it changes sys.path."""

    path: str
    tree: ast.Module | None
    imported: set[str] = field(default_factory=set)
    """Top-level names of its absolute imports."""
    hacks: list[PathHack] = field(default_factory=list)
    text: bytes = b""
    """As read: later steps look for a word in it before walking the tree again."""


def analyse(root: Path, files: list[str]) -> tuple[Analysis, dict[str, Source]]:
    """The members of the repository at `root` whose tracked files are `files`; with every
    Python file read once (the plan's codemods use them again)."""
    root = root.resolve()
    tree = Tree(files)
    notes: list[Note] = []
    folders = _candidate_folders(root, tree, notes)
    sources = _read_sources(root, tree, notes)
    imported = _imported_as_code(sources)
    # Whether the root is an application is told by its code outside every folder holding
    # members; once it is, a folder with code beside a member is its code too.
    root_code = _code(tree, ".", {f.split("/")[0] for f in folders}, imported)
    root_declares = _declares(root, tree, ".")
    root_is_member = not folders or (root_declares and bool(root_code))
    if root_is_member and folders:
        root_code = _code(tree, ".", _member_tops(tree, folders), imported)
    if root_is_member and not (root_declares or root_code or _dockerfile(tree, ".")):
        raise ShipyardError(f"{root} holds no Python project: nothing to adopt.")
    declared = {folder: _read(root, folder, notes) for folder in folders}
    if root_is_member:
        declared["."] = _read(root, ".", notes)
        folders = [".", *folders]
    root_declared = None if root_is_member or not root_declares else _read(root, ".", notes)
    codes = {
        folder: root_code if folder == "." else _code(tree, folder, imported=imported)
        for folder in folders
    }
    shared = _shared_code(root, tree, folders, codes, sources)
    tools = {".": root_declared} if root_declared is not None else {}
    names = member_names(root, folders, shared, {**declared, **tools})
    members = []
    for folder in folders:
        found = _found(root, tree, folder, names[folder], codes[folder], declared[folder], folders)
        members.append(found)
    for folder, code in shared.items():
        name = names[folder]
        members.append(
            Found(
                name=name,
                role=Role.LIB,
                runtime=None,
                old=Path(folder),
                new=Path("libs") / name,
                code=code,
                declared=None,
                entries=tuple(Path(c.path) for c in code) if folder == "." else (Path(folder),),
                shared=True,
            )
        )
    targets = {
        Path(s.path): tuple(h.target for h in s.hacks if h.target is not None)
        for s in sources.values()
        if s.hacks
    }
    analysis = Analysis(
        root=root,
        name=_workspace_name(root, {m.name for m in members}),
        members=tuple(members),
        ignored=tuple(notes),
        root_declared=root_declared,
        sys_path_targets=targets,
    )
    return analysis, sources


def _declares(root: Path, tree: Tree, folder: str) -> bool:
    files = tree.files_in(folder)
    declarations = [n for n in DECLARATIONS if n in files]
    if declarations == ["setup.py"] and not is_setup_script(root / folder / "setup.py"):
        declarations = []  # a module named setup.py (a Django helper) declares nothing
    return (
        bool(declarations)
        or any(REQUIREMENTS.match(name) for name in files)
        or tree.is_dir(join(folder, "requirements"))
    )


def _dockerfile(tree: Tree, folder: str) -> str | None:
    return next((join(folder, n) for n in DOCKERFILES if n in tree.files_in(folder)), None)


def _candidate_folders(root: Path, tree: Tree, notes: list[Note]) -> list[str]:
    """Folders below the root that declare dependencies or build an image, and hold Python;
    the first one met on each branch (members do not nest)."""
    found = []
    pending = sorted(join(".", d) for d in tree.dirs_in("."))
    while pending:
        folder = pending.pop(0)
        name = folder.rsplit("/", 1)[-1]
        if name.startswith(".") or name in NOT_MEMBERS:
            continue
        declares = _declares(root, tree, folder)
        dockerfile = _dockerfile(tree, folder)
        if not declares and dockerfile and not _builds_python(root / dockerfile):
            notes.append(Note(folder, "builds an image that runs no Python: not a member."))
            continue
        if (declares or dockerfile) and _subpackage(tree, folder):
            holder = folder.rsplit("/", 1)[0]
            notes.append(
                Note(
                    folder,
                    f"is a subpackage (imported as part of `{holder.replace('/', '.')}`): "
                    "code of the member that holds it, not a member of its own; its dependency "
                    "files and Dockerfile move with it, unread: declare what it needs in "
                    "that member.",
                )
            )
            continue
        if declares or dockerfile:
            if tree.has_python(folder):
                found.append(folder)
            else:
                notes.append(Note(folder, "declares or builds something but holds no Python."))
            continue
        pending[0:0] = sorted(join(folder, d) for d in tree.dirs_in(folder))
    return sorted(found)


def _subpackage(tree: Tree, folder: str) -> bool:
    """`folder` and the folder holding it are both packages: code imports it as part of
    that one (`shop.reports`), so it moves with it."""
    holder, _, _ = folder.rpartition("/")
    return bool(holder) and all("__init__.py" in tree.files_in(f) for f in (folder, holder))


def _member_tops(tree: Tree, folders: list[str]) -> set[str]:
    """Top folders a root application leaves to its members: those that are one, those
    named to hold members (`services/`), and those holding members and no Python of their
    own (`extras/` around `extras/packaging`). A top folder with code beside a member
    (`backend/blog` beside `backend/worker`) is the root's."""
    tops = set()
    for top in {f.split("/")[0] for f in folders}:
        own = (f for f in tree.under(top) if f.endswith(".py") and not _inside_any(f, folders))
        if top in folders or top in CONTAINERS or next(own, None) is None:
            tops.add(top)
    return tops


def _builds_python(dockerfile: Path) -> bool:
    """The image installs or runs Python (a `python` base image, pip, uv, poetry...); a Node
    or nginx image beside a stray script does not."""
    try:
        text = dockerfile.read_text(encoding="utf-8", errors="replace").lower()
    except OSError:
        return True
    return re.search(r"python|pip|\buv\b|poetry|conda|gunicorn|uvicorn|celery", text) is not None


def _code(
    tree: Tree,
    folder: str,
    exclude: set[str] = frozenset(),  # type: ignore[assignment]
    imported: set[str] = frozenset(),  # type: ignore[assignment]
) -> tuple[Code, ...]:
    """The top-level packages and modules of the member at `folder`: under `src/` when it has
    one with Python, else next to its declarations (tests, migrations, scripts left out, but
    for a package of such a name that other code imports or that is a Django app)."""
    src = join(folder, "src")
    base = src if tree.has_python(src) else folder
    found = []
    for name in sorted(tree.dirs_in(base)):
        path = join(base, name)
        if name in exclude or not IDENTIFIER.match(name):
            continue
        if name in NOT_CODE and not _package_of_code(tree, path, imported):
            continue
        if _is_migrations(tree, path) or not tree.has_python(path):
            continue
        initialised = "__init__.py" in tree.files_in(path)
        found.append(Code(name, Path(path), package=True, initialised=initialised))
    for name in sorted(tree.files_in(base)):
        stem = name.removesuffix(".py")
        if (
            name.endswith(".py")
            and name not in NOT_CODE_MODULES
            and IDENTIFIER.match(stem)
            and not stem.startswith("test")
        ):
            found.append(Code(stem, Path(join(base, name)), package=False))
    return tuple(found)


def _package_of_code(tree: Tree, path: str, imported: set[str]) -> bool:
    files = tree.files_in(path)
    name = path.rsplit("/", 1)[-1]
    return "__init__.py" in files and (name in imported or "apps.py" in files)


def _imported_as_code(sources: dict[str, Source]) -> set[str]:
    """Top-level names imported by code that is not a test, from outside a folder of that
    name (`tests/test_x.py` importing `tests.factories` says nothing)."""
    names: set[str] = set()
    for file, source in sources.items():
        parts = file.split("/")
        if is_test(parts):
            continue
        names |= {n for n in source.imported if n not in parts[:-1]}
    return names


def is_test(parts: list[str]) -> bool:
    name = parts[-1]
    return (
        bool({"tests", "test"} & set(parts[:-1]))
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )


def _is_migrations(tree: Tree, folder: str) -> bool:
    """An Alembic folder (`env.py` and `versions/`) stays beside the code, not in it."""
    return "env.py" in tree.files_in(folder) and tree.is_dir(join(folder, "versions"))


def _read(root: Path, folder: str, notes: list[Note]) -> DeclaredDependencies:
    declared = read_declared(root / folder)
    for problem in declared.problems:
        where, _, sentence = problem.partition(": ")
        notes.append(Note(join(folder, where), sentence or problem))
    return declared


def _read_sources(root: Path, tree: Tree, notes: list[Note]) -> dict[str, Source]:
    sources = {}
    for file in tree.files:
        if not file.endswith(".py"):
            continue
        path = root / file
        try:
            text = path.read_bytes()
            parsed: ast.Module | None = ast.parse(text, file)
        except (SyntaxError, ValueError, OSError) as exc:
            notes.append(Note(file, f"cannot be parsed ({exc}); its imports are not rewritten."))
            parsed = None
        source = Source(file, parsed, text=text)
        if parsed is not None:
            nodes = list(ast.walk(parsed))
            source.imported = _imported(nodes)
            if b"path" in text or b"addsitedir" in text or b"PYTHONPATH" in text:
                source.hacks = path_hacks(parsed, path, nodes)
        sources[file] = source
    return sources


def _imported(nodes: list[ast.AST]) -> set[str]:
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


def _shared_code(
    root: Path,
    tree: Tree,
    folders: list[str],
    codes: dict[str, tuple[Code, ...]],
    sources: dict[str, Source],
) -> dict[str, tuple[Code, ...]]:
    """Folders outside every member whose code members import without declaring it: through
    sys.path (the folder the hack adds), PYTHONPATH or by running from the root. Each becomes
    a lib, keyed by its folder (`.` for modules at the root itself)."""
    member_tops = {f.split("/")[0] for f in folders if f != "."}
    # A root application keeps its own package, however many members import it.
    member_tops |= {c.name for c in codes.get(".", ())}
    search = {"."}
    for source in sources.values():
        for hack in source.hacks:
            if hack.target is not None and hack.target.is_relative_to(root):
                relative = hack.target.relative_to(root).as_posix() or "."
                if relative != "." and not _inside_any(relative, folders):
                    search.add(relative)
    wanted: dict[str, set[str]] = {}
    for folder in folders:
        own = {c.name for c in codes[folder]} | {"tests", "test", "conftest"}
        prefix = "" if folder == "." else folder + "/"
        for file, source in sources.items():
            if file.startswith(prefix) and _owner(file, folders) == folder:
                for name in source.imported - own:
                    wanted.setdefault(name, set()).add(folder)
    shared: dict[str, list[Code]] = {}
    stdlib = sys.stdlib_module_names
    for name in sorted(wanted):
        if name in stdlib:
            continue
        for base in sorted(search):
            provider = _provider(tree, base, name, member_tops)
            if provider is None:
                continue
            if base == ".":
                shared.setdefault(provider.path.as_posix(), []).append(provider)
            else:
                shared[base] = list(_code(tree, base))
            break
    return {folder: tuple(sorted(code, key=lambda c: c.name)) for folder, code in shared.items()}


def _provider(tree: Tree, base: str, name: str, member_tops: set[str]) -> Code | None:
    if base == "." and name in member_tops:
        return None
    folder = join(base, name)
    if tree.is_dir(folder) and tree.has_python(folder) and name not in NOT_CODE:
        return Code(name, Path(folder), True, "__init__.py" in tree.files_in(folder))
    if tree.has(folder + ".py") and f"{name}.py" not in NOT_CODE_MODULES:
        return Code(name, Path(folder + ".py"), package=False)
    return None


def _inside_any(path: str, folders: list[str]) -> bool:
    return any(f != "." and (path == f or path.startswith(f + "/")) for f in folders)


def _owner(file: str, folders: list[str]) -> str | None:
    """The member folder `file` is in (the deepest match; `.` for a root application)."""
    best = None
    for folder in folders:
        inside = folder == "." or file.startswith(folder + "/")
        if inside and (best is None or best == "." or len(folder) > len(best)):
            best = folder
    return best


def _found(
    root: Path,
    tree: Tree,
    folder: str,
    name: str,
    code: tuple[Code, ...],
    declared: DeclaredDependencies,
    folders: list[str],
) -> Found:
    relative = Path(folder)
    dependencies = tuple(sorted(runtime_names(declared)))
    role = infer_role(root / folder, dependencies, relative)
    new = Path(role.directory) / name
    if folder == ".":
        others = _member_tops(tree, [f for f in folders if f != "."])
        entries = tuple(Path(e) for e in _root_entries(tree) if e not in others)
        # A package named like a repository-level folder (`docs`) that is code moves too.
        entries += tuple(c.path for c in code if Path(c.path.parts[0]) not in entries)
    else:
        entries = (relative,)
    return Found(
        name=name,
        role=role,
        runtime=infer_runtime(role, dependencies),
        old=relative,
        new=new,
        code=code,
        declared=declared,
        entries=entries,
        dockerfile=Path(d) if (d := _dockerfile(tree, folder)) else None,
    )


# What stays at the top of a repository whose root application moves to services/NAME.
REPOSITORY_LEVEL = re.compile(
    r"^(\.git.*|\.github|\.gitlab-ci\.ya?ml|\.pre-commit-config\.yaml|\.editorconfig|"
    r"\.dockerignore|\.env.*|\.travis\.yml|readme.*|license.*|licence.*|changelog.*|"
    r"contributing.*|code_of_conduct.*|(docker-)?compose.*\.ya?ml|docs?|\.circleci)$",
    re.I,
)


def _root_entries(tree: Tree) -> list[str]:
    entries = sorted(tree.files_in(".") | tree.dirs_in("."))
    return [e for e in entries if not REPOSITORY_LEVEL.match(e)]


def _workspace_name(root: Path, members: set[str]) -> str:
    """The folder's name; never a member's, since uv refuses two workspace members (the
    root project is one) of one name."""
    name = canonical_name(re.sub(r"[^A-Za-z0-9._-]", "-", root.name)).strip("-") or "workspace"
    while name in members:
        name = f"{name}-workspace"
    return name

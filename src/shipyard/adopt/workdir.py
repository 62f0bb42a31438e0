"""Paths a command finds through the old image's WORKDIR (`python app/main.py`,
`gunicorn -c config/gunicorn.py`, `./entrypoint.sh`, `/usr/src/app/entrypoint.sh`), checked
against the generated image, which runs in `/app/services/NAME` and holds that member's folder
as the moves left it.

The old image is read from its Dockerfile: its last stage's WORKDIR and what each COPY/ADD
put where from the build context. A word of a command that names a tracked file or folder
through them is followed through the moves: rewritten when it is still in the member's folder
(so in the new image), listed when it is not. Words that name nothing tracked (`/dev/null`,
a file a RUN made) are left alone."""

from __future__ import annotations

import contextlib
import posixpath
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from shipyard.adopt.dockerfile import instructions
from shipyard.adopt.model import Found
from shipyard.adopt.tree import Tree

NEW_ROOT = PurePosixPath("/app")
"""Where the generated Dockerfile puts the workspace (WORKDIR /app/services/NAME)."""
FILE_LIKE = re.compile(r"\.(py|sh|ini|cfg|conf|toml|ya?ml|json)$|^\.env\b")


@dataclass(frozen=True)
class OldImage:
    workdir: PurePosixPath
    copies: tuple[tuple[PurePosixPath, Path], ...]
    """(path in the image, path in the repository) of each COPY/ADD from the context."""
    lines: dict[str, int]
    """`CMD`/`ENTRYPOINT` -> the line of its last one."""

    def repository_path(self, word: str) -> Path | None:
        """The repository path `word` (absolute, or relative to WORKDIR) came from."""
        image = PurePosixPath(posixpath.normpath(self.workdir / word))
        found = None
        for destination, source in self.copies:  # the last COPY over a path wins
            if image == destination or destination in image.parents:
                found = source / image.relative_to(destination)
        return Path(posixpath.normpath(found.as_posix())) if found is not None else None


def old_image(text: str, context: Path, tree: Tree) -> OldImage:
    """The image a Dockerfile builds from `context` (relative to the repository root)."""
    workdir = PurePosixPath("/")
    copies: list[tuple[PurePosixPath, Path]] = []
    lines: dict[str, int] = {}
    for line, keyword, arguments in instructions(text):
        if keyword == "FROM":
            workdir, copies = PurePosixPath("/"), []
        elif keyword == "WORKDIR":
            workdir = workdir / arguments.strip().strip("\"'")
        elif keyword in ("COPY", "ADD"):
            copies += _copies(arguments, workdir, context, tree)
        elif keyword in ("CMD", "ENTRYPOINT"):
            lines[keyword] = line
    return OldImage(workdir, tuple(copies), lines)


def _copies(
    arguments: str, workdir: PurePosixPath, context: Path, tree: Tree
) -> list[tuple[PurePosixPath, Path]]:
    try:
        words = shlex.split(arguments)
    except ValueError:
        return []
    if arguments.lstrip().startswith("["):
        words = [w.strip('[],"') for w in arguments.split(",")]
    if any(w.startswith("--from") for w in words):
        return []  # from another stage or image: not the context
    words = [w for w in words if not w.startswith("--")]
    if len(words) < 2:
        return []
    *sources, target = words
    destination = workdir / target
    found = []
    for source in sources:
        repository = Path(posixpath.normpath((context / source).as_posix()))
        is_file = tree.has(repository.as_posix())
        if is_file and (target.endswith("/") or len(sources) > 1 or target in (".", "./")):
            found.append((destination / repository.name, repository))
        else:
            found.append((destination, repository))
    return found


@dataclass(frozen=True)
class Relocated:
    text: str
    rewritten: list[str]
    """`old -> new` for each word rewritten."""
    missing: list[str]
    """Sentences on words whose file the new image lacks."""


def relocate(
    text: str,
    image: OldImage,
    member_folder: Path,
    new_path: Callable[[Path], Path],
    tree: Tree,
) -> Relocated:
    """`text` (a command line, or one word of a list) with every path it reaches through the
    old image followed to where the member's folder now holds it."""
    try:
        words = shlex.split(text)
    except ValueError:
        return Relocated(text, [], [])
    rewritten: list[str] = []
    missing: list[str] = []
    for word in dict.fromkeys(_candidates(words)):
        repository = image.repository_path(word)
        if repository is None or not (
            tree.has(repository.as_posix()) or tree.is_dir(repository.as_posix())
        ):
            continue
        moved = new_path(repository)
        if not moved.is_relative_to(member_folder):
            missing.append(
                f"runs {word} ({repository.as_posix()} in the repository), now at "
                f"{moved.as_posix()}: outside {member_folder.as_posix()}, so not in its image."
            )
            continue
        inside = moved.relative_to(member_folder)
        if word.startswith("/"):
            new = (NEW_ROOT / member_folder.as_posix() / inside.as_posix()).as_posix()
        else:
            new = inside.as_posix()
            new = f"./{new}" if word.startswith("./") and not new.startswith("..") else new
        same = posixpath.normpath(word) == posixpath.normpath(new)
        if not same:
            pattern = rf"(?<![\w./-]){re.escape(word)}(?![\w./-])"
            text = re.sub(pattern, new.replace("\\", "\\\\"), text)
            rewritten.append(f"{word} -> {new}")
    return Relocated(text, rewritten, missing)


def _candidates(words: list[str]) -> list[str]:
    """Words that look like paths: `./x`, `a/b`, `/usr/src/app/x.sh`, `x.py`; an option's
    value (`--config=conf/g.py`) too; a `sh -c "..."` line word by word."""
    found = []
    for word in words:
        if " " in word:
            with contextlib.suppress(ValueError):
                found += _candidates(shlex.split(word))
            continue
        value = word.split("=", 1)[1] if word.startswith("-") and "=" in word else word
        if value.startswith("-") or "://" in value or "$" in value or not value:
            continue
        if "/" in value or FILE_LIKE.search(value):
            found.append(value)
    return found


class CommandPaths:
    """Follows the paths of every command adopt carries over (a Dockerfile's CMD and
    ENTRYPOINT, compose's `command:` and `entrypoint:`), and keeps one note per word."""

    def __init__(
        self,
        root: Path,
        tree: Tree,
        new_path: Callable[[Path], Path],
        compose: Path | None,
        compose_text: str,
    ) -> None:
        self.root, self.tree, self.new_path = root, tree, new_path
        self.compose = compose
        self.services, self.lines = _compose_services(compose_text)
        self.notes: dict[tuple[str, str], None] = {}

    def words(
        self, words: list[str], member: Found, kind: str, service: dict[str, Any] | None = None
    ) -> list[str]:
        return [self.text(w, member, kind, service) for w in words]

    def text(
        self, text: str, member: Found, kind: str, service: dict[str, Any] | None = None
    ) -> str:
        """`kind`: CMD or ENTRYPOINT of the member's Dockerfile, or `command`/`entrypoint` of
        the compose `service`."""
        found = self._image(member, service)
        if found is None:
            return text
        dockerfile, image = found
        if service is None:
            where = f"{dockerfile.as_posix()}:{image.lines.get(kind, 1)}"
        else:
            name = next((n for n, s in self.services.items() if s == service), "")
            line = self.lines.get((name, kind), 1)
            where = f"{self.compose.as_posix() if self.compose else 'compose'}:{line}"
        result = relocate(text, image, member.new, self.new_path, self.tree)
        for change in result.rewritten:
            message = (
                f"{change}: the path the old WORKDIR ({image.workdir}) gave, where the new "
                f"image (WORKDIR {NEW_ROOT / member.new.as_posix()}) holds it."
            )
            self.notes[(where, message)] = None
        for sentence in result.missing:
            self.notes[(where, f"{sentence} Copy it into the member or change the command.")] = None
        return result.text

    def flask_app(self, words: list[str], member: Found, env: dict[str, str]) -> str | None:
        """`flask run` without `--app` or FLASK_APP finds `app.py` or `wsgi.py` in the working
        directory; when the moves took it into the package, the module it now is (for the
        image's FLASK_APP), else None."""
        if "FLASK_APP" in env or "run" not in words or any(w.startswith("--app") for w in words):
            return None
        if "flask" not in words[: words.index("run")]:
            return None
        found = self._image(member, None)
        if found is None:
            return None
        dockerfile, image = found
        for name in ("wsgi.py", "app.py"):  # Flask's own order
            repository = image.repository_path(name)
            if repository is None or not self.tree.has(repository.as_posix()):
                continue
            moved = self.new_path(repository)
            source = member.new / "src"
            if moved.parent == member.new or not moved.is_relative_to(source):
                return None
            module = ".".join(moved.relative_to(source).with_suffix("").parts)
            where = f"{dockerfile.as_posix()}:{image.lines.get('CMD', 1)}"
            message = (
                f"`flask run` found {name} in the old WORKDIR ({image.workdir}); it is now the "
                f"module {module}: the image sets FLASK_APP={module}."
            )
            self.notes[(where, message)] = None
            return module
        return None

    def _image(self, member: Found, service: dict[str, Any] | None) -> tuple[Path, OldImage] | None:
        build = (service or {}).get("build")
        dockerfile, context = member.dockerfile, member.old
        if isinstance(build, dict) and isinstance(build.get("dockerfile"), str):
            context = Path(posixpath.normpath(str(build.get("context") or ".")))
            dockerfile = Path(posixpath.normpath((context / build["dockerfile"]).as_posix()))
        if dockerfile is None or not self.tree.has(dockerfile.as_posix()):
            return None
        text = (self.root / dockerfile).read_text(encoding="utf-8", errors="replace")
        return dockerfile, old_image(text, context, self.tree)


def _compose_services(
    text: str,
) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], int]]:
    """Compose's services, and the line of each one's `command:` and `entrypoint:`."""
    try:
        data = yaml.safe_load(text) or {}
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}, {}
    services = data.get("services") if isinstance(data, dict) else None
    lines: dict[tuple[str, str], int] = {}
    if not isinstance(node, yaml.MappingNode):
        return {}, {}
    for key, value in node.value:
        if key.value != "services" or not isinstance(value, yaml.MappingNode):
            continue
        for name, service in value.value:
            if isinstance(service, yaml.MappingNode):
                for field, entry in service.value:
                    lines[(str(name.value), str(field.value))] = entry.start_mark.line + 1
    return (services if isinstance(services, dict) else {}), lines

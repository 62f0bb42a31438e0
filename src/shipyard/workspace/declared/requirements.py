"""requirements*.txt and requirements*.in files, read the way pip reads them.

Not a library: requirements-parser neither follows `-c`, nor reports include cycles or line
numbers, and pip-requirements-parser vendors a copy of pip (unreleased since 2022). What pip
does here is small (join continuation lines, strip comments, split off options) and the
requirements themselves are parsed by packaging.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from shipyard.workspace.declared.metadata import distribution_name
from shipyard.workspace.declared.model import MAIN, Reading, Requirement
from shipyard.workspace.declared.pep508 import InvalidRequirementError, parse_requirement
from shipyard.workspace.model import canonical_name

_COMMENT = re.compile(r"(^|\s+)#.*$")
_INCLUDE = re.compile(
    r"^(?P<flag>--requirement|--constraint|--editable|-r|-c|-e)(?:\s*=\s*|\s+|(?=[^\s=-])|$)(?P<arg>.*)$"
)
_CONSTRAINT_FLAGS = ("-c", "--constraint")
# Files named for what they are: pins of an environment, not declarations.
_PINS_ONLY_GROUPS = {"constraint", "constraints", "lock", "locked", "freeze", "frozen", "pinned"}
_TOP_LEVEL = re.compile(r"^(?:requirements(?:[-_.].+)?|.+[-_.]requirements)\.(?:txt|in)$", re.I)
_REQUIREMENTS_WORD = re.compile(r"(^requirements[-_.]?|[-_.]?requirements$)", re.I)
_EGG = re.compile(r"[#&]egg=([^&]+)")
_EXTRAS_SUFFIX = re.compile(r"^(.+)\[([^\]]*)\]$")
_ARCHIVES = (".whl", ".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip")
_VCS = ("git+", "hg+", "svn+", "bzr+")

# The same group under the names projects give their files.
_GROUP_SYNONYMS = {
    "": MAIN, "base": MAIN, "main": MAIN, "common": MAIN, "core": MAIN, "default": MAIN,
    "install": MAIN, "runtime": MAIN, "prod": MAIN, "production": MAIN, "deploy": MAIN,
    "dev": "dev", "devel": "dev", "develop": "dev", "development": "dev", "local": "dev",
    "test": "test", "tests": "test", "testing": "test",
    "doc": "docs", "docs": "docs",
}  # fmt: skip


def requirement_files(directory: Path) -> list[Path]:
    """`requirements*.txt|in` and `*-requirements.txt|in` here, and every `.txt|.in` under
    `requirements/`; runtime ones first."""
    found = [p for p in directory.iterdir() if p.is_file() and _TOP_LEVEL.match(p.name)]
    nested = directory / "requirements"
    if nested.is_dir():
        found += [p for p in nested.iterdir() if p.is_file() and p.suffix in (".txt", ".in")]
    return sorted(found, key=lambda p: (file_group(p) != MAIN, str(p)))


def file_group(path: Path) -> str:
    """`requirements.txt`, `requirements/base.txt`, `requirements/prod.txt`: main;
    `requirements-dev.txt`, `dev-requirements.txt`, `requirements/local.txt`: dev; else the word."""
    word = _REQUIREMENTS_WORD.sub("", path.name.rsplit(".", 1)[0]).lower()
    if word.startswith(("prod", "base")):
        return MAIN
    return _GROUP_SYNONYMS.get(word, canonical_name(word))


def read_requirement_files(directory: Path, skip: Collection[Path] = ()) -> Reading:
    """Every requirements file of `directory` except those in `skip` (resolved paths another
    format read already).

    Some files only pin, and their pins are recorded as constraints: the `.txt` of a pip-tools
    pair (`X.in` compiled to `X.txt`, the `.in` holds the declarations), files named for
    constraints, locks or freezes, and files that look like `pip freeze` output (see
    `_is_freeze`).
    """
    reading = Reading(directory)
    files = [p for p in requirement_files(directory) if p.resolve() not in skip]
    compiled = {p.with_suffix(".txt") for p in files if p.suffix == ".in"}
    reader = RequirementsReader(reading)
    for path in files:
        pins_only = path in compiled or file_group(path) in _PINS_ONLY_GROUPS
        reader.read(path, file_group(path), pins_only=pins_only)
    runtime = {r.name for r in reading.requirements if r.group == MAIN}
    for path in files:
        where, group = reading.where(path), file_group(path)
        own = [r for r in reading.requirements if r.group == group and _file_of(r) == where]
        if group != MAIN and _is_freeze(own, runtime):
            reading.requirements = [r for r in reading.requirements if r not in own]
            for requirement in own:
                reading.pin(requirement)
    return reading


def _is_freeze(requirements: list[Requirement], runtime: set[str]) -> bool:
    """`pip freeze` output kept beside requirements.txt (`requirements.auto.txt`): only exact
    pins, repeating at least half of the runtime requirements. A pinned dev file names its
    own tools, not the runtime ones (those it includes with `-r`, from their own file)."""
    exact = [r for r in requirements if r.specifier.startswith("==") and "," not in r.specifier]
    # `uv export` and pip-compile write a direct reference (`pkg @ https://...`) as it is.
    pinned = bool(exact) and all(r in exact or r.url is not None for r in requirements)
    repeated = runtime & {r.name for r in requirements}
    return bool(requirements) and bool(runtime) and pinned and 2 * len(repeated) >= len(runtime)


def _file_of(requirement: Requirement) -> str:
    return requirement.source.rsplit(":", 1)[0]


class RequirementsReader:
    """Reads requirements files into a `Reading`, following `-r` and `-c` includes."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self._seen: set[tuple[str, str, str]] = set()
        self._cycles: set[frozenset[Path]] = set()

    def read(
        self, path: Path, group: str, *, pins_only: bool = False, stack: tuple[Path, ...] = ()
    ) -> None:
        text = self.reading.read(path)
        if text is None:
            return
        for number, line in logical_lines(text):
            self._line(path, number, line, group, pins_only, (*stack, path.resolve()))

    def _line(
        self,
        path: Path,
        number: int,
        line: str,
        group: str,
        pins_only: bool,
        stack: tuple[Path, ...],
    ) -> None:
        include = _INCLUDE.match(line)
        if include:
            flag, argument = include["flag"], include["arg"].strip()
            if flag in ("-e", "--editable"):
                if not pins_only:
                    self._add(self.location(argument, path, number, group), pins_only)
                return
            self._include(
                path, number, flag, argument, group, pins_only or flag in _CONSTRAINT_FLAGS, stack
            )
            return
        if line.startswith("-"):
            return  # --index-url, --find-links, --pre, --hash ...: how to install, not what
        text = _without_options(line)
        try:
            requirement: Requirement | None = parse_requirement(
                text, group=group, source=self.reading.where(path, number)
            )
        except InvalidRequirementError as exc:
            if not _looks_like_location(text):
                self.reading.problem(path, number, f"{exc}.")
                return
            requirement = self.location(text, path, number, group)
        self._add(requirement, pins_only)

    def _add(self, requirement: Requirement | None, pins_only: bool) -> None:
        if requirement is None:
            return
        if pins_only:
            self.reading.pin(requirement)
            return
        # A line reached through several includes counts once a group, and not at all in other
        # groups when it is a runtime one (runtime files are read first): `dev.txt` with
        # `-r base.txt` adds only its own lines to dev, `docs.txt` with `-r test.txt` adds
        # test's lines to docs while test.txt keeps them too.
        source, name = requirement.source, requirement.name
        if {(source, name, requirement.group), (source, name, MAIN)} & self._seen:
            return
        self._seen.add((source, name, requirement.group))
        self.reading.requirements.append(requirement)

    def _include(
        self,
        path: Path,
        number: int,
        flag: str,
        argument: str,
        group: str,
        pins_only: bool,
        stack: tuple[Path, ...],
    ) -> None:
        if not argument:
            self.reading.problem(path, number, f"{flag} names no file.")
            return
        if "://" in argument:
            self.reading.problem(path, number, f"{flag} {argument} is a remote file; not read.")
            return
        target = path.parent / argument
        if not target.is_file():
            self.reading.problem(
                path, number, f"{flag} {argument} names a file that does not exist."
            )
            return
        if target.resolve() in stack:
            cycle = frozenset(stack[stack.index(target.resolve()) :])
            if cycle in self._cycles:
                return  # the same cycle, met again from another of its files
            self._cycles.add(cycle)
            where = self.reading.where(target)
            self.reading.problem(
                path, number, f"{flag} {argument} includes {where} again (a cycle); not read twice."
            )
            return
        self.read(target, group, pins_only=pins_only, stack=stack)

    def location(self, text: str, path: Path, number: int | None, group: str) -> Requirement | None:
        """A bare URL or path (`./lib`, `git+https://...#egg=x`, `pkg-1.0.whl`): its name comes
        from `#egg=`, the archive's file name, or the folder's own metadata. None for the
        project itself (`-e .`) or when no name can be told (a problem)."""
        is_url = "://" in text or text.startswith(_VCS)
        location, _, marker = text.partition("; " if is_url else ";")
        location = location.strip()
        extras = ""
        suffix = _EXTRAS_SUFFIX.match(location)
        if suffix and not is_url:
            location, extras = suffix[1], suffix[2]
        name = None
        egg = _EGG.search(location)
        if egg:
            name = egg[1]
            egg_extras = _EXTRAS_SUFFIX.match(name)
            if egg_extras:
                name, extras = egg_extras[1], egg_extras[2]
        local = self._local_path(location, path)
        if local is not None and local.resolve() == self.reading.directory.resolve():
            return None  # `-e .`: the project itself, not a dependency
        if not name and local is not None and local.is_dir():
            name = distribution_name(local)
        if not name:
            name = _archive_name(location)
        if not name:
            self.reading.problem(
                path,
                number,
                f"cannot tell the distribution name of {location}; "
                f"write NAME @ {location} or add #egg=NAME.",
            )
            return None
        pep508 = name + (f"[{extras}]" if extras else "") + (f" ; {marker}" if marker else "")
        try:
            return parse_requirement(
                pep508, group=group, source=self.reading.where(path, number), url=location
            )
        except InvalidRequirementError as exc:
            self.reading.problem(path, number, f"{exc}.")
            return None

    def _local_path(self, location: str, path: Path) -> Path | None:
        """The folder or file a local location names. pip takes such paths from the working
        directory (the project's, in practice), older files relative to themselves."""
        if location.startswith("file:"):
            return Path(unquote(urlsplit(location).path))
        if "://" in location or location.startswith(_VCS):
            return None
        for base in (self.reading.directory, path.parent):
            candidate = base / location
            if candidate.exists():
                return candidate
        return self.reading.directory / location


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, line) with `\\` continuations joined and comments removed."""
    pending: list[str] = []
    first = 0
    for number, line in enumerate(text.splitlines(), start=1):
        is_comment = bool(_COMMENT.match(line))
        if line.endswith("\\") and not is_comment:
            first = first if pending else number
            pending.append(line[:-1])
            continue
        if pending:
            pending.append(" " + line if is_comment else line)
            joined, number, pending = "".join(pending), first, []
        else:
            joined = line
        joined = _COMMENT.sub("", joined).strip()
        if joined:
            yield number, joined
    if pending:
        joined = _COMMENT.sub("", "".join(pending)).strip()
        if joined:
            yield first, joined


def _without_options(line: str) -> str:
    """`pkg==1 --hash=sha256:...` -> `pkg==1` (pip stops reading a requirement at an option)."""
    words = []
    for word in line.split(" "):
        if word.startswith("-"):
            break
        words.append(word)
    return " ".join(words).strip()


def _looks_like_location(text: str) -> bool:
    return "/" in text or "\\" in text or text.startswith(".") or text.endswith(_ARCHIVES)


def _archive_name(location: str) -> str | None:
    from packaging.utils import (
        InvalidSdistFilename,
        InvalidWheelFilename,
        parse_sdist_filename,
        parse_wheel_filename,
    )

    filename = unquote(urlsplit(location).path.rsplit("/", 1)[-1])
    try:
        if filename.endswith(".whl"):
            return str(parse_wheel_filename(filename)[0])
        if filename.endswith((".tar.gz", ".zip")):
            return str(parse_sdist_filename(filename)[0])
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None
    return None

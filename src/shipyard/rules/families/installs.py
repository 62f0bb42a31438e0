"""SY307's question about one RUN command: does it install versions the lock did not choose?

Locked (not reported):
- `uv sync --frozen` or `--locked` (or with `UV_FROZEN`/`UV_LOCKED` set): exactly the lock;
- a pip-style install (`pip`/`pip3`/`python -m pip`/`uv pip` `install`, `pip wheel`,
  `pip download`, `uv pip sync`) with `--require-hashes`, or `--no-index` (only local wheels,
  built from something locked earlier), or in which every argument is pinned:
  - a requirement pinned to one version (`==1.2.3`, `===1.2.3`; not `==1.*`);
  - a requirements file (`-r`) that pins every requirement, or carries hashes (pip then
    checks every one); a file the check cannot find in the workspace is not judged;
  - a local project or wheel (`.`, `-e .`, `dist/*.whl`) only with `--no-deps`: otherwise pip
    resolves its dependencies at build time;
  - anything, when a constraints file (`-c`) that pins every requirement constrains it.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass

SEPARATORS = re.compile(r"&&|\|\||;|\|")
ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
PIP = re.compile(r"^pip(3(\.\d+)?)?$")
PYTHON = re.compile(r"^python(3(\.\d+)?)?$")
# pip and uv pip options followed by a value that is not something to install.
TAKES_VALUE = frozenset(
    {"-t", "--target", "--prefix", "--root", "-i", "--index-url", "--extra-index-url",
     "--default-index", "--index", "-f", "--find-links", "--trusted-host", "--python", "-p",
     "--platform", "--python-version", "--python-platform", "--implementation", "--abi",
     "--only-binary", "--no-binary", "--progress-bar", "--cache-dir", "--src", "--log",
     "--timeout", "--retries", "--global-option", "--config-settings", "-C", "--extra",
     "-w", "--wheel-dir", "-d", "--dest", "--index-strategy", "--link-mode", "--resolution",
     "--prerelease", "--keyring-provider", "--exclude-newer", "--upgrade-package", "-P",
     "--reinstall-package", "--no-build-isolation-package", "--config-file", "--group"}
)  # fmt: skip
REQUIREMENT_FILE = frozenset({"-r", "--requirement", "--requirements"})
CONSTRAINT_FILE = frozenset({"-c", "--constraint", "--constraints", "--override"})
EDITABLE = frozenset({"-e", "--editable"})
TRUE = frozenset({"1", "true", "yes", "on"})
LOCAL = re.compile(r"^(\.|\.\.|/|~|\$|file:)|\.(whl|tar\.gz|zip|tgz)$|/")


@dataclass(frozen=True)
class Pins:
    """What a requirements file pins."""

    loose: tuple[str, ...]
    """Requirements not pinned to one version; empty when every one is (or hashes are there)."""


Judge = Callable[[str], "Pins | None"]
"""A requirements file, as named in the image, to what it pins; None when it is not found."""


def unlocked_install(command: str, judge: Judge, *, frozen_env: bool = False) -> str | None:
    """Why `command` (a RUN's shell text) installs unlocked versions, or None."""
    for segment in SEPARATORS.split(command):
        try:
            words = shlex.split(segment)
        except ValueError:
            continue
        env = {}
        while words and (words[0].startswith("--") or ASSIGNMENT.match(words[0])):
            if ASSIGNMENT.match(words[0]):  # `UV_FROZEN=1 uv sync`
                key, _, value = words[0].partition("=")
                env[key] = value
            words = words[1:]
        if words[:1] == ["env"]:
            words = words[1:]
        problem = _uv_sync(words, frozen_env or _frozen(env)) or _pip(words, judge)
        if problem:
            return problem
    return None


def _frozen(env: dict[str, str]) -> bool:
    return any(env.get(key, "").lower() in TRUE for key in ("UV_FROZEN", "UV_LOCKED"))


def _uv_sync(words: list[str], frozen: bool) -> str | None:
    if words[:2] != ["uv", "sync"] or frozen or {"--frozen", "--locked"} & set(words):
        return None
    return "uv sync without --frozen or --locked may re-resolve; install exactly the lock"


def _pip(words: list[str], judge: Judge) -> str | None:
    """pip's and uv pip's install-like subcommands."""
    command = _pip_command(words)
    if command is None:
        return None
    name, args = command
    if "--require-hashes" in args or "--no-index" in args:
        return None
    no_deps = "--no-deps" in args
    loose: list[str] = []
    constrained = False
    pending: str | None = None
    for arg in args:
        if pending is not None:
            option, pending = pending, None
            if option in REQUIREMENT_FILE or name == "uv pip sync":
                loose.extend(_file(arg, judge))
            elif option in CONSTRAINT_FILE:
                constrained = constrained or not _file(arg, judge)
            elif option in EDITABLE and not no_deps:
                loose.append(arg)
            continue
        option, equals, value = arg.partition("=")
        if equals and option.startswith("--"):
            if option in REQUIREMENT_FILE:
                loose.extend(_file(value, judge))
            elif option in CONSTRAINT_FILE:
                constrained = constrained or not _file(value, judge)
            elif option in EDITABLE and not no_deps:
                loose.append(value)
        elif arg in TAKES_VALUE | REQUIREMENT_FILE | CONSTRAINT_FILE | EDITABLE:
            pending = arg
        elif arg.startswith("-r") and len(arg) > 2:  # `-rrequirements.txt`
            loose.extend(_file(arg[2:], judge))
        elif arg.startswith("-"):
            continue
        elif name == "uv pip sync":
            loose.extend(_file(arg, judge))
        elif _is_local(arg):
            if not no_deps:
                loose.append(arg)
        elif not _pinned(arg):
            loose.append(arg)
    if not loose or constrained:
        return None
    return (
        f"{name} {' '.join(loose)} resolves versions at build time; install from the lock "
        "(uv sync --frozen), pin with == or a hashed requirements file (uv export)"
    )


def _pip_command(words: list[str]) -> tuple[str, list[str]] | None:
    """(`pip install`-like name, its arguments) when `words` run one."""
    subcommands: tuple[str, ...]
    for position, word in enumerate(words):
        program = word.rpartition("/")[2]  # `/opt/venv/bin/pip` is pip
        rest = words[position + 1 :]
        if program == "uv" and rest[:1] == ["pip"]:
            name, rest, subcommands = "uv pip", rest[1:], ("install", "sync")
        elif PIP.match(program):
            name, subcommands = "pip", ("install", "wheel", "download")
        elif PYTHON.match(program) and rest[:2] == ["-m", "pip"]:
            name, rest, subcommands = "pip", rest[2:], ("install", "wheel", "download")
        else:
            continue
        while rest and rest[0].startswith("-"):  # global options: `pip --no-cache-dir install`
            rest = rest[1:]
        if rest and rest[0] in subcommands:
            return f"{name} {rest[0]}", rest[1:]
        return None
    return None


def _file(path: str, judge: Judge) -> list[str]:
    """What the requirements file named `path` leaves loose ([] when not found: not judged)."""
    if path.endswith((".toml", ".cfg", ".py")):
        return [f"-r {path}"]  # project metadata: its dependencies are resolved, not pinned
    pins = judge(path)
    if pins is None or not pins.loose:
        return []
    return [f"-r {path} ({', '.join(pins.loose[:3])}{', ...' if len(pins.loose) > 3 else ''})"]


def _is_local(arg: str) -> bool:
    return LOCAL.search(arg) is not None and "==" not in arg


def _pinned(requirement: str) -> bool:
    """`name==1.2.3`, `name[extra]===x`, or a direct reference (`name @ https://...whl`)."""
    specifier = requirement.split(";", 1)[0]
    if " @ " in specifier or "@" in specifier.split("==")[0]:
        return True
    if "===" in specifier:
        return True
    if "==" not in specifier:
        return False
    version = specifier.split("==", 1)[1]
    return "," not in version and not version.rstrip().endswith("*")


def file_pins(text: str) -> Pins:
    """What a requirements file pins: hashes anywhere make pip check (and so pin) them all."""
    if "--hash" in text:
        return Pins(())
    loose = []
    for raw in text.replace("\\\n", " ").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            continue  # options, nested -r/-c files (judged where they are installed), -e paths
        if _is_local(line):
            continue  # the project's own code: the other lines list its dependencies
        if not _pinned(line):
            loose.append(line.split(";", 1)[0].strip())
    return Pins(tuple(loose))

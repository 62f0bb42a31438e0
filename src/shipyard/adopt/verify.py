"""`adopt --verify`: each member's tests before the adoption (in a temporary environment built
from its old dependency files, in a copy of the commit adopted) and after (in the workspace,
after `uv sync`), compared test by test. Verified when every test that passed before passes
after; the distributions installed before and after are compared too."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from shipyard.adopt.model import Found
from shipyard.adopt.plan import Plan
from shipyard.errors import ShipyardError
from shipyard.workspace.declared.model import MAIN

PASSED, FAILED, ERRORED, SKIPPED = "passed", "failed", "errored", "skipped"
TEST_TIMEOUT = 900


@dataclass(frozen=True)
class Run:
    outcomes: dict[str, str]
    """Test id (`tests.test_views::test_health`) -> passed, failed, errored or skipped."""
    problem: str | None = None
    """Why the tests could not run at all (the environment did not install...)."""
    distributions: dict[str, str] = field(default_factory=dict)

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)


@dataclass(frozen=True)
class MemberResult:
    name: str
    before: Run
    after: Run

    @property
    def changed(self) -> list[tuple[str, str, str]]:
        tests = sorted(set(self.before.outcomes) | set(self.after.outcomes))
        missing = "absent"
        return [
            (t, self.before.outcomes.get(t, missing), self.after.outcomes.get(t, missing))
            for t in tests
            if self.before.outcomes.get(t, missing) != self.after.outcomes.get(t, missing)
        ]

    @property
    def verified(self) -> bool:
        """Every test that passed before passes after; a side that could not run at all
        proves nothing."""
        if self.before.problem is not None or self.after.problem is not None:
            return False
        return all(
            self.after.outcomes.get(t) == PASSED
            for t, o in self.before.outcomes.items()
            if o == PASSED
        )

    @property
    def dropped(self) -> list[str]:
        """Distributions installed before that the workspace does not install."""
        return sorted(set(self.before.distributions) - set(self.after.distributions))


@dataclass(frozen=True)
class Verification:
    members: tuple[MemberResult, ...]

    @property
    def tested(self) -> bool:
        """At least one test ran before: without any, nothing is proven."""
        return any(m.before.outcomes for m in self.members)

    @property
    def verified(self) -> bool:
        return self.tested and all(m.verified for m in self.members)


def verify_adoption(
    root: Path, before: str, plan: Plan, *, env_file: Path | None = None
) -> Verification:
    environment = _environment(env_file)
    members = [m for m in plan.analysis.members if not m.shared and m.declared is not None]
    with tempfile.TemporaryDirectory(prefix="shipyard-adopt-") as scratch:
        copy = Path(scratch) / "before"
        _export(root, before, copy)
        befores = {
            m.name: _before(copy, root / m.old, Path(scratch), m, environment) for m in members
        }
    try:
        _uv(["uv", "sync", "--frozen"], root, "install the workspace (uv sync)")
        synced = None
    except ShipyardError as error:
        synced = error.message
    python = root / ".venv" / "bin" / "python"
    after_distributions = _freeze(python)
    results = []
    for member in members:
        if synced is not None:
            results.append(MemberResult(member.name, befores[member.name], Run({}, synced)))
            continue
        after = _pytest(python, root / member.new, environment)
        after = Run(after.outcomes, after.problem, after_distributions)
        results.append(MemberResult(member.name, befores[member.name], after))
    return Verification(tuple(results))


def _environment(env_file: Path | None) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    if env_file is not None:
        from dotenv import dotenv_values

        if not env_file.is_file():
            raise ShipyardError(f"--env-file {env_file} does not exist.")
        environment.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    return environment


def _export(root: Path, commit: str, target: Path) -> None:
    """The files of `commit`, as they were, in `target` (`git archive`: no worktree is added
    to the repository)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit], cwd=root, capture_output=True, check=True
    ).stdout
    target.mkdir(parents=True)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def _before(
    copy: Path, original: Path, scratch: Path, member: Found, environment: dict[str, str]
) -> Run:
    folder = copy / member.old
    venv = scratch / f"venv-{member.name}"
    _uv(["uv", "venv", "--quiet", str(venv)], folder, "create a temporary environment")
    python = venv / "bin" / "python"
    try:
        for command in _install_commands(folder, original, member, scratch, python):
            _uv(command, folder, f"install {member.name}'s old dependencies")
    except ShipyardError as error:
        return Run({}, error.message)
    run = _pytest(python, folder, environment)
    return Run(run.outcomes, run.problem, _freeze(python))


def _install_commands(
    folder: Path, original: Path, member: Found, scratch: Path, python: Path
) -> list[list[str]]:
    """What a developer ran: the project itself when it builds (editable, with its extras),
    and its requirements files as they are, else every requirement its files declare with
    their pins as constraints. `folder` is the member's folder in the copy, `original` the one
    its declarations were read from."""
    assert member.declared is not None
    declared = member.declared
    base = ["uv", "pip", "install", "--quiet", "--python", str(python)]
    commands = []
    requirements = []
    extras = sorted(
        {
            r.group.removeprefix("extra:")
            for r in declared.requirements
            if r.group.startswith("extra:")
        }
    )
    builds = (folder / "setup.py").is_file() or _has_build_system(folder / "pyproject.toml")
    if builds:
        commands.append([*base, "-e", f".[{','.join(extras)}]" if extras else "."])
    pinned = [
        folder / p.relative_to(original)
        for p in declared.sources
        if p.suffix == ".txt"
        and ("requirements" in p.name or p.parent.name == "requirements")
        and p.is_relative_to(original)
    ]
    if pinned:
        # What its image and its developers installed: the requirements files themselves.
        commands.append([*base, *(a for p in pinned for a in ("-r", str(p)))])
        if not any(r.name == "pytest" for r in declared.requirements):
            commands.append([*base, "pytest"])
        return commands
    for requirement in declared.requirements:
        if builds and (requirement.group == MAIN or requirement.group.startswith("extra:")):
            continue
        text = requirement.name + (
            f"[{','.join(requirement.extras)}]" if requirement.extras else ""
        )
        if requirement.url is not None:
            text = (
                requirement.url if "://" not in requirement.url else f"{text} @ {requirement.url}"
            )
        else:
            text += requirement.specifier
        if requirement.marker:
            text += f"; {requirement.marker}"
        requirements.append(text)
    if requirements:
        listing = scratch / f"requirements-{member.name}.txt"
        listing.write_text("\n".join(requirements) + "\n")
        command = [*base, "-r", str(listing)]
        if declared.constraints:
            pins = scratch / f"constraints-{member.name}.txt"
            pins.write_text("".join(f"{n}{s}\n" for n, s in declared.constraints.items()))
            command += ["-c", str(pins)]
        commands.append(command)
    if not commands or not any(r.name == "pytest" for r in declared.requirements):
        commands.append([*base, "pytest"])
    return commands


def _has_build_system(pyproject: Path) -> bool:
    if not pyproject.is_file():
        return False
    import tomllib

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return "build-system" in data


def _pytest(python: Path, folder: Path, environment: dict[str, str]) -> Run:
    with tempfile.TemporaryDirectory(prefix="shipyard-junit-") as scratch:
        report = Path(scratch) / "junit.xml"
        try:
            done = subprocess.run(
                [str(python), "-m", "pytest", "-p", "no:cacheprovider", "-q",
                 f"--junitxml={report}", "-o", "junit_family=xunit1"],
                cwd=folder, env=environment, capture_output=True, text=True,
                timeout=TEST_TIMEOUT, check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return Run({}, f"the tests were still running after {TEST_TIMEOUT} s")
        if not report.is_file():
            tail = (done.stdout + done.stderr).strip().splitlines()[-1:] or ["no output"]
            return Run({}, f"pytest did not run (exit {done.returncode}): {tail[0]}")
        return Run(_outcomes(report))


def _outcomes(report: Path) -> dict[str, str]:
    outcomes = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        test = f"{case.get('classname', '')}::{case.get('name', '')}".lstrip(":")
        tags = {child.tag for child in case}
        if "error" in tags:
            outcome = ERRORED
        elif "failure" in tags:
            outcome = FAILED
        elif "skipped" in tags:
            outcome = SKIPPED
        else:
            outcome = PASSED
        outcomes[test] = outcome
    return outcomes


def _freeze(python: Path) -> dict[str, str]:
    uv = shutil.which("uv")
    if uv is None or not python.exists():
        return {}
    done = subprocess.run(
        [uv, "pip", "freeze", "--python", str(python)], capture_output=True, text=True, check=False
    )
    from shipyard.workspace import canonical_name

    found = {}
    for line in done.stdout.splitlines():
        name, separator, version = line.partition("==")
        if separator:
            found[canonical_name(name.strip())] = version.strip()
    return found


def _uv(command: list[str], cwd: Path, what: str) -> None:
    from shipyard import tools

    tools.run(command, cwd, what)

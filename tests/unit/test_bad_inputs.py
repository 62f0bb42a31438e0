"""Every mistake a user can make: one clear sentence, exit code 2, and nothing on disk changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import read_only, run_shipyard, snapshot


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    message: str
    cwd: str = "acme"
    """Relative to the test's temp dir, which holds the workspace `acme`."""
    setup: Callable[[Path], None] | None = None
    read_only: str | None = None


def write(relative: str, text: str) -> Callable[[Path], None]:
    def setup(base: Path) -> None:
        (base / relative).parent.mkdir(parents=True, exist_ok=True)
        (base / relative).write_text(text)

    return setup


ADD = ("add", "service")
CASES = {
    "uppercase name": Case((*ADD, "Catalog"), "must be a lowercase Python identifier"),
    "dashed name": Case((*ADD, "order-service"), "for example 'order_service'"),
    "leading digit": Case((*ADD, "9lives"), "must be a lowercase Python identifier"),
    "keyword": Case((*ADD, "class"), "is a Python keyword"),
    "stdlib name": Case((*ADD, "json"), "would shadow the standard library module json"),
    "dependency name": Case((*ADD, "fastapi"), "is reserved"),
    "Flask's name": Case((*ADD, "flask", "--framework", "flask"), "is reserved"),
    "unknown framework": Case(
        (*ADD, "billing", "--framework", "django"), "'django' is not one of 'fastapi', 'flask'"
    ),
    "empty name": Case((*ADD, ""), "The name is empty"),
    "too long": Case((*ADD, "a" * 31), "is longer than 30 characters"),
    "existing service": Case((*ADD, "catalog"), "already has a service named 'catalog'"),
    "lib named like a service": Case(("add", "lib", "catalog"), "already has a service"),
    "workspace's own name": Case((*ADD, "acme"), "is the workspace's own project name"),
    "unknown lib": Case((*ADD, "billing", "--lib", "nope"), "There is no lib named 'nope'"),
    "worker for an unknown lib": Case(
        ("add", "worker", "jobs", "--lib", "nope"), "There is no lib named 'nope'"
    ),
    "task with a bad name": Case(("add", "task", "Send-Mail"), "lowercase Python identifier"),
    "task that exists": Case(
        ("add", "task", "send_mail", "--no-lock"),
        "The task 'send_mail' already exists",
        setup=write("acme/libs/common/src/common/tasks/contracts/send_mail.py", "# mine\n"),
    ),
    "unknown member kind": Case(("add", "daemon", "x"), "No such command 'daemon'"),
    "new into a non-empty dir": Case(("new", "acme"), "already exists and is not empty", cwd="."),
    "new onto a file": Case(
        ("new", "notes.txt"), "exists and is not a directory", cwd=".", setup=write("notes.txt", "")
    ),
    "new inside a workspace": Case(
        ("new", "services/inner", "--no-lock"), "is inside the workspace at"
    ),
    "bad workspace name": Case(("new", "my app", "--no-lock"), "not a valid project name", cwd="."),
    "bad --name": Case(("new", "x", "--name", "bad!"), "not a valid project name", cwd="."),
    "outside any workspace": Case((*ADD, "billing"), "is not inside a uv workspace", cwd="."),
    "--workspace elsewhere": Case(
        (*ADD, "billing", "--workspace", ".."), "is not inside a uv workspace"
    ),
    "malformed root pyproject": Case(
        (*ADD, "billing"),
        "pyproject.toml is not valid TOML",
        setup=write("acme/pyproject.toml", "[tool\n"),
    ),
    "malformed member pyproject": Case(
        (*ADD, "billing"),
        "libs/common/pyproject.toml is not valid TOML",
        setup=write("acme/libs/common/pyproject.toml", "name = \n"),
    ),
    "member of unknown kind": Case(
        (*ADD, "billing"),
        "kind = 'daemon'; expected one of service, worker, lib",
        setup=write(
            "acme/services/odd/pyproject.toml",
            "[project]\nname='odd'\n[tool.shipyard]\nkind='daemon'\n",
        ),
    ),
    "member without pyproject": Case(
        (*ADD, "billing"),
        "services/empty has no pyproject.toml",
        setup=lambda b: (b / "acme/services/empty").mkdir(),
    ),
    "a file in the way": Case(
        (*ADD, "billing", "--no-lock"),
        "Would overwrite deploy/compose/postgres-init/billing.sql; rerun with --force",
        setup=write("acme/deploy/compose/postgres-init/billing.sql", "-- mine\n"),
    ),
    "compose.yaml that is not YAML": Case(
        (*ADD, "billing", "--no-lock"),
        "compose.yaml is not valid YAML (line 2); fix it or move it aside, then rerun.",
        setup=write("acme/compose.yaml", "services: [postgres\n"),
    ),
    "compose.yaml that is a comment": Case(
        (*ADD, "billing", "--no-lock"),
        "compose.yaml is not a YAML mapping of keys to values",
        setup=write("acme/compose.yaml", "# my own compose\n"),
    ),
    "compose.yaml with a list of services": Case(
        (*ADD, "billing", "--no-lock"),
        "compose.yaml: services is not a mapping of names to entries",
        setup=write("acme/compose.yaml", "services: [postgres]\n"),
    ),
    "kustomization.yaml that is not YAML": Case(
        (*ADD, "billing", "--no-lock"),
        "deploy/k8s/kustomization.yaml is not valid YAML",
        setup=write("acme/deploy/k8s/kustomization.yaml", "resources: {catalog\n"),
    ),
    "calls an unknown service": Case(
        (*ADD, "billing", "--calls", "nope"), "--calls names 'nope', which is not a service here"
    ),
    "calls a lib": Case(
        (*ADD, "billing", "--calls", "catalog,common"), "--calls names 'common', which is not"
    ),
    "a pyproject calling a ghost": Case(
        (*ADD, "billing"),
        "[tool.shipyard] calls ghost, not a service of this workspace",
        setup=write(
            "acme/services/odd/pyproject.toml",
            "[project]\nname='odd'\n[tool.shipyard]\nkind='service'\ncalls=['ghost']\n",
        ),
    ),
    "unknown example": Case(
        ("new", "blog", "--example", "blog"),
        "There is no example 'blog'; choose one of: shop",
        cwd=".",
    ),
    "example with --dry-run": Case(
        ("new", "shop", "--example", "shop", "--dry-run"),
        "--dry-run can't show an example",
        cwd=".",
    ),
    "example into a non-empty dir": Case(
        ("new", "acme", "--example", "shop"), "already exists and is not empty", cwd="."
    ),
    "example with a read-only parent": Case(
        ("new", "ro/shop", "--example", "shop", "--no-lock", "--no-git"),
        "Cannot write",
        cwd=".",
        setup=lambda b: (b / "ro").mkdir(),
        read_only="ro",
    ),
    "read-only workspace": Case(
        (*ADD, "billing", "--no-lock"), "Cannot write", read_only="acme/services"
    ),
    "read-only parent for new": Case(
        ("new", "ro/acme", "--no-lock", "--no-git"),
        "Cannot write",
        cwd=".",
        setup=lambda b: (b / "ro").mkdir(),
        read_only="ro",
    ),
}

ODD = "acme/services/odd/pyproject.toml"
ROOT = "acme/pyproject.toml"
ROOT_HEAD = "[project]\nname = 'acme'\nversion = '0.1.0'\n"


def member(shipyard: str = "", project: str = "name = 'odd'\n") -> Callable[[Path], None]:
    """A hand-written member `services/odd` with the given [project] and [tool.shipyard]."""
    text = f"[project]\n{project}"
    return write(ODD, text + (f"[tool.shipyard]\n{shipyard}" if shipyard else ""))


def root(workspace: str, extra: str = "") -> Callable[[Path], None]:
    return write(ROOT, f"{ROOT_HEAD}{extra}[tool.uv.workspace]\n{workspace}")


def installed(name: str = "odd") -> Callable[[Path], None]:
    """A .venv in which `name` counts as installed, so that `up` gets as far as starting it."""

    def setup(base: Path) -> None:
        venv = base / "acme/.venv"
        (venv / "bin").mkdir(parents=True, exist_ok=True)
        (venv / f"lib/python3.11/site-packages/{name}-0.1.0.dist-info").mkdir(parents=True)

    return setup


def both(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(base: Path) -> None:
        for step in setups:
            step(base)

    return setup


# Malformed configuration: every command says it in one sentence; `check` reports it (SY002).
CONFIG_CASES = {
    "port as text": Case(
        (*ADD, "billing"),
        "port must be a whole number from 1 to 65535, not 'abc'",
        setup=member("port = 'abc'\n"),
    ),
    "port as a list": Case(
        (*ADD, "billing"),
        "port must be a whole number from 1 to 65535, not [8001]",
        setup=member("port = [8001]\n"),
    ),
    "port out of range": Case((*ADD, "billing"), "not 70000", setup=member("port = 70000\n")),
    "port zero": Case((*ADD, "billing"), "not 0", setup=member("port = 0\n")),
    "port as a boolean": Case((*ADD, "billing"), "not True", setup=member("port = true\n")),
    "name as a number": Case(
        (*ADD, "billing"),
        "[project] name must be a string, not 123",
        setup=member(project="name = 123\n"),
    ),
    "empty name": Case(
        (*ADD, "billing"),
        "[project] name must be a string, not ''",
        setup=member(project="name = ''\n"),
    ),
    "tool.shipyard as a string": Case(
        (*ADD, "billing"),
        "[tool.shipyard] must be a table, not 'svc'",
        setup=write(ODD, "[project]\nname = 'odd'\n[tool]\nshipyard = 'svc'\n"),
    ),
    "project as a string": Case(
        (*ADD, "billing"),
        "[project] must be a table",
        setup=write(ODD, "project = 'odd'\n"),
    ),
    "members as a string": Case(
        (*ADD, "billing"),
        "tool.uv.workspace.members must be a list of strings",
        setup=root("members = 'services/*'\n"),
    ),
    "members with numbers": Case(
        (*ADD, "billing"),
        "tool.uv.workspace.members must be a list of strings",
        setup=root("members = [1, 2]\n"),
    ),
    "exclude as a string": Case(
        (*ADD, "billing"),
        "tool.uv.workspace.exclude must be a list of strings",
        setup=root("members = ['libs/*', 'services/*']\nexclude = 'x'\n"),
    ),
    "a member that does not exist": Case(
        (*ADD, "billing"),
        "lists 'services/ghost', which does not exist",
        setup=root("members = ['libs/*', 'services/*', 'services/ghost']\n"),
    ),
    "workspace as a string": Case(
        (*ADD, "billing"),
        "[tool.uv.workspace] must be a table",
        setup=write(ROOT, f"{ROOT_HEAD}[tool.uv]\nworkspace = 'yes'\n"),
    ),
    "unknown role": Case(
        (*ADD, "billing"),
        "role = 'daemon'; expected one of service, worker, lib",
        setup=member("role = 'daemon'\n"),
    ),
    "unknown runtime": Case(
        (*ADD, "billing"),
        "runtime = 'gunicorn'; expected one of fastapi, flask",
        setup=member("runtime = 'gunicorn'\n"),
    ),
    "command as a number": Case(
        (*ADD, "billing"),
        "command must be a command line as a string, not 42",
        setup=member("command = 42\n"),
    ),
    "export-requirements as text": Case(
        (*ADD, "billing"),
        "[tool.shipyard] export-requirements must be true or false, not 'yes'",
        setup=member("export-requirements = 'yes'\n"),
    ),
    "calls as a string": Case(
        (*ADD, "billing"),
        "[tool.shipyard] calls must be a list of strings",
        setup=member("calls = 'catalog'\n"),
    ),
    "a port twice": Case(
        (*ADD, "billing"),
        "port 8001 is also the port of services/catalog",
        setup=member("role = 'service'\nport = 8001\n"),
    ),
    "a name twice": Case(
        (*ADD, "billing"),
        "[project] name 'catalog' is also the name of services/catalog",
        setup=member(project="name = 'catalog'\n"),
    ),
    "an invalid dependency": Case(
        (*ADD, "billing"),
        "has an invalid dependency 'fastapi>>1'",
        setup=member(project="name = 'odd'\ndependencies = ['fastapi>>1']\n"),
    ),
    "scenarios as a string": Case(
        (*ADD, "billing"),
        "[tool.shipyard.scenarios] must be a table",
        setup=root("members = ['libs/*', 'services/*']\n", "[tool.shipyard]\nscenarios = 'x'\n"),
    ),
    "a scenario of a ghost": Case(
        (*ADD, "billing"),
        "scenario 'smoke' names ghost, not a member",
        setup=root(
            "members = ['libs/*', 'services/*']\n",
            "[tool.shipyard.scenarios]\nsmoke = ['ghost']\n",
        ),
    ),
    "line length as text": Case(
        (*ADD, "billing"),
        "[tool.ruff] line-length must be a positive number, not 'long'",
        setup=root("members = ['libs/*', 'services/*']\n", "[tool.ruff]\nline-length = 'long'\n"),
    ),
}

MORE_CASES = {
    "a name ending in an underscore": Case((*ADD, "billing_"), "ends with '_'"),
    "the SQLite driver's name": Case((*ADD, "aiosqlite"), "is reserved"),
    "a distribution in uv.lock": Case(
        (*ADD, "annotated_types", "--no-lock"),
        "would shadow the distribution annotated_types",
        setup=write("acme/uv.lock", 'version = 1\n[[package]]\nname = "annotated-types"\n'),
    ),
    "a member's dependency": Case(
        ("add", "lib", "orjson", "--no-lock"),
        "would shadow the distribution orjson",
        setup=member(project="name = 'odd'\ndependencies = ['orjson>=3']\n"),
    ),
    "new named like a dependency": Case(
        ("new", "fastapi", "--no-lock"), "is the name of a package its members depend on", cwd="."
    ),
    "new with --name of a dependency": Case(
        ("new", "x", "--name", "celery", "--no-lock"), "is the name of a package", cwd="."
    ),
    "a task named like the generated tests": Case(
        ("add", "task", "machinery", "--no-lock"), "is taken by the tasks package's own"
    ),
    "a worker named like a lib": Case(("add", "worker", "common"), "already has a lib"),
    "a scenario with a bad name": Case(
        ("add", "scenario", "Smoke Test", "--members", "catalog"), "must be lowercase letters"
    ),
    "a scenario of an unknown member": Case(
        ("add", "scenario", "smoke", "--members", "nope"), "'nope' is not a service or worker"
    ),
    "a scenario of a lib": Case(
        ("add", "scenario", "smoke", "--members", "common"), "'common' is not a service or worker"
    ),
    "a scenario with no members": Case(
        ("add", "scenario", "smoke", "--members", ","), "A scenario needs at least one member"
    ),
    "up with a zero timeout": Case(("up", "--timeout", "0"), "--timeout must be a number"),
    "up with a negative grace": Case(("up", "--grace", "-1"), "--grace must be a number"),
    "up with a huge port offset": Case(
        ("up", "--port-offset", "70000"), "outside 1-65535", setup=installed("catalog")
    ),
    "up with a negative port offset": Case(
        ("up", "catalog", "--port-offset", "-9000"), "outside 1-65535", setup=installed("catalog")
    ),
    "up of an unknown member": Case(("up", "nope"), "'nope' is not a service or worker here"),
    "up of a lib": Case(("up", "common"), "'common' is not a service or worker here"),
    "up before uv sync": Case(("up",), "has no .venv yet; run `uv sync`"),
    "up of a member not installed": Case(
        ("up", "catalog"), "catalog is not installed in", setup=installed("other")
    ),
    "up with a missing env file": Case(
        ("up", "--env-file", "nope.env"), "The env file nope.env does not exist"
    ),
    "up of a service with no known runtime": Case(
        ("up", "odd"),
        "shipyard can't tell how to start it",
        setup=both(member("role = 'service'\nport = 8010\n"), installed()),
    ),
    "up of a Flask service with no app": Case(
        ("up", "odd"),
        "(flask): an app factory (create_app) or an `app = Flask(__name__)` was not found",
        setup=both(member("runtime = 'flask'\nport = 8010\n"), installed()),
    ),
    "up of an rq worker": Case(
        ("up", "odd"),
        "runs on rq, which has no command shipyard can infer",
        setup=both(member("role = 'worker'\nruntime = 'rq'\n"), installed()),
    ),
    "up of a service with the worker runtime": Case(
        ("up", "odd"),
        "service odd has the worker runtime celery",
        setup=both(member("role = 'service'\nruntime = 'celery'\nport = 8010\n"), installed()),
    ),
    "up of an unparseable command": Case(
        ("up", "odd"),
        "command can't be parsed",
        setup=both(member("role = 'worker'\ncommand = 'run \"unclosed'\n"), installed()),
    ),
    "build of an unknown member": Case(("build", "nope"), "There is no service or worker named"),
    "build of a lib": Case(("build", "common"), "only services and workers have images"),
    "check outside a workspace": Case(("check",), "is not inside a uv workspace", cwd="."),
    "check of a TOML error": Case(
        ("check",), "pyproject.toml is not valid TOML", setup=write(ROOT, "[tool\n")
    ),
    "new with a too long name": Case(
        ("new", "x", "--name", "a" * 61, "--no-lock"), "longer than 60 characters", cwd="."
    ),
}
CASES |= CONFIG_CASES | MORE_CASES


@pytest.mark.parametrize("case", CONFIG_CASES.values(), ids=CONFIG_CASES.keys())
def test_check_reports_malformed_configuration(workspace: Path, case: Case) -> None:
    base = workspace.parent
    assert case.setup is not None
    case.setup(base)
    before = snapshot(base)

    result = run_shipyard("check", "--no-cache", "--select", "SY002", cwd=workspace)

    assert result.code == 1, result
    assert "SY002" in result.stdout
    assert case.message.rstrip(".") in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(base) == before


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_bad_input(workspace: Path, case: Case) -> None:
    base = workspace.parent
    if case.setup is not None:
        case.setup(base)
    before = snapshot(base)

    if case.read_only:
        with read_only(base / case.read_only):
            result = run_shipyard(*case.args, cwd=base / case.cwd)
    else:
        result = run_shipyard(*case.args, cwd=base / case.cwd)

    assert result.code == 2, result
    assert case.message in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(base) == before


def test_there_are_at_least_eighty_cases() -> None:
    assert len(CASES) >= 80

"""What `up` would start for each runtime, read from source the way a user wrote it."""

from __future__ import annotations

from pathlib import Path

import pytest

from shipyard.errors import ShipyardError
from shipyard.run.commands import Readiness
from shipyard.run.plan import UpPlan, local_ports, plan_up
from shipyard.workspace import load_workspace


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make(tmp_path: Path, members: dict[str, tuple[str, dict[str, str]]]) -> Path:
    """A workspace whose members are `name: (pyproject tail, {relative path: source})`, each
    installed in a .venv as far as `up` looks."""
    write(
        tmp_path / "pyproject.toml",
        "[project]\nname = 'ws'\n[tool.uv.workspace]\nmembers = ['apps/*']\n",
    )
    (tmp_path / ".venv/bin").mkdir(parents=True)
    for name, (tail, sources) in members.items():
        write(tmp_path / f"apps/{name}/pyproject.toml", f"[project]\nname = '{name}'\n{tail}")
        for relative, text in sources.items():
            write(tmp_path / f"apps/{name}/{relative}", text)
        site = tmp_path / f".venv/lib/python3.11/site-packages/{name}-0.1.0.dist-info"
        site.mkdir(parents=True)
    return tmp_path


def plan(root: Path, *names: str) -> UpPlan:
    return plan_up(load_workspace(root), names, {"PATH": "/usr/bin"})


def command(root: Path, name: str) -> list[str]:
    process = next(p for p in plan(root).processes if p.name == name)
    return [Path(word).name if word.startswith(str(root)) else word for word in process.command]


FLASK_FACTORY = "from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n"
FASTAPI_OBJECT = "from fastapi import FastAPI\n\napp = FastAPI()\n"


def test_a_flask_factory_starts_with_flask_run(tmp_path: Path) -> None:
    root = make(
        tmp_path,
        {
            "web": (
                "dependencies = ['flask']\n[tool.shipyard]\nport = 8100\n",
                {"src/web/__init__.py": "", "src/web/app.py": FLASK_FACTORY},
            )
        },
    )
    (process,) = plan(root).processes
    assert command(root, "web") == [
        "flask", "--app", "web.app:create_app()", "run", "--host", "127.0.0.1", "--port", "8100"
    ]  # fmt: skip
    assert process.directory == root  # installed: it imports from anywhere
    assert process.readiness is Readiness.HTTP
    assert process.env["PORT"] == "8100"


def test_a_flask_app_object_in_a_flat_module(tmp_path: Path) -> None:
    app = "import flask\n\napplication = flask.Flask(__name__)\n"
    root = make(tmp_path, {"web": ("dependencies = ['Flask>=3']\n", {"app.py": app})})
    assert command(root, "web")[:3] == ["flask", "--app", "app:application"]
    (process,) = plan(root).processes
    assert process.directory == root / "apps/web"  # a loose module imports from there only


def test_a_flask_service_with_gunicorn_runs_gunicorn_with_its_settings_and_one_worker(
    tmp_path: Path,
) -> None:
    root = make(
        tmp_path,
        {
            "web": (
                "dependencies = ['flask', 'gunicorn>=23']\n[tool.shipyard]\nport = 8100\n",
                {
                    "src/web/__init__.py": "",
                    "src/web/main.py": FLASK_FACTORY,
                    "src/web/gunicorn_conf.py": "workers = 4\n",
                },
            )
        },
    )
    assert command(root, "web") == [
        "gunicorn", "--config", "python:web.gunicorn_conf", "--bind", "127.0.0.1:8100",
        "--workers", "1", "web.main:create_app()",
    ]  # fmt: skip


def test_gunicorn_without_settings_of_its_own_gets_none(tmp_path: Path) -> None:
    app = "import flask\n\napp = flask.Flask(__name__)\n"
    root = make(tmp_path, {"web": ("dependencies = ['flask', 'Gunicorn']\n", {"app.py": app})})
    assert command(root, "web") == [
        "gunicorn",
        "--bind",
        "127.0.0.1:8001",
        "--workers",
        "1",
        "app:app",
    ]


def test_a_fastapi_app_object_is_not_started_as_a_factory(tmp_path: Path) -> None:
    root = make(
        tmp_path,
        {
            "api": (
                "dependencies = ['fastapi']\n",
                {"api/__init__.py": "", "api/main.py": FASTAPI_OBJECT},
            )
        },
    )
    words = command(root, "api")
    assert words[:2] == ["uvicorn", "api.main:app"]
    assert "--factory" not in words


def test_dramatiq_imports_every_module_with_actors(tmp_path: Path) -> None:
    actors = "import dramatiq\n\n@dramatiq.actor\ndef send(x: int) -> None: ...\n"
    more = "from dramatiq import actor\n\n@actor(max_retries=3)\ndef other() -> None: ...\n"
    sources = {
        "jobs/__init__.py": "",
        "jobs/tasks.py": actors,
        "jobs/more.py": more,
        "jobs/util.py": "X = 1\n",
    }
    root = make(tmp_path, {"jobs": ("dependencies = ['dramatiq[redis]']\n", sources)})
    (process,) = plan(root).processes
    assert command(root, "jobs") == ["dramatiq", "jobs.more", "jobs.tasks", "--processes", "1"]
    assert process.port is None
    assert process.readiness is Readiness.STARTED


def test_django_migrates_then_runs_the_development_server(tmp_path: Path) -> None:
    root = make(
        tmp_path, {"site": ("dependencies = ['django']\n", {"manage.py": "import django\n"})}
    )
    up = plan(root)
    assert [Path(w).name for w in up.steps[0].command] == [
        "python",
        "manage.py",
        "migrate",
        "--noinput",
    ]
    assert command(root, "site")[1:] == ["manage.py", "runserver", "127.0.0.1:8001", "--noreload"]


def test_a_celery_app_made_by_a_function(tmp_path: Path) -> None:
    main = (
        "from celery import Celery\n\ndef make() -> Celery:\n    return Celery()\n\napp = make()\n"
    )
    root = make(
        tmp_path,
        {
            "work": (
                "dependencies = ['celery']\n",
                {"src/work/__init__.py": "", "src/work/main.py": main},
            )
        },
    )
    assert command(root, "work")[:4] == ["celery", "-A", "work.main:app", "worker"]


def test_a_declared_command_replaces_the_port(tmp_path: Path) -> None:
    command_line = "gunicorn 'app:create()' -b 127.0.0.1:{port}"
    tail = f"[tool.shipyard]\nrole = 'service'\nport = 9000\ncommand = \"{command_line}\"\n"
    root = make(tmp_path, {"legacy": (tail, {})})
    (process,) = plan(root).processes
    assert process.command == ("gunicorn", "app:create()", "-b", "127.0.0.1:9000")
    assert process.directory == root / "apps/legacy"


def test_services_without_a_port_get_distinct_ones_after_the_declared(tmp_path: Path) -> None:
    sources = {"app.py": FASTAPI_OBJECT}
    root = make(
        tmp_path,
        {
            "a": ("dependencies = ['fastapi']\n", sources),
            "b": ("dependencies = ['fastapi']\n[tool.shipyard]\nport = 8005\n", sources),
            "c": ("dependencies = ['fastapi']\n", sources),
        },
    )
    assert local_ports(load_workspace(root)) == {"a": 8006, "b": 8005, "c": 8007}
    assert local_ports(load_workspace(root), 100) == {"a": 8106, "b": 8105, "c": 8107}


@pytest.mark.parametrize(
    ("tail", "sources", "message"),
    [
        (
            "dependencies = ['flask']\n",
            {"app.py": "x = 1\n"},
            "app = Flask(__name__)` was not found",
        ),
        (
            "dependencies = ['dramatiq']\n",
            {"w/__init__.py": ""},
            "@dramatiq.actor functions was not found",
        ),
        (
            "dependencies = ['flask', 'fastapi']\n",
            {"app.py": FASTAPI_OBJECT},
            "can't tell how to start it",
        ),
        ("dependencies = ['rq']\n", {}, "runs on rq, which has no command"),
        ("[tool.shipyard]\nrole = 'service'\nruntime = 'dramatiq'\n", {}, "has the worker runtime"),
    ],
)
def test_what_cannot_be_known_is_refused(
    tmp_path: Path, tail: str, sources: dict[str, str], message: str
) -> None:
    root = make(tmp_path, {"w": (tail, sources)})
    with pytest.raises(ShipyardError, match=r"set `(runtime|command|role)") as error:
        plan(root)
    assert message in error.value.message
    assert "apps/w/pyproject.toml" in error.value.message


def test_two_services_on_one_port_are_refused(tmp_path: Path) -> None:
    tail = "dependencies = ['fastapi']\n[tool.shipyard]\nport = 8001\n"
    root = make(tmp_path, {"a": (tail, {}), "b": (tail, {})})
    with pytest.raises(ShipyardError, match="port 8001 is also the port of apps/a"):
        load_workspace(root)


def test_a_member_without_a_build_system_is_told_why_uv_sync_does_not_help(
    tmp_path: Path,
) -> None:
    root = make(tmp_path, {"web": ("dependencies = ['flask']\n", {"app.py": FLASK_FACTORY})})
    for info in (tmp_path / ".venv/lib/python3.11/site-packages").glob("web-*.dist-info"):
        info.rmdir()  # what `uv sync` leaves for a virtual project: nothing
    with pytest.raises(ShipyardError, match=r"has no \[build-system\] .* set `command`"):
        plan(root)
    pyproject = root / "apps/web/pyproject.toml"
    declared = pyproject.read_text() + "[tool.shipyard]\ncommand = 'flask run -p {port}'\n"
    pyproject.write_text(declared)
    (process,) = plan(root).processes  # a declared command needs no install
    assert process.directory == root / "apps/web"
    pyproject.write_text(
        declared.replace("[tool.shipyard]\ncommand = 'flask run -p {port}'\n", "")
        + "[build-system]\nrequires = ['hatchling']\n"
    )
    with pytest.raises(ShipyardError, match=r"is not installed in .*; run `uv sync`"):
        plan(root)

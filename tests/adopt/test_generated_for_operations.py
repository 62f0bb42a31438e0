"""What adopt generates to run the workspace beyond its folders: Kubernetes manifests and a CI
workflow, the old Makefile kept, setup.py's entry points, and renamed Celery tasks reported."""

from __future__ import annotations

import textwrap
import tomllib
from collections.abc import Callable
from pathlib import Path

import yaml

from shipyard.adopt.git import tracked_files
from shipyard.adopt.plan import Plan, make_plan
from shipyard.adopt.report import render_plan

from .conftest import make_repository

Legacy = Callable[[str], Path]


def plan_of(root: Path) -> Plan:
    return make_plan(root, tracked_files(root))


def content(plan: Plan, path: str) -> str:
    return next(f.content for f in plan.files if f.path == Path(path))


def written(plan: Plan) -> set[str]:
    return {f.path.as_posix() for f in plan.files}


def repository(tmp_path: Path, files: dict[str, str]) -> Path:
    source = tmp_path / "source"
    for name, text in files.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return make_repository(source, tmp_path / "legacy")


def test_each_service_gets_manifests_from_its_dockerfile_and_compose(legacy: Legacy) -> None:
    plan = plan_of(legacy("flask_trio"))
    for name in ("billing", "orders", "users"):
        documents = {
            kind: yaml.safe_load(content(plan, f"deploy/k8s/{name}/{kind}.yaml"))
            for kind in ("kustomization", "deployment", "service", "configmap")
        }
        container = documents["deployment"]["spec"]["template"]["spec"]["containers"][0]
        assert container["image"] == f"flask-trio/{name}"
        assert container["ports"] == [{"name": "http", "containerPort": 5000}]
        assert container["readinessProbe"]["tcpSocket"] == {"port": "http"}
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert documents["configmap"]["data"] == {"REDIS_URL": "redis://redis:6379/0"}
        assert documents["kustomization"]["resources"] == [
            "configmap.yaml", "deployment.yaml", "service.yaml",
        ]  # fmt: skip
    root = yaml.safe_load(content(plan, "deploy/k8s/kustomization.yaml"))
    assert root["resources"] == ["billing", "orders", "users"]
    redis = [n for n in plan.notes if n.where == "deploy/k8s"]
    assert len(redis) == 1
    assert "redis (redis:6)" in redis[0].message


def test_credentials_in_compose_become_secret_references(tmp_path: Path) -> None:
    root = repository(tmp_path, {
        "api/requirements.txt": "fastapi\nuvicorn\n",
        "api/app/__init__.py": "",
        "api/app/main.py": "from fastapi import FastAPI\napp = FastAPI()\n",
        "api/Dockerfile": "FROM python:3.11\nEXPOSE 8080\nCMD uvicorn app.main:app --port 8080\n",
        "docker-compose.yml": """\
            services:
              api:
                build: ./api
                environment:
                  LOG_LEVEL: info
                  DATABASE_URL: postgresql://app:hunter2@db/app
                  STRIPE_API_KEY: sk_test_1
                  SENTRY_DSN: ${SENTRY_DSN}
              db:
                image: postgres:16
            """,
    })  # fmt: skip
    plan = plan_of(root)
    assert yaml.safe_load(content(plan, "deploy/k8s/api/configmap.yaml"))["data"] == {
        "LOG_LEVEL": "info"
    }
    deployment = yaml.safe_load(content(plan, "deploy/k8s/api/deployment.yaml"))
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["ports"][0]["containerPort"] == 8080
    references = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in container["env"]}
    assert references == {
        "DATABASE_URL": {"name": "api-secrets", "key": "database-url"},
        "SENTRY_DSN": {"name": "api-secrets", "key": "sentry-dsn"},
        "STRIPE_API_KEY": {"name": "api-secrets", "key": "stripe-api-key"},
    }
    assert "hunter2" not in "".join(f.content for f in plan.files if "deploy/" in str(f.path))


def test_a_workflow_beside_an_existing_ci_and_no_manifests_over_existing_ones(
    tmp_path: Path,
) -> None:
    root = repository(tmp_path, {
        "api/requirements.txt": "flask\n",
        "api/web/__init__.py": "",
        ".github/workflows/ci.yml": "name: ci\non: push\n",
        "deploy/k8s/api.yaml": "kind: Deployment\n",
    })  # fmt: skip
    plan = plan_of(root)
    files = written(plan)
    assert not any(f.startswith("deploy/k8s") for f in files)
    assert ".github/workflows/ci.yml" not in files
    workflow = yaml.safe_load(content(plan, ".github/workflows/shipyard.yml"))
    steps = [s.get("run") for s in workflow["jobs"]["checks"]["steps"]]
    assert "uv sync --locked" in steps
    assert "make test-all" in steps
    build = workflow["jobs"]["images"]["steps"][-1]["run"]
    assert "docker build -f services/api/Dockerfile -t api:" in build
    wheres = {n.where for n in plan.notes}
    assert {"deploy/k8s", ".github/workflows/ci.yml"} <= wheres


def test_the_old_makefile_is_kept_and_its_targets_still_run(legacy: Legacy) -> None:
    plan = plan_of(legacy("piptools_common"))
    kept = content(plan, "legacy.mk")
    assert "cd services/payments && python -m pytest" in kept
    assert "cd services/invoices && python -m pytest" in kept
    makefile = content(plan, "Makefile")
    assert "test:\n\t$(MAKE) -f legacy.mk $@" in makefile
    assert any(m.old == Path("Makefile") and m.new == Path("legacy.mk") for m in plan.moves)
    assert "--baseline $(CHECK_BASELINE)" in makefile


def test_setup_py_entry_points_become_project_scripts(legacy: Legacy) -> None:
    plan = plan_of(legacy("setuppy_service"))
    project = tomllib.loads(content(plan, "services/inventory/pyproject.toml"))["project"]
    assert project["scripts"] == {"inventory": "inventory.cli:main"}


def test_setup_cfg_entry_point_groups(tmp_path: Path) -> None:
    root = repository(tmp_path, {
        "tool/setup.cfg": """\
            [metadata]
            name = tool
            [options]
            install_requires =
                click
            [options.entry_points]
            console_scripts =
                tool = project.cli:main
            myapp.plugins =
                csv = project.plugins:CsvPlugin
            """,
        "tool/setup.py": "from setuptools import setup\nsetup()\n",
        "tool/project/__init__.py": "",
        "tool/project/cli.py": "def main() -> None: ...\n",
        "tool/project/plugins.py": "class CsvPlugin: ...\n",
    })  # fmt: skip
    plan = plan_of(root)
    project = tomllib.loads(content(plan, "libs/tool/pyproject.toml"))["project"]
    assert project["scripts"] == {"tool": "tool.cli:main"}
    assert project["entry-points"] == {"myapp.plugins": {"csv": "tool.plugins:CsvPlugin"}}


def test_renamed_celery_tasks_are_reported_with_their_old_and_new_names(tmp_path: Path) -> None:
    tasks = """\
        from celery import Celery, shared_task

        app = Celery("project")

        @app.task
        def send_email(to: str) -> None: ...

        @shared_task(bind=True, max_retries=3)
        def charge(self, order: int) -> None: ...

        @app.task(name="billing.refund")
        def refund(order: int) -> None: ...
        """
    files = {}
    for service in ("mailer", "payments"):
        files[f"{service}/requirements.txt"] = "celery\n"
        files[f"{service}/project/__init__.py"] = ""
        files[f"{service}/project/tasks.py"] = tasks
    plan = plan_of(repository(tmp_path, files))
    reported = sorted(n.message.split(":")[0] for n in plan.notes if "Celery task" in n.message)
    assert reported == [
        "the Celery task project.tasks.charge is now mailer.tasks.charge",
        "the Celery task project.tasks.charge is now payments.tasks.charge",
        "the Celery task project.tasks.send_email is now mailer.tasks.send_email",
        "the Celery task project.tasks.send_email is now payments.tasks.send_email",
    ]
    where = {n.where for n in plan.notes if "Celery task" in n.message}
    assert "mailer/project/tasks.py:6" in where  # the def line


def test_the_report_says_what_to_do_next(legacy: Legacy) -> None:
    report = render_plan(plan_of(legacy("flask_trio")))
    assert "## Next" in report
    assert "--update-baseline" in report

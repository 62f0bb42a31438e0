"""Processes compose ran beside a member's web server, and data its code reached through
`__file__`, after the adoption: each on the smallest repository that showed it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import yaml

from tests.adopt.conftest import git
from tests.adopt.test_real_defects import content, plan_of, repository
from tests.conftest import shipyard_ok

WORKER_AND_BEAT = {
    "requirements.txt": "django\ncelery\n",
    "project/__init__.py": "",
    "project/settings.py": "DEBUG = False\n",
    "project/celery.py": "app = None\n",
    "manage.py": "print('manage')\n",
    "Dockerfile": "FROM python:3.11\nWORKDIR /app\nCOPY . .\nCMD gunicorn project.wsgi\n",
    "docker-compose.yml": (
        "services:\n"
        "  web:\n    build: .\n    ports: ['8000:8000']\n"
        "    environment:\n      DJANGO_SETTINGS_MODULE: project.settings\n"
        "  worker:\n    build: .\n    command: celery -A project worker -l info\n"
        "    environment:\n      DJANGO_SETTINGS_MODULE: project.settings\n"
        "  beat:\n    build: .\n    command: celery -A project.celery beat -l info\n"
        "    environment:\n      DJANGO_SETTINGS_MODULE: project.settings\n"
        "      BROKER_URL: amqp://guest:guest@rabbitmq//\n"
        "  flower:\n    build: .\n    command: celery -A project flower\n"
        "    ports: ['5555:5555']\n"
        "  rabbitmq:\n    image: rabbitmq:3\n"
    ),
}


def test_workers_and_beat_compose_runs_from_the_image_get_deployments(tmp_path: Path) -> None:
    plan = plan_of(repository(tmp_path / "shop", WORKER_AND_BEAT))
    folder = "deploy/k8s/shop"
    kustomization = yaml.safe_load(content(plan, f"{folder}/kustomization.yaml"))
    assert kustomization["resources"] == [
        "configmap.yaml", "deployment.yaml", "service.yaml",
        "deployment-worker.yaml", "deployment-beat.yaml", "configmap-beat.yaml",
        "deployment-flower.yaml",
    ]  # fmt: skip
    worker = yaml.safe_load(content(plan, f"{folder}/deployment-worker.yaml"))
    beat = yaml.safe_load(content(plan, f"{folder}/deployment-beat.yaml"))
    web = yaml.safe_load(content(plan, f"{folder}/deployment.yaml"))
    for deployment in (worker, beat):
        pod = deployment["spec"]["template"]["spec"]
        container = pod["containers"][0]
        assert container["image"] == web["spec"]["template"]["spec"]["containers"][0]["image"]
        assert "ports" not in container
        assert not {"livenessProbe", "readinessProbe", "startupProbe"} & set(container)
        # The web Service selects by name: a worker's pods must never be behind it.
        labels = deployment["spec"]["selector"]["matchLabels"]
        assert labels != web["spec"]["selector"]["matchLabels"]
    assert worker["metadata"]["name"] == "shop-worker"
    worker_container = worker["spec"]["template"]["spec"]["containers"][0]
    assert worker_container["args"] == ["celery", "-A", "shop", "worker", "-l", "info"]
    assert worker_container["envFrom"] == [{"configMapRef": {"name": "shop-config"}}]
    assert "strategy" not in worker["spec"]
    assert beat["spec"]["replicas"] == 1
    assert beat["spec"]["strategy"] == {"type": "Recreate"}
    beat_container = beat["spec"]["template"]["spec"]["containers"][0]
    # Its state file goes where a read-only root filesystem lets it write.
    assert beat_container["args"] == [
        "celery", "-A", "shop.celery", "beat", "-l", "info",
        "--schedule", "/tmp/celerybeat-schedule",
    ]  # fmt: skip
    assert beat_container["envFrom"] == [{"configMapRef": {"name": "shop-beat-config"}}]
    assert beat_container["env"][0]["valueFrom"]["secretKeyRef"] == {
        "name": "shop-secrets", "key": "broker-url",
    }  # fmt: skip
    beat_config = yaml.safe_load(content(plan, f"{folder}/configmap-beat.yaml"))
    assert beat_config["metadata"]["name"] == "shop-beat-config"
    assert beat_config["data"] == {"DJANGO_SETTINGS_MODULE": "shop.settings"}
    flower = next(n for n in plan.notes if n.where == f"{folder}/deployment-flower.yaml")
    assert "published 5555:5555" in flower.message
    secrets = next(n for n in plan.notes if n.where == f"{folder}/deployment.yaml")
    assert "BROKER_URL" in secrets.message
    for planned in plan.files:
        if planned.path.parts[0] == "deploy" and planned.path.name != "kustomization.yaml":
            document = yaml.safe_load(planned.content)
            kubernetes_validate.validate(
                document, kubernetes_validate.latest_version(), strict=True
            )
    kubectl = shutil.which("kubectl")
    if kubectl is not None:
        out = tmp_path / "out"
        for planned in plan.files:
            if planned.path.parts[0] == "deploy":
                (out / planned.path).parent.mkdir(parents=True, exist_ok=True)
                (out / planned.path).write_text(planned.content)
        built = subprocess.run(
            [kubectl, "kustomize", str(out / "deploy/k8s")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert built.returncode == 0, built.stderr
        kinds = [(d["kind"], d["metadata"]["name"]) for d in yaml.safe_load_all(built.stdout)]
        assert ("Deployment", "shop-beat") in kinds
        assert ("Deployment", "shop-worker") in kinds


PRICING = {
    "pricing/requirements.txt": "pytest\n",
    "pricing/Dockerfile": "FROM python:3.11\nCOPY . .\nCMD python prices.py\n",
    "pricing/prices.py": (
        "import json\nfrom pathlib import Path\n\n"
        'RATES = Path(__file__).parent / "data" / "rates.json"\n\n\n'
        "def rate(currency):\n    return json.loads(RATES.read_text())[currency]\n"
    ),
    "pricing/data/rates.json": '{"EUR": 0.9}\n',
    "pricing/tests/test_prices.py": (
        "from prices import rate\n\n\ndef test_rate():\n    assert rate('EUR') == 0.9\n"
    ),
}


def _pytest(folder: Path, *pythonpath: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=folder, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(pythonpath)},
    )  # fmt: skip


def test_data_beside_a_module_gathered_into_the_package_moves_with_it(tmp_path: Path) -> None:
    root = repository(tmp_path / "shop", PRICING)
    before = _pytest(root / "pricing")
    assert before.returncode == 0, before.stdout
    assert shipyard_ok("adopt", "--no-lock", cwd=root)
    member = root / "services/pricing"
    assert (member / "src/pricing/data/rates.json").is_file()
    assert not (member / "data").exists()
    renamed = git(root, "diff", "--cached", "-M", "--name-status")
    assert "R100\tpricing/data/rates.json\tservices/pricing/src/pricing/data/rates.json" in renamed
    after = _pytest(member, "src")
    assert after.returncode == 0, after.stdout + after.stderr
    assert "1 passed" in after.stdout
    report = (root / "docs/adoption.md").read_text()
    assert (
        "`pricing/prices.py:4`: reaches pricing/data/rates.json: pricing/data moved with the code"
        in report
    )


def test_os_path_folders_climb_and_what_cannot_follow_is_listed(tmp_path: Path) -> None:
    root = repository(tmp_path / "portal", {
        "requirements.txt": "flask\n",
        "web/__init__.py": (
            "import os\n\n"
            "BASE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n"
            'TEMPLATES = os.path.join(BASE, "templates")\n'
            'SEEDS = os.path.join(BASE, "seeds.sql")\n'
        ),
        "templates/index.html": "<p>hi</p>\n",
        "seeds.sql": "select 1;\n",
        "worker/requirements.txt": "celery\n",
        "worker/jobs/__init__.py": "",
        "worker/jobs/run.py": (
            "from pathlib import Path\n\n"
            # Another member's data: adopt moves neither the data nor the path.
            'SHARED = Path(__file__).parents[2] / "templates"\n'
        ),
    })  # fmt: skip
    plan = plan_of(root)
    web = content(plan, "services/portal/src/portal/__init__.py")
    assert (
        "BASE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))" in web
    )
    notes = {n.where: n.message for n in plan.notes}
    assert "now at services/portal/templates" in notes["web/__init__.py:4"]
    assert "now at services/portal/seeds.sql" in notes["web/__init__.py:5"]
    assert "fix it by hand" in notes["worker/jobs/run.py:3"]


def test_commands_that_relied_on_the_old_workdir_follow_the_moves(tmp_path: Path) -> None:
    root = repository(tmp_path / "fleet", {
        "api/requirements.txt": "flask\ngunicorn\n",
        "api/app/__init__.py": "",
        "api/app/main.py": "from flask import Flask\napp = Flask(__name__)\n",
        "api/config/gunicorn.py": "workers = 2\n",
        "api/entrypoint.sh": "#!/bin/sh\nexec \"$@\"\n",
        "api/Dockerfile": (
            "FROM python:3.11\nWORKDIR /usr/src/app\nCOPY . /usr/src/app\n"
            'CMD ["gunicorn", "-c", "config/gunicorn.py", "app.main:app"]\n'
        ),
        "docker-compose.yml": (
            "services:\n"
            "  api:\n    build: ./api\n    ports: ['8000:8000']\n"
            "    entrypoint: /usr/src/app/entrypoint.sh\n"
            "    command: gunicorn --config=./config/gunicorn.py app.main:app\n"
            "  worker:\n    build: ./api\n    command: [python, app/main.py, --worker]\n"
        ),
    })  # fmt: skip
    plan = plan_of(root)
    dockerfile = content(plan, "services/api/Dockerfile")
    assert 'CMD ["gunicorn", "-c", "src/api/config/gunicorn.py", "api.app.main:app"]' in dockerfile
    compose = yaml.safe_load(content(plan, "compose.yaml"))["services"]
    assert compose["api"]["entrypoint"] == "/app/services/api/entrypoint.sh"
    assert compose["api"]["command"] == (
        "gunicorn --config=./src/api/config/gunicorn.py api.app.main:app"
    )
    assert compose["worker"]["command"] == ["python", "src/api/app/main.py", "--worker"]
    worker = yaml.safe_load(content(plan, "deploy/k8s/api/deployment-worker.yaml"))
    args = worker["spec"]["template"]["spec"]["containers"][0]["args"]
    assert args == ["python", "src/api/app/main.py", "--worker"]
    notes = {n.where: n.message for n in plan.notes if "WORKDIR" in n.message}
    assert notes["api/Dockerfile:4"].startswith("config/gunicorn.py -> src/api/config/gunicorn.py")
    assert set(notes) == {"api/Dockerfile:4", "docker-compose.yml:5", "docker-compose.yml:6",
                          "docker-compose.yml:9"}  # fmt: skip


def test_a_command_reaching_what_stays_outside_the_member_is_listed(tmp_path: Path) -> None:
    root = repository(tmp_path / "shop", {
        "requirements.txt": "gunicorn\npython-dotenv[cli]\n",
        "shop/__init__.py": "",
        "shop/wsgi.py": "application = None\n",
        ".env.production": "DEBUG=0\n",
        "Dockerfile": (
            "FROM python:3.11\nWORKDIR /app\nCOPY . .\n"
            'CMD ["dotenv", "-f", ".env.production", "run", "gunicorn", "shop.wsgi"]\n'
        ),
    })  # fmt: skip
    plan = plan_of(root)
    note = next(n for n in plan.notes if n.where == "Dockerfile:4")
    assert "runs .env.production" in note.message
    assert "outside services/shop, so not in its image" in note.message


def test_cookiecutter_django_s_strict_resolve_climbs_too(tmp_path: Path) -> None:
    root = repository(tmp_path / "blog", {
        "requirements.txt": "django\n",
        "config/__init__.py": "",
        "config/settings/__init__.py": "",
        "config/settings/base.py": (
            "from pathlib import Path\n\n"
            "BASE_DIR = Path(__file__).resolve(strict=True).parent.parent.parent\n"
            'TEMPLATES = [{"DIRS": [str(BASE_DIR / "templates")]}]\n'
        ),
        "templates/base.html": "<html></html>\n",
    })  # fmt: skip
    plan = plan_of(root)
    base = content(plan, "services/blog/src/blog/settings/base.py")
    assert "BASE_DIR = Path(__file__).resolve(strict=True).parent.parent.parent.parent\n" in base


def test_a_flask_module_gathered_into_the_package_takes_its_templates(tmp_path: Path) -> None:
    root = repository(tmp_path / "fleet", {
        "web/requirements.txt": "flask\n",
        "web/app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "web/views.py": "from app import app\n",
        "web/templates/index.html": "<p>hi</p>\n",
        "web/static/site.css": "p {}\n",
        "api/requirements.txt": "flask\n",
        "api/api/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "api/api/templates/x.html": "<p>x</p>\n",
    })  # fmt: skip
    plan = plan_of(root)
    moves = {(m.old.as_posix(), m.new.as_posix()) for m in plan.moves}
    assert ("services/web/templates", "services/web/src/web/templates") in moves
    assert ("services/web/static", "services/web/src/web/static") in moves
    # A package's templates move with it already.
    assert not any("api/templates" in old for old, _ in moves if old != "api/api")


def test_flask_run_that_found_app_py_in_the_old_workdir_gets_flask_app(tmp_path: Path) -> None:
    root = repository(tmp_path / "teller", {
        "requirements.txt": "flask\n",
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "config.py": "DEBUG = False\n",
        "Dockerfile": (
            "FROM python:3.11\nWORKDIR /app\nCOPY . .\n"
            'CMD ["python3", "-m", "flask", "run", "--host=0.0.0.0"]\n'
        ),
    })  # fmt: skip
    plan = plan_of(root)
    dockerfile = content(plan, "services/teller/Dockerfile")
    assert "ENV FLASK_APP=teller.app\n" in dockerfile
    assert any(n.where == "Dockerfile:4" and "FLASK_APP=teller.app" in n.message
               for n in plan.notes)  # fmt: skip


def test_data_two_paths_want_in_two_places_stays_and_is_listed(tmp_path: Path) -> None:
    root = repository(tmp_path / "shop", {
        "requirements.txt": "flask\n",
        # Gathered into the package: its path now points inside it.
        "loader.py": 'from pathlib import Path\n\nRATES = Path(__file__).parent / "data"\n',
        "core/__init__.py": "",
        # Stays beside data/ in the member's folder: its path holds as it is.
        "manage.py": (
            "from pathlib import Path\n\n"
            'RATES = Path(__file__).parent / "data" / "rates.json"\n'
        ),
        "data/rates.json": "{}\n",
    })  # fmt: skip
    plan = plan_of(root)
    assert not any("src" in m.new.parts and m.new.name == "data" for m in plan.moves)
    notes = {n.where: n.message for n in plan.notes}
    assert "fix it by hand" in notes["loader.py:3"]
    assert "manage.py:3" not in notes

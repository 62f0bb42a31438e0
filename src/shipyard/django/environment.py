"""A Django project's own environment, driven from outside: its interpreter, a probe run in it
with the project's settings (`probe.py`), and `manage.py makemigrations`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from shipyard.django.layout import MANAGE, ProjectLayout
from shipyard.errors import ShipyardError

PROBE = Path(__file__).with_name("probe.py")
ENVIRONMENTS = (".venv", "venv")


def project_python(layout: ProjectLayout) -> Path:
    """The Python of the project's virtualenv: a `.venv` (as `uv sync` makes) or `venv` at or
    above the folder of manage.py, else the active one (VIRTUAL_ENV)."""
    folder = layout.root / layout.base
    for directory in (folder, *folder.parents):
        for name in ENVIRONMENTS:
            for candidate in (
                directory / name / "bin" / "python",
                directory / name / "Scripts" / "python.exe",
            ):
                if candidate.exists():
                    return candidate
        if directory == layout.root:
            break
    active = os.environ.get("VIRTUAL_ENV")
    if active and (Path(active) / "bin" / "python").exists():
        return Path(active) / "bin" / "python"
    raise ShipyardError(
        f"No Python environment for the Django project in {folder}: create one (`uv sync` "
        "makes .venv) or activate it."
    )


def project_env(layout: ProjectLayout) -> dict[str, str]:
    """The environment the project runs in: its settings module unless one is chosen already
    (as manage.py does), the folder of manage.py importable."""
    folder = str(layout.root / layout.base)
    path = os.pathsep.join(p for p in (folder, os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path}
    env.setdefault("DJANGO_SETTINGS_MODULE", layout.settings_module)
    return env


def probe(layout: ProjectLayout, request: dict[str, Any]) -> dict[str, Any]:
    """The probe's answer to `request`, run in the project's environment."""
    python = project_python(layout)
    with tempfile.TemporaryDirectory(prefix="shipyard-django-") as folder:
        # Alone in its folder: the script's folder comes first on sys.path.
        script = Path(folder) / "shipyard_django_probe.py"
        shutil.copyfile(PROBE, script)
        asked, answered = Path(folder) / "request.json", Path(folder) / "result.json"
        asked.write_text(json.dumps(request), encoding="utf-8")
        done = _run([str(python), str(script), str(asked), str(answered)], layout)
        try:
            result: dict[str, Any] = json.loads(answered.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ShipyardError(
                f"The project's Python ({python}) ended before answering: {_last_line(done)}."
            ) from None
    if "error" in result:
        raise ShipyardError(
            f"Cannot load the Django project with {layout.settings_module}: {result['error']} "
            "(set what its settings read from the environment)."
        )
    return result


def makemigrations(layout: ProjectLayout, label: str) -> None:
    python = project_python(layout)
    done = _run([str(python), MANAGE, "makemigrations", label, "--no-input"], layout)
    if done.returncode != 0:
        raise ShipyardError(f"`manage.py makemigrations {label}` failed: {_last_line(done)}.")


def _run(command: list[str], layout: ProjectLayout) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            command,
            cwd=layout.root / layout.base,
            env=project_env(layout),
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        raise ShipyardError(f"Cannot run {command[0]}: {exc.strerror or exc}.") from None


def _last_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line.strip() for line in (done.stderr or done.stdout).splitlines() if line.strip()]
    return lines[-1] if lines else f"exit code {done.returncode}"

"""A synthetic legacy repository: SERVICES folders each with a package `project` (the same
name in every one), requirements files, a root-running Dockerfile, tests that patch
`project....` strings, a conftest that puts the folder on sys.path, and a `common/` folder
all of them reach through sys.path; a docker-compose.yml builds them all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MODULE = '''"""Module {index} of {service}."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))

from common.text import slug  # noqa: E402
from project import m{previous} as previous
from project.m{previous} import value as previous_value


def value(x):
    return previous_value(x) + {index}


def label(x):
    return slug(f"{service}-{{previous.value(x)}}")


TARGET = "project.m{previous}:value"
'''
TEST = """from unittest import mock

import project.m{index} as module


def test_value():
    assert module.value(0) >= 0


@mock.patch("project.m{index}.previous_value", return_value=1)
def test_patched(previous_value):
    assert module.value(0) == 1 + {index}
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def generate(root: Path, services: int, modules: int) -> int:
    written = 0
    write(root / "common/__init__.py", "")
    write(root / "common/text.py", "def slug(text):\n    return text.lower().replace(' ', '-')\n")
    compose = ['version: "3"', "services:"]
    for s in range(services):
        name = f"service{s:02d}"
        folder = root / name
        write(folder / "requirements.txt", "flask==2.2.2\nrequests==2.28.2\n")
        write(folder / "requirements-dev.txt", "-r requirements.txt\npytest==7.2.2\n")
        write(
            folder / "Dockerfile",
            "FROM python:3.11\nCOPY . /app\nWORKDIR /app\n"
            'RUN pip install -r requirements.txt\nCMD gunicorn "project.m0:value"\n',
        )
        write(folder / "project/__init__.py", "")
        write(folder / "project/m0.py", "def value(x):\n    return x\n")
        for i in range(1, modules):
            write(folder / f"project/m{i}.py", MODULE.format(index=i, previous=i - 1, service=name))
            written += 1
        write(
            folder / "tests/conftest.py",
            "import os\nimport sys\n\nsys.path.insert(0, "
            "os.path.abspath(os.path.join(os.path.dirname(__file__), '..')))\n",
        )
        for i in range(1, modules, 10):
            write(folder / f"tests/test_m{i}.py", TEST.format(index=i))
            written += 1
        compose += [f"  {name}:", f"    build: ./{name}", f"    ports: ['{8000 + s}:5000']"]
    write(root / "docker-compose.yml", "\n".join(compose) + "\n")
    return written


def main() -> None:
    root = Path(sys.argv[1])
    services, modules = int(sys.argv[2]), int(sys.argv[3])
    count = generate(root, services, modules)
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "--quiet"], cwd=root, check=True)
    subprocess.run([*git, "add", "--all"], cwd=root, check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "legacy"], cwd=root, check=True)
    print(f"{count} Python modules in {services} services")


if __name__ == "__main__":
    main()

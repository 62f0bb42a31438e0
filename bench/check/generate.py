"""Write a synthetic workspace: SERVICES services x MODULES modules, a few libs, and planted
violations of each kind (one per rule family), for `bench/check/run.py`.

    uv run python bench/check/generate.py /tmp/bench-ws --services 200 --modules 50
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

ROOT = """\
[project]
name = "bench"
version = "0.1.0"
dependencies = []

[tool.uv.workspace]
members = ["services/*", "libs/*"]
"""
MEMBER = """\
[project]
name = "{name}"
version = "0.1.0"
dependencies = [{deps}]

[tool.shipyard]
kind = "{kind}"
"""
DOCKERFILE = """\
FROM python:3.12-slim AS builder
RUN pip install --no-cache-dir "uv==0.5.0"
COPY . /app
RUN uv sync --frozen --no-dev

FROM python:3.12-slim
COPY --from=builder /app/.venv /app/.venv
USER nobody
CMD ["python", "-m", "{name}"]
"""
MODULE = '''\
"""Module {index} of {name}."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pydantic

from {name} import m{previous}
from common import contracts

if TYPE_CHECKING:
    from collections.abc import Sequence


class Model{index}(pydantic.BaseModel):
    value: int = {index}


def work(items: Sequence[int]) -> str:
    return json.dumps([m{previous}.VALUE, contracts.VERSION, *items])


VALUE = {index}
'''


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def generate(root: Path, services: int, modules: int, seed: int = 1) -> None:
    random.seed(seed)
    if root.exists():
        shutil.rmtree(root)
    write(root / "pyproject.toml", ROOT)
    write(root / ".dockerignore", ".env\n.venv\n")
    lib = root / "libs" / "common"
    write(lib / "pyproject.toml", MEMBER.format(name="common", deps="", kind="lib"))
    write(lib / "README.md", "# common\n")
    write(lib / "src" / "common" / "__init__.py", "")
    write(lib / "src" / "common" / "contracts.py", "VERSION = 1\n")
    write(lib / "tests" / "test_contracts.py", "def test_version() -> None:\n    pass\n")
    for s in range(services):
        name = f"svc{s:03d}"
        base = root / "services" / name
        deps = '"common", "pydantic", "fastapi"'
        write(base / "pyproject.toml", MEMBER.format(name=name, deps=deps, kind="service"))
        write(base / "README.md", f"# {name}\n")
        write(base / "Dockerfile", DOCKERFILE.format(name=name))
        package = base / "src" / name
        write(package / "__init__.py", "")
        write(
            package / "api.py",
            "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
            '@router.get("/health")\ndef health() -> str:\n    return "ok"\n',
        )
        for m in range(modules):
            text = MODULE.format(name=name, index=m, previous=max(m - 1, 0))
            write(package / f"m{m}.py", text)
        write(base / "tests" / "test_m0.py", f"from {name} import m0\n")
    plant(root, services)


def plant(root: Path, services: int) -> None:
    """One violation of each family, in known places."""
    first, second = "svc000", f"svc{min(1, services - 1):03d}"
    src = root / "services" / first / "src" / first
    (src / "m1.py").write_text((src / "m1.py").read_text() + f"\nfrom {second} import m0\n")
    (src / "m2.py").write_text((src / "m2.py").read_text() + "\nimport yaml\n")
    (src / "m3.py").write_text("import sys\n\nsys.path.insert(0, '..')\n")
    (src / "m4.py").write_text("from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
                               "@app.get('/x')\ndef x() -> None:\n    return None\n")  # fmt: skip
    (root / "services" / first / "Dockerfile").write_text("FROM python\nCMD python -m app\n")
    (src / "settings.py").write_text('SECRET_KEY = "s3cr3t-value-9f8e"\n')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--modules", type=int, default=50)
    args = parser.parse_args()
    generate(args.root, args.services, args.modules)


if __name__ == "__main__":
    main()

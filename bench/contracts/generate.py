"""A synthetic workspace for `shipyard contracts`: SERVICES FastAPI services of OPERATIONS
operations each (resources of five operations: create, list, get, update, delete, with their
pydantic models), each service calling the next one (a client module with its paths), one lib
of task contracts, and a `.venv` laid out as `uv sync` lays it out (its own interpreter; the
members and shipyard's own FastAPI on its path), so no package index is needed.

    uv run python bench/contracts/generate.py /tmp/contracts-ws --services 50 --operations 20
"""

from __future__ import annotations

import argparse
import shutil
import site
import subprocess
import sys
from pathlib import Path

RESOURCE = """
class {cls}Create(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    price_cents: int = Field(ge=0)
    tags: list[str] = []


class {cls}Update(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    price_cents: int | None = None


class {cls}Read(BaseModel):
    id: int
    name: str
    price_cents: int
    status: Literal["active", "archived"]
    tags: list[str]


class {cls}Page(BaseModel):
    items: list[{cls}Read]
    total: int


@router.post("/{path}", status_code=201)
async def create_{name}(data: {cls}Create) -> {cls}Read:
    return {cls}Read(id=1, status="active", **data.model_dump())


@router.get("/{path}")
async def list_{name}(limit: int = 20, offset: int = 0) -> {cls}Page:
    return {cls}Page(items=[], total=0)


@router.get("/{path}/{{{name}_id}}")
async def get_{name}({name}_id: int) -> {cls}Read:
    return {cls}Read(id={name}_id, name="x", price_cents=1, status="active", tags=[])


@router.patch("/{path}/{{{name}_id}}")
async def update_{name}({name}_id: int, data: {cls}Update) -> {cls}Read:
    return {cls}Read(id={name}_id, name="x", price_cents=1, status="active", tags=[])


@router.delete("/{path}/{{{name}_id}}", status_code=204)
async def delete_{name}({name}_id: int) -> None:
    return None
"""

API_HEAD = """from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

router = APIRouter(prefix="/api/v1")
"""

MAIN = """from fastapi import FastAPI

from {name} import api


def create_app() -> FastAPI:
    app = FastAPI(title="{name}", version="0.1.0")
    app.include_router(api.router)
    return app
"""

CLIENT = '''"""{called} as {name} calls it."""


def paths(item_id: int) -> list[str]:
    return [{paths}]
'''

TASK_CONTRACT = """from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class TaskContract(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ClassVar[str]
    queue: ClassVar[str] = "default"
"""

TASK = """from typing import ClassVar

from common.tasks.contract import TaskContract


class Task{index}(TaskContract):
    name: ClassVar[str] = "common.task_{index}"
    queue: ClassVar[str] = "queue_{queue}"

    reference: str
    amount: int = 0
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def service_name(index: int) -> str:
    return f"svc{index:03d}"


def generate(root: Path, services: int, operations: int) -> None:
    if root.exists():
        shutil.rmtree(root)
    resources = max(1, operations // 5)
    write(
        root / "pyproject.toml",
        '[project]\nname = "bench"\nversion = "0.1.0"\n\n'
        '[tool.uv.workspace]\nmembers = ["services/*", "libs/*"]\n',
    )
    sources = []
    for index in range(services):
        name = service_name(index)
        called = service_name((index + 1) % services)
        folder = root / "services" / name
        write(
            folder / "pyproject.toml",
            f'[project]\nname = "{name}"\nversion = "0.1.0"\ndependencies = ["common"]\n\n'
            f'[tool.shipyard]\nrole = "service"\nruntime = "fastapi"\ncalls = ["{called}"]\n',
        )
        package = folder / "src" / name
        write(package / "__init__.py", "")
        write(package / "main.py", MAIN.format(name=name))
        api = API_HEAD + "".join(
            RESOURCE.format(cls=f"Thing{r}", name=f"thing{r}", path=f"things{r}")
            for r in range(resources)
        )
        write(package / "api.py", api)
        paths = ", ".join(f'f"/api/v1/things{r}/{{item_id}}"' for r in range(resources))
        write(package / "callers.py", CLIENT.format(name=name, called=called, paths=paths))
        sources.append(folder / "src")
    lib = root / "libs" / "common"
    write(lib / "pyproject.toml", '[project]\nname = "common"\nversion = "0.1.0"\n')
    write(lib / "src/common/__init__.py", "")
    write(lib / "src/common/tasks/__init__.py", "")
    write(lib / "src/common/tasks/contract.py", TASK_CONTRACT)
    write(lib / "src/common/tasks/contracts/__init__.py", "")
    for index in range(10):
        write(
            lib / f"src/common/tasks/contracts/task_{index}.py",
            TASK.format(index=index, queue=index % 3),
        )
    sources.append(lib / "src")
    make_venv(root, sources)


def make_venv(root: Path, sources: list[Path]) -> None:
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(root / ".venv")], check=True)
    (site_packages,) = (root / ".venv").glob("lib/python3*/site-packages")
    lines = [*site.getsitepackages(), *(str(s) for s in sources)]
    (site_packages / "workspace.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--services", type=int, default=50)
    parser.add_argument("--operations", type=int, default=20)
    args = parser.parse_args()
    generate(args.root, args.services, args.operations)


if __name__ == "__main__":
    main()

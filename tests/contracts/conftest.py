"""A small workspace with real FastAPI services, a lib of task contracts and a worker, and a
`.venv` laid out as `uv sync` lays it out: its own interpreter, the members on its path (as
editable installs are) and the packages they need (FastAPI and pydantic, from shipyard's own
test environment: the tests make no network call)."""

from __future__ import annotations

import site
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT_PYPROJECT = """\
[project]
name = "acme"
version = "0.1.0"
requires-python = ">=3.11"

[tool.uv.workspace]
members = ["services/*", "libs/*"]
"""

CATALOG_API = """\
from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict

router = APIRouter(prefix="/products")


class ProductCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    price_cents: int


class ProductRead(BaseModel):
    id: int
    name: str
    price_cents: int


@router.post("", status_code=201)
async def create_product(data: ProductCreate) -> ProductRead:
    return ProductRead(id=1, **data.model_dump())


@router.get("/{product_id}")
async def get_product(product_id: int) -> ProductRead:
    if product_id == 0:
        raise HTTPException(404, "no product 0")
    return ProductRead(id=product_id, name="anchor", price_cents=100)


@router.delete("/{product_id}", status_code=204)
async def delete_product(product_id: int) -> None:
    return None
"""

MAIN = """\
from fastapi import FastAPI

from {name} import api


def create_app() -> FastAPI:
    app = FastAPI(title="{name}", version="0.1.0")
    app.include_router(api.router, prefix="/api/v1")
    return app
"""

ORDERS_API = """\
from fastapi import APIRouter

router = APIRouter()


@router.get("/orders/{order_id}")
async def get_order(order_id: int) -> dict[str, int]:
    return {"id": order_id}
"""

ORDERS_CLIENT = '''\
"""catalog, as orders sees it."""


def product_path(product_id: int) -> str:
    return f"/api/v1/products/{product_id}"
'''

TASK_CONTRACT = """\
from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class TaskContract(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: ClassVar[str]
    queue: ClassVar[str] = "default"
    version: ClassVar[int] = 1
"""

SEND_WEBHOOK = """\
from typing import ClassVar

from common.tasks.contract import TaskContract


class SendWebhook(TaskContract):
    name: ClassVar[str] = "common.send_webhook"
    queue: ClassVar[str] = "webhooks"

    url: str
    event: str
"""


def member_pyproject(name: str, role: str, *, calls: str = "", deps: str = "") -> str:
    runtime = {"service": 'runtime = "fastapi"\n', "worker": 'runtime = "celery"\n'}.get(role, "")
    dependencies = ", ".join(f'"{d}"' for d in deps.split(",") if d)
    called = ", ".join(f'"{c}"' for c in calls.split(",") if c)
    return (
        f'[project]\nname = "{name}"\nversion = "0.1.0"\ndependencies = [{dependencies}]\n\n'
        f'[tool.shipyard]\nrole = "{role}"\n{runtime}' + (f"calls = [{called}]\n" if called else "")
    )


Write = Callable[[str, str], Path]


def writer(root: Path) -> Write:
    def write(relative: str, text: str) -> Path:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


def make_venv(root: Path, source_dirs: list[Path]) -> None:
    """`.venv` with the interpreter shipyard's tests run on, its packages and the members."""
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", "--without-pip", str(root / ".venv")], check=True)
    (site_packages,) = (root / ".venv").glob("lib/python3*/site-packages")
    paths = [*site.getsitepackages(), *(str(d) for d in source_dirs)]
    (site_packages / "workspace.pth").write_text("\n".join(paths) + "\n", encoding="utf-8")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "acme"
    write = writer(root)
    write("pyproject.toml", ROOT_PYPROJECT)
    write("services/catalog/pyproject.toml", member_pyproject("catalog", "service"))
    write("services/catalog/src/catalog/__init__.py", "")
    write("services/catalog/src/catalog/main.py", MAIN.format(name="catalog"))
    write("services/catalog/src/catalog/api.py", CATALOG_API)
    orders = member_pyproject("orders", "service", calls="catalog", deps="common")
    write("services/orders/pyproject.toml", orders)
    write("services/orders/src/orders/__init__.py", "")
    write("services/orders/src/orders/main.py", MAIN.format(name="orders"))
    write("services/orders/src/orders/api.py", ORDERS_API)
    write("services/orders/src/orders/catalog_paths.py", ORDERS_CLIENT)
    write("libs/common/pyproject.toml", member_pyproject("common", "lib"))
    write("libs/common/src/common/__init__.py", "")
    write("libs/common/src/common/tasks/__init__.py", "")
    write("libs/common/src/common/tasks/contract.py", TASK_CONTRACT)
    write("libs/common/src/common/tasks/contracts/__init__.py", "")
    write("libs/common/src/common/tasks/contracts/send_webhook.py", SEND_WEBHOOK)
    write("services/worker/pyproject.toml", member_pyproject("worker", "worker", deps="common"))
    write("services/worker/src/worker/__init__.py", "")
    sources = [root / p for p in ("services/catalog/src", "services/orders/src", "libs/common/src")]
    make_venv(root, [*sources, root / "services/worker/src"])
    return root

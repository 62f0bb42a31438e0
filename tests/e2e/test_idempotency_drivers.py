"""The generated `claim_in` on every database driver a user may choose, on real servers.

The helper is rendered from its template and imported as the generated lib would import it.
psycopg 3 reports `rowcount` -1 for such an INSERT, which is how this test caught a helper
that claimed nothing on PostgreSQL: each driver must claim a key once, keep the claim through
a commit, release it with a rolled-back effect, and make a concurrent claim wait for the first.
"""

from __future__ import annotations

import asyncio
import importlib.util
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.ext.asyncio import create_async_engine

from shipyard.scaffold.context import LibContext
from shipyard.scaffold.render import render_file
from tests.conftest import unavailable

pytestmark = pytest.mark.e2e

POSTGRES = "postgres@127.0.0.1:5432/test"
MARIADB = "root@127.0.0.1:3306/test"
SYNC_URLS = {
    "psycopg 3": f"postgresql+psycopg://{POSTGRES}",
    "psycopg2": f"postgresql+psycopg2://{POSTGRES}",
    "PyMySQL on MariaDB": f"mariadb+pymysql://{MARIADB}",
    "SQLite": "sqlite:///{tmp}/claims.db",
}
ASYNC_URLS = {
    "asyncpg": f"postgresql+asyncpg://{POSTGRES}",
    "aiosqlite": "sqlite+aiosqlite:///{tmp}/claims.db",
}


@pytest.fixture(scope="module")
def idempotency(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    path = tmp_path_factory.mktemp("lib") / "idempotency.py"
    lib = LibContext(
        workspace="acme",
        workspace_slug="acme",
        name="common",
        path="libs/common",
        env_prefix="COMMON_",
        lib="common",
    )
    path.write_text(render_file("lib-tasks/src/__name__/tasks/idempotency.py.jinja", lib))
    spec = importlib.util.spec_from_file_location("generated_idempotency", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def require_server(url: str) -> None:
    parts = urlsplit(url)
    if parts.hostname is None:  # SQLite
        return
    try:
        with socket.create_connection((parts.hostname, parts.port or 0), timeout=1):
            return
    except OSError:
        unavailable(f"no database server answers at {parts.hostname}:{parts.port}")


@pytest.fixture(params=list(SYNC_URLS))
def engine(
    request: pytest.FixtureRequest, idempotency: ModuleType, tmp_path: Path
) -> Iterator[Engine]:
    url = SYNC_URLS[request.param].format(tmp=tmp_path)
    require_server(url)
    engine = create_engine(url)
    idempotency.metadata.drop_all(engine)
    idempotency.metadata.create_all(engine)
    yield engine
    idempotency.metadata.drop_all(engine)
    engine.dispose()


def test_a_key_is_claimed_once_across_transactions(idempotency: ModuleType, engine: Engine) -> None:
    claim_in = idempotency.claim_in
    with engine.begin() as connection:
        assert claim_in(connection, "order-1") is True
        assert claim_in(connection, "order-1") is False
    with engine.begin() as connection:
        assert claim_in(connection, "order-1") is False
        assert claim_in(connection, "order-2") is True


def test_a_rolled_back_effect_releases_its_key(idempotency: ModuleType, engine: Engine) -> None:
    def effect_that_fails() -> None:
        with engine.begin() as connection:
            assert idempotency.claim_in(connection, "order-1") is True
            raise RuntimeError("the effect failed")

    with pytest.raises(RuntimeError):
        effect_that_fails()

    with engine.begin() as connection:
        assert idempotency.claim_in(connection, "order-1") is True


def test_a_concurrent_claim_waits_for_the_first_and_loses(
    idempotency: ModuleType, engine: Engine
) -> None:
    second: list[bool] = []

    def claim_elsewhere() -> None:
        with engine.begin() as connection:
            second.append(idempotency.claim_in(connection, "order-1"))

    with engine.begin() as connection:
        assert idempotency.claim_in(connection, "order-1") is True
        other = threading.Thread(target=claim_elsewhere)
        other.start()
        other.join(timeout=0.5)
        assert other.is_alive()  # blocked on the first transaction's uncommitted row
    other.join(timeout=30)

    assert second == [False]


def test_a_key_longer_than_the_column_is_refused(idempotency: ModuleType, engine: Engine) -> None:
    with engine.begin() as connection, pytest.raises(ValueError, match="at most 200"):
        idempotency.claim_in(connection, "k" * 201)


@pytest.mark.parametrize("driver", list(ASYNC_URLS))
def test_async_engines_claim_through_run_sync(
    idempotency: ModuleType, driver: str, tmp_path: Path
) -> None:
    url = ASYNC_URLS[driver].format(tmp=tmp_path)
    require_server(url)

    async def claims() -> list[bool]:
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(idempotency.metadata.drop_all)
            await connection.run_sync(idempotency.metadata.create_all)
        results = []
        for key in ("order-1", "order-1", "order-2"):
            async with engine.begin() as connection:
                results.append(await connection.run_sync(claim, key))
        async with engine.begin() as connection:
            await connection.run_sync(idempotency.metadata.drop_all)
        await engine.dispose()
        return results

    def claim(connection: Connection, key: str) -> bool:
        return bool(idempotency.claim_in(connection, key))

    assert asyncio.run(claims()) == [True, False, True]

"""The sync twin of async template code (what the Flask service takes from the FastAPI one)."""

from __future__ import annotations

import pytest

from shipyard.scaffold.render import sorted_lines
from shipyard.scaffold.unasync import unasync

ASYNC = """\
import asyncio
from collections.abc import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from shop.db import async_url


async def session(url: str) -> AsyncIterator[AsyncSession]:
    engine = create_async_engine(async_url(url))
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    yield await make(engine)
    await engine.dispose()


def test_tables() -> None:
    # "await" and "async" in a comment stay words.
    assert asyncio.run(tables(url, (1, 2))) == {"items"}
"""

SYNC = """\
from collections.abc import Iterator

from sqlalchemy.orm import Session
from sqlalchemy import create_engine

from shop.db import sync_url


def session(url: str) -> Iterator[Session]:
    engine = create_engine(sync_url(url))
    with engine.begin() as connection:
        Base.metadata.create_all(connection)
    yield make(engine)
    engine.dispose()


def test_tables() -> None:
    # "await" and "async" in a comment stay words.
    assert tables(url, (1, 2)) == {"items"}
"""


def test_async_code_becomes_its_sync_twin() -> None:
    assert unasync(ASYNC) == SYNC


def test_asyncio_stays_imported_while_something_else_uses_it() -> None:
    source = "import asyncio\n\nasyncio.run(main())\nloop = asyncio.new_event_loop()\n"

    assert unasync(source) == "import asyncio\n\nmain()\nloop = asyncio.new_event_loop()\n"


def test_a_parenthesized_import_of_async_names() -> None:
    source = "from sqlalchemy.ext.asyncio import (\n    AsyncEngine,\n    async_sessionmaker,\n)\n"

    assert unasync(source) == (
        "from sqlalchemy import Engine\nfrom sqlalchemy.orm import sessionmaker\n"
    )


def test_unbalanced_asyncio_run_is_refused() -> None:
    with pytest.raises(ValueError, match="unbalanced"):
        unasync("asyncio.run(main(\n")


def test_sorted_lines_orders_requirements_by_name() -> None:
    lines = '    "pydantic-settings>=2.7",\n    "alembic>=1.14",\n    "pydantic>=2.10",\n'

    assert sorted_lines(lines) == (
        '    "alembic>=1.14",\n    "pydantic>=2.10",\n    "pydantic-settings>=2.7",\n'
    )

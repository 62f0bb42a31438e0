"""The synchronous twin of async service code, made at render time.

The Flask service's business logic and most of its tests are the FastAPI service's templates,
rendered and then made synchronous here (httpcore writes its sync API from its async one the
same way), so that a fix to either reaches both. The rules cover what those templates use:
`async`/`await`, SQLAlchemy's and httpx's async classes, `run_sync` and `asyncio.run`. The
generated service's own lint, type check and tests are what prove a template still fits them.
"""

from __future__ import annotations

import re

# Async names and their sync counterparts (whole words only).
RENAMES = {
    "AsyncIterator": "Iterator",
    "AsyncGenerator": "Generator",
    "AsyncSession": "Session",
    "AsyncEngine": "Engine",
    "async_sessionmaker": "sessionmaker",
    "create_async_engine": "create_engine",
    "AsyncClient": "Client",
    "async_url": "sync_url",
}
# Where each renamed SQLAlchemy name is imported from once it is sync.
SYNC_MODULES = {
    "Session": "sqlalchemy.orm",
    "sessionmaker": "sqlalchemy.orm",
    "Engine": "sqlalchemy",
    "create_engine": "sqlalchemy",
}
ASYNC_IMPORT = re.compile(r"^from sqlalchemy\.ext\.asyncio import (\([^)]*\)|.*)$", re.M)
ASYNC_KEYWORD = re.compile(r"\basync\s+(?=(def|with|for)\b)")
AWAIT = re.compile(r"\bawait\s+")
RENAME = re.compile(r"\b(" + "|".join(RENAMES) + r")\b")
# `await connection.run_sync(function)` calls `function(connection)`.
RUN_SYNC = re.compile(r"\b([\w.]+)\.run_sync\(([\w.]+)\)")
ASYNCIO_RUN = "asyncio.run("
ASYNCIO_IMPORT = re.compile(r"^import asyncio\n", re.M)


def unasync(source: str) -> str:
    """`source` (Python) with its async code made sync."""
    text = ASYNC_IMPORT.sub(_sync_imports, source)
    text = ASYNC_KEYWORD.sub("", text)
    text = AWAIT.sub("", text)
    text = RUN_SYNC.sub(r"\2(\1)", text)
    text = _without_asyncio_run(text)
    text = RENAME.sub(lambda match: RENAMES[match.group(1)], text)
    if "asyncio." not in ASYNCIO_IMPORT.sub("", text):
        text = ASYNCIO_IMPORT.sub("", text)
    return text


def _sync_imports(match: re.Match[str]) -> str:
    """`from sqlalchemy.ext.asyncio import AsyncSession` -> `from sqlalchemy.orm import Session`
    (one line per name: ruff merges them when it sorts the imports)."""
    names = [name.strip() for name in match.group(1).strip("()").split(",")]
    lines = []
    for name in filter(None, names):
        sync = RENAMES.get(name, name)
        lines.append(f"from {SYNC_MODULES.get(sync, 'sqlalchemy')} import {sync}")
    return "\n".join(lines)


def _without_asyncio_run(text: str) -> str:
    """`asyncio.run(tables(url))` -> `tables(url)`: the call, run directly."""
    while (start := text.find(ASYNCIO_RUN)) != -1:
        opening = start + len(ASYNCIO_RUN) - 1
        closing = _matching_parenthesis(text, opening)
        text = text[:start] + text[opening + 1 : closing] + text[closing + 1 :]
    return text


def _matching_parenthesis(text: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(text)):
        depth += {"(": 1, ")": -1}.get(text[index], 0)
        if depth == 0:
            return index
    raise ValueError(f"unbalanced parentheses after {text[opening - 11 : opening + 20]!r}")

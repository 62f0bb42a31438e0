"""The application factory and its lifespan; no routes here.

Run: uvicorn orders.main:create_app --factory
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

import structlog
from fastapi import FastAPI

from common.http import ServiceClient
from common.logs import configure_logging
from common.tasks.outbox import Outbox
from orders import api
from orders.catalog_client import CatalogClient
from orders.config import Settings, get_settings
from orders.db import create_engine, create_session_factory
from orders.observability import RequestContext
from orders.problems import install_problem_handlers

log = structlog.get_logger()


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        app.state.engine = engine
        app.state.session_factory = create_session_factory(engine)
        # One client (one connection pool, one circuit breaker) for the whole process.
        catalog = ServiceClient("catalog", settings.catalog_url, timeout=settings.catalog_timeout)
        app.state.catalog = CatalogClient(catalog)
        # Tasks go to the broker (BROKER_URL) through the outbox; tests swap its sender.
        app.state.outbox = Outbox(app.state.session_factory)
        log.info("started", service="orders", env=settings.env, catalog=settings.catalog_url)
        async with app.state.outbox.running():
            yield
        await app.state.catalog.aclose()
        await engine.dispose()
        log.info("stopped", service="orders")

    app = FastAPI(title="orders", version=version("orders"), lifespan=lifespan)
    app.add_middleware(RequestContext)
    install_problem_handlers(app)
    app.include_router(api.router)
    return app

"""Fixtures shared by both test tiers of orders, including a stand-in for catalog's HTTP API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from common.http import Retries, ServiceClient
from common.tasks.contract import TaskContract
from common.tasks.contracts.send_order_confirmation import SendOrderConfirmation
from common.tasks.outbox import OutboxMessage
from orders.catalog_client import CatalogClient
from orders.config import Settings

RESERVE = re.compile(r"/api/v1/products/(\d+)/reservations")
# The tasks orders publishes, by name: how a sent row turns back into a typed contract.
CONTRACTS: dict[str, type[TaskContract]] = {SendOrderConfirmation.name: SendOrderConfirmation}


class CatalogStandIn:
    """catalog's reservation endpoint, answering like catalog does, over an httpx transport:
    the client, its retries and its error mapping all run for real."""

    def __init__(self) -> None:
        self.stock = {1: 5}
        self.requests: list[httpx.Request] = []
        self.down = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        match = RESERVE.fullmatch(request.url.path)
        assert match, request.url.path
        product_id, body = int(match[1]), json.loads(request.content)
        if product_id not in self.stock:
            return httpx.Response(404, json={"detail": f"product {product_id} does not exist"})
        left = self.stock[product_id]
        if body["quantity"] > left:
            detail = f"only {left} of product {product_id} in stock, {body['quantity']} asked"
            return httpx.Response(409, json={"detail": detail})
        self.stock[product_id] = left - body["quantity"]
        reservation = {"id": 1, "product_id": product_id, "product_name": "anchor"}
        reservation |= {"unit_price_cents": 1250, **body}
        return httpx.Response(201, json=reservation)

    def client(self) -> CatalogClient:
        no_wait = Retries(attempts=2, base_delay=0, max_delay=0)
        transport = httpx.MockTransport(self)
        return CatalogClient(
            ServiceClient("catalog", "http://catalog", retries=no_wait, transport=transport)
        )


class Published(list[TaskContract]):
    """The outbox's sender, keeping the tasks it is given instead of sending them to a broker;
    while `broker_down` is set it fails as sending does when the broker can't be reached."""

    broker_down = False

    def __call__(self, message: OutboxMessage) -> str:
        if self.broker_down:
            raise ConnectionError("broker unreachable")
        contract = CONTRACTS[message.task]
        self.append(contract.model_validate_json(message.payload))
        return message.task_id


@pytest.fixture
def catalog() -> CatalogStandIn:
    return CatalogStandIn()


@pytest.fixture
def published() -> Published:
    return Published()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def settings(sqlite_url: str) -> Settings:
    return Settings(env="test", database_url=sqlite_url)

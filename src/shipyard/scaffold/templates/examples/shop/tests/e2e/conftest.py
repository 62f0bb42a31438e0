"""The running shop: CATALOG_URL and ORDERS_URL, or where `shipyard up` puts them. Tests skip
with the reason when a service does not answer (start them with `shipyard up`)."""

from __future__ import annotations

import json
import os
import queue
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest


def running(variable: str, default: str) -> Iterator[httpx.Client]:
    url = os.environ.get(variable, default)
    with httpx.Client(base_url=url, timeout=10) as client:
        try:
            client.get("/ready").raise_for_status()
        except httpx.HTTPError as exc:
            pytest.skip(f"nothing ready at {url} ({type(exc).__name__}): run `shipyard up` first")
        yield client


@pytest.fixture
def catalog() -> Iterator[httpx.Client]:
    yield from running("CATALOG_URL", "http://127.0.0.1:8001")


@pytest.fixture
def orders() -> Iterator[httpx.Client]:
    yield from running("ORDERS_URL", "http://127.0.0.1:8002")


class Webhooks(ThreadingHTTPServer):
    """A customer's webhook receiver: every POST body lands in `received`."""

    received: queue.Queue[dict[str, Any]]

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/hooks"


class WebhookHandler(BaseHTTPRequestHandler):
    server: Webhooks

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.put(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def webhooks() -> Iterator[Webhooks]:
    server = Webhooks(("127.0.0.1", 0), WebhookHandler)
    server.received = queue.Queue()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()

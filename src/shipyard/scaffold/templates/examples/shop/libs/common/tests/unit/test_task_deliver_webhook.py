"""Webhook delivery against a real HTTP server on localhost."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from pydantic import HttpUrl
from structlog.testing import capture_logs

from common.logs import configure_logging
from common.tasks.contracts.deliver_webhook import DeliverWebhook
from common.tasks.handlers.deliver_webhook import WebhookDeliveryError, handle
from common.tasks.registry import discover


class Receiver(ThreadingHTTPServer):
    status = 200
    received: list[tuple[dict[str, str], dict[str, Any]]]


class Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.received.append((dict(self.headers), body))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver(("127.0.0.1", 0), Handler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def webhook(server: Receiver) -> DeliverWebhook:
    host, port = server.server_address[:2]
    return DeliverWebhook(
        delivery_id="d-1",
        url=HttpUrl(f"http://{host!s}:{port}/hooks"),
        event="order.confirmed",
        data={"order_id": "o-1"},
    )


def test_is_registered_under_its_contract() -> None:
    assert DeliverWebhook in {registration.contract for registration in discover()}


def test_posts_the_event_with_its_delivery_id(receiver: Receiver) -> None:
    configure_logging("INFO")
    with capture_logs() as logs:
        handle(webhook(receiver))

    assert logs[-1]["event"] == "webhook delivered"
    [(headers, body)] = receiver.received
    assert headers["Webhook-Id"] == "d-1"
    assert body == {"id": "d-1", "event": "order.confirmed", "data": {"order_id": "o-1"}}


@pytest.mark.parametrize("status", [500, 503, 429, 408])
def test_a_failure_worth_retrying_raises(receiver: Receiver, status: int) -> None:
    receiver.status = status

    with pytest.raises(WebhookDeliveryError, match=str(status)):
        handle(webhook(receiver))


def test_a_refusal_is_not_retried(receiver: Receiver) -> None:
    receiver.status = 410

    configure_logging("INFO")
    with capture_logs() as logs:
        handle(webhook(receiver))  # returns: the worker acknowledges, no retry

    assert len(receiver.received) == 1
    assert (logs[-1]["event"], logs[-1]["status"]) == ("webhook refused", 410)


def test_an_unreachable_receiver_raises(receiver: Receiver) -> None:
    task = webhook(receiver)
    receiver.shutdown()
    receiver.server_close()

    with pytest.raises(WebhookDeliveryError, match="ConnectError"):
        handle(task)

"""The order confirmation: written to the outbox once, and a webhook task when asked for."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from structlog.testing import capture_logs
from pydantic import HttpUrl

from common.logs import configure_logging
from common.tasks.contracts.deliver_webhook import DeliverWebhook
from common.tasks.contracts.send_order_confirmation import SendOrderConfirmation
from common.tasks.handlers.send_order_confirmation import handle
from common.tasks.publish import publisher
from common.tasks.queues import work_queue
from common.tasks.registry import discover
from common.tasks.settings import get_task_settings

ORDER = SendOrderConfirmation(
    order_id="o-1", product_name="anchor", quantity=2, total_cents=2500
)


@pytest.fixture
def outbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))
    return tmp_path / "outbox"


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """kombu's in-memory transport: a real broker API inside this process."""
    monkeypatch.setenv("BROKER_URL", "memory://")
    get_task_settings.cache_clear()
    publisher.cache_clear()
    yield
    get_task_settings.cache_clear()
    publisher.cache_clear()


def published(queue: str) -> list[dict[str, Any]]:
    with publisher().connection_for_read() as connection:
        bound = work_queue(queue)(connection.default_channel)
        payloads = []
        while (message := bound.get(no_ack=True)) is not None:
            _args, kwargs, _embed = message.decode()
            payloads.append(kwargs["payload"])
        return payloads


def test_is_registered_under_its_contract() -> None:
    assert SendOrderConfirmation in {registration.contract for registration in discover()}


def test_one_key_per_order() -> None:
    again = ORDER.model_copy(update={"quantity": 3})

    assert ORDER.idempotency_key() == again.idempotency_key()


def test_writes_the_notification_once(outbox: Path, broker: None) -> None:
    configure_logging("INFO")
    with capture_logs() as logs:
        handle(ORDER)
        handle(ORDER)  # a redelivery

    files = list(outbox.iterdir())
    assert [f.name for f in files] == ["order-o-1.json"]
    notification = json.loads(files[0].read_text())
    assert notification["subject"] == "Order o-1 confirmed"
    assert notification["body"] == "2 x anchor, 25.00 in total."
    assert published(DeliverWebhook.queue) == []
    assert [log["event"] for log in logs] == ["order confirmation written"] * 2


def test_asks_for_a_webhook_when_the_order_has_a_callback(outbox: Path, broker: None) -> None:
    with capture_logs():
        handle(ORDER.model_copy(update={"callback_url": HttpUrl("https://example.com/hooks/orders")}))

    [payload] = published(DeliverWebhook.queue)
    webhook = DeliverWebhook.model_validate(payload)
    assert str(webhook.url) == "https://example.com/hooks/orders"
    assert (webhook.event, webhook.data["order_id"]) == ("order.confirmed", "o-1")

"""The `deliver_webhook` task: POST an event to a URL a customer gave us, until it answers."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field, HttpUrl

from common.tasks.contract import RetryPolicy, TaskContract


class DeliverWebhook(TaskContract):
    name: ClassVar[str] = "common.deliver_webhook"
    queue: ClassVar[str] = "webhooks"
    # A receiver may be down for a while: back off up to five minutes, about half an hour in all.
    retry: ClassVar[RetryPolicy] = RetryPolicy(max_retries=8, base_delay=2.0, max_delay=300.0)

    delivery_id: str = Field(min_length=1, max_length=100)
    url: HttpUrl
    event: str = Field(min_length=1, max_length=100)
    data: dict[str, Any]

    def idempotency_key(self) -> str:
        return f"{self.name}:{self.delivery_id}"

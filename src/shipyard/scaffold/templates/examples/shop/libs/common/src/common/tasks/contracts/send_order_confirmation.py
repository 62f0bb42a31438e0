"""The `send_order_confirmation` task: what orders sends once an order is placed."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, HttpUrl

from common.tasks.contract import RetryPolicy, TaskContract


class SendOrderConfirmation(TaskContract):
    name: ClassVar[str] = "common.send_order_confirmation"
    queue: ClassVar[str] = "notifications"
    retry: ClassVar[RetryPolicy] = RetryPolicy(max_retries=5, base_delay=1.0, max_delay=60.0)

    order_id: str = Field(min_length=1, max_length=64)
    product_name: str = Field(min_length=1, max_length=200)
    quantity: int = Field(ge=1)
    total_cents: int = Field(ge=0)
    # Where the customer wants to hear about it: a webhook is delivered there if set.
    callback_url: HttpUrl | None = None

    def idempotency_key(self) -> str:
        return f"{self.name}:{self.order_id}"

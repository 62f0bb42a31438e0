"""The `deliver_webhook` task: one POST; an exception makes the worker retry with backoff."""

from __future__ import annotations

import httpx
import structlog

from common.tasks.contracts.deliver_webhook import DeliverWebhook

log = structlog.get_logger()

TIMEOUT = 10.0
# Client errors that a later attempt may not get: a timeout, and "slow down".
RETRYABLE_CLIENT_ERRORS = frozenset({408, 429})


class WebhookDeliveryError(RuntimeError):
    pass


def handle(task: DeliverWebhook) -> None:
    try:
        response = httpx.post(
            str(task.url),
            json={"id": task.delivery_id, "event": task.event, "data": task.data},
            headers={"Webhook-Id": task.delivery_id},
            timeout=TIMEOUT,
        )
    except httpx.TransportError as exc:
        raise WebhookDeliveryError(f"{task.url}: {type(exc).__name__}") from exc
    status = response.status_code
    if status < 400:
        log.info("webhook delivered", delivery_id=task.delivery_id, status=status)
    elif status >= 500 or status in RETRYABLE_CLIENT_ERRORS:
        raise WebhookDeliveryError(f"{task.url} answered {status}")
    else:
        # The receiver refuses this delivery: sending it again would get the same answer.
        log.error("webhook refused", delivery_id=task.delivery_id, status=status)

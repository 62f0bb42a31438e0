"""The `send_order_confirmation` task: write the notification, then tell the customer's webhook."""

from __future__ import annotations

import structlog

from common.outbox import OutboxSettings, write_notification
from common.tasks.contracts.deliver_webhook import DeliverWebhook
from common.tasks.contracts.send_order_confirmation import SendOrderConfirmation
from common.tasks.publish import publish

log = structlog.get_logger()


def handle(task: SendOrderConfirmation) -> None:
    notification = {
        "order_id": task.order_id,
        "subject": f"Order {task.order_id} confirmed",
        "body": f"{task.quantity} x {task.product_name}, {task.total_cents / 100:.2f} in total.",
    }
    path = write_notification(f"order-{task.order_id}", notification, OutboxSettings().outbox_dir)
    log.info("order confirmation written", order_id=task.order_id, path=str(path))
    if task.callback_url is not None:
        # Its own task: a slow or failing receiver retries on its own, never this notification.
        publish(
            DeliverWebhook(
                delivery_id=f"order-confirmed-{task.order_id}",
                url=task.callback_url,
                event="order.confirmed",
                data=notification,
            )
        )

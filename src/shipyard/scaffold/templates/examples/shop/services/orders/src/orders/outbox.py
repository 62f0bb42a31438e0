"""The transactional outbox: a task is a row committed with the order, then relayed to the
broker. A broker outage delays confirmations instead of losing them. A row can be published
twice (a crash between publishing and deleting it, or two replicas relaying on SQLite); the
tasks' idempotency keys make that harmless."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.tasks.contract import TaskContract
from common.tasks.contracts.send_order_confirmation import SendOrderConfirmation
from orders.models import OutboxMessage

Publish = Callable[[TaskContract], str]

# The tasks orders publishes, by name: how a row turns back into a typed contract.
CONTRACTS: dict[str, type[TaskContract]] = {SendOrderConfirmation.name: SendOrderConfirmation}
# How often pending rows are retried when publishing failed (the broker was down).
RELAY_INTERVAL_SECONDS = 5.0
BATCH = 100

log = structlog.get_logger()


def outbox_message(task: TaskContract) -> OutboxMessage:
    return OutboxMessage(task=task.name, payload=task.model_dump_json())


class Outbox:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], publish: Publish) -> None:
        self._sessions = sessions
        self._publish = publish

    async def relay(self) -> int:
        """Publish pending rows, oldest first, deleting each once sent; stop at the first
        failure and leave the rest for the next attempt. Returns how many were sent."""
        sent = 0
        async with self._sessions() as session:
            # On PostgreSQL, concurrent relays (replicas) skip each other's rows.
            query = select(OutboxMessage).order_by(OutboxMessage.id).limit(BATCH)
            rows = (await session.scalars(query.with_for_update(skip_locked=True))).all()
            for row in rows:
                task = CONTRACTS[row.task].model_validate_json(row.payload)
                try:
                    # Publishing blocks on the broker: keep it off the event loop.
                    await asyncio.to_thread(self._publish, task)
                except Exception as exc:  # the broker is down: the row waits for the next try
                    log.warning("outbox: publishing failed", task=row.task, error=repr(exc))
                    break
                await session.delete(row)
                sent += 1
            await session.commit()
        return sent


async def relay_forever(outbox: Callable[[], Outbox]) -> None:
    """The retry loop (a task of the app's lifespan). `outbox()` is read each time, so that
    tests can swap the publisher."""
    while True:
        await asyncio.sleep(RELAY_INTERVAL_SECONDS)
        try:
            await outbox().relay()
        except Exception as exc:  # the database is down: try again next time
            log.warning("outbox: relay failed", error=repr(exc))

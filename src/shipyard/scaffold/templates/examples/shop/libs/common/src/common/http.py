"""Calling another service over HTTP: a timeout on every request, retries with backoff for
what is safe to repeat, a circuit breaker, and the caller's request id passed on, so one
request can be followed through every service's logs."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import structlog

REQUEST_ID_HEADER = "X-Request-ID"
# Worth another try: the request may not have been handled, or the service was overloaded.
RETRYABLE_STATUSES = frozenset({502, 503, 504})
# Repeating these has the same effect as sending them once (RFC 9110, 9.2.2).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})

log = structlog.get_logger()


class ServiceUnavailableError(RuntimeError):
    """The service gave no usable answer: its circuit is open, or every attempt failed."""


@dataclass
class CircuitBreaker:
    """After `threshold` failures in a row, fail fast for `reset_after` seconds instead of
    piling requests onto a service that is down; after that, a trial request decides."""

    threshold: int = 5
    reset_after: float = 30.0
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    opened_at: float | None = None

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.clock() - self.opened_at < self.reset_after

    def record_success(self) -> None:
        self.failures, self.opened_at = 0, None

    def record_failure(self) -> None:
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = self.clock()  # (re)open: a failed trial waits a full period again


@dataclass(frozen=True)
class Retries:
    """Attempt n (from 0) waits a random time in [d/2, d], d = min(max_delay, base * 2**n):
    jitter keeps many callers from retrying in lockstep."""

    attempts: int = 3
    base_delay: float = 0.1
    max_delay: float = 2.0

    def delay(self, attempt: int) -> float:
        ceiling = min(self.max_delay, self.base_delay * 2**attempt)
        return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not cryptography


class ServiceClient:
    """One base URL, one connection pool; `aclose()` it when the application stops."""

    def __init__(
        self,
        name: str,
        base_url: str,
        *,
        timeout: float = 2.0,
        retries: Retries | None = None,
        breaker: CircuitBreaker | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = name
        self.retries = retries or Retries()
        self.breaker = breaker or CircuitBreaker()
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout, transport=transport)

    async def request(
        self, method: str, path: str, *, json: Any = None, idempotent: bool | None = None
    ) -> httpx.Response:
        """The service's response, whatever its status, or ServiceUnavailableError. A POST is
        retried only when the caller says the service makes it idempotent (`idempotent=True`)."""
        retry = method.upper() in IDEMPOTENT_METHODS if idempotent is None else idempotent
        attempts = self.retries.attempts if retry else 1
        for attempt in range(attempts):
            if self.breaker.is_open:
                raise ServiceUnavailableError(f"{self.name}: circuit open after repeated failures")
            try:
                response = await self._http.request(
                    method, path, json=json, headers=request_id_header()
                )
            except httpx.TransportError as exc:  # connection refused, timeout, reset...
                failure = f"{type(exc).__name__}"
            else:
                if response.status_code not in RETRYABLE_STATUSES:
                    self.breaker.record_success()
                    return response
                failure = f"status {response.status_code}"
            self.breaker.record_failure()
            log.warning("call failed", service=self.name, path=path, attempt=attempt, error=failure)
            if attempt + 1 < attempts:
                await asyncio.sleep(self.retries.delay(attempt))
        raise ServiceUnavailableError(f"{self.name}: {failure} after {attempts} attempt(s)")

    async def aclose(self) -> None:
        await self._http.aclose()


def request_id_header() -> dict[str, str]:
    """The id of the request being handled (bound by the service's middleware), if any."""
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    return {REQUEST_ID_HEADER: request_id} if isinstance(request_id, str) else {}

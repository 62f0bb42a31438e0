"""ServiceClient against a scripted transport: the network is the only thing replaced."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest
import structlog

from common.http import CircuitBreaker, Retries, ServiceClient, ServiceUnavailableError

Handler = Callable[[httpx.Request], httpx.Response]
NO_WAIT = Retries(attempts=3, base_delay=0, max_delay=0)


def scripted(*outcomes: int | Exception) -> tuple[Handler, list[httpx.Request]]:
    """A transport answering each request with the next status, or raising the next error."""
    seen: list[httpx.Request] = []
    remaining: Iterator[int | Exception] = iter(outcomes)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        outcome = next(remaining)
        if isinstance(outcome, Exception):
            raise outcome
        return httpx.Response(outcome, json={})

    return handler, seen


def client(handler: Handler, breaker: CircuitBreaker | None = None) -> ServiceClient:
    transport = httpx.MockTransport(handler)
    return ServiceClient(
        "catalog", "http://catalog", retries=NO_WAIT, breaker=breaker, transport=transport
    )


async def test_retries_a_get_after_errors_and_5xx() -> None:
    handler, seen = scripted(httpx.ConnectError("refused"), 503, 200)

    response = await client(handler).request("GET", "/things")

    assert response.status_code == 200
    assert len(seen) == 3


async def test_a_4xx_is_an_answer_not_a_failure() -> None:
    handler, seen = scripted(409)
    breaker = CircuitBreaker(threshold=1)

    response = await client(handler, breaker).request("GET", "/things")

    assert response.status_code == 409
    assert (len(seen), breaker.failures) == (1, 0)


async def test_a_post_is_retried_only_when_idempotent() -> None:
    once, seen_once = scripted(httpx.ReadTimeout("slow"))
    with pytest.raises(ServiceUnavailableError, match="after 1 attempt"):
        await client(once).request("POST", "/things", json={})

    retried, seen_retried = scripted(httpx.ReadTimeout("slow"), 201)
    response = await client(retried).request("POST", "/things", json={}, idempotent=True)

    assert (len(seen_once), len(seen_retried), response.status_code) == (1, 2, 201)


async def test_gives_up_after_the_last_attempt() -> None:
    handler, seen = scripted(502, 502, 502)

    with pytest.raises(ServiceUnavailableError, match="status 502 after 3 attempt"):
        await client(handler).request("GET", "/things")
    assert len(seen) == 3


async def test_the_circuit_opens_then_lets_a_trial_through() -> None:
    now = [0.0]
    breaker = CircuitBreaker(threshold=3, reset_after=30, clock=lambda: now[0])
    handler, seen = scripted(503, 503, 503, 200)
    service = client(handler, breaker)

    with pytest.raises(ServiceUnavailableError):
        await service.request("GET", "/things")
    with pytest.raises(ServiceUnavailableError, match="circuit open"):
        await service.request("GET", "/things")
    assert len(seen) == 3  # the open circuit sent nothing

    now[0] = 31.0
    assert (await service.request("GET", "/things")).status_code == 200
    assert not breaker.is_open


async def test_passes_the_current_request_id_on() -> None:
    handler, seen = scripted(200, 200)
    service = client(handler)

    structlog.contextvars.bind_contextvars(request_id="req-42")
    try:
        await service.request("GET", "/things")
    finally:
        structlog.contextvars.unbind_contextvars("request_id")
    await service.request("GET", "/things")

    assert seen[0].headers["X-Request-ID"] == "req-42"
    assert "X-Request-ID" not in seen[1].headers


def test_backoff_grows_and_is_capped() -> None:
    retries = Retries(base_delay=1, max_delay=5)

    assert 0.5 <= retries.delay(0) <= 1
    assert 2 <= retries.delay(2) <= 4
    assert 2.5 <= retries.delay(10) <= 5

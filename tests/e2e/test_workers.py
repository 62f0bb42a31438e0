"""Workers as separate OS processes on real brokers: the task journey, crashes, retries,
dead letters and poison messages, each on Redis and on RabbitMQ.

The generated workspace gets three tasks whose handlers (written here, as a user would write
them) record their effects in Redis: `record_effect` claims its idempotency key and records
its effect in one atomic step, so a redelivered task can't record twice.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from kombu import Connection

from tests.conftest import shipyard_ok, unavailable
from tests.e2e.conftest import MEASURED

pytestmark = pytest.mark.e2e

REDIS = "redis://127.0.0.1:6379"
AMQP = "amqp://guest:guest@127.0.0.1:5672//"
BROKERS = {"redis": f"{REDIS}/11", "rabbitmq": AMQP}
STATE_URL = f"{REDIS}/12"
EFFECTS_URL = f"{REDIS}/13"

RECORD_EFFECT = """
import os
import time

import redis

from common.tasks.contracts.record_effect import RecordEffect

EFFECTS = redis.Redis.from_url(os.environ["EFFECTS_URL"], decode_responses=True)
# The idempotency key and the effect in one atomic step: a redelivery finds the key taken.
ONCE = EFFECTS.register_script(
    "if redis.call('SET', KEYS[1], '1', 'NX') then redis.call('RPUSH', KEYS[2], ARGV[1]) end"
)


def handle(task: RecordEffect) -> None:
    EFFECTS.hset("inflight", task.reference, os.getpid())
    EFFECTS.incr("executions")
    time.sleep(float(os.environ.get("EFFECT_SECONDS", "0")))
    ONCE(keys=[f"claimed:{task.idempotency_key()}", "effects"], args=[task.reference])
    EFFECTS.hdel("inflight", task.reference)
    EFFECTS.hset("done_at", task.reference, time.time())
"""

FAIL_WHILE_BROKEN = """
import os

import redis

from common.tasks.contracts.fail_while_broken import FailWhileBroken

EFFECTS = redis.Redis.from_url(os.environ["EFFECTS_URL"], decode_responses=True)


def handle(task: FailWhileBroken) -> None:
    EFFECTS.incr("attempts")
    if EFFECTS.get("broken"):
        raise ConnectionError("the remote end is down")
    EFFECTS.rpush("repaired", task.reference)
"""

KILL_WORKER = """
import os
import signal

import redis

from common.tasks.contracts.kill_worker import KillWorker

EFFECTS = redis.Redis.from_url(os.environ["EFFECTS_URL"], decode_responses=True)


def handle(task: KillWorker) -> None:
    EFFECTS.incr("kills")
    os.kill(os.getpid(), signal.SIGKILL)  # as a segfault or the OOM killer would
"""

PUBLISH = """
import sys
from common.tasks.contracts.{module} import {cls}
from common.tasks.publish import publish
for i in range(int(sys.argv[1])):
    publish({cls}(reference=f"{{sys.argv[2]}}{{i}}"))
"""

# The generated worker, blocking 60 s per idle wait instead of 1 s: a worker stopped in that
# wait stays blocked on the server long enough to hand it a message. STOCK_KOMBU selects kombu's
# own Redis transport, to show what the shipped one changes.
WINDOW_WORKER = """
import os

from worker.main import app

app.conf.broker_transport_options["polling_interval"] = 60
if os.environ.get("STOCK_KOMBU"):
    app.conf.broker_transport = None
"""

SERVICE_ROUTE = """

from common.tasks.contracts.record_effect import RecordEffect  # noqa: E402
from common.tasks.publish import publish  # noqa: E402


@items.post("/{item_id}/effects", status_code=202)
async def publish_effect(item_id: int) -> dict[str, str]:
    return {"task_id": publish(RecordEffect(reference=f"item-{item_id}"))}


router.include_router(items)
"""


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("workers")
    root = base / "acme"
    steps = [("new", str(root), "--no-git"), ("add", "lib", "common"), ("add", "service", "orders")]
    steps += [("add", "worker", "worker")]
    steps += [("add", "task", t) for t in ("record_effect", "fail_while_broken", "kill_worker")]
    for args in steps:
        shipyard_ok(*args, cwd=base if args[0] == "new" else root)
    tasks = root / "libs/common/src/common/tasks"
    for name, source in (
        ("record_effect", RECORD_EFFECT),
        ("fail_while_broken", FAIL_WHILE_BROKEN),
        ("kill_worker", KILL_WORKER),
    ):
        (tasks / "handlers" / f"{name}.py").write_text(source)
        contract = tasks / "contracts" / f"{name}.py"
        # Test-sized retries, so that the short visibility timeout below stays safe.
        contract.write_text(
            contract.read_text().replace(
                "RetryPolicy(max_retries=5, base_delay=1.0, max_delay=60.0)",
                "RetryPolicy(max_retries=2, base_delay=0.1, max_delay=0.5)",
            )
        )
    (root / "window_worker.py").write_text(WINDOW_WORKER)
    api = root / "services/orders/src/orders/api.py"
    api.write_text(api.read_text().replace("\n\nrouter.include_router(items)\n", SERVICE_ROUTE))
    sync = subprocess.run(["uv", "sync"], cwd=root, capture_output=True, text=True, check=False)
    assert sync.returncode == 0, sync.stderr
    return root


@dataclass
class Workers:
    """Celery workers of the generated workspace, each a process group of its own."""

    root: Path
    env: dict[str, str]
    logs: Path
    running: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, app: str = "worker.main") -> None:
        log = (self.logs / f"{name}.log").open("ab")
        self.running[name] = subprocess.Popen(
            [
                str(self.root / ".venv/bin/celery"),
                "-A",
                app,
                "worker",
                "--concurrency",
                "1",
                "--hostname",
                f"{name}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=self.root,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, name: str) -> None:
        process = self.running.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for process in self.running.values():
            os.killpg(process.pid, signal.SIGTERM)
        for process in self.running.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.running.clear()

    def signal(self, name: str, number: signal.Signals) -> None:
        os.killpg(self.running[name].pid, number)

    def groups(self) -> set[int]:
        return {process.pid for process in self.running.values()}


@pytest.fixture(params=list(BROKERS))
def broker(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if not reachable("127.0.0.1", 6379):
        unavailable("Redis is not reachable on 127.0.0.1:6379")
    if name == "rabbitmq" and not reachable("127.0.0.1", 5672):
        unavailable("RabbitMQ is not reachable on 127.0.0.1:5672")
    return name


@pytest.fixture
def effects(broker: str) -> Iterator[redis.Redis]:
    """Empty broker queues, task state and effects before and after each test."""

    def clean() -> None:
        for url in (STATE_URL, EFFECTS_URL, BROKERS["redis"]):
            redis.Redis.from_url(url).flushdb()
        if broker == "rabbitmq":
            with Connection(AMQP) as connection:
                channel = connection.default_channel
                for queue in ("default", "default.dead"):
                    try:
                        channel.queue_delete(queue)
                    except Exception:  # the queue does not exist yet
                        channel = connection.channel()

    clean()
    client: redis.Redis = redis.Redis.from_url(EFFECTS_URL, decode_responses=True)
    yield client
    clean()


def environment(broker: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "BROKER_URL": BROKERS[broker],
        "TASKS_STATE_URL": STATE_URL,
        "EFFECTS_URL": EFFECTS_URL,
        # Short, so that Redis hands a killed worker's task to another one quickly; the
        # worker checks that it still outlasts the time limit and every retry delay.
        "VISIBILITY_TIMEOUT": "4",
        "TASK_TIME_LIMIT": "3",
        "SOFT_SHUTDOWN_TIMEOUT": "2",
        **extra,
    }


@pytest.fixture
def workers(
    workspace: Path, broker: str, effects: redis.Redis, tmp_path: Path
) -> Iterator[Callable[..., Workers]]:
    started: list[Workers] = []

    def make(**extra: str) -> Workers:
        pool = Workers(workspace, environment(broker, **extra), tmp_path)
        started.append(pool)
        return pool

    yield make
    for pool in started:
        pool.stop_all()
    for pool in started:
        assert pool.running == {}


def publish(workspace: Path, broker: str, module: str, count: int, prefix: str) -> None:
    cls = "".join(part.capitalize() for part in module.split("_"))
    script = PUBLISH.format(module=module, cls=cls)
    done = subprocess.run(
        [str(workspace / ".venv/bin/python"), "-c", script, str(count), prefix],
        cwd=workspace,
        env=environment(broker),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


def dead_letters(workspace: Path, broker: str, action: str = "list") -> list[str]:
    done = subprocess.run(
        [str(workspace / ".venv/bin/python"), "-m", "common.tasks.deadletters", action],
        cwd=workspace,
        env=environment(broker),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_an_http_call_publishes_a_task_that_a_worker_runs(
    workspace: Path, broker: str, effects: redis.Redis, workers: Callable[..., Workers]
) -> None:
    workers().start("w1")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    uvicorn = str(workspace / ".venv/bin/uvicorn")
    service = subprocess.Popen(
        [uvicorn, "orders.main:create_app", "--factory", "--port", str(port)],
        cwd=workspace,
        env=environment(broker),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(lambda: reachable("127.0.0.1", port), 30, "the orders service")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/items/7/effects", method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 202
            assert json.loads(response.read())["task_id"]

        wait_for(lambda: effects.lrange("effects", 0, -1) == ["item-7"], 30, "the effect")
    finally:
        os.killpg(service.pid, signal.SIGTERM)
        service.wait(timeout=15)


def test_killing_workers_mid_task_loses_nothing_and_duplicates_nothing(
    workspace: Path, broker: str, effects: redis.Redis, workers: Callable[..., Workers]
) -> None:
    total = 500
    pool = workers(EFFECT_SECONDS="0.05", MAX_DELIVERIES="10")
    names = ["w1", "w2", "w3"]
    for name in names:
        pool.start(name)
    publish(workspace, broker, "record_effect", total, "r")
    rng = random.Random(20261122)
    recoveries: list[float] = []
    started = time.monotonic()
    for _ in range(4):
        time.sleep(rng.uniform(1.0, 2.5))
        victim = rng.choice(names)
        group = pool.running[victim].pid
        in_flight = {
            ref for ref, pid in effects.hgetall("inflight").items() if _group_of(int(pid)) == group
        }
        killed_at = time.time()
        pool.kill(victim)
        pool.start(victim)
        recoveries += _recovery_times(effects, in_flight, killed_at)

    wait_for(lambda: effects.llen("effects") >= total, 110, f"{total} effects")
    elapsed = time.monotonic() - started

    recorded = effects.lrange("effects", 0, -1)
    assert len(recorded) == total
    assert set(recorded) == {f"r{i}" for i in range(total)}
    assert int(effects.get("executions") or 0) >= total
    assert dead_letters(workspace, broker) == []
    MEASURED[f"{broker}: {total} tasks, 3 workers, 4 SIGKILLs"] = f"{elapsed:.1f} s"
    MEASURED[f"{broker}: executions for {total} effects"] = str(effects.get("executions"))
    if recoveries:
        MEASURED[f"{broker}: SIGKILL to task done by another worker"] = (
            f"median {sorted(recoveries)[len(recoveries) // 2]:.2f} s, "
            f"max {max(recoveries):.2f} s over {len(recoveries)} tasks"
        )


def _group_of(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def _recovery_times(effects: redis.Redis, refs: set[str], killed_at: float) -> list[float]:
    """Seconds from the kill until each interrupted task was done elsewhere (waits up to 20 s)."""
    deadline = time.monotonic() + 20
    pending = set(refs)
    times = []
    while pending and time.monotonic() < deadline:
        for ref in list(pending):
            done_at = effects.hget("done_at", ref)
            if done_at is not None and float(done_at) > killed_at:
                times.append(float(done_at) - killed_at)
                pending.discard(ref)
        time.sleep(0.05)
    return times


def test_failing_task_retries_then_dead_letters_and_replays(
    workspace: Path, broker: str, effects: redis.Redis, workers: Callable[..., Workers]
) -> None:
    effects.set("broken", "1")
    workers().start("w1")
    publish(workspace, broker, "fail_while_broken", 1, "f")

    wait_for(lambda: len(dead_letters(workspace, broker)) == 1, 30, "the dead letter")
    [entry] = [json.loads(line) for line in dead_letters(workspace, broker)]
    assert entry["task"] == "common.fail_while_broken"
    assert entry["payload"] == {"reference": "f0"}
    assert entry["reason"].startswith("failed 3 times, last with ConnectionError")
    assert effects.get("attempts") == "3"  # the first run and two retries

    effects.delete("broken")
    assert dead_letters(workspace, broker, "replay") == [
        "replayed 1 dead letter(s) of queue default"
    ]
    wait_for(lambda: effects.lrange("repaired", 0, -1) == ["f0"], 30, "the replayed task")
    assert dead_letters(workspace, broker) == []


def test_a_task_that_kills_its_worker_ends_in_the_dead_letters(
    workspace: Path, broker: str, effects: redis.Redis, workers: Callable[..., Workers]
) -> None:
    # A time limit well above the time Celery takes to notice a dead pool process: a task
    # still "running" at its hard time limit is rejected, not redelivered.
    workers(MAX_DELIVERIES="2", TASK_TIME_LIMIT="20", VISIBILITY_TIMEOUT="30").start("w1")
    publish(workspace, broker, "kill_worker", 1, "k")

    wait_for(lambda: len(dead_letters(workspace, broker)) == 1, 60, "the poison message")
    [entry] = [json.loads(line) for line in dead_letters(workspace, broker)]
    assert entry["reason"] == "poison message: started 2 times and never finished"
    assert effects.get("kills") == "2"


def blocked_consumers() -> int:
    """Clients of the Redis broker's database blocked in BRPOP, as the server sees them."""
    db = BROKERS["redis"].rsplit("/", 1)[1]
    clients = redis.Redis.from_url(BROKERS["redis"]).client_list()
    return sum(1 for c in clients if c["db"] == db and c["cmd"] == "brpop" and "b" in c["flags"])


@pytest.mark.parametrize("broker", ["redis"], indirect=True)
@pytest.mark.parametrize("transport", ["shipped", "kombu"])
def test_a_worker_killed_after_redis_handed_it_a_task_loses_nothing(
    workspace: Path,
    broker: str,
    effects: redis.Redis,
    workers: Callable[..., Workers],
    transport: str,
) -> None:
    """The window of issue 15, made deterministic: a worker stopped (SIGSTOP) while blocked
    on the broker gets the server's reply but can't record anything; then it is SIGKILLed.
    With kombu's own transport the reply was the message itself, which is then nowhere in
    Redis: lost. With the shipped one it was a wake token: the message is still queued, and
    the next worker runs it."""
    pool = workers(**({"STOCK_KOMBU": "1"} if transport == "kombu" else {}))
    pool.start("w1", app="window_worker")
    wait_for(lambda: blocked_consumers() == 1, 60, "the worker to wait on the broker")
    pool.signal("w1", signal.SIGSTOP)
    assert blocked_consumers() == 1  # stopped while blocked: the server will answer it

    publish(workspace, broker, "record_effect", 1, "window")
    wait_for(lambda: blocked_consumers() == 0, 30, "the server to hand the stopped worker a reply")
    pool.kill("w1")

    broker_db = redis.Redis.from_url(BROKERS["redis"])
    if transport == "kombu":
        assert (broker_db.llen("default"), broker_db.hlen("unacked")) == (0, 0)  # lost
        return
    assert broker_db.llen("default") == 1
    pool.start("w2")
    wait_for(lambda: effects.lrange("effects", 0, -1) == ["window0"], 30, "the task")
    assert effects.get("executions") == "1"

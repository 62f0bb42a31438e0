"""Worker throughput, scaling by processes, and Redis redelivery after a kill.

Generates a workspace with three tasks (`noop`, `sleep50`, `hang`), then, on each broker:
1. N no-op tasks through the generated worker (contracts, poison guard, retry wrapper), on
   Redis also through the same worker on kombu's own Redis transport, and N through a plain
   Celery app with the same reliability settings: tasks per second, ratios.
2. M tasks that sleep 50 ms with 1, 2 and 4 worker processes: tasks per second.
Each task increments a Redis counter (all apps alike), which is how completion is observed.
The publisher imports the lib before the clock starts, then publishes when told to. Runs are
interleaved and repeated (--rounds): medians, and the workers' CPU time per task, which a busy
machine moves far less than the wall clock.
3. With --redelivery, on Redis with the generated defaults: K workers each killed right after
   starting a `hang` task, 10 s apart, then one survivor: seconds from each kill until the
   survivor finished the task (about 12 minutes).

    uv run python bench/workers/run.py [--tasks 2000] [--sleep-tasks 200] [--rounds 3]
    uv run python bench/workers/run.py --redelivery [--victims 6]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import redis

REDIS = "redis://127.0.0.1:6379"
# Databases 5 to 7: the end-to-end tests use 11 to 13, and may run beside the benchmark.
BROKERS = {"redis": f"{REDIS}/5", "rabbitmq": "amqp://guest:guest@127.0.0.1:5672//"}
COUNTER_URL = f"{REDIS}/7"

HANDLERS = {
    "noop": "",
    "sleep50": "    time.sleep(0.05)\n",
    # Marks itself started, then hangs while HANG is set (in the workers that get killed).
    "hang": (
        "    COUNTER.hset('started', task.reference, time.time())\n"
        "    while os.environ.get('HANG'):\n"
        "        time.sleep(1)\n"
        "    COUNTER.hset('done_at', task.reference, time.time())\n"
    ),
}
HANDLER = """import os
import time

import redis

from common.tasks.contracts.{name} import {cls}

COUNTER = redis.Redis.from_url(os.environ["COUNTER_URL"])


def handle(task: {cls}) -> None:
{body}    COUNTER.incr("done")
"""
# The same reliability settings as the generated app, without shipyard's wrappers.
PLAIN_APP = """import os

import redis
from celery import Celery
from kombu import Exchange, Queue

COUNTER = redis.Redis.from_url(os.environ["COUNTER_URL"])
app = Celery("plain", broker=os.environ["BROKER_URL"])
app.conf.update(
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    broker_transport_options={"visibility_timeout": 3600},
    task_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    task_acks_on_failure_or_timeout=False,
    task_time_limit=300,
    task_soft_time_limit=270,
    worker_soft_shutdown_timeout=30,
    worker_cancel_long_running_tasks_on_connection_loss=True,
    worker_hijack_root_logger=False,
    worker_redirect_stdouts=False,
    task_default_queue="default",
    # Declared exactly as the generated app declares it (RabbitMQ refuses other arguments).
    task_queues=[
        Queue(
            "default",
            Exchange("default", type="direct", durable=True),
            routing_key="default",
            durable=True,
            queue_arguments={
                "x-dead-letter-exchange": "dead-letters",
                "x-dead-letter-routing-key": "default",
            },
        )
    ],
)


@app.task(name="common.noop", acks_late=True)
def noop(payload: dict) -> None:
    COUNTER.incr("done")
"""
# The generated worker on kombu's own Redis transport: the figures before issue 15's change.
STOCK_WORKER = """from worker.main import app

app.conf.broker_transport = None
"""
# Imports first, then publishes when told to: its start-up stays out of the timing.
PUBLISH = """import sys
from common.tasks.contracts.{name} import {cls}
from common.tasks.publish import publish
print("ready", flush=True)
sys.stdin.readline()
for i in range(int(sys.argv[1])):
    publish({cls}(reference=f"{{sys.argv[2]}}{{i}}"))
"""


def sh(*args: str, cwd: Path, env: dict[str, str] | None = None) -> None:
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def workspace(base: Path) -> Path:
    root = base / "acme"
    shipyard = [sys.executable, "-m", "shipyard"]
    sh(*shipyard, "new", str(root), "--no-git", cwd=base)
    tasks = [("task", name) for name in HANDLERS]
    for args in (("lib", "common"), ("worker", "worker"), *tasks):
        sh(*shipyard, "add", *args, cwd=root)
    for name, body in HANDLERS.items():
        cls = name.capitalize()
        path = root / f"libs/common/src/common/tasks/handlers/{name}.py"
        path.write_text(HANDLER.format(name=name, cls=cls, body=body))
    (root / "plain_app.py").write_text(PLAIN_APP)
    (root / "stock_worker.py").write_text(STOCK_WORKER)
    sh("uv", "sync", "--quiet", cwd=root)
    return root


def environment(broker: str) -> dict[str, str]:
    return {
        **os.environ,
        "BROKER_URL": BROKERS[broker],
        "COUNTER_URL": COUNTER_URL,
        "TASKS_STATE_URL": f"{REDIS}/6",
        "WORKER_LOG_LEVEL": "WARNING",
        # The generated worker takes its concurrency from here, not from --concurrency.
        "WORKER_CONCURRENCY": "1",
    }


def reset(broker: str) -> None:
    for db in (5, 6, 7):
        redis.Redis.from_url(f"{REDIS}/{db}").flushdb()
    if broker == "rabbitmq":
        from kombu import Connection

        with Connection(BROKERS[broker]) as connection:
            for queue in ("default", "default.dead"):
                with contextlib.suppress(Exception):  # not declared yet
                    connection.channel().queue_purge(queue)


def start_worker(root: Path, app: str, env: dict[str, str], name: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            str(root / ".venv/bin/celery"),
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
            "--loglevel",
            "WARNING",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def kill(worker: subprocess.Popen[bytes]) -> None:
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()


class Publisher:
    """A process that has imported the lib and publishes `count` tasks when told to."""

    def __init__(self, root: Path, env: dict[str, str], task: str, count: int, prefix: str):
        script = PUBLISH.format(name=task, cls=task.capitalize())
        self.process = subprocess.Popen(
            [str(root / ".venv/bin/python"), "-c", script, str(count), prefix],
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "ready"

    def go(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.close()

    def wait(self) -> None:
        assert self.process.wait() == 0


@dataclass(frozen=True)
class Measure:
    rate: float  # tasks per second, wall clock
    cpu_ms: float  # CPU time of the worker processes per task, in milliseconds
    redis_ms: float  # CPU time of the Redis server per task (shared: other clients count too)


def run(root: Path, broker: str, app: str, task: str, count: int, processes: int) -> Measure:
    """Start the workers, then time `count` tasks from the first publish to the last done."""
    reset(broker)
    env = environment(broker)
    counter = redis.Redis.from_url(COUNTER_URL)
    workers = [start_worker(root, app, env, f"b{i}") for i in range(processes)]
    try:
        wait_until_ready(root, app, env, processes)
        publisher = Publisher(root, env, task, count, "t")
        cpu, server = group_cpu_seconds(workers), redis_cpu_seconds(counter)
        started = time.monotonic()
        publisher.go()
        while int(counter.get("done") or 0) < count:
            time.sleep(0.01)
        elapsed = time.monotonic() - started
        cpu, server = group_cpu_seconds(workers) - cpu, redis_cpu_seconds(counter) - server
        publisher.wait()
        return Measure(count / elapsed, 1000 * cpu / count, 1000 * server / count)
    finally:
        for worker in workers:
            kill(worker)


def redis_cpu_seconds(client: redis.Redis) -> float:
    info = client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def group_cpu_seconds(workers: list[subprocess.Popen[bytes]]) -> float:
    """User and system CPU time of every process in the workers' process groups: unlike the
    wall clock, barely moved by what else the machine runs."""
    groups = {worker.pid for worker in workers}
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in groups:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def redelivery(root: Path, victims: int, spacing: float) -> list[float]:
    """Seconds from each SIGKILL until another worker finished the killed worker's task, on
    Redis with the generated defaults (VISIBILITY_TIMEOUT 600: restores every 60 s)."""
    reset("redis")
    env = environment("redis")
    counter = redis.Redis.from_url(COUNTER_URL, decode_responses=True)
    killed_at: dict[str, float] = {}
    for i in range(victims):
        began = time.monotonic()
        victim = start_worker(root, "worker.main", {**env, "HANG": "1"}, f"v{i}")
        wait_until_ready(root, "worker.main", env, 1)
        publisher = Publisher(root, env, "hang", 1, f"v{i}-")
        publisher.go()
        publisher.wait()
        while not counter.hexists("started", f"v{i}-0"):
            time.sleep(0.01)
        kill(victim)
        killed_at[f"v{i}-0"] = time.time()
        time.sleep(max(0.0, spacing - (time.monotonic() - began)))
    survivor = start_worker(root, "worker.main", env, "survivor")
    try:
        while counter.hlen("done_at") < victims:
            time.sleep(0.5)
    finally:
        kill(survivor)
    done_at = counter.hgetall("done_at")
    return [float(done_at[reference]) - killed for reference, killed in killed_at.items()]


def wait_until_ready(root: Path, app: str, env: dict[str, str], processes: int) -> None:
    while True:
        done = subprocess.run(
            [str(root / ".venv/bin/celery"), "-A", app, "inspect", "ping", "--timeout", "1"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.stdout.count("pong") >= processes:
            return
        time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--sleep-tasks", type=int, default=200)
    parser.add_argument("--redelivery", action="store_true")
    parser.add_argument("--victims", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--brokers", nargs="+", choices=list(BROKERS), default=list(BROKERS))
    parser.add_argument("--no-scaling", dest="scaling", action="store_false")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = workspace(Path(tmp))
        if args.redelivery:
            delays = redelivery(root, args.victims, spacing=10.0)
            print(
                "redis: SIGKILL to task done by another worker, generated defaults: "
                + ", ".join(f"{d:.1f}" for d in delays)
                + f" s (max {max(delays):.1f} s)",
                flush=True,
            )
            return
        for broker in args.brokers:
            # Interleaved rounds, medians: the machine may be shared.
            apps = {"generated": "worker.main", "plain Celery": "plain_app"}
            if broker == "redis":
                apps["on kombu's own transport"] = "stock_worker"
            measures: dict[str, list[Measure]] = {name: [] for name in apps}
            for _ in range(args.rounds):
                for name, app in apps.items():
                    measures[name].append(run(root, broker, app, "noop", args.tasks, 1))
            for name, found in measures.items():
                rate = statistics.median(m.rate for m in found)
                cpu = statistics.median(m.cpu_ms for m in found)
                server = statistics.median(m.redis_ms for m in found)
                rates = ", ".join(f"{m.rate:.0f}" for m in found)
                print(
                    f"{broker}: no-op, 1 process, {name}: {rate:.0f}/s (rounds: {rates}), "
                    f"CPU per task: worker {cpu:.2f} ms, Redis {server:.3f} ms",
                    flush=True,
                )
            for processes in (1, 2, 4) if args.scaling else ():
                found = [
                    run(root, broker, "worker.main", "sleep50", args.sleep_tasks, processes)
                    for _ in range(args.rounds)
                ]
                rate = statistics.median(m.rate for m in found)
                print(f"{broker}: 50 ms tasks, {processes} process(es): {rate:.1f}/s", flush=True)


if __name__ == "__main__":
    main()

"""Worker throughput: the generated worker against plain Celery, and scaling by processes.

Generates a workspace with two tasks (`noop`, `sleep50`), then, on each broker, in one run:
1. N no-op tasks through the generated worker (contracts, poison guard, retry wrapper) and
   N through a plain Celery app with the same reliability settings: tasks per second, ratio.
2. M tasks that sleep 50 ms with 1, 2 and 4 worker processes: tasks per second.
Each task increments a Redis counter (both apps alike), which is how completion is observed.

    uv run python bench/workers/run.py [--tasks 2000] [--sleep-tasks 200]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

REDIS = "redis://127.0.0.1:6379"
BROKERS = {"redis": f"{REDIS}/11", "rabbitmq": "amqp://guest:guest@127.0.0.1:5672//"}
COUNTER_URL = f"{REDIS}/13"

HANDLERS = {
    "noop": "",
    "sleep50": "    time.sleep(0.05)\n",
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
PUBLISH = """import sys
from common.tasks.contracts.{name} import {cls}
from common.tasks.publish import publish
for i in range(int(sys.argv[1])):
    publish({cls}(reference=f"t{{i}}"))
"""


def sh(*args: str, cwd: Path, env: dict[str, str] | None = None) -> None:
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def workspace(base: Path) -> Path:
    root = base / "acme"
    shipyard = [sys.executable, "-m", "shipyard"]
    sh(*shipyard, "new", str(root), "--no-git", cwd=base)
    for args in (("lib", "common"), ("worker", "worker"), ("task", "noop"), ("task", "sleep50")):
        sh(*shipyard, "add", *args, cwd=root)
    for name, body in HANDLERS.items():
        cls = name.capitalize()
        path = root / f"libs/common/src/common/tasks/handlers/{name}.py"
        path.write_text(HANDLER.format(name=name, cls=cls, body=body))
    (root / "plain_app.py").write_text(PLAIN_APP)
    sh("uv", "sync", "--quiet", cwd=root)
    return root


def environment(broker: str) -> dict[str, str]:
    return {
        **os.environ,
        "BROKER_URL": BROKERS[broker],
        "COUNTER_URL": COUNTER_URL,
        "TASKS_STATE_URL": f"{REDIS}/12",
        "WORKER_LOG_LEVEL": "WARNING",
        # The generated worker takes its concurrency from here, not from --concurrency.
        "WORKER_CONCURRENCY": "1",
    }


def reset(broker: str) -> None:
    for db in (11, 12, 13):
        redis.Redis.from_url(f"{REDIS}/{db}").flushdb()
    if broker == "rabbitmq":
        from kombu import Connection

        with Connection(BROKERS[broker]) as connection:
            for queue in ("default", "default.dead"):
                with contextlib.suppress(Exception):  # not declared yet
                    connection.channel().queue_purge(queue)


def run(root: Path, broker: str, app: str, task: str, count: int, processes: int) -> float:
    """Publish `count` tasks, then start the workers and time them until all are done."""
    reset(broker)
    env = environment(broker)
    cls = task.capitalize()
    counter = redis.Redis.from_url(COUNTER_URL)
    workers = [
        subprocess.Popen(
            [
                str(root / ".venv/bin/celery"),
                "-A",
                app,
                "worker",
                "--concurrency",
                "1",
                "--hostname",
                f"b{i}@%h",
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
        for i in range(processes)
    ]
    try:
        wait_until_ready(root, app, env, processes)
        started = time.monotonic()
        sh(
            str(root / ".venv/bin/python"),
            "-c",
            PUBLISH.format(name=task, cls=cls),
            str(count),
            cwd=root,
            env=env,
        )
        while int(counter.get("done") or 0) < count:
            time.sleep(0.01)
        return count / (time.monotonic() - started)
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = workspace(Path(tmp))
        for broker in BROKERS:
            generated = run(root, broker, "worker.main", "noop", args.tasks, 1)
            plain = run(root, broker, "plain_app", "noop", args.tasks, 1)
            print(
                f"{broker}: no-op, 1 process: generated {generated:.0f}/s, plain Celery "
                f"{plain:.0f}/s, ratio {generated / plain:.2f}",
                flush=True,
            )
            for processes in (1, 2, 4):
                rate = run(root, broker, "worker.main", "sleep50", args.sleep_tasks, processes)
                print(f"{broker}: 50 ms tasks, {processes} process(es): {rate:.1f}/s", flush=True)


if __name__ == "__main__":
    main()

"""`shipyard up [MEMBER ...]`: run services and workers locally, on embedded defaults."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

COLOURS = ("cyan", "magenta", "green", "yellow", "blue", "bright_red")


def up(
    members: Annotated[
        list[str] | None, typer.Argument(help="Services and workers to start (default: all).")
    ] = None,
    env_file: Annotated[
        Path | None, typer.Option(help="Variables to use, e.g. DATABASE_URL and BROKER_URL.")
    ] = None,
    port_offset: Annotated[int, typer.Option(help="Added to every service's port.")] = 0,
    timeout: Annotated[float, typer.Option(help="Seconds each process has to get ready.")] = 60,
    grace: Annotated[float, typer.Option(help="Seconds between SIGTERM and SIGKILL.")] = 10,
    workspace: Annotated[
        Path, typer.Option("--workspace", "-w", help="A directory inside the workspace.")
    ] = Path(),
) -> None:
    """Start services (uvicorn) and workers (celery) as local processes, migrations first.

    With nothing configured, each service gets its own SQLite database and the workers a
    SQLite broker and task state under .shipyard/run/; DATABASE_URL, BROKER_URL and
    TASKS_STATE_URL (from the environment or --env-file) switch to real servers.
    Ctrl-C or SIGTERM stops everything.
    """
    from dotenv import dotenv_values

    from shipyard.errors import ShipyardError
    from shipyard.run.plan import STATE_DIR, plan_up
    from shipyard.run.ports import check_ports_free
    from shipyard.run.supervisor import StartError, Supervisor
    from shipyard.workspace import load_workspace

    loaded = load_workspace(workspace)
    environ = dict(os.environ)
    if env_file is not None:
        if not env_file.is_file():
            raise ShipyardError(f"The env file {env_file} does not exist.")
        environ |= {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    plan = plan_up(loaded, members or [], environ, port_offset)
    check_ports_free(plan.processes)
    (loaded.root / STATE_DIR).mkdir(parents=True, exist_ok=True)

    console = Console(highlight=False, soft_wrap=True)
    width = max(len(p.name) for p in plan.processes)
    colours = {p.name: COLOURS[i % len(COLOURS)] for i, p in enumerate(plan.processes)}

    def emit(name: str, line: str) -> None:
        console.print(f"[{colours[name]}]{name:<{width}} |[/] {escape(line)}")

    supervisor = Supervisor(loaded.root, emit, grace=grace)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if plan.steps:
            console.print(f"[dim]running {', '.join(step.name for step in plan.steps)}[/]")
            supervisor.run_steps(plan.steps)
        for process in plan.processes:
            supervisor.start(process)
        for running in supervisor.running:
            supervisor.wait_ready(running, timeout)
        _banner(console, plan)
        while (exited := supervisor.first_exited()) is None:
            time.sleep(0.2)
        code = exited.popen.returncode
        raise StartError(exited.process.name, f"exited with code {code}", exited.lines)
    except StartError as failure:
        supervisor.stop_all()
        for line in failure.tail:
            console.print(f"[red]{failure.name} |[/] {escape(line)}")
        console.print(f"[bold red]error:[/] {failure.name} {failure.reason}; stopped everything.")
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        console.print("[dim]stopping…[/]")
    finally:
        supervisor.stop_all()
    console.print("stopped; no process left running.")


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _banner(console: Console, plan: object) -> None:
    from shipyard.run.plan import UpPlan

    assert isinstance(plan, UpPlan)
    console.print("\n[bold]ready[/] (Ctrl-C stops everything)")
    for process in plan.processes:
        if process.port is not None:
            url = f"http://127.0.0.1:{process.port}"
            console.print(f"  {process.name:<16} {url}   docs: {url}/docs")
        else:
            console.print(f"  {process.name:<16} worker")
    if plan.embedded:
        console.print(
            f"  [dim]embedded defaults for {', '.join(plan.embedded)} (.shipyard/run/)[/]"
        )
    console.print()

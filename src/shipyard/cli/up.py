"""`shipyard up [MEMBER ...]`: run services and workers locally, on embedded defaults."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from shipyard.cli.options import WorkspaceDir

if TYPE_CHECKING:
    from shipyard.run.plan import UpPlan
    from shipyard.run.supervisor import StartError

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
    workspace: WorkspaceDir = Path(),
) -> None:
    """Start services and workers as local processes, migrations first.

    Each member starts the way its runtime does (FastAPI with uvicorn, Flask with gunicorn
    and one worker where it depends on gunicorn, else `flask run`, Django with `manage.py
    runserver`, Celery, Dramatiq, arq, Taskiq workers), or with the `command` its
    [tool.shipyard] declares. With nothing configured, each service gets its own
    SQLite database and the workers a SQLite broker and task state under .shipyard/run/;
    DATABASE_URL, BROKER_URL and TASKS_STATE_URL (from the environment or --env-file) switch to
    real servers. Ctrl-C or SIGTERM stops everything; so does `up` dying.
    """
    from dotenv import dotenv_values

    from shipyard.errors import ShipyardError
    from shipyard.run.lifecycle import run_up
    from shipyard.run.plan import STATE_DIR, plan_up
    from shipyard.run.ports import check_ports_free
    from shipyard.workspace import load_workspace

    if not timeout > 0:
        raise ShipyardError(f"--timeout must be a number of seconds above 0, not {timeout}.")
    if not grace >= 0:
        raise ShipyardError(f"--grace must be a number of seconds, 0 or more, not {grace}.")
    loaded = load_workspace(workspace)
    environ = dict(os.environ)
    if env_file is not None:
        if not env_file.is_file():
            raise ShipyardError(f"The env file {env_file} does not exist.")
        environ |= {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    plan = plan_up(loaded, members or [], environ, port_offset)
    check_ports_free(plan.processes)
    (loaded.root / STATE_DIR).mkdir(parents=True, exist_ok=True)
    code = run_up(plan, loaded.root, _Screen(plan), timeout=timeout, grace=grace)
    if code:
        raise typer.Exit(code)


class _Screen:
    """What `up` shows: prefixed, coloured logs on stdout; failures on stderr."""

    def __init__(self, plan: UpPlan) -> None:
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(highlight=False, soft_wrap=True, stderr=True)
        self.width = max(len(p.name) for p in plan.processes)
        self.colours = {p.name: COLOURS[i % len(COLOURS)] for i, p in enumerate(plan.processes)}

    def log(self, name: str, line: str) -> None:
        self.out.print(f"[{self.colours[name]}]{name:<{self.width}} |[/] {escape(line)}")

    def migrating(self, names: list[str]) -> None:
        self.out.print(f"[dim]running {', '.join(names)}[/]")

    def ready(self, plan: UpPlan) -> None:
        self.out.print("\n[bold]ready[/] (Ctrl-C stops everything)")
        for process in plan.processes:
            if process.port is not None:
                url = f"http://127.0.0.1:{process.port}"
                docs = f"   docs: {url}{process.docs}" if process.docs else ""
                self.out.print(f"  {process.name:<16} {url}{docs}")
            else:
                self.out.print(f"  {process.name:<16} worker")
        if plan.embedded:
            self.out.print(
                f"  [dim]embedded defaults for {', '.join(plan.embedded)} (.shipyard/run/)[/]"
            )
        self.out.print()

    def failed(self, failure: StartError) -> None:
        for line in failure.tail:
            self.err.print(f"[red]{failure.name} |[/] {escape(line)}")
        self.err.print(
            f"[bold red]error:[/] {escape(failure.name)} {escape(failure.reason)}; "
            "stopped everything."
        )

    def stopping(self) -> None:
        self.out.print("[dim]stopping…[/]")

    def stopped(self) -> None:
        self.out.print("stopped; no process left running.")
        sys.stdout.flush()

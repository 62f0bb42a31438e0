"""`shipyard build [MEMBER ...]`: build the images of services and workers; exit 0 built,
1 a build failed, 2 bad input or no container engine."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from shipyard.cli.options import WorkspaceDir

if TYPE_CHECKING:
    from shipyard.containers import BuildResult, Engine, ImageBuild


def build_command(
    members: Annotated[
        list[str] | None,
        typer.Argument(
            help="Services or workers to build (default: all of them).",
            metavar="MEMBER",
            show_default=False,
        ),
    ] = None,
    workspace: WorkspaceDir = Path(),
) -> None:
    """Build the images of services and workers, tagged NAME:VERSION and NAME:GIT_SHA."""
    # Imported here so that other commands don't pay for them at start-up.
    from shipyard import containers
    from shipyard.errors import ShipyardError
    from shipyard.workspace import load_workspace

    out, err = Console(), Console(stderr=True)
    model = load_workspace(workspace)
    selected = containers.select_members(model, members or ())
    for member in selected:
        if not (model.root / member.path / "Dockerfile").is_file():
            raise ShipyardError(f"{member.path}/Dockerfile does not exist; nothing was built.")
    engine = containers.detect_engine()
    versions = {m.name: containers.member_version(model.root, m) for m in selected}
    sha = containers.git_short_sha(model.root)
    if sha is None:
        err.print("Not a git repository with a commit: tagging NAME:VERSION only.", highlight=False)
    builds = containers.plan_builds(selected, versions, sha)
    for number, build in enumerate(builds, start=1):
        result = _build_one(engine, model.root, build, f"[{number}/{len(builds)}]", err)
        if not result.ok:
            _fail(result, err)
        size = containers.image_size(engine, build.tags[0])
        shown = f"{size / 1e6:.0f} MB" if size is not None else "size unknown"
        out.print(
            f"Built {', '.join(build.tags)}  {shown}  in {result.seconds:.1f} s", highlight=False
        )


def _build_one(
    engine: Engine, root: Path, build: ImageBuild, counter: str, console: Console
) -> BuildResult:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from shipyard.containers import build_image

    title = f"{counter} {build.member} ({engine.name})"
    if not console.is_terminal:
        # Logs (CI) get one line per step instead of a live display.
        console.print(f"{title}: building", highlight=False)
        return build_image(
            engine,
            root,
            build,
            lambda step: console.print(f"  {step}", highlight=False, soft_wrap=True),
        )
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task(title, total=None)

        def show(step: str) -> None:
            progress.update(task, description=f"{title}: {step[:100]}")

        return build_image(engine, root, build, show)


def _fail(result: BuildResult, console: Console) -> None:
    from rich.markup import escape

    from shipyard.containers import BuildFailedError

    console.print(f"Last lines of the {result.build.member} build:", highlight=False)
    for line in result.tail:
        console.print(f"  {line}", highlight=False, markup=False, soft_wrap=True)
    # The message is printed as rich markup: a BuildKit step's `[stage 3/9]` is not a style.
    where = f" at {escape(result.last_step)}" if result.last_step else ""
    raise BuildFailedError(
        f"The image of {result.build.member} failed to build{where} (its last lines are above)."
    )

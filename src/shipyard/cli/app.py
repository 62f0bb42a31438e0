"""The typer application: every command and its options (`shipyard --help`)."""

from __future__ import annotations

import typer

from shipyard import __version__
from shipyard.cli import (
    add,
    adopt,
    boundaries,
    build,
    check,
    contracts,
    django_contracts,
    django_scaffold,
    new,
    testing,
    up,
    upgrade,
)

app = typer.Typer(
    name="shipyard",
    help="Scaffold, check, run and migrate Python microservice monorepos.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command(name="new")(new.new)
app.command(name="check")(check.check_command)
app.command(name="up")(up.up)
app.command(name="build")(build.build_command)
app.command(name="boundaries")(boundaries.boundaries_command)
app.command(
    name="test",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)(testing.app_tests_command)
app.command(name="adopt")(adopt.adopt_command)
app.command(name="upgrade")(upgrade.upgrade_command)
add.app.command(name="core")(django_scaffold.core_command)
add.app.command(name="app")(django_scaffold.app_command)
app.add_typer(add.app, name="add")
contracts.app.command(name="from-serializers")(django_contracts.from_serializers_command)
app.add_typer(contracts.app, name="contracts")


def _version(value: bool) -> None:
    if value:
        print(f"shipyard {__version__}")
        raise typer.Exit


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Scaffold, check, run and migrate Python microservice monorepos."""

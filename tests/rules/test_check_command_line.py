"""The plain `shipyard check` skips typer: it must parse what typer parses the same way, hand
anything else to typer, and print exactly what the typer command prints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name
from typer.testing import CliRunner

from shipyard.cli.app import app
from shipyard.cli.check_run import CheckArgs, parse_plain
from shipyard.workspace import canonical_name
from tests.conftest import run_shipyard

Copy = Callable[[str], Path]


def test_plain_invocations_are_parsed() -> None:
    assert parse_plain(["check"]) == CheckArgs()
    assert parse_plain(
        ["check", "ws", "--format", "json", "--select=SY1", "--ignore", "SY104", "--no-cache"]
    ) == CheckArgs(Path("ws"), "json", ["SY1"], ["SY104"], fix=False, no_cache=True)
    assert parse_plain(["check", "--fix", "--format=github"]) == CheckArgs(
        output_format="github", fix=True
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--help"],
        ["check", "--list-rules"],
        ["check", "--format", "xml"],
        ["check", "--format"],
        ["check", "a", "b"],
        ["check", "--colour"],
        ["new", "x"],
        [],
    ],
)
def test_anything_else_goes_to_typer(argv: list[str]) -> None:
    assert parse_plain(argv) is None


@pytest.mark.parametrize("output_format", ["text", "json", "github", "sarif"])
def test_the_fast_path_prints_what_typer_prints(fixture_copy: Copy, output_format: str) -> None:
    root = fixture_copy("imports")
    args = ["check", str(root), "--format", output_format, "--ignore", "SY105"]

    through_typer = CliRunner().invoke(app, args)
    fast = run_shipyard(*args, cwd=Path.cwd())

    assert (fast.code, fast.stdout) == (through_typer.exit_code, through_typer.output)
    assert fast.code == 1  # the fixture has findings


@pytest.mark.parametrize("name", ["Order_Events", "order.events", "A-B_C.d", "x", "PyYAML"])
def test_canonical_names_agree_with_packaging(name: str) -> None:
    assert canonical_name(name) == canonicalize_name(name)

"""SY002: configuration that could not be read. `check` loads the workspace leniently, so a
malformed value is reported here, next to every other finding, instead of stopping the run."""

from __future__ import annotations

from collections.abc import Iterator

from shipyard.rules.context import CheckContext
from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import REGISTRY

INVALID = REGISTRY.rule(
    "SY002", "invalid-configuration", Severity.ERROR,
    "A pyproject.toml value shipyard or uv reads is malformed, or names what does not exist.",
)  # fmt: skip


@REGISTRY.workspace_check(INVALID)
def check_configuration(context: CheckContext) -> Iterator[Finding]:
    for problem in context.workspace.problems:
        yield INVALID.finding(problem.path.as_posix(), 1, 1, problem.message.rstrip("."))

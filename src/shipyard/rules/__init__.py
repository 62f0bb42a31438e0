"""`shipyard check`: an engine that knows no rule, and rule families registered with it.

Use `check(workspace)` for the built-in rules; render the report with `shipyard.rules.output`.
"""

from shipyard.rules.builtin import REGISTRY
from shipyard.rules.engine import CheckOptions, Report, run_check
from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import Registry, Rule
from shipyard.workspace import Workspace


def check(workspace: Workspace, options: CheckOptions | None = None) -> Report:
    return run_check(workspace, REGISTRY, options or CheckOptions())


__all__ = [
    "REGISTRY",
    "CheckOptions",
    "Finding",
    "Registry",
    "Report",
    "Rule",
    "Severity",
    "check",
    "run_check",
]

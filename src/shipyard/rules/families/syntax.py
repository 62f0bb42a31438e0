"""SY001: a Python file that does not parse hides its imports from every other rule.

A file written for a newer Python than the one running shipyard (PEP 695 `type X = int` on 3.11)
is no syntax error when its project's `requires-python` admits that Python: it is skipped, with
no finding and no import analysis. When `requires-python` excludes it, it is one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from shipyard.rules.finding import Finding, Severity
from shipyard.rules.newer_syntax import admits
from shipyard.rules.registry import REGISTRY, python_file
from shipyard.rules.source import SourceFile

SYNTAX = REGISTRY.rule("SY001", "syntax-error", Severity.ERROR, "A Python file does not parse.")


@REGISTRY.file_check(SYNTAX, applies=python_file)
def check_syntax(source: SourceFile) -> Iterator[Finding]:
    error = source.parsed
    if not isinstance(error, SyntaxError):
        return
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    needs = source.needs_python
    if needs is not None:
        requires = source.requires_python()
        if admits(requires, needs):
            return  # valid for a Python the project supports: run shipyard on it to see inside
        newer = f"{needs[0]}.{needs[1]}"
        message = (
            f"needs Python {newer} syntax ({error.msg}), but requires-python is {requires}; "
            "no rule can see into this file"
        )
    else:
        message = f"cannot parse with Python {python}: {error.msg}; no rule can see into this file"
    yield SYNTAX.finding(source.path, error.lineno or 1, error.offset or 1, message)

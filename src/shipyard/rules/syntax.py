"""SY001: a Python file that does not parse hides its imports from every other rule."""

from __future__ import annotations

import sys
from collections.abc import Iterator

from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import REGISTRY, python_file
from shipyard.rules.source import SourceFile

SYNTAX = REGISTRY.rule("SY001", "syntax-error", Severity.ERROR, "A Python file does not parse.")


@REGISTRY.file_check(SYNTAX, applies=python_file)
def check_syntax(source: SourceFile) -> Iterator[Finding]:
    error = source.parsed
    if isinstance(error, SyntaxError):
        python = f"{sys.version_info.major}.{sys.version_info.minor}"
        message = f"cannot parse with Python {python}: {error.msg}; no rule can see into this file"
        yield SYNTAX.finding(source.path, error.lineno or 1, error.offset or 1, message)

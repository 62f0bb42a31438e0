"""Render a report as text (like ruff), JSON or GitHub annotations. Pure: returns strings."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shipyard import __version__
from shipyard.ci_annotations import github_escape
from shipyard.rules.engine import Report
from shipyard.rules.finding import Finding, Location, Severity
from shipyard.rules.registry import REGISTRY


def display_path(root: Path, path: str, cwd: Path) -> str:
    """Relative to the current directory when that is shorter, so editors can open it."""
    relative = os.path.relpath(root / path, cwd)
    return path if relative.startswith("..") else relative.replace(os.sep, "/")


def summary(report: Report) -> str:
    if not report.findings:
        return f"All checks passed! ({report.files} files)"
    errors = sum(f.severity is Severity.ERROR for f in report.findings)
    warnings = len(report.findings) - errors
    total = len(report.findings)
    noun = "finding" if total == 1 else "findings"
    return f"Found {total} {noun} ({errors} errors, {warnings} warnings) in {report.files} files."


def format_text(report: Report, root: Path, cwd: Path) -> str:
    lines = [
        f"{display_path(root, f.path, cwd)}:{f.line}:{f.col}: {f.code} {_marker(f)}{f.text}"
        for f in report.findings
    ]
    return "\n".join([*lines, summary(report)]) + "\n"


def _marker(finding: Finding) -> str:
    return "[warning] " if finding.severity is Severity.WARNING else ""


def format_json(report: Report, root: Path, cwd: Path) -> str:
    """`path`, `line`, `col`: where the finding is reported; `locations`: every place it is seen,
    that one first (several for one missing declaration imported from several files)."""
    rows = [
        {
            "code": f.code,
            "path": f.path,
            "line": f.line,
            "col": f.col,
            "message": f.text,
            "severity": f.severity.value,
            "locations": [{"path": p, "line": line, "col": col} for p, line, col in f.locations],
        }
        for f in report.findings
    ]
    return json.dumps(rows, indent=2) + "\n"


def format_github(report: Report, root: Path, cwd: Path) -> str:
    """Workflow commands GitHub turns into annotations on the pull request."""
    lines = [
        f"::{f.severity.value} title={github_escape(f.code, property_=True)},"
        f"file={github_escape(f.path, property_=True)},line={f.line},col={f.col}::"
        f"{github_escape(f'{f.code} {f.text}')}"
        for f in report.findings
    ]
    return "".join(line + "\n" for line in lines)


def format_sarif(report: Report, root: Path, cwd: Path) -> str:
    """SARIF 2.1.0, what code-scanning dashboards import."""
    used = sorted({f.code for f in report.findings})
    rules = [
        {
            "id": code,
            "name": REGISTRY.rules[code].name,
            "shortDescription": {"text": REGISTRY.rules[code].summary},
            "helpUri": f"docs/rules/{code}.md",
        }
        for code in used
        if code in REGISTRY.rules
    ]
    results = [
        {
            "ruleId": f.code,
            "level": f.severity.value,
            "message": {"text": f.text},
            "locations": [_sarif_location(f.locations[0])],
            **({"relatedLocations": [_sarif_location(o) for o in f.others]} if f.others else {}),
        }
        for f in report.findings
    ]
    driver = {"name": "shipyard", "version": __version__, "rules": rules}
    sarif = {"version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(sarif, indent=2) + "\n"


def _sarif_location(location: Location) -> dict[str, Any]:
    path, line, col = location
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": path},
            "region": {"startLine": line, "startColumn": col},
        }
    }


FORMATS: dict[str, Callable[[Report, Path, Path], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
}

"""Render a contracts report as text (like ruff), JSON, GitHub annotations or SARIF. Pure:
returns strings.

Three levels: a breaking change someone in the workspace consumes is an error (it fails the
check), a breaking change nobody here consumes a warning, a compatible change a note."""

from __future__ import annotations

import json
from collections.abc import Callable

from shipyard import __version__
from shipyard.ci_annotations import github_escape
from shipyard.contracts.change import CODES, Change
from shipyard.contracts.check import Report


def level(change: Change) -> str:
    if change.blocking:
        return "error"
    return "warning" if change.breaking else "note"


def summary(report: Report) -> str:
    unrecorded = ""
    if report.unrecorded:
        unrecorded = f" No snapshot yet: {', '.join(report.unrecorded)}."
    if not report.changes:
        return f"No contract changed ({report.contracts} contracts).{unrecorded}"
    total = len(report.changes)
    noun = "change" if total == 1 else "changes"
    return (
        f"Found {total} {noun} in {report.contracts} contracts: {len(report.blocking)} break "
        f"a consumer, {len(report.breaking) - len(report.blocking)} break no consumer in this "
        f"workspace, {total - len(report.breaking)} compatible.{unrecorded}"
    )


def format_text(report: Report) -> str:
    lines = [
        f"{c.path}: {c.code} {'[breaking] ' if c.breaking else ''}{c.message}"
        for c in report.changes
    ]
    return "\n".join([*lines, summary(report)]) + "\n"


def format_json(report: Report) -> str:
    rows = [
        {
            "path": c.path,
            "code": c.code,
            "name": CODES[c.code].name,
            "subject": c.subject,
            "detail": c.detail,
            "message": c.message,
            "breaking": c.breaking,
            "consumers": list(c.consumers),
            "level": level(c),
        }
        for c in report.changes
    ]
    return json.dumps(rows, indent=2) + "\n"


def format_github(report: Report) -> str:
    """Workflow commands GitHub turns into annotations on the pull request."""
    return "".join(
        f"::{level(c) if level(c) != 'note' else 'notice'} "
        f"title={github_escape(c.code, property_=True)},"
        f"file={github_escape(c.path, property_=True)},line=1::"
        f"{github_escape(f'{c.code} {c.message}')}\n"
        for c in report.changes
    )


def format_sarif(report: Report) -> str:
    """SARIF 2.1.0, what code-scanning dashboards import."""
    used = sorted({c.code for c in report.changes})
    rules = [
        {
            "id": code,
            "name": CODES[code].name,
            "shortDescription": {"text": CODES[code].name.replace("-", " ")},
            "helpUri": "docs/contracts.md",
        }
        for code in used
    ]
    results = [
        {
            "ruleId": c.code,
            "level": level(c),
            "message": {"text": c.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": c.path},
                        "region": {"startLine": 1},
                    }
                }
            ],
        }
        for c in report.changes
    ]
    driver = {"name": "shipyard contracts", "version": __version__, "rules": rules}
    sarif = {"version": "2.1.0", "runs": [{"tool": {"driver": driver}, "results": results}]}
    return json.dumps(sarif, indent=2) + "\n"


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
}

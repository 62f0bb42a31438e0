"""Inline suppressions: `# shipyard: ignore[SY101]`, several codes with commas, or bare for all.

A comment on a line of its own also covers the next line, so Dockerfiles, where comments cannot
share a line with an instruction, can be suppressed too.
"""

from __future__ import annotations

import re

PATTERN = re.compile(r"#\s*shipyard:\s*ignore(?:\[([A-Za-z0-9_,\s]*)\])?")
ALL = "*"

Suppressions = dict[int, list[str]]
"""Line -> codes suppressed there; `["*"]` for every code."""


def find_suppressions(text: str) -> Suppressions:
    if "shipyard:" not in text:  # the common case, decided without splitting lines
        return {}
    found: Suppressions = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = PATTERN.search(line)
        if match is None:
            continue
        codes = [c.strip() for c in (match.group(1) or ALL).split(",") if c.strip()] or [ALL]
        found.setdefault(number, []).extend(codes)
        if line.lstrip().startswith("#"):
            found.setdefault(number + 1, []).extend(codes)
    return found


def is_suppressed(suppressions: Suppressions, line: int, code: str) -> bool:
    codes = suppressions.get(line, ())
    return ALL in codes or code in codes

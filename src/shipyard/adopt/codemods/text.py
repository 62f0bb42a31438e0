"""Module names in files that are not Python: Makefiles, Dockerfiles, compose files, INI and
TOML configuration, shell scripts, Procfiles. `project:create_app()`, `app.main:app`,
`--cov=project`, `celery -A project`, `python -m app.main`, `DJANGO_SETTINGS_MODULE=x.settings`."""

from __future__ import annotations

import re

from shipyard.adopt.codemods.names import Renaming

# Options whose value is a bare module name (no dot needed to know it is one).
MODULE_OPTIONS = re.compile(
    r"(?P<option>--cov[= ]|--source[= ]|-A[ =]?|--app[= ]|-m |--pythonpath[= ]|"
    r"source\s*=\s*|--settings[= ]|script_location\s*=\s*)"
    r"(?P<quote>[\"']?)(?P<name>[A-Za-z_]\w*)(?P<after>[\s\"'.:,)\]]|$)",
    re.M,
)
DOTTED_WORD = re.compile(
    r"(?<![\w./\-])(?P<word>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?::[A-Za-z_][\w.]*(?:\(\))?)?)"
)


def rewrite_text(text: str, renaming: Renaming) -> tuple[str, int]:
    """The text with every module reference into renamed code rewritten, and how many."""
    if not renaming:
        return text, 0
    count = 0

    def option(match: re.Match[str]) -> str:
        nonlocal count
        name = match["name"]
        new = renaming.modules.get(name)
        if new is None or match["after"] in (".", ":"):
            return match[0]  # a dotted path: the next pattern rewrites it whole
        count += 1
        return f"{match['option']}{match['quote']}{new}{match['after']}"

    def dotted(match: re.Match[str]) -> str:
        nonlocal count
        new = renaming.dotted(match["word"])
        if new is None:
            return match[0]
        count += 1
        return new

    text = MODULE_OPTIONS.sub(option, text)
    text = DOTTED_WORD.sub(dotted, text)
    return text, count

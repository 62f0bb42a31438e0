"""Reading a TOML file for its declarations: problems instead of exceptions."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from shipyard.workspace.declared.model import Reading


def load_toml(reading: Reading, path: Path) -> tuple[dict[str, Any], str] | None:
    """(data, text) of `path`; None, with a problem, when it is missing or not TOML."""
    if not path.is_file():
        return None
    text = reading.read(path)
    if text is None:
        return None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        reading.problem(path, None, f"is not valid TOML ({exc}); its dependencies are not read.")
        return None


def table(data: dict[str, Any], dotted: str) -> dict[str, Any]:
    """`data["a"]["b"]` for `a.b`, or {} when a level is missing or not a table."""
    current: Any = data
    for key in dotted.split("."):
        current = current.get(key) if isinstance(current, dict) else None
    return current if isinstance(current, dict) else {}

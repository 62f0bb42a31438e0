"""Options several commands share, declared once so their flags and help read the same."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

WorkspaceDir = Annotated[
    Path, typer.Option("--workspace", "-w", help="A directory inside the workspace.")
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Show the plan; write nothing.")]

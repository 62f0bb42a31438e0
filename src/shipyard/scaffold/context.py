"""The values every template may use, derived from the workspace model only."""

from __future__ import annotations

import re
from typing import Any

from shipyard.workspace import Workspace
from shipyard.workspace.toolchain import PYTHON, UV_VERSION


def workspace_context(workspace_name: str) -> dict[str, Any]:
    return {
        "workspace": workspace_name,
        # Compose project and image names allow only lowercase letters, digits, '-' and '_'.
        "workspace_slug": re.sub(r"[^a-z0-9_-]", "-", workspace_name.lower()),
        "python": PYTHON,
        "uv_version": UV_VERSION,
    }


def member_context(workspace: Workspace, name: str, directory: str) -> dict[str, Any]:
    return {
        **workspace_context(workspace.name),
        "name": name,
        "path": f"{directory}/{name}",
        "env_prefix": f"{name.upper()}_",
    }

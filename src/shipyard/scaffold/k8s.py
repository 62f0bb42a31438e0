"""Kubernetes manifests under deploy/k8s: one kustomization per service or worker, one root.

Pure: the files come from the workspace model and the templates in `templates/k8s`, so the same
workspace always gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shipyard.changes.files import PlannedFile
from shipyard.errors import ShipyardError
from shipyard.scaffold.context import workspace_context
from shipyard.scaffold.render import Render, render_file, render_tree
from shipyard.workspace import Member, Workspace

K8S_DIR = Path("deploy/k8s")
# Any non-zero uid runs the images (see the pod securityContext in templates/k8s/macros.jinja);
# a fixed one outside the range of system users keeps it distinct from anything in the image.
POD_UID = 10001


def plan_k8s(workspace: Workspace, member: Member) -> list[PlannedFile]:
    """The manifests of one service or worker, in `deploy/k8s/<member>/`."""
    if not member.deployed:
        raise ShipyardError(f"{member.name} is a {member.role}; only services and workers deploy.")
    return render_tree(f"k8s/{member.role}", K8S_DIR / member.name, k8s_context(workspace, member))


def plan_k8s_root(workspace: Workspace, render: Render = render_file) -> PlannedFile:
    """`deploy/k8s/kustomization.yaml` as shipyard renders it, listing every service and
    worker (`shared_files.kustomization_update` merges it into the user's); `render`: the
    templates of another version (`shipyard upgrade`)."""
    members = sorted(m.name for m in workspace.deployed)
    content = render("k8s/kustomization.yaml.jinja", {"members": members})
    return PlannedFile(K8S_DIR / "kustomization.yaml", content, managed=True)


def k8s_context(workspace: Workspace, member: Member) -> dict[str, Any]:
    base = workspace_context(workspace.name)
    return base | {
        # Canonical distribution names ([a-z0-9-]) are valid Kubernetes resource names.
        "name": member.name,
        "kind": member.role.value,
        "env_prefix": member.env_prefix,
        # In-cluster base URLs of the services it calls (each Service listens on port 80).
        "calls": {f"{m.env_prefix}URL": f"http://{m.name}" for m in workspace.called_by(member)},
        "image": f"{base['workspace_slug']}/{member.name}",
        "uid": POD_UID,
    }

"""Kubernetes manifests under deploy/k8s: one kustomization per service or worker, one root.

Pure: the files come from the workspace model and the templates in `templates/k8s`, so the same
workspace always gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

from shipyard.changes.files import PlannedFile
from shipyard.errors import ShipyardError
from shipyard.scaffold.context import k8s_context, k8s_root_context
from shipyard.scaffold.render import Render, render_file, render_tree
from shipyard.workspace import Member, Workspace

K8S_DIR = Path("deploy/k8s")


def plan_k8s(workspace: Workspace, member: Member) -> list[PlannedFile]:
    """The manifests of one service or worker, in `deploy/k8s/<member>/`."""
    if not member.deployed:
        raise ShipyardError(f"{member.name} is a {member.role}; only services and workers deploy.")
    return render_tree(f"k8s/{member.role}", K8S_DIR / member.name, k8s_context(workspace, member))


def plan_k8s_root(workspace: Workspace, render: Render = render_file) -> PlannedFile:
    """`deploy/k8s/kustomization.yaml` as shipyard renders it, listing every service and
    worker (`shared_files.kustomization_update` merges it into the user's); `render`: the
    templates of another version (`shipyard upgrade`)."""
    content = render("k8s/kustomization.yaml.jinja", k8s_root_context(workspace))
    return PlannedFile(K8S_DIR / "kustomization.yaml", content, managed=True)

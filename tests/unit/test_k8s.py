"""Kubernetes manifests of a generated workspace: valid against the Kubernetes schemas (offline,
with kubernetes-validate), hardened, and free of secret values."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from shipyard.changes.files import PlannedFile
from shipyard.errors import ShipyardError
from shipyard.scaffold.k8s import plan_k8s, plan_k8s_root
from shipyard.workspace import Role, Workspace, load_workspace
from tests.conftest import run_shipyard

# The oldest release still in common use and the newest the package knows: `strict` rejects any
# field either does not define.
KUBERNETES_VERSIONS = ("1.29.0", kubernetes_validate.latest_version())
SERVICE_FILES = {
    "configmap.yaml",
    "deployment.yaml",
    "hpa.yaml",
    "kustomization.yaml",
    "migrate-job.yaml",
    "pdb.yaml",
    "service.yaml",
}
CREDENTIAL_URL = re.compile(
    r"\b(postgres|postgresql|redis|rediss|amqp|sqlite)(\+\w+)?://(?!\.\.\.)\S*"
)
WORKER_FILES = {"configmap.yaml", "deployment.yaml", "hpa.yaml", "kustomization.yaml"}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """lib `common`, service `catalog`, worker `mailer`: generated with the real command line."""
    root = tmp_path_factory.mktemp("k8s") / "acme"
    for args in (
        ("new", str(root), "--no-lock", "--no-git"),
        ("add", "lib", "common", "--no-lock"),
        ("add", "service", "catalog", "--no-lock"),
        ("add", "worker", "mailer", "--no-lock"),
    ):
        result = run_shipyard(*args, cwd=root if args[0] == "add" else root.parent)
        assert result.code == 0, result.stderr
    return load_workspace(root)


@pytest.fixture(scope="module")
def planned(workspace: Workspace) -> dict[str, PlannedFile]:
    files = [f for m in workspace.members if m.role is not Role.LIB for f in plan_k8s(workspace, m)]
    files.append(plan_k8s_root(workspace))
    return {f.path.as_posix(): f for f in files}


@pytest.fixture(scope="module")
def written(workspace: Workspace, planned: dict[str, PlannedFile]) -> Path:
    for file in planned.values():
        target = workspace.root / file.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(file.content, encoding="utf-8")
    return workspace.root / "deploy" / "k8s"


def resources(planned: dict[str, PlannedFile]) -> dict[str, dict[str, Any]]:
    """Every manifest except the kustomizations, which are kustomize's and not the API's."""
    return {
        path: yaml.safe_load(file.content)
        for path, file in planned.items()
        if not path.endswith("kustomization.yaml")
    }


def by_kind(planned: dict[str, PlannedFile], member: str, kind: str) -> dict[str, Any]:
    return next(
        doc
        for path, doc in resources(planned).items()
        if path.startswith(f"deploy/k8s/{member}/") and doc["kind"] == kind
    )


def test_each_member_gets_its_manifests(planned: dict[str, PlannedFile]) -> None:
    assert {p.removeprefix("deploy/k8s/catalog/") for p in planned if "/catalog/" in p} == (
        SERVICE_FILES
    )
    assert {p.removeprefix("deploy/k8s/mailer/") for p in planned if "/mailer/" in p} == (
        WORKER_FILES
    )
    assert not any("/common/" in p for p in planned), "a lib is not deployed"


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_every_manifest_is_valid_against_the_kubernetes_schemas(
    planned: dict[str, PlannedFile], version: str
) -> None:
    for path, document in resources(planned).items():
        try:
            kubernetes_validate.validate(document, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{path} is invalid for Kubernetes {version}: {error.message}")


def test_kustomizations_list_exactly_the_files_and_members_there_are(
    planned: dict[str, PlannedFile],
) -> None:
    root = yaml.safe_load(planned["deploy/k8s/kustomization.yaml"].content)
    assert root["resources"] == ["catalog", "mailer"]
    for member, expected in (("catalog", SERVICE_FILES), ("mailer", WORKER_FILES)):
        kustomization = yaml.safe_load(planned[f"deploy/k8s/{member}/kustomization.yaml"].content)
        assert set(kustomization["resources"]) == expected - {"kustomization.yaml"}
        assert kustomization["images"] == [{"name": f"acme/{member}", "newTag": "latest"}]


def test_kustomize_builds_the_whole_tree(written: Path) -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl is not installed: `kubectl kustomize` not tried")
    built = subprocess.run(
        [kubectl, "kustomize", str(written)], capture_output=True, text=True, check=False
    )
    assert built.returncode == 0, built.stderr
    documents = list(yaml.safe_load_all(built.stdout))
    images = {
        c["image"]
        for d in documents
        if d["kind"] in ("Deployment", "Job")
        for c in d["spec"]["template"]["spec"]["containers"]
    }
    assert images == {"acme/catalog:latest", "acme/mailer:latest"}


@pytest.mark.parametrize(
    ("member", "kind"), [("catalog", "Deployment"), ("catalog", "Job"), ("mailer", "Deployment")]
)
def test_pods_are_hardened(planned: dict[str, PlannedFile], member: str, kind: str) -> None:
    pod = by_kind(planned, member, kind)["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] > 0
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    assert pod["automountServiceAccountToken"] is False
    (container,) = pod["containers"]
    assert container["securityContext"] == {
        "allowPrivilegeEscalation": False,
        "readOnlyRootFilesystem": True,
        "capabilities": {"drop": ["ALL"]},
    }
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    assert mounts == {"/tmp": "tmp", "/app/data": "data"}
    assert {v["name"]: set(v) for v in pod["volumes"]} == {
        "tmp": {"name", "emptyDir"},
        "data": {"name", "emptyDir"},
    }
    resources = container["resources"]
    assert set(resources["requests"]) == {"cpu", "memory"}
    assert resources["limits"]["memory"] == resources["requests"]["memory"]


def test_the_service_probes_liveness_on_health_and_readiness_on_ready(
    planned: dict[str, PlannedFile],
) -> None:
    (container,) = by_kind(planned, "catalog", "Deployment")["spec"]["template"]["spec"][
        "containers"
    ]
    assert container["ports"] == [{"name": "http", "containerPort": 8000}]
    assert container["livenessProbe"]["httpGet"] == {"path": "/health", "port": "http"}
    assert container["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http"}
    assert container["startupProbe"]["httpGet"] == {"path": "/health", "port": "http"}
    service = by_kind(planned, "catalog", "Service")
    assert service["spec"]["ports"] == [{"name": "http", "port": 80, "targetPort": "http"}]
    job = by_kind(planned, "catalog", "Job")["spec"]["template"]["spec"]
    assert job["containers"][0]["command"] == ["alembic", "upgrade", "head"]
    # The migration pods must not match the service's selector (and so receive its traffic).
    assert job_labels(planned)["app.kubernetes.io/name"] != "catalog"


def job_labels(planned: dict[str, PlannedFile]) -> dict[str, str]:
    labels: dict[str, str] = by_kind(planned, "catalog", "Job")["spec"]["template"]["metadata"][
        "labels"
    ]
    return labels


def test_the_worker_has_no_http_and_scales_on_its_own(planned: dict[str, PlannedFile]) -> None:
    deployment = by_kind(planned, "mailer", "Deployment")
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    assert "ports" not in container
    assert not {"livenessProbe", "readinessProbe", "startupProbe"} & set(container)
    hpa = by_kind(planned, "mailer", "HorizontalPodAutoscaler")
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"]["name"] == "mailer"
    # The autoscalers own the replica counts.
    assert "replicas" not in deployment["spec"]
    assert "replicas" not in by_kind(planned, "catalog", "Deployment")["spec"]
    config = by_kind(planned, "mailer", "ConfigMap")["data"]
    assert config == {"MAILER_CONCURRENCY": "2", "MAILER_LOG_LEVEL": "INFO"}


def test_credentials_are_secret_references_and_no_secret_values_are_written(
    planned: dict[str, PlannedFile],
) -> None:
    documents = resources(planned)
    assert not [d for d in documents.values() if d["kind"] == "Secret"]
    for document in documents.values():
        if document["kind"] == "ConfigMap":
            assert not any("URL" in key or "PASSWORD" in key for key in document["data"])
    env = {
        member: {
            e["name"]: e["valueFrom"]["secretKeyRef"]
            for e in by_kind(planned, member, "Deployment")["spec"]["template"]["spec"][
                "containers"
            ][0]["env"]
        }
        for member in ("catalog", "mailer")
    }
    assert env["catalog"] == {
        "DATABASE_URL": {"name": "catalog-database", "key": "url"},
        # For services that publish tasks; optional, so the others start without the Secret.
        "BROKER_URL": {"name": "catalog-broker", "key": "broker-url", "optional": True},
    }
    assert env["mailer"] == {
        "BROKER_URL": {"name": "mailer-broker", "key": "broker-url"},
        "TASKS_STATE_URL": {"name": "mailer-broker", "key": "tasks-state-url"},
    }
    # Database and broker URLs appear only elided, in comments that show how to create Secrets.
    for path, file in planned.items():
        found = CREDENTIAL_URL.search(file.content)
        assert found is None, f"{path} holds {found.group()!r}"
        assert "@" not in file.content, f"{path} may hold user credentials"
        assert "password" not in file.content.lower(), path


def test_output_is_deterministic(workspace: Workspace, planned: dict[str, PlannedFile]) -> None:
    again = [f for m in workspace.members if m.role is not Role.LIB for f in plan_k8s(workspace, m)]
    again.append(plan_k8s_root(workspace))
    assert {f.path.as_posix(): f.content for f in again} == {
        p: f.content for p, f in planned.items()
    }


def test_a_workspace_without_deployable_members_has_an_empty_root(
    workspace: Workspace,
) -> None:
    empty = plan_k8s_root(replace(workspace, members=workspace.libs))
    assert yaml.safe_load(empty.content)["resources"] == []
    assert empty.managed


def test_a_lib_is_refused(workspace: Workspace) -> None:
    with pytest.raises(ShipyardError, match="only services and workers deploy"):
        plan_k8s(workspace, workspace.libs[0])

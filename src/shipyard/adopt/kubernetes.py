"""Kubernetes manifests and a CI workflow for the adopted workspace.

The manifests run the images of the generated Dockerfiles with the scaffold's pod security (its
`k8s/macros.jinja`, read as package data); what shipyard cannot know of an adopted service (a
health route) is a TCP check, said in a comment. The environment compose gave a member goes to
its ConfigMap, except values that look like credentials, which become Secret references."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shipyard.adopt.model import Found, Note
from shipyard.adopt.templates import render
from shipyard.workspace import Role
from shipyard.workspace.toolchain import PYTHON

K8S = Path("deploy/k8s")
WORKFLOWS = Path(".github/workflows")
# The image's fixed user (adopt's Dockerfile template creates uid 10001).
POD_UID = 10001
SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|(^|_)KEY$|API_?KEY|CREDENTIAL|PRIVATE")
# A URL with a password (`postgres://user:pass@db/app`), or a value compose fills from
# elsewhere (`${DB_PASSWORD}`): neither belongs in a ConfigMap.
SECRET_VALUE = re.compile(r"://[^/@\s]*:[^/@\s]*@|\$\{?\w")


# Words of a command that runs a periodic scheduler (Celery beat, alone or in a worker's `-B`,
# rq-scheduler, periodiq): two of them would send every scheduled task twice.
SCHEDULER_WORDS = frozenset(
    {"beat", "celerybeat", "-B", "--beat", "rqscheduler", "rq-scheduler", "periodiq"}
)


@dataclass(frozen=True)
class Process:
    """A process compose ran from a member's image with a command of its own: a Celery worker
    or beat, an rq or Dramatiq worker beside the web server."""

    name: str
    """The compose service's name."""
    command: list[str]
    """Its command, rewritten like the rest of the adoption: the container's args."""
    entrypoint: list[str] | None
    environment: dict[str, str]

    ports: tuple[str, ...] = ()
    """What compose published (a Flower dashboard): the Deployment gets no Service."""

    @property
    def scheduler(self) -> bool:
        return bool(SCHEDULER_WORDS & set(self.command + (self.entrypoint or [])))

    def args(self) -> list[str]:
        """Its command for a pod whose root filesystem is read-only: Celery beat's default
        scheduler keeps its state in `celerybeat-schedule` in the working directory, which
        goes to the writable /tmp instead (lost with the pod: beat starts afresh)."""
        words = self.command
        celery_beat = "celery" in words[0] if words else False
        celery_beat = celery_beat and bool({"beat", "-B", "--beat"} & set(words))
        told = any(w.split("=")[0] in ("-s", "--schedule", "-S", "--scheduler") for w in words)
        if celery_beat and not told:
            return [*words, "--schedule", "/tmp/celerybeat-schedule"]
        return words


@dataclass(frozen=True)
class Deployed:
    """What the manifests of one adopted service or worker need."""

    member: Found
    port: str | None
    environment: dict[str, str]
    processes: tuple[Process, ...] = ()


def kubernetes_files(
    workspace: str, deployed: list[Deployed], infrastructure: list[str], tracked: set[str]
) -> tuple[dict[Path, str], list[Note]]:
    """`deploy/k8s/<member>/` for each, and the root kustomization; nothing when the
    repository already has `deploy/k8s`. `infrastructure`: compose's other services, which get
    no manifest (a database belongs to a managed service or its own chart)."""
    if any(f.startswith(f"{K8S.as_posix()}/") for f in tracked):
        return {}, [Note(K8S.as_posix(), "exists already: no Kubernetes manifests generated.")]
    slug = re.sub(r"[^a-z0-9_-]", "-", workspace.lower())
    files: dict[Path, str] = {}
    notes: list[Note] = []
    for one in deployed:
        name = one.member.name
        config, secrets = _split(one.environment)
        context = {
            "name": name,
            "role": one.member.role.value,
            "path": one.member.new.as_posix(),
            "workspace_slug": slug,
            "image": f"{slug}/{name}",
            "uid": POD_UID,
            "port": one.port if one.member.role is Role.SERVICE else None,
            "config": config,
            "secrets": secrets,
        }
        folder = K8S / name
        kinds = ["deployment"]
        kinds += ["service"] if context["port"] else []
        kinds = (["configmap"] if config else []) + kinds
        for kind in kinds:
            files[folder / f"{kind}.yaml"] = render(f"kubernetes/{kind}.yaml.jinja", context)
        resources = [f"{kind}.yaml" for kind in kinds]
        readers = {variable: "deployment.yaml" for variable in secrets}
        for process in one.processes:
            written = _process_files(process, one, context)
            if process.ports:
                notes.append(
                    Note(
                        (folder / next(iter(written))).as_posix(),
                        f"`{process.name}` published {', '.join(process.ports)} in compose; "
                        "its Deployment has no Service: write one if the cluster must reach it.",
                    )
                )
            files |= {folder / f: text for f, text in written.items()}
            resources += list(written)
            for variable in _split(process.environment)[1]:
                readers.setdefault(variable, next(iter(written)))
        files[folder / "kustomization.yaml"] = render(
            "kubernetes/kustomization.yaml.jinja", context | {"resources": resources}
        )
        if readers:
            notes.append(
                Note(
                    (folder / "deployment.yaml").as_posix(),
                    f"reads {', '.join(sorted(readers))} from the Secret {name}-secrets, "
                    "which must be created in the cluster.",
                )
            )
    if deployed and infrastructure:
        notes.append(
            Note(
                K8S.as_posix(),
                f"has no manifests for compose's {', '.join(infrastructure)}: "
                "run them in the cluster (a chart or a managed service) and point the "
                "ConfigMaps at them.",
            )
        )
    if deployed:
        names = sorted(d.member.name for d in deployed)
        files[K8S / "kustomization.yaml"] = render(
            "kubernetes/root-kustomization.yaml.jinja", {"members": names}
        )
    return files, notes


def _process_files(process: Process, one: Deployed, member: dict[str, Any]) -> dict[str, str]:
    """`deployment-NAME.yaml` (and its ConfigMap when its environment is not the member's)
    of a process compose ran from the member's image: same image, its own command, no port."""
    member_name = one.member.name
    slug = re.sub(r"[^a-z0-9-]", "-", process.name.lower()).strip("-")
    name = slug if slug.startswith(f"{member_name}-") else f"{member_name}-{slug}"
    config, secrets = _split(process.environment)
    own_config = bool(config) and process.environment != one.environment
    context = member | {
        "name": name,
        "member": member_name,
        "process": process.name,
        "config_name": f"{name}-config" if own_config else f"{member_name}-config",
        "secret_name": f"{member_name}-secrets",
        "config": config,
        "secrets": secrets,
        "args": process.args(),
        "entrypoint": process.entrypoint,
        "scheduler": process.scheduler,
    }
    files = {f"deployment-{slug}.yaml": render("kubernetes/process-deployment.yaml.jinja", context)}
    if own_config:
        files[f"configmap-{slug}.yaml"] = render("kubernetes/configmap.yaml.jinja", context)
    return files


def ci_workflow(
    workspace: str, deployed: list[Found], tracked: set[str], python: str = PYTHON
) -> tuple[dict[Path, str], list[Note]]:
    """`.github/workflows/ci.yml` (or `shipyard.yml` beside an existing ci.yml); old workflows
    that install from files the workspace replaced are named, to be removed or changed."""
    folder = f"{WORKFLOWS.as_posix()}/"
    existing = sorted(f for f in tracked if f.startswith(folder) and f.endswith((".yml", ".yaml")))
    name = "ci" if not any(Path(f).stem == "ci" for f in existing) else "shipyard"
    notes = [
        Note(f, f"kept as it was, though it may install from files adopt replaced; "
             f"{folder}{name}.yml installs, checks and tests the workspace.")
        for f in existing
    ]  # fmt: skip
    context = {
        "workspace": workspace,
        "name": name,
        "python": python,
        "members": sorted(m.new.as_posix() for m in deployed),
    }
    return {WORKFLOWS / f"{name}.yml": render("ci.yml.jinja", context)}, notes


def _split(environment: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """(ConfigMap data, variable -> Secret key)."""
    config: dict[str, str] = {}
    secrets: dict[str, str] = {}
    for variable, value in sorted(environment.items()):
        if SECRET_NAME.search(variable.upper()) or SECRET_VALUE.search(value):
            secrets[variable] = variable.lower().replace("_", "-")
        else:
            config[variable] = value
    return config, secrets

"""Which templates make a unit's own files, per template version.

A unit is a generated member (its record names the template: service, worker, lib) or the
workspace itself. A recipe lists its parts by the template names of that version, so an older
version stays renderable after a later one renames or moves its templates: a version that
changes the layout gets a recipe of its own in `RECIPES`; the others reuse the one before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from shipyard.scaffold.add_member import FRAMEWORK_LAYERS
from shipyard.scaffold.render import Variant


@dataclass(frozen=True)
class Part:
    source: str
    """A template file, or with `tree` a folder of them, in that version's templates."""
    target: str
    """Where it goes, relative to the workspace root: `{path}` the unit's folder, `{folder}`
    its last part, `{name}` its distribution name, `{import_name}`, `{task}`, `{scenario}`."""
    context: str
    """Which context renders it (see `contexts.CONTEXTS`)."""
    tree: bool = False
    when: str | None = None
    """An option of the record that must be set ("tasks") or, after "no ", unset ("no lib");
    or "scenarios": the workspace has integration scenarios."""
    each: str | None = None
    """Rendered once per task of the record ("task") or scenario of the workspace ("scenario")."""
    layers: Mapping[str, tuple[Variant, ...]] = field(default_factory=dict)
    """With `tree`: the trees laid over it, by the record's framework (none for another)."""


@dataclass(frozen=True)
class Recipe:
    parts: dict[str, tuple[Part, ...]]
    """By template name (the record's `name`)."""
    shared: dict[str, str]
    """Templates the code renders by name (compose, the root kustomization), as named today,
    to their name in this version where it differs."""


_SRC = "{path}/src/{import_name}"
_TASKS = f"{_SRC}/tasks"
_TESTS = "{path}/tests/unit"
# Parts named alike in every version so far; a version that renames one gets its own.
_TASK_PARTS = (
    Part("task/contract.py.jinja", _TASKS + "/contracts/{task}.py", "task", each="task"),
    Part("task/handler.py.jinja", _TASKS + "/handlers/{task}.py", "task", each="task"),
    Part("task/test.py.jinja", _TESTS + "/test_task_{task}.py", "task", each="task"),
)
_SCENARIO_TEST = Part(
    "scenario/test.py.jinja",
    "tests/integration/{scenario}/test_{scenario}.py",
    "scenario",
    each="scenario",
)

VERSION_1 = Recipe(
    parts={
        "service": (
            Part("service", "{path}", "service", tree=True),
            Part("files/Dockerfile.jinja", "{path}/Dockerfile", "service"),
            Part("files/logs.py.jinja", f"{_SRC}/logs.py", "service", when="no lib"),
            Part(
                "files/postgres-init.sql.jinja",
                "deploy/compose/postgres-init/{folder}.sql",
                "service",
            ),
            Part("k8s/service", "deploy/k8s/{name}", "k8s", tree=True),
        ),
        "worker": (
            Part("worker", "{path}", "worker", tree=True),
            Part("files/Dockerfile.jinja", "{path}/Dockerfile", "worker"),
            Part("k8s/worker", "deploy/k8s/{name}", "k8s", tree=True),
        ),
        "lib": (
            Part("lib", "{path}", "lib", tree=True),
            Part("files/logs.py.jinja", f"{_SRC}/logs.py", "lib"),
            Part("tasks", _TASKS, "tasks", tree=True, when="tasks"),
            Part("tasks_tests", "{path}/tests", "tasks", tree=True, when="tasks"),
            *_TASK_PARTS,
        ),
        "workspace": (
            Part("workspace", ".", "workspace", tree=True),
            _SCENARIO_TEST,
            Part(
                "files/integration.Dockerfile.jinja",
                "tests/integration/Dockerfile",
                "scenario",
                when="scenarios",
            ),
        ),
    },
    shared={
        "compose/compose.yaml.jinja": "files/compose.yaml.jinja",
        "k8s/kustomization.yaml.jinja": "k8s/kustomization.yaml.jinja",
    },
)

# One tree per member kind, the Dockerfile and logs module in it (templates/README.md); the
# Flask service is `service/` with `service-flask/` laid over it. A version that changes
# FRAMEWORK_LAYERS must give this recipe a frozen copy of the layers it replaces.
_LAYERS = {framework.value: layers for framework, layers in FRAMEWORK_LAYERS.items()}
VERSION_2 = Recipe(
    parts={
        "service": (
            Part("service", "{path}", "service", tree=True, layers=_LAYERS),
            Part(
                "compose/postgres-init.sql.jinja",
                "deploy/compose/postgres-init/{import_name}.sql",
                "service",
            ),
            Part("k8s/service", "deploy/k8s/{name}", "k8s", tree=True),
        ),
        "worker": (
            Part("worker", "{path}", "worker", tree=True),
            Part("k8s/worker", "deploy/k8s/{name}", "k8s", tree=True),
        ),
        "lib": (
            Part("lib", "{path}", "lib", tree=True),
            Part("lib-tasks", "{path}", "tasks", tree=True, when="tasks"),
            *_TASK_PARTS,
        ),
        "workspace": (
            Part("workspace", ".", "workspace", tree=True),
            _SCENARIO_TEST,
            Part(
                "scenario/Dockerfile.jinja",
                "tests/integration/Dockerfile",
                "scenario",
                when="scenarios",
            ),
        ),
    },
    shared={},
)

RECIPES: dict[int, Recipe] = {1: VERSION_1, 2: VERSION_2}


def recipe(version: int) -> Recipe:
    """The recipe of `version`: its own, or that of the latest version before it that has one."""
    return RECIPES[max(v for v in RECIPES if v <= version)]

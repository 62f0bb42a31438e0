"""The plan of `shipyard add app NAME`: a proto-service app (models, a service on BaseService, a
thin API, a versioned contract with events, tests, a README with its boundaries), registered
in INSTALLED_APPS and the root URL configuration. Its first migration is made afterwards by
the project's own `manage.py makemigrations` (see `migration`)."""

from __future__ import annotations

import keyword
import re
import sys
from collections.abc import Callable
from pathlib import Path

from shipyard.changes.files import FilePlan
from shipyard.django.layout import ProjectLayout
from shipyard.errors import ShipyardError
from shipyard.scaffold.context import DjangoAppContext
from shipyard.scaffold.django_core import DjangoScaffold, relative_to_base
from shipyard.scaffold.django_format import format_python
from shipyard.scaffold.django_register import registration
from shipyard.scaffold.render import render_tree

APP_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
MODEL_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")
# Modules an app may not shadow: they are imported by name in every project.
TAKEN_MODULES = frozenset(
    {"django", "rest_framework", "core", "config", "settings", "test", "tests", "api", "apps",
     "models", "pydantic", "pytest", "conftest"}
)  # fmt: skip
# Names the generated code uses beside the model's: a model (or its variable) called so would
# shadow them.
TAKEN_CLASSES = frozenset(
    {"User", "APIClient", "AppConfig", "BaseModel", "BaseService", "DefaultRouter",
     "DomainEvent", "Field", "QuerySet", "UUID", "ValidationError", "NotFoundError", "Iterator"}
)  # fmt: skip
TAKEN_VARIABLES = frozenset(
    {"owner", "reader", "service", "published", "as_owner", "as_reader", "created", "newer",
     "request", "response", "url", "page", "read", "changes", "instance", "serializer", "db",
     "settings", "client"}
)  # fmt: skip
OWNER_TYPES = {"int": "int", "uuid": "UUID", "str": "str"}
FIRST_MIGRATION = "0001_initial.py"


def plan_add_app(
    layout: ProjectLayout,
    name: str,
    model: str | None,
    owner_kind: Callable[[], str],
    *,
    register: bool = True,
) -> DjangoScaffold:
    """`owner_kind` tells the kind of the user model's primary key (`int`, `uuid`, `str`):
    asked of the project's own environment once the names are known to be right."""
    _check_name(layout, name)
    core = layout.core_app()
    if core is None:
        raise ShipyardError("This project has no core app yet: run `shipyard add core` first.")
    model = model or class_name(singular(name))
    _check_model(model)
    kind = owner_kind()
    owner_type = OWNER_TYPES.get(kind)
    if owner_type is None:
        raise ShipyardError(
            f"The user model's primary key is of a kind shipyard cannot type ({kind})."
        )
    home = layout.app_home()
    folder, module = home.folder_of(name), home.module_of(name)
    variable = snake(model)
    url_prefix = f"api/{name}/"
    context = DjangoAppContext(
        name=name,
        app=module,
        core=core.module,
        model=model,
        model_var=variable,
        model_words=variable.replace("_", " "),
        table=f"{name}_{model.lower()}",
        config_class=f"{class_name(name)}Config",
        owner_type=owner_type,
        folder=relative_to_base(layout, folder),
        url_prefix=url_prefix,
    )
    files = format_python(render_tree("django/app", Path(folder), context), layout)
    if register:
        command = f"shipyard add app {name}"
        files += registration(layout, module, (url_prefix, f"{module}.api.urls"), command)
    notes = [
        f"{name} is {folder} (module {module}), {home.reason}; its API is at /{url_prefix}.",
    ]
    if not register:
        notes.append(
            f'Add "{module}" to INSTALLED_APPS and path("{url_prefix}", '
            f'include("{module}.api.urls")) to urlpatterns by hand, then run '
            f"`python manage.py makemigrations {name}`."
        )
    plan = FilePlan(layout.root, tuple(files), guarded=(migration(folder),))
    return DjangoScaffold(plan, notes)


def migration(folder: str) -> Path:
    """The first migration `makemigrations` writes for a new app."""
    return Path(folder, "migrations", FIRST_MIGRATION)


def singular(name: str) -> str:
    """`projects` -> `project`, `categories` -> `category`, `addresses` -> `address`; `status`
    and `news` as they are but for the last s of `news` (give --model where that is wrong)."""
    head, _, last = name.rpartition("_")
    if last.endswith("ies") and len(last) > 3:
        last = last[:-3] + "y"
    elif last.endswith(("sses", "xes", "ches", "shes", "zes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")):
        last = last[:-1]
    return f"{head}_{last}" if head else last


def class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_") if part)


def snake(model: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", model).lower()


def _check_name(layout: ProjectLayout, name: str) -> None:
    if not APP_NAME.match(name) or keyword.iskeyword(name):
        raise ShipyardError(
            f"{name!r} is not a valid app name: use lowercase letters, digits and _, starting "
            "with a letter."
        )
    if name in TAKEN_MODULES or name in sys.stdlib_module_names:
        raise ShipyardError(f"An app named {name!r} would shadow the module {name}; pick another.")
    existing = layout.app_labelled(name)
    if existing is not None:
        raise ShipyardError(f"This project has an app labelled {name} already: {existing.folder}.")
    module = layout.app_home().module_of(name)
    if layout.module_file(module) is not None:
        raise ShipyardError(f"This project has a module {module} already; pick another name.")


def _check_model(model: str) -> None:
    if not MODEL_NAME.match(model):
        raise ShipyardError(f"{model!r} is not a model class name: use CamelCase, e.g. Invoice.")
    if model in TAKEN_CLASSES or snake(model) in TAKEN_VARIABLES:
        raise ShipyardError(
            f"A model named {model} would clash with a name the generated code uses; choose "
            "another with --model."
        )

"""The built-in rule families. Importing this module registers them all in REGISTRY."""

from shipyard.rules.families import (
    boundaries,
    configuration,
    cycles,
    dependencies,
    dockerfile,
    export,
    layout,
    lock,
    routes,
    secrets,
    syntax,
    syspath,
)
from shipyard.rules.families.django import apps as django_apps
from shipyard.rules.families.django import coupling as django_coupling
from shipyard.rules.registry import REGISTRY

FAMILIES = (
    syntax, configuration, boundaries, syspath, dependencies, cycles, django_apps,
    django_coupling, routes, layout, lock, export, dockerfile, secrets,
)  # fmt: skip

__all__ = ["FAMILIES", "REGISTRY"]

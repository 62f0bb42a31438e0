"""The built-in rule families. Importing this module registers them all in REGISTRY."""

from shipyard.rules import (
    boundaries,
    configuration,
    cycles,
    dependencies,
    django_apps,
    django_coupling,
    dockerfile,
    layout,
    lock,
    routes,
    secrets,
    syntax,
    syspath,
)
from shipyard.rules.registry import REGISTRY

FAMILIES = (
    syntax, configuration, boundaries, syspath, dependencies, cycles, django_apps,
    django_coupling, routes, layout, lock,
    dockerfile, secrets,
)  # fmt: skip

__all__ = ["FAMILIES", "REGISTRY"]

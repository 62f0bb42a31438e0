"""`[tool.shipyard.check.django]`: each app's allowed interface and the Django rules' severity.

```toml
[tool.shipyard.check.django]
interface = ["contracts"]              # what other apps may import of every app (default)
severity = { SY503 = "error" }         # any SY5xx code: "error" or "warning"

[tool.shipyard.check.django.apps.users]  # an app, by label or dotted module
interface = ["contracts", "selectors"]

[tool.shipyard.check.django.apps.core]   # "*": all of it (a shared kernel)
interface = ["*"]
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shipyard.errors import ShipyardError
from shipyard.rules.finding import Severity

KEYS = frozenset({"interface", "severity", "apps"})
DEFAULT_INTERFACE = ("contracts",)
WHERE = "pyproject.toml [tool.shipyard.check.django]"


@dataclass(frozen=True)
class DjangoConfig:
    interface: tuple[str, ...] = DEFAULT_INTERFACE
    """Submodules of an app (relative to it) that other apps may import; `*` for all."""
    apps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """App label or module -> its own interface, replacing the default."""
    severity: dict[str, Severity] = field(default_factory=dict)

    def interface_of(self, module: str, label: str) -> tuple[str, ...]:
        return self.apps.get(module, self.apps.get(label, self.interface))

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)


def django_config(root_pyproject: dict[str, Any]) -> DjangoConfig:
    table = root_pyproject.get("tool", {}).get("shipyard", {}).get("check", {}).get("django", {})
    if not isinstance(table, dict):
        raise ShipyardError(f"{WHERE} must be a table.")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ShipyardError(f"{WHERE} has unknown keys {unknown}; known: {sorted(KEYS)}.")
    apps = table.get("apps", {})
    if not isinstance(apps, dict) or not all(isinstance(v, dict) for v in apps.values()):
        raise ShipyardError(f"{WHERE} apps must be a table of app = {{ interface = [...] }}.")
    for app, settings in apps.items():
        if set(settings) - {"interface"}:
            raise ShipyardError(f"{WHERE} apps.{app} may only set interface.")
    return DjangoConfig(
        interface=_modules(table.get("interface", list(DEFAULT_INTERFACE)), "interface"),
        apps={
            app: _modules(settings.get("interface", []), f"apps.{app}.interface")
            for app, settings in apps.items()
        },
        severity=_severity(table.get("severity", {})),
    )


def _modules(value: object, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ShipyardError(f"{WHERE} {key} must be a list of submodule names.")
    return tuple(v.strip(".") for v in value)


def _severity(value: object) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ShipyardError(f'{WHERE} severity must be a table of code = "error" or "warning".')
    found = {}
    for code, level in value.items():
        if not code.startswith("SY5") or level not in set(Severity):
            raise ShipyardError(
                f'{WHERE} severity {code} = {level!r}: give an SY5xx code and "error" or "warning".'
            )
        found[code] = Severity(level)
    return found

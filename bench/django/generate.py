"""Write a synthetic Django monolith: one uv workspace member (`site/`) whose project has APPS
apps of about MODULES modules each (models, a DRF ViewSet, signals, services, selectors,
contracts, tests, a migration), coupled in planted, countable ways, for `run.py`.

Every app imports the previous app's contracts (allowed); every 10th app also imports the
previous app's models (SY502), receives its post_save (SY504) and has a test importing its
models (SY505); every 5th app holds a string foreign key to it (SY503); every ViewSet's
perform_create saves and notifies (SY506).

    uv run python bench/django/generate.py /tmp/bench-django --apps 50 --modules 50
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

ROOT = """\
[tool.uv.workspace]
members = ["site"]
"""
MEMBER = """\
[project]
name = "monolith"
version = "0.1.0"
dependencies = ["django>=5.2", "djangorestframework>=3.15"]

[dependency-groups]
dev = ["pytest-django>=4.9"]
"""
MANAGE = """\
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""
APPS_PY = """\
from django.apps import AppConfig


class {title}Config(AppConfig):
    name = "{app}"
"""
MODELS = """\
from django.db import models
{import_models}

class {title}(models.Model):
    name = models.CharField(max_length=80)
{string_fk}

class {title}Item(models.Model):
    parent = models.ForeignKey({title}, on_delete=models.CASCADE)
    quantity = models.IntegerField(default=0)
"""
VIEWS = """\
from rest_framework import viewsets

from {app}.models import {title}
from {app}.notifications import notify_owner


class {title}ViewSet(viewsets.ModelViewSet):
    queryset = {title}.objects.all()

    def perform_create(self, serializer):
        item = serializer.save()
        item.save()
        notify_owner(item)
"""
NOTIFICATIONS = """\
def notify_owner(item: object) -> None:
    print(item)
"""
SIGNALS = """\
from django.db.models.signals import post_save
from django.dispatch import receiver

from {previous}.models import {previous_title}


@receiver(post_save, sender={previous_title})
def on_previous_saved(sender, instance, **kwargs) -> None:
    pass
"""
CONTRACTS = """\
from dataclasses import dataclass


@dataclass(frozen=True)
class {title}Data:
    id: int
    name: str
"""
SERVICE = '''\
"""Service module {index} of {app}."""

from __future__ import annotations

from {app}.models import {title}
from {app}.services import s{sibling}
{import_contracts}

def run_{index}(limit: int) -> list[str]:
    names = [row.name for row in {title}.objects.all()[:limit]]
    return names + s{sibling}.helper()


def helper() -> list[str]:
    return ["{app}-{index}"]
'''
TEST = """\
from {app}.models import {title}
{import_previous}

def test_model_name() -> None:
    assert {title}.__name__ == "{title}"
"""
MIGRATION = """\
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = ()
    operations = (
        migrations.CreateModel(name="{title}", fields=[("id", models.BigAutoField())]),
        migrations.CreateModel(name="{title}Item", fields=[("id", models.BigAutoField())]),
    )
"""
# Modules of an app besides its service modules.
FIXED = 12


def generate(root: Path, apps: int, modules: int) -> None:
    if root.exists():
        shutil.rmtree(root)
    site = root / "site"
    write(root / "pyproject.toml", ROOT)
    write(site / "pyproject.toml", MEMBER)
    write(site / "manage.py", MANAGE)
    names = [f"app{i:02d}" for i in range(apps)]
    installed = "".join(f'    "{name}",\n' for name in names)
    write(site / "config/__init__.py", "")
    write(
        site / "config/settings.py",
        f'INSTALLED_APPS = [\n    "django.contrib.contenttypes",\n    "rest_framework",\n'
        f"{installed}]\n",
    )
    for i, app in enumerate(names):
        write_app(site / app, i, app, names[i - 1] if i else None, max(modules - FIXED, 1))


def write_app(folder: Path, i: int, app: str, previous: str | None, services: int) -> None:
    title = app.capitalize()
    previous_title = previous.capitalize() if previous else ""
    coupled = previous is not None and i % 10 == 0
    string_fk = previous is not None and i % 5 == 0
    write(folder / "__init__.py", "")
    write(folder / "apps.py", APPS_PY.format(title=title, app=app))
    write(
        folder / "models.py",
        MODELS.format(
            title=title,
            import_models=f"from {previous}.models import {previous_title}\n" if coupled else "",
            string_fk=(
                f'    previous = models.ForeignKey("{previous}.{previous_title}", '
                "on_delete=models.CASCADE)\n"
                if string_fk
                else ""
            ),
        ),
    )
    write(folder / "views.py", VIEWS.format(app=app, title=title))
    write(folder / "notifications.py", NOTIFICATIONS)
    write(folder / "contracts/__init__.py", CONTRACTS.format(title=title))
    write(folder / "migrations/__init__.py", "")
    write(folder / "migrations/0001_initial.py", MIGRATION.format(title=title))
    if coupled:
        write(
            folder / "signals.py",
            SIGNALS.format(previous=previous, previous_title=previous_title),
        )
    write(folder / "tests/__init__.py", "")
    for t in range(2):
        import_previous = (
            f"from {previous}.models import {previous_title}\n" if coupled and t == 0 else ""
        )
        write(
            folder / f"tests/test_{t}.py",
            TEST.format(app=app, title=title, import_previous=import_previous),
        )
    write(folder / "services/__init__.py", "")
    for index in range(services):
        import_contracts = (
            f"from {previous}.contracts import {previous_title}Data\n"
            if previous and index == 0
            else ""
        )
        write(
            folder / f"services/s{index}.py",
            SERVICE.format(
                app=app,
                index=index,
                title=title,
                sibling=(index + 1) % services,
                import_contracts=import_contracts,
            ),
        )


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--apps", type=int, default=50)
    parser.add_argument("--modules", type=int, default=50)
    args = parser.parse_args()
    generate(args.root, args.apps, args.modules)


if __name__ == "__main__":
    main()

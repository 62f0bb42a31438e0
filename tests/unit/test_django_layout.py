"""A Django project found statically from a directory inside it, uv workspace or not: manage.py,
the settings it names and the modules those star-import, ROOT_URLCONF, the local apps, and
where new apps go; registration in the settings that assign INSTALLED_APPS."""

from __future__ import annotations

from pathlib import Path

import pytest

from shipyard.django.layout import locate
from shipyard.errors import ShipyardError
from shipyard.scaffold.django_register import registration

FIXTURE = Path(__file__).parents[1] / "fixtures" / "django_monolith"
MANAGE = 'import os\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "{settings}")\n'


def write(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return root


def plain_project(root: Path, apps: str = '"blog"') -> Path:
    return write(root, {
        "manage.py": MANAGE.format(settings="mysite.settings"),
        "mysite/__init__.py": "",
        "mysite/settings.py": (
            f'INSTALLED_APPS = [\n    "django.contrib.auth",\n    {apps},\n]\n'
            'ROOT_URLCONF = "mysite.urls"\n'
        ),
        "mysite/urls.py": "from django.urls import path\n\nurlpatterns = []\n",
        "blog/__init__.py": "",
        "blog/apps.py": "from django.apps import AppConfig\n\nclass BlogConfig(AppConfig):\n"
        '    name = "blog"\n',
    })  # fmt: skip


def test_a_project_without_uv_is_found_from_inside_an_app(tmp_path: Path) -> None:
    plain_project(tmp_path)

    layout = locate(tmp_path / "blog")

    assert (layout.root, layout.base, layout.uv_workspace) == (tmp_path, "", False)
    assert layout.settings_files == ("mysite/settings.py",)
    assert layout.urlconf_file == "mysite/urls.py"
    assert [a.module for a in layout.apps] == ["blog"]
    home = layout.app_home()
    assert (home.folder_of("notes"), home.module_of("notes")) == ("notes", "notes")
    assert home.reason == "beside the project's apps in . (blog)"


def test_in_a_uv_workspace_the_root_is_the_workspace() -> None:
    layout = locate(FIXTURE)

    assert (layout.root, layout.base, layout.uv_workspace) == (FIXTURE.resolve(), "backend", True)
    assert layout.app_home().folder_of("notes") == "backend/notes"
    assert "projects.apps.ProjectsConfig" in layout.installed


def test_apps_kept_in_a_package_get_the_new_app_beside_them(tmp_path: Path) -> None:
    write(tmp_path, {
        "manage.py": MANAGE.format(settings="config.settings"),
        "config/__init__.py": "",
        "config/settings.py": 'INSTALLED_APPS = ["apps.blog", "apps.shop"]\n',
        "apps/__init__.py": "",
        "apps/blog/__init__.py": "",
        "apps/blog/models.py": "",
        "apps/shop/__init__.py": "",
        "apps/shop/models.py": "",
    })  # fmt: skip

    home = locate(tmp_path).app_home()

    assert (home.folder_of("notes"), home.module_of("notes")) == ("apps/notes", "apps.notes")


def test_a_project_with_no_app_of_its_own_gets_an_apps_package(tmp_path: Path) -> None:
    write(tmp_path, {
        "manage.py": MANAGE.format(settings="config.settings"),
        "config/__init__.py": "",
        "config/settings.py": 'INSTALLED_APPS = ["django.contrib.auth"]\n',
    })  # fmt: skip

    home = locate(tmp_path).app_home()

    assert (home.folder, home.prefix) == ("apps", "apps.")
    assert home.reason == "the project has no app of its own yet"


SPLIT = {
    "manage.py": MANAGE.format(settings="config.settings.local"),
    "config/__init__.py": "",
    "config/settings/__init__.py": "",
    "config/settings/base.py": (
        'DJANGO_APPS = ["django.contrib.auth"]\n'
        'LOCAL_APPS = [\n    "blog",\n]\n'
        "INSTALLED_APPS = DJANGO_APPS + LOCAL_APPS\n"
        'ROOT_URLCONF = "config.urls"\n'
    ),
    "config/settings/local.py": (
        'from .base import *  # noqa\n\nINSTALLED_APPS += ["debug_toolbar"]\n'
    ),
    "config/urls.py": "urlpatterns = []\n",
    "blog/__init__.py": "",
    "blog/models.py": "",
}


def test_split_settings_are_followed_through_star_imports(tmp_path: Path) -> None:
    write(tmp_path, SPLIT)

    layout = locate(tmp_path)

    assert layout.settings_files == ("config/settings/local.py", "config/settings/base.py")
    assert layout.installed == ("django.contrib.auth", "blog", "debug_toolbar")
    assert layout.urlconf_file == "config/urls.py"


def test_registration_edits_the_one_settings_module_that_assigns_installed_apps(
    tmp_path: Path,
) -> None:
    write(tmp_path, SPLIT)

    files = registration(locate(tmp_path), "notes", ("api/notes/", "notes.api.urls"), "add")

    assert [f.path.as_posix() for f in files] == ["config/settings/base.py", "config/urls.py"]
    assert 'LOCAL_APPS = [\n    "blog",\n    "notes",\n]\n' in files[0].content


def test_registration_of_an_app_already_installed_leaves_the_settings(tmp_path: Path) -> None:
    plain_project(tmp_path)

    files = registration(locate(tmp_path), "blog", None, "shipyard add core")

    assert files == []


def test_two_settings_modules_assigning_installed_apps_are_refused(tmp_path: Path) -> None:
    write(tmp_path, {
        **SPLIT,
        "config/settings/local.py": 'from .base import *\n\nINSTALLED_APPS = ["x"]\n',
    })  # fmt: skip

    with pytest.raises(ShipyardError) as raised:
        registration(locate(tmp_path), "notes", None, "shipyard add app notes")

    assert raised.value.message == (
        "INSTALLED_APPS is assigned in config/settings/local.py and config/settings/base.py, "
        'so shipyard cannot tell which to edit; add "notes" to INSTALLED_APPS by hand and run '
        "`shipyard add app notes --no-register`."
    )


def test_a_dynamic_installed_apps_is_refused_with_what_to_add_by_hand(tmp_path: Path) -> None:
    plain_project(tmp_path)
    settings = tmp_path / "mysite/settings.py"
    settings.write_text('INSTALLED_APPS = load_apps()\nROOT_URLCONF = "mysite.urls"\n')

    with pytest.raises(ShipyardError) as raised:
        registration(locate(tmp_path), "notes", ("api/notes/", "notes.api.urls"), "add app")

    assert raised.value.message == (
        "mysite/settings.py cannot be edited safely (it is built by an expression "
        '(load_apps())); add "notes" to INSTALLED_APPS and path("api/notes/", '
        'include("notes.api.urls")) to urlpatterns by hand and run `add app --no-register`.'
    )


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "No Django project here: no manage.py in {root} or around it."),
        (
            {
                "a/manage.py": MANAGE.format(settings="x"),
                "b/manage.py": MANAGE.format(settings="y"),
            },
            "{root} holds several Django projects (a/manage.py, b/manage.py); run from inside the "
            "one to change.",
        ),
        (
            {"manage.py": "print('hello')\n"},
            'manage.py does not name a settings module (os.environ.setdefault("DJANGO_SETTINGS_'
            'MODULE", ...)).',
        ),
        (
            {"manage.py": MANAGE.format(settings="mysite.settings")},
            "manage.py names the settings module mysite.settings, which is not in ..",
        ),
        (
            {
                "manage.py": MANAGE.format(settings="mysite.settings"),
                "mysite/settings.py": "x = (\n",
            },
            "mysite/settings.py does not parse: '(' was never closed (line 1).",
        ),
    ],
)
def test_what_is_not_a_django_project_is_told_in_one_sentence(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    write(tmp_path, files)

    with pytest.raises(ShipyardError) as raised:
        locate(tmp_path)

    assert raised.value.message == message.format(root=tmp_path)

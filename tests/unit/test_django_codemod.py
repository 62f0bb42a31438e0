"""The libcst edits of a Django project's settings and root URLs: an app appended to
INSTALLED_APPS and a `path(..., include(...))` to urlpatterns, the file otherwise byte for byte
as it was; a second run changes nothing; what cannot be edited safely is refused."""

from __future__ import annotations

import pytest

from shipyard.scaffold.django_codemod import UnsafeEditError, add_installed_app, add_urlpattern


def added(text: str, entry: str = "notes") -> str:
    result = add_installed_app(text, entry)
    assert add_installed_app(result, entry) == result  # idempotent
    return result


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            'INSTALLED_APPS = [\n    "django.contrib.auth",\n    "users",\n]\n',
            'INSTALLED_APPS = [\n    "django.contrib.auth",\n    "users",\n    "notes",\n]\n',
            id="multi-line list with a trailing comma",
        ),
        pytest.param(
            'INSTALLED_APPS = [\n    "django.contrib.auth",\n    "users"\n]\n',
            'INSTALLED_APPS = [\n    "django.contrib.auth",\n    "users",\n    "notes"\n]\n',
            id="multi-line list without a trailing comma",
        ),
        pytest.param(
            "INSTALLED_APPS = ['auth', 'users']\n",
            "INSTALLED_APPS = ['auth', 'users', 'notes']\n",
            id="one-line list, its quotes kept",
        ),
        pytest.param(
            'INSTALLED_APPS = (\n    "auth",\n    "users",\n)\n',
            'INSTALLED_APPS = (\n    "auth",\n    "users",\n    "notes",\n)\n',
            id="tuple",
        ),
        pytest.param(
            'INSTALLED_APPS = ("auth",)\n',
            'INSTALLED_APPS = ("auth", "notes",)\n',
            id="one-element tuple",
        ),
        pytest.param("INSTALLED_APPS = []\n", 'INSTALLED_APPS = ["notes"]\n', id="empty list"),
        pytest.param(
            'INSTALLED_APPS: list[str] = ["auth"]\n',
            'INSTALLED_APPS: list[str] = ["auth", "notes"]\n',
            id="annotated",
        ),
    ],
)
def test_an_app_is_appended_in_the_list_s_own_style(before: str, after: str) -> None:
    assert added(before) == after


def test_comments_stay_where_they_were() -> None:
    before = (
        "# Applications\n"
        "INSTALLED_APPS = [  # order matters\n"
        '    "django.contrib.auth",  # auth first\n'
        '    "users",  # people\n'
        "    # local apps above\n"
        "]\n"
        "DEBUG = False  # never in production\n"
    )

    assert added(before) == (
        "# Applications\n"
        "INSTALLED_APPS = [  # order matters\n"
        '    "django.contrib.auth",  # auth first\n'
        '    "users",  # people\n'
        '    "notes",\n'
        "    # local apps above\n"
        "]\n"
        "DEBUG = False  # never in production\n"
    )


def test_a_sum_of_lists_gets_the_app_in_its_last_list() -> None:
    before = (
        'DJANGO_APPS = ["django.contrib.auth"]\n'
        'THIRD_PARTY_APPS = ["rest_framework"]\n'
        "LOCAL_APPS = [\n"
        '    "users",\n'
        "]\n"
        "INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS\n"
    )

    after = added(before)

    assert 'LOCAL_APPS = [\n    "users",\n    "notes",\n]\n' in after
    assert after.replace('    "notes",\n', "") == before


def test_an_app_already_there_changes_nothing() -> None:
    text = 'INSTALLED_APPS = [\n    "notes",  # mine\n]\n'

    assert add_installed_app(text, "notes") == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("INSTALLED_APPS = get_apps()\n", "it is built by an expression (get_apps())"),
        (
            'INSTALLED_APPS = ["a"]\nif DEBUG:\n    INSTALLED_APPS = [*INSTALLED_APPS, "x"]\n',
            "INSTALLED_APPS is assigned inside a block",
        ),
        ('INSTALLED_APPS = ["a"]\nINSTALLED_APPS = ["b"]\n', "it assigns INSTALLED_APPS 2 times"),
        ("DEBUG = True\n", "it has no `INSTALLED_APPS = [...]`"),
        (
            "INSTALLED_APPS = [app for app in APPS]\n",
            "it is built by an expression ([app for app in APPS])",
        ),
        (
            "INSTALLED_APPS = BASE + EXTRA\n",
            "it is built from EXTRA, which is not one list written out in this file",
        ),
    ],
)
def test_a_list_that_is_not_written_out_is_refused(text: str, reason: str) -> None:
    with pytest.raises(UnsafeEditError) as raised:
        add_installed_app(text, "notes")

    assert str(raised.value).startswith(reason)


URLS = """\
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/users/", include("users.urls")),  # accounts
]
"""


def test_a_url_is_included_after_the_others() -> None:
    after = add_urlpattern(URLS, "api/notes/", "notes.api.urls")

    assert after == URLS.replace(
        "  # accounts\n", '  # accounts\n    path("api/notes/", include("notes.api.urls")),\n'
    )
    assert add_urlpattern(after, "api/notes/", "notes.api.urls") == after


def test_path_and_include_are_imported_where_missing() -> None:
    before = "from django.contrib import admin\nurlpatterns = [admin.site.urls]\n"

    after = add_urlpattern(before, "api/notes/", "notes.api.urls")

    assert after.splitlines()[:2] == [
        "from django.contrib import admin",
        "from django.urls import include, path",
    ]


def test_include_is_added_to_an_import_of_path() -> None:
    before = "from django.urls import path\n\nurlpatterns = []\n"

    after = add_urlpattern(before, "api/notes/", "notes.api.urls")

    assert after.startswith("from django.urls import include, path\n")
    assert 'urlpatterns = [path("api/notes/", include("notes.api.urls"))]' in after


def test_urlpatterns_summed_with_static_get_the_url_in_the_list() -> None:
    before = (
        "from django.conf import settings\n"
        "from django.conf.urls.static import static\n"
        "from django.urls import include, path\n\n"
        "urlpatterns = [\n"
        '    path("a/", include("a.urls")),\n'
        "] + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)\n"
    )

    after = add_urlpattern(before, "api/notes/", "notes.api.urls")

    assert '    path("api/notes/", include("notes.api.urls")),\n] + static(' in after


def test_a_name_path_bound_to_something_else_is_refused() -> None:
    with pytest.raises(UnsafeEditError, match="'path' is already bound to os"):
        add_urlpattern("from os import path\nurlpatterns = []\n", "api/n/", "n.api.urls")


def test_urlpatterns_built_by_a_function_is_refused() -> None:
    with pytest.raises(UnsafeEditError, match="built by an expression"):
        add_urlpattern("urlpatterns = router.urls\n", "api/n/", "n.api.urls")

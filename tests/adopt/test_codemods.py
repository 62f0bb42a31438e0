"""The codemods on their own: each kind of import, the strings that name modules (and those
that only look like it), sys.path hacks, and module names in commands and settings."""

from __future__ import annotations

import ast
from pathlib import Path

from shipyard.adopt.codemods.names import Renaming
from shipyard.adopt.codemods.python import IMPORTS, PATH_HACKS, STRINGS, rewrite_python
from shipyard.adopt.codemods.text import rewrite_text
from shipyard.adopt.syspath import path_hacks

RENAMING = Renaming(
    {"project": "users", "wsgi": "inventory.wsgi", "app": "payments"},
    {
        "project": frozenset({"views", "models", "clients", "create_app"}),
        "wsgi": frozenset({"app"}),
        "app": frozenset({"main", "domain"}),
    },
)


def rewrite(text: str, lines: frozenset[int] = frozenset()) -> tuple[str, dict[str, int]]:
    result = rewrite_python(text, RENAMING, lines)
    assert result is not None
    return result


def test_every_form_of_absolute_import() -> None:
    text, counts = rewrite(
        "import project\n"
        "import project.views as v, json\n"
        "from project.models import STORE\n"
        "from project import create_app\n"
        "import wsgi\n"
        "import wsgi as w\n"
    )
    assert text == (
        "import users as project\n"
        "import users.views as v, json\n"
        "from users.models import STORE\n"
        "from users import create_app\n"
        "import inventory.wsgi as wsgi\n"
        "import inventory.wsgi as w\n"
    )
    assert counts == {IMPORTS: 6}


def test_relative_imports_stay_the_package_moves_whole() -> None:
    source = "from . import models\nfrom ..config import settings\nfrom .project import x\n"
    assert rewrite_python(source, RENAMING) is None


def test_a_bare_dotted_import_renames_its_references_not_attributes_or_keywords() -> None:
    text, _ = rewrite(
        "import project.models\n\n"
        "def f(obj):\n"
        "    item = project.models.User(project=1)\n"
        "    return obj.project, item\n"
    )
    assert "import users.models\n" in text
    assert "item = users.models.User(project=1)" in text
    assert "return obj.project, item" in text


def test_a_bare_dotted_import_of_a_rebound_name_keeps_the_name_bound() -> None:
    text, _ = rewrite("import project.models\n\nproject = project.models.load()\n")
    assert text.startswith("import users.models\nimport users as project\n")


def test_a_gathered_package_keeps_its_name_bound() -> None:
    text, _ = rewrite("import app.main\n\napp.main.run()\n")
    assert text.startswith("import payments.main\n")
    assert "app.main.run()" in text or "payments.main.run()" in text


def test_strings_that_name_renamed_code_and_only_those() -> None:
    text, counts = rewrite(
        'patch("project.views.fetch_rate")\n'
        'target = "project:create_app()"\n'
        'uvicorn.run("app.main:app")\n'
        'host = "app.example.com"\n'
        'word = "project"\n'
        'sentence = "project views are here"\n'
        "raw = b'project.views'\n"
        "other = 'projects.views'\n"
    )
    assert 'patch("users.views.fetch_rate")' in text
    assert '"users:create_app()"' in text
    assert '"payments.main:app"' in text
    assert '"app.example.com"' in text
    assert 'word = "project"' in text
    assert "b'project.views'" in text
    assert "'projects.views'" in text
    assert counts[STRINGS] == 3


def test_a_path_split_over_concatenated_literals_is_renamed_in_its_first_part() -> None:
    # As a formatter wraps a long mock.patch target (djangoproject.com's docs tests).
    text, counts = rewrite(
        "with patch(\n"
        '    "project.views."\n'
        "    # the function it calls\n"
        '    "fetch_rate"\n'
        ") as fetch:\n"
        "    pass\n"
        'host = ("app." "example.com")\n'
        'escaped = ("proj\\x65ct.views." "fetch_rate")\n'
    )
    assert '    "users.views."\n    # the function it calls\n    "fetch_rate"\n' in text
    assert 'host = ("app." "example.com")' in text
    assert 'escaped = ("proj\\x65ct.views." "fetch_rate")' in text
    assert counts[STRINGS] == 1


def test_path_hacks_removed_with_the_imports_only_they_used(tmp_path: Path) -> None:
    source = (
        "import os\n"
        "import sys\n"
        "import json\n\n"
        "sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))\n"
        "if True:\n"
        "    sys.path.append('/opt/other')\n\n"
        "from common.money import to_cents  # noqa: E402\n"
    )
    text, counts = rewrite(source, frozenset({5, 7}))
    assert text == (
        "import json\n\nif True:\n    pass\n\nfrom common.money import to_cents  # noqa: E402\n"
    )
    assert counts == {PATH_HACKS: 2}


def test_sys_stays_imported_while_something_else_uses_it() -> None:
    text, _ = rewrite("import sys\nsys.path.insert(0, '/x')\nprint(sys.argv)\n", frozenset({2}))
    assert text == "import sys\nprint(sys.argv)\n"


def test_where_a_path_hack_points(tmp_path: Path) -> None:
    module = tmp_path / "svc" / "tests" / "conftest.py"
    source = (
        "import os, sys, site\n"
        "from pathlib import Path\n"
        "HERE = Path(__file__).resolve()\n"
        "sys.path.insert(0, str(HERE.parents[1]))\n"
        "sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), '../..')))\n"
        "sys.path.append(str(Path(__file__).parent.parent / 'lib'))\n"
        "site.addsitedir(os.getcwd())\n"
        "sys.path.insert(0, 'relative')\n"
        "sys.path[0:0] = ['x']\n"
    )
    hacks = path_hacks(ast.parse(source), module)
    assert [(h.line, h.target, h.what) for h in hacks] == [
        (4, tmp_path / "svc", "sys.path.insert"),
        (5, tmp_path, "sys.path.insert"),
        (6, tmp_path / "svc" / "lib", "sys.path.append"),
        (7, None, "site.addsitedir"),
        (8, None, "sys.path.insert"),
        (9, None, "sys.path assignment"),
    ]


def test_module_names_in_commands_and_settings() -> None:
    text, count = rewrite_text(
        'CMD gunicorn --bind 0.0.0.0:5000 "project:create_app()"\n'
        "pytest --cov=project --cov=wsgi tests\n"
        "celery -A project worker\n"
        "python -m app.main\n"
        "curl http://app.example.com/app.main\n"
        "DJANGO_SETTINGS_MODULE=project.views\n",
        RENAMING,
    )
    assert text == (
        'CMD gunicorn --bind 0.0.0.0:5000 "users:create_app()"\n'
        "pytest --cov=users --cov=inventory.wsgi tests\n"
        "celery -A users worker\n"
        "python -m payments.main\n"
        "curl http://app.example.com/app.main\n"
        "DJANGO_SETTINGS_MODULE=users.views\n"
    )
    assert count == 6

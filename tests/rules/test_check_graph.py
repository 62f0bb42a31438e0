"""The import graph's parts: extraction, module naming and ownership, cycles."""

from __future__ import annotations

import ast
from pathlib import Path

from shipyard.graph import ModuleIndex, extract_imports, is_test_path, strongly_connected
from shipyard.workspace import Member, Role, Workspace


def imports(source: str) -> list[tuple[str, int, bool, bool, bool]]:
    found = extract_imports(ast.parse(source), source)
    return [(i.module, i.level, i.type_checking, i.optional, i.dynamic) for i in found]


def test_extracts_every_kind_of_import() -> None:
    source = (
        "import a.b as c, d\n"
        "from ..e import f\n"
        "from . import g\n"
        "import typing\n"
        "if typing.TYPE_CHECKING:\n"
        "    import h\n"
        "else:\n"
        "    import i\n"
        "try:\n"
        "    import j\n"
        "except (ImportError, OSError):\n"
        "    import k\n"
        "from importlib import import_module as load\n"
        "def later():\n"
        "    load('l.m')\n"
        "    __import__('n')\n"
        "    load(name)\n"
    )
    assert imports(source) == [
        ("a.b", 0, False, False, False),
        ("d", 0, False, False, False),
        ("e", 2, False, False, False),
        ("", 1, False, False, False),
        ("typing", 0, False, False, False),
        ("h", 0, True, False, False),
        ("i", 0, False, False, False),
        ("j", 0, False, True, False),
        ("k", 0, False, False, False),
        ("importlib", 0, False, False, False),
        ("l.m", 0, False, False, True),
        ("n", 0, False, False, True),
    ]


def test_try_without_import_error_handler_is_not_optional() -> None:
    assert imports("try:\n    import a\nexcept KeyError:\n    pass\n") == [
        ("a", 0, False, False, False)
    ]


def test_test_paths() -> None:
    assert is_test_path("services/a/tests/unit/helpers.py")
    assert is_test_path("services/a/conftest.py")
    assert is_test_path("pkg/test_thing.py")
    assert not is_test_path("services/a/src/a/testing_tools.py")


def test_module_names_and_owners_in_src_flat_and_namespace_layouts() -> None:
    members = (
        Member("alpha", Role.SERVICE, Path("services/alpha"), ()),
        Member("beta", Role.SERVICE, Path("services/beta"), ()),
        Member("acme-ns", Role.LIB, Path("libs/ns"), ()),
    )
    files = [
        "services/alpha/src/alpha/__init__.py",
        "services/alpha/src/alpha/api.py",
        "services/alpha/tests/unit/test_api.py",
        "services/beta/beta/__init__.py",
        "services/beta/tests/test_beta.py",
        "services/beta/manage.py",
        "libs/ns/src/acme/ns/__init__.py",
        "libs/ns/src/acme/ns/core.py",
    ]
    index = ModuleIndex(Workspace(Path("/w"), "w", (), members), files)
    assert index.module_name("services/alpha/src/alpha/api.py") == ("alpha.api", False)
    assert index.module_name("services/alpha/src/alpha/__init__.py") == ("alpha", True)
    assert index.module_name("services/alpha/tests/unit/test_api.py") == (
        "tests.unit.test_api",
        False,
    )
    assert index.module_name("libs/ns/src/acme/ns/core.py") == ("acme.ns.core", False)
    owner = index.owner
    assert [m.name if m else None for m in map(owner, ["alpha.api", "beta", "acme.ns.core"])] == [
        "alpha",
        "beta",
        "acme-ns",
    ]
    assert owner("acme.other") is None
    assert owner("manage") is None  # a flat layout's loose scripts are not its package
    assert owner("tests.unit") is None


def test_strongly_connected_components() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"e"}, "f": {"g"}}
    assert strongly_connected(edges) == [["a", "b", "c"]]

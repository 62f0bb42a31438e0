"""Reading the dependencies a project folder declares, in every format, without running it.

Every fixture is written here by hand; the shapes come from real projects (see the report of
the slice that added `shipyard.workspace.declared`).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from shipyard.errors import ShipyardError
from shipyard.workspace.declared import (
    DeclaredDependencies,
    Requirement,
    read_declared,
    runtime_names,
)
from shipyard.workspace.declared.requirements import file_group


def read(folder: Path, files: dict[str, str | bytes]) -> DeclaredDependencies:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dedent(content).lstrip("\n"), encoding="utf-8")
    return read_declared(folder)


def rows(declared: DeclaredDependencies, group: str | None = None) -> list[tuple[str, ...]]:
    """(name, specifier, group) of each requirement, in `group` only when given."""
    return [
        (r.name, r.specifier, r.group)
        for r in declared.requirements
        if group is None or r.group == group
    ]


def only(declared: DeclaredDependencies, name: str) -> Requirement:
    found = [r for r in declared.requirements if r.name == name]
    assert len(found) == 1, found
    return found[0]


# --- PEP 621 and PEP 735 -------------------------------------------------------------------


def test_pep621_dependencies_are_canonical_normalised_and_located(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [project]
            name = "svc"
            dependencies = [
                "FastAPI[All, standard] <1, >= 0.110",
                "Typing_Extensions; python_version < '3.12'",
                "common @ file:///libs/common",
            ]
            """
        },
    )
    fastapi = only(declared, "fastapi")
    assert fastapi.specifier == ">=0.110,<1"
    assert fastapi.extras == ("all", "standard")
    assert fastapi.source == "pyproject.toml:4"
    assert only(declared, "typing-extensions").marker == 'python_version < "3.12"'
    assert only(declared, "common").url == "file:///libs/common"
    assert declared.problems == ()
    assert declared.sources == (tmp_path / "pyproject.toml",)
    assert runtime_names(declared) == {"fastapi", "typing-extensions", "common"}


def test_a_comment_naming_a_requirement_is_not_its_line(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [project]
            name = "svc"
            dependencies = [
                # "httpx>=0.27" is the first with the transport we need
                "httpx>=0.27",
            ]
            """
        },
    )
    assert only(declared, "httpx").source == "pyproject.toml:5"


def test_optional_dependencies_are_extra_groups_not_runtime(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [project]
            name = "svc"
            dependencies = ["httpx"]
            [project.optional-dependencies]
            Postgres_DB = ["psycopg[binary]>=3"]
            """
        },
    )
    assert rows(declared) == [
        ("httpx", "", "main"),
        ("psycopg", ">=3", "extra:postgres-db"),
    ]
    assert only(declared, "psycopg").source == "pyproject.toml:5"
    assert runtime_names(declared) == {"httpx"}


def test_dependency_groups_expand_include_group(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [project]
            name = "svc"
            dependencies = []
            [dependency-groups]
            lint = ["ruff>=0.6"]
            Test = ["pytest", {include-group = "lint"}]
            """
        },
    )
    assert rows(declared) == [
        ("ruff", ">=0.6", "lint"),
        ("pytest", "", "test"),
        ("ruff", ">=0.6", "test"),
    ]
    # The included requirement is located where it is written.
    assert [r.source for r in declared.requirements if r.name == "ruff"] == ["pyproject.toml:5"] * 2
    assert runtime_names(declared) == frozenset()


def test_include_of_an_undefined_group_is_a_problem(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [dependency-groups]
            test = ["pytest", {include-group = "lint"}]
            """
        },
    )
    assert rows(declared) == [("pytest", "", "test")]
    assert declared.problems == (
        "pyproject.toml:2: dependency group test includes lint, which is not defined.",
    )


def test_include_group_cycle_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [dependency-groups]
            a = ["x", {include-group = "b"}]
            b = ["y", {include-group = "a"}]
            """
        },
    )
    assert sorted(rows(declared)) == [
        ("x", "", "a"),
        ("x", "", "b"),
        ("y", "", "a"),
        ("y", "", "b"),
    ]
    assert "dependency groups include each other in a cycle (a -> b -> a); not followed." in (
        " ".join(declared.problems)
    )


def test_uv_legacy_dev_dependencies_are_the_dev_group(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {"pyproject.toml": '[project]\nname = "a"\n[tool.uv]\ndev-dependencies = ["mypy"]\n'},
    )
    assert rows(declared) == [("mypy", "", "dev")]


def test_pdm_dev_dependencies_with_editable_paths(tmp_path: Path) -> None:
    # A PDM monorepo member: its sibling lib is an editable dev dependency.
    declared = read(
        tmp_path / "app",
        {
            "pyproject.toml": """
            [project]
            name = "app"
            dependencies = ["orjson>=3.8"]
            [tool.pdm.dev-dependencies]
            lib = ["-e ../lib"]
            Test = ["pytest>=8"]
            """,
            "../lib/pyproject.toml": '[project]\nname = "namespace-lib"\n',
        },
    )
    assert rows(declared) == [
        ("orjson", ">=3.8", "main"),
        ("namespace-lib", "", "lib"),
        ("pytest", ">=8", "test"),
    ]
    assert only(declared, "namespace-lib").url == "../lib"
    assert only(declared, "namespace-lib").source == "pyproject.toml:5"


def test_invalid_requirement_string_is_a_problem_and_the_others_are_read(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [project]
            name = "a"
            dependencies = [
                "good",
                "bad>=",
            ]
            """
        },
    )
    assert rows(declared) == [("good", "", "main")]
    assert len(declared.problems) == 1
    assert declared.problems[0].startswith("pyproject.toml:5: 'bad>=' is not a valid requirement (")


def test_dependencies_that_are_not_a_list_are_a_problem(tmp_path: Path) -> None:
    declared = read(tmp_path, {"pyproject.toml": '[project]\nname = "a"\ndependencies = "x"\n'})
    assert declared.requirements == ()
    assert declared.problems == (
        "pyproject.toml:3: [project] dependencies is not a list of strings; not read.",
    )


def test_invalid_toml_is_a_problem_and_other_files_are_still_read(tmp_path: Path) -> None:
    declared = read(tmp_path, {"pyproject.toml": "[project\n", "requirements.txt": "flask\n"})
    assert rows(declared) == [("flask", "", "main")]
    assert len(declared.problems) == 1
    assert declared.problems[0].startswith("pyproject.toml: is not valid TOML (")


def test_dynamic_dependencies_come_from_setuptools_dynamic_files(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [project]
            name = "a"
            dynamic = ["dependencies", "optional-dependencies"]
            [tool.setuptools.dynamic]
            dependencies = {file = ["requirements.txt"]}
            optional-dependencies.dev = {file = "requirements-dev.txt"}
            """,
            "requirements.txt": "click>=8\n",
            "requirements-dev.txt": "pytest\n",
        },
    )
    assert rows(declared) == [("click", ">=8", "main"), ("pytest", "", "extra:dev")]
    assert only(declared, "click").source == "requirements.txt:1"
    # The files were read once, as what the pyproject names: not again as requirements files.
    assert declared.constraints == {}
    assert declared.problems == ()


def test_hatch_requirements_txt_hook_files_are_read(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [project]
            name = "a"
            dynamic = ["dependencies"]
            [tool.hatch.metadata.hooks.requirements_txt]
            files = ["requirements/runtime.txt"]
            """,
            "requirements/runtime.txt": "rich\n",
        },
    )
    assert rows(declared) == [("rich", "", "main")]


def test_dynamic_file_that_does_not_exist_is_a_problem(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [project]
            name = "a"
            dynamic = ["dependencies"]
            [tool.setuptools.dynamic]
            dependencies = {file = ["reqs.txt"]}
            """,
        },
    )
    assert declared.problems[0] == (
        "pyproject.toml:5: [tool.setuptools.dynamic] dependencies names reqs.txt, "
        "which does not exist."
    )


def test_dynamic_dependencies_declared_nowhere_are_a_problem(tmp_path: Path) -> None:
    declared = read(
        tmp_path, {"pyproject.toml": '[project]\nname = "a"\ndynamic = ["dependencies"]\n'}
    )
    assert declared.problems == (
        "pyproject.toml: [project] dependencies are dynamic and nothing here declares them "
        "([tool.setuptools.dynamic], Poetry, setup.py, setup.cfg, Pipfile or requirements).",
    )


def test_dynamic_dependencies_fall_through_to_setup_py(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "a"\ndynamic = ["dependencies"]\n',
            "setup.py": 'from setuptools import setup\nsetup(install_requires=["attrs"])\n',
        },
    )
    assert rows(declared) == [("attrs", "", "main")]
    assert declared.problems == ()


def test_requirements_txt_beside_declared_pyproject_only_pins(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "a"\ndependencies = ["flask>=3"]\n',
            "requirements.txt": "flask==3.0.3\nwerkzeug==3.0.4\n",
        },
    )
    assert rows(declared) == [("flask", ">=3", "main")]
    assert declared.constraints == {"flask": "==3.0.3", "werkzeug": "==3.0.4"}
    assert tmp_path / "requirements.txt" in declared.sources


def test_empty_project_dependencies_leave_requirements_txt_in_charge(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "a"\ndependencies = []\n',
            "requirements.txt": "flask\n",
        },
    )
    assert rows(declared) == [("flask", "", "main")]


# --- Poetry ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("constraint", "specifier"),
    [
        ("^1.2", ">=1.2,<2.0"),
        ("^1.2.3", ">=1.2.3,<2.0.0"),
        ("^0.2.3", ">=0.2.3,<0.3.0"),
        ("^0.0.3", ">=0.0.3,<0.0.4"),
        ("~1.2", ">=1.2,<1.3"),
        ("~1.2.3", ">=1.2.3,<1.3.0"),
        ("~=1.2", ">=1.2,<2.0"),
        ("*", ""),
        ("1.2.3", "==1.2.3"),
        ("==1.2", "==1.2"),
        ("1.2.*", "==1.2.*"),
        (">=1.2,<1.5", ">=1.2,<1.5"),
        (">= 1.2, != 1.3", ">=1.2,!=1.3"),
        ("^1.0 || ^2.0", ">=1.0,<3.0"),
    ],
)
def test_poetry_constraints_become_pep440(tmp_path: Path, constraint: str, specifier: str) -> None:
    declared = read(
        tmp_path,
        {"pyproject.toml": f'[tool.poetry.dependencies]\npython = "^3.11"\nlib = "{constraint}"\n'},
    )
    assert rows(declared) == [("lib", specifier, "main")]
    assert declared.problems == ()


def test_poetry_table_form_translates_extras_python_markers_and_platform(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [tool.poetry.dependencies]
            python = "^3.9"
            uvicorn = {version = "^0.30", extras = ["standard"], python = "^3.10"}
            uvloop = {markers = "implementation_name == 'cpython'", platform = "linux"}
            """
        },
    )
    uvicorn = only(declared, "uvicorn")
    assert (uvicorn.specifier, uvicorn.extras) == (">=0.30,<0.31", ("standard",))
    assert uvicorn.marker == 'python_version >= "3.10" and python_version < "4.0"'
    assert uvicorn.source == "pyproject.toml:3"
    uvloop = only(declared, "uvloop")
    assert uvloop.marker is not None
    assert 'sys_platform == "linux"' in uvloop.marker
    assert 'implementation_name == "cpython"' in uvloop.marker
    assert "python" not in runtime_names(declared)


def test_poetry_path_git_and_url_dependencies_keep_their_reference(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [tool.poetry.dependencies]
            common = {path = "../libs/common", develop = true}
            tagged = {git = "https://example.org/t.git", tag = "v1.2"}
            pinned = {git = "https://example.org/p.git", rev = "0a1b2c3"}
            branch = {git = "https://example.org/b.git", branch = "main", python = ">=3.10"}
            wheel = {url = "https://example.org/wheel-1.0-py3-none-any.whl"}
            """
        },
    )
    assert only(declared, "common").url == "../libs/common"
    assert only(declared, "tagged").url == "git+https://example.org/t.git@v1.2"
    assert only(declared, "pinned").url == "git+https://example.org/p.git@0a1b2c3"
    assert only(declared, "branch").url == "git+https://example.org/b.git@main"
    assert only(declared, "branch").marker == 'python_version >= "3.10"'
    assert only(declared, "wheel").url == "https://example.org/wheel-1.0-py3-none-any.whl"
    assert declared.problems == ()


def test_poetry_multiple_constraints_give_one_requirement_each(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [tool.poetry.dependencies]
            numpy = [
                {version = "<2", python = "<3.10"},
                {version = "^2.1", python = ">=3.10"},
            ]
            """
        },
    )
    assert [(r.specifier, r.marker) for r in declared.requirements] == [
        ("<2", 'python_version < "3.10"'),
        (">=2.1,<3.0", 'python_version >= "3.10"'),
    ]


def test_poetry_dev_dependencies_and_groups(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [tool.poetry.dependencies]
            python = "^3.11"
            [tool.poetry.dev-dependencies]
            pytest = "^8"
            [tool.poetry.group.Lint.dependencies]
            ruff = "*"
            """
        },
    )
    assert rows(declared) == [("pytest", ">=8,<9", "dev"), ("ruff", "", "lint")]
    assert runtime_names(declared) == frozenset()


def test_poetry_optional_dependencies_belong_to_their_extras(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [tool.poetry.dependencies]
            psycopg = {version = "^3", optional = true}
            orphan = {version = "^1", optional = true}
            [tool.poetry.extras]
            pg = ["psycopg"]
            all = ["psycopg"]
            """
        },
    )
    assert rows(declared) == [
        ("psycopg", ">=3,<4", "extra:pg"),
        ("psycopg", ">=3,<4", "extra:all"),
        ("orphan", ">=1,<2", "optional"),
    ]
    assert runtime_names(declared) == frozenset()


def test_poetry_alternatives_with_a_gap_are_widened_with_a_problem(tmp_path: Path) -> None:
    declared = read(
        tmp_path, {"pyproject.toml": '[tool.poetry.dependencies]\nx = "^1.0 || ^3.0"\n'}
    )
    assert rows(declared) == [("x", ">=1.0,<4.0", "main")]
    assert declared.problems == (
        "pyproject.toml:2: the Poetry constraint '^1.0 || ^3.0' of x has no PEP 440 equivalent; "
        "read as >=1.0,<4.0.",
    )


def test_invalid_poetry_constraint_is_a_problem(tmp_path: Path) -> None:
    declared = read(
        tmp_path, {"pyproject.toml": '[tool.poetry.dependencies]\nx = "^^1"\ny = "*"\n'}
    )
    assert rows(declared) == [("y", "", "main")]
    assert declared.problems[0].startswith(
        "pyproject.toml:2: the Poetry constraint '^^1' of x cannot be read ("
    )


def test_poetry_dependency_of_the_wrong_type_is_a_problem(tmp_path: Path) -> None:
    declared = read(tmp_path, {"pyproject.toml": "[tool.poetry.dependencies]\nx = 3\n"})
    assert declared.requirements == ()
    assert declared.problems == (
        "pyproject.toml:2: the Poetry dependency x is neither a version string, a table nor a "
        "list of tables; not read.",
    )


def test_poetry2_project_dependencies_take_poetry_constraints_they_lack(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [project]
            name = "a"
            dependencies = ["requests", "httpx>=0.27", "common"]
            [tool.poetry.dependencies]
            requests = "^2.31"
            httpx = "^0.20"
            common = {path = "../common", develop = true}
            [tool.poetry.group.dev.dependencies]
            pytest = "^8"
            """
        },
    )
    assert rows(declared) == [
        ("requests", ">=2.31,<3.0", "main"),
        ("httpx", ">=0.27", "main"),
        ("common", "", "main"),
        ("pytest", ">=8,<9", "dev"),
    ]
    assert only(declared, "common").url == "../common"
    assert only(declared, "requests").source == "pyproject.toml:3"


def test_poetry2_dynamic_dependencies_come_from_poetry(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "pyproject.toml": """
            [project]
            name = "a"
            dynamic = ["dependencies"]
            [tool.poetry.dependencies]
            python = "^3.11"
            pydantic = "^2.7"
            """
        },
    )
    assert rows(declared) == [("pydantic", ">=2.7,<3.0", "main")]
    assert declared.problems == ()


# --- setup.cfg -------------------------------------------------------------------------------


def test_setup_cfg_install_extras_and_tests_require(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "setup.cfg": """
            [metadata]
            name = legacy

            [options]
            install_requires =
                requests>=2.0,<3
                # a comment between values
                importlib-metadata; python_version < "3.8"
            tests_require = pytest

            [options.extras_require]
            S3 = boto3
            """
        },
    )
    assert rows(declared) == [
        ("requests", ">=2.0,<3", "main"),
        ("importlib-metadata", "", "main"),
        ("pytest", "", "test"),
        ("boto3", "", "extra:s3"),
    ]
    assert only(declared, "requests").source == "setup.cfg:6"
    assert only(declared, "importlib-metadata").source == "setup.cfg:8"
    assert only(declared, "importlib-metadata").marker == 'python_version < "3.8"'


@pytest.mark.parametrize("value", ["click; rich", "click, rich"])
def test_setup_cfg_one_line_lists_split_like_setuptools(tmp_path: Path, value: str) -> None:
    declared = read(tmp_path, {"setup.cfg": f"[options]\ninstall_requires = {value}\n"})
    assert rows(declared) == [("click", "", "main"), ("rich", "", "main")]


def test_setup_cfg_file_directive_reads_the_file(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "setup.cfg": "[options]\ninstall_requires = file: requirements.in\n",
            "requirements.in": "attrs\n",
        },
    )
    assert rows(declared) == [("attrs", "", "main")]
    assert only(declared, "attrs").source == "requirements.in:1"


def test_invalid_setup_cfg_is_a_problem(tmp_path: Path) -> None:
    declared = read(tmp_path, {"setup.cfg": "install_requires = x\n"})
    assert declared.requirements == ()
    assert len(declared.problems) == 1
    assert declared.problems[0].startswith("setup.cfg: is not a valid setup.cfg (")


def test_setup_py_wins_over_setup_cfg(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "setup.py": 'from setuptools import setup\nsetup(install_requires=["new>=2"])\n',
            "setup.cfg": "[options]\ninstall_requires =\n    old==1.0\n",
        },
    )
    assert rows(declared) == [("new", ">=2", "main")]
    assert declared.constraints == {"old": "==1.0"}


# --- setup.py --------------------------------------------------------------------------------


def test_setup_py_literals_and_names_bound_at_module_level(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "setup.py": """
            import setuptools

            BASE = ("click>=8", "rich")
            REQUIRES = list(BASE) if False else ["click>=8", "rich"]
            REQUIRES = ["click>=8", "rich"]
            REQUIRES += ["httpx"]
            REQUIRES.extend(["anyio"])
            TESTS = ["pytest"]

            setuptools.setup(
                name="tool",
                install_requires=REQUIRES + ["sniffio"],
                tests_require=TESTS,
            )
            """
        },
    )
    assert rows(declared) == [
        ("click", ">=8", "main"),
        ("rich", "", "main"),
        ("httpx", "", "main"),
        ("anyio", "", "main"),
        ("sniffio", "", "main"),
        ("pytest", "", "test"),
    ]
    assert only(declared, "httpx").source == "setup.py:6"
    assert declared.problems == ()


def test_setup_py_condition_on_a_requirement_is_a_problem(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "setup.py": """
            import sys
            from setuptools import setup
            deps = ["a"]
            if sys.platform == "win32":
                deps.append("pywin32")
            setup(install_requires=deps)
            """
        },
    )
    assert rows(declared) == [("a", "", "main"), ("pywin32", "", "main")]
    assert declared.problems == (
        "setup.py:5: install_requires depends on a condition here; read as if the condition held.",
    )


def test_setup_py_extras_require_with_marker_keys(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "setup.py": """
            from setuptools import setup
            EXTRAS = {
                "Redis": ["redis>=4"],
                "dev:python_version < '3.11'": ["tomli"],
                ":sys_platform == 'win32'": ["colorama"],
            }
            setup(extras_require=EXTRAS)
            """
        },
    )
    assert rows(declared) == [
        ("redis", ">=4", "extra:redis"),
        ("tomli", "", "extra:dev"),
        ("colorama", "", "main"),
    ]
    assert only(declared, "tomli").marker == 'python_version < "3.11"'
    assert only(declared, "colorama").marker == 'sys_platform == "win32"'


@pytest.mark.parametrize(
    "setup_py",
    [
        'setup(install_requires=open("requirements.txt").read().splitlines())',
        "setup(install_requires=[l.strip() for l in open('requirements.txt') if l.strip()])",
        'with open("requirements.txt") as f:\n    reqs = f.read().splitlines()\n'
        "setup(install_requires=reqs)",
        "import os\nhere = os.path.dirname(__file__)\n"
        "def read_reqs(name):\n    with open(os.path.join(here, name)) as f:\n"
        "        return [l for l in f.read().splitlines() if l and not l.startswith('#')]\n"
        'setup(install_requires=read_reqs("requirements.txt"))',
        'REQS_FILE = "requirements.txt"\nfrom pathlib import Path\n'
        "setup(install_requires=Path(REQS_FILE).read_text().split())",
    ],
    ids=["open-read", "comprehension", "with-block", "helper-function", "constant-name"],
)
def test_setup_py_reading_a_requirements_file_reads_that_file(
    tmp_path: Path, setup_py: str
) -> None:
    declared = read(
        tmp_path,
        {
            "setup.py": "from setuptools import setup\n" + setup_py + "\n",
            "requirements.txt": "# runtime\nflask>=3\ngunicorn\n",
        },
    )
    assert rows(declared) == [("flask", ">=3", "main"), ("gunicorn", "", "main")]
    assert only(declared, "flask").source == "requirements.txt:2"
    assert declared.sources == (tmp_path / "setup.py", tmp_path / "requirements.txt")
    assert declared.problems == ()
    assert declared.constraints == {}


def test_setup_py_joined_path_to_a_nested_requirements_file(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "setup.py": """
            import os
            from setuptools import setup
            HERE = os.path.abspath(os.path.dirname(__file__))
            with open(os.path.join(HERE, "requirements", "prod.txt")) as handle:
                REQUIRED = handle.readlines()
            setup(install_requires=REQUIRED)
            """,
            "requirements/prod.txt": "sqlalchemy>=2\n",
        },
    )
    assert rows(declared) == [("sqlalchemy", ">=2", "main")]
    assert declared.problems == ()


def test_setup_py_helper_reading_from_a_literal_folder(tmp_path: Path) -> None:
    # The argument names the file, a helper two calls away names its folder (celery's shape).
    declared = read(
        tmp_path,
        {
            "setup.py": """
            import os
            from setuptools import setup

            def _lines(*parts):
                return open(os.path.join(os.getcwd(), "requirements", *parts)).readlines()

            def reqs(*parts):
                return [line.strip() for line in _lines(*parts) if line.strip()]

            def install_requires():
                return reqs("default.txt")

            setup(install_requires=install_requires(), tests_require=reqs("test.txt"))
            """,
            "requirements/default.txt": "billiard>=4\n",
            "requirements/test.txt": "pytest\n",
        },
    )
    assert rows(declared) == [("billiard", ">=4", "main"), ("pytest", "", "test")]
    assert declared.problems == ()


def test_setup_py_reading_a_missing_file_is_a_problem(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "setup.py": "from setuptools import setup\n\n"
            'setup(install_requires=open("reqs/base.txt").read().splitlines())\n'
        },
    )
    assert declared.problems == (
        "setup.py:3: install_requires reads reqs/base.txt, which does not exist.",
    )


def test_setup_py_computed_install_requires_is_a_problem(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "setup.py": "from setuptools import setup\nfrom deps import runtime\n\n\n\n\n\n\n\n\n\n"
            "setup(install_requires=runtime())\n"
        },
    )
    assert declared.requirements == ()
    assert declared.problems == (
        "setup.py:12: install_requires is computed at run time; declare it in pyproject.toml.",
    )


def test_setup_py_computed_entry_is_a_problem_and_literals_are_read(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "setup.py": 'from setuptools import setup\nV = "1"\n'
            'setup(install_requires=["a", f"b=={V}"])\n'
        },
    )
    assert rows(declared) == [("a", "", "main")]
    assert declared.problems == (
        "setup.py:3: an entry of install_requires is computed at run time.",
    )


def test_setup_py_computed_extras_require_is_a_problem(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {"setup.py": "from setuptools import setup\nsetup(extras_require=make_extras())\n"},
    )
    assert declared.problems == (
        "setup.py:2: extras_require is computed at run time; declare it in pyproject.toml.",
    )


def test_setup_py_keyword_dict_is_read_and_computed_one_is_a_problem(tmp_path: Path) -> None:
    literal = read(
        tmp_path / "literal",
        {
            "setup.py": "from setuptools import setup\n"
            'CONFIG = dict(name="x", install_requires=["a"])\nsetup(**CONFIG)\n'
        },
    )
    assert rows(literal) == [("a", "", "main")]
    computed = read(
        tmp_path / "computed",
        {"setup.py": "from setuptools import setup\nsetup(**load_config())\n"},
    )
    assert computed.problems == (
        "setup.py:2: setup() takes **keywords computed at run time; "
        "the dependencies among them are not read.",
    )


def test_setup_py_syntax_error_is_a_problem(tmp_path: Path) -> None:
    declared = read(tmp_path, {"setup.py": "from setuptools import setup\nsetup(\n"})
    assert declared.requirements == ()
    assert len(declared.problems) == 1
    assert declared.problems[0].startswith("setup.py:2: is not valid Python (")


def test_setup_py_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    read(
        tmp_path,
        {
            "setup.py": f"open({str(marker)!r}, 'w').write('x')\n"
            "from setuptools import setup\nsetup(install_requires=['a'])\n"
        },
    )
    assert not marker.exists()


# --- requirements files ----------------------------------------------------------------------


def test_requirements_txt_syntax(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "requirements.txt": """
            # comment

            --index-url https://example.org/simple
            --extra-index-url=https://example.org/extra
            --find-links ./wheels
            --pre
            Django>=4.2,<5 # inline comment
            celery[redis,msgpack]==5.4.0 \\
                --hash=sha256:0123456789abcdef \\
                --hash=sha256:fedcba9876543210
            tomli; python_version < "3.11"
            local-lib @ file:///opt/libs/local_lib
            pkg-with-url @ https://example.org/pkg-1.0.tar.gz
            """
        },
    )
    assert rows(declared) == [
        ("django", ">=4.2,<5", "main"),
        ("celery", "==5.4.0", "main"),
        ("tomli", "", "main"),
        ("local-lib", "", "main"),
        ("pkg-with-url", "", "main"),
    ]
    assert only(declared, "celery").extras == ("msgpack", "redis")
    assert only(declared, "celery").source == "requirements.txt:8"
    assert only(declared, "tomli").source == "requirements.txt:11"
    assert only(declared, "tomli").marker == 'python_version < "3.11"'
    assert only(declared, "pkg-with-url").url == "https://example.org/pkg-1.0.tar.gz"
    assert declared.problems == ()


def test_requirement_includes_take_the_group_of_the_including_file(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "requirements.txt": "-r requirements/common.txt\nuvicorn\n",
            "requirements-dev.txt": "--requirement=requirements.txt\n-rrequirements/tools.txt\n",
            "requirements/common.txt": "fastapi\n",
            "requirements/tools.txt": "ruff\n",
        },
    )
    # common.txt's lines are runtime ones already; tools.txt is its own group and part of dev.
    assert sorted(rows(declared)) == [
        ("fastapi", "", "main"),
        ("ruff", "", "dev"),
        ("ruff", "", "tools"),
        ("uvicorn", "", "main"),
    ]
    assert only(declared, "fastapi").source == "requirements/common.txt:1"


def test_constraints_files_pin_without_declaring(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "requirements.txt": "-c constraints.txt\n--constraint=more/pins.txt\nhttpx\n",
            "constraints.txt": "httpx==0.27.2\nh11==0.14.0\n",
            "more/pins.txt": "anyio==4.4.0\n",
        },
    )
    assert rows(declared) == [("httpx", "", "main")]
    assert declared.constraints == {"httpx": "==0.27.2", "h11": "==0.14.0", "anyio": "==4.4.0"}
    assert tmp_path / "constraints.txt" in declared.sources


def test_editable_and_bare_locations_get_their_names(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "requirements.txt": """
            -e .
            -e ./libs/common
            --editable ./libs/legacy[extra]
            -e git+https://example.org/org/tool.git@v2#egg=Org_Tool
            git+https://example.org/org/other.git@main#egg=other ; python_version >= "3.10"
            ./wheels/fast_lib-2.0-py3-none-any.whl
            https://example.org/dist/slow-lib-1.0.tar.gz
            """,
            "libs/common/pyproject.toml": '[project]\nname = "Acme_Common"\n',
            "libs/legacy/setup.py": 'from setuptools import setup\nsetup(name="acme.legacy")\n',
        },
    )
    assert [(r.name, r.url) for r in declared.requirements] == [
        ("acme-common", "./libs/common"),
        ("acme-legacy", "./libs/legacy"),
        ("org-tool", "git+https://example.org/org/tool.git@v2#egg=Org_Tool"),
        ("other", "git+https://example.org/org/other.git@main#egg=other"),
        ("fast-lib", "./wheels/fast_lib-2.0-py3-none-any.whl"),
        ("slow-lib", "https://example.org/dist/slow-lib-1.0.tar.gz"),
    ]
    assert only(declared, "acme-legacy").extras == ("extra",)
    assert only(declared, "other").marker == 'python_version >= "3.10"'
    assert declared.problems == ()


def test_location_without_a_name_is_a_problem(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {"requirements.txt": "-e ../nowhere\ngit+https://example.org/x.git\n"},
    )
    assert declared.requirements == ()
    assert declared.problems == (
        "requirements.txt:1: cannot tell the distribution name of ../nowhere; "
        "write NAME @ ../nowhere or add #egg=NAME.",
        "requirements.txt:2: cannot tell the distribution name of git+https://example.org/x.git; "
        "write NAME @ git+https://example.org/x.git or add #egg=NAME.",
    )


def test_missing_include_and_constraint_files_are_problems(tmp_path: Path) -> None:
    declared = read(tmp_path, {"requirements.txt": "-r base.txt\n-c pins.txt\nflask\n"})
    assert rows(declared) == [("flask", "", "main")]
    assert declared.problems == (
        "requirements.txt:1: -r base.txt names a file that does not exist.",
        "requirements.txt:2: -c pins.txt names a file that does not exist.",
    )


def test_remote_include_is_a_problem(tmp_path: Path) -> None:
    declared = read(tmp_path, {"requirements.txt": "-r https://example.org/base.txt\n"})
    assert declared.problems == (
        "requirements.txt:1: -r https://example.org/base.txt is a remote file; not read.",
    )


def test_include_cycle_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "requirements/a.txt": "-r b.txt\nalpha\n",
            "requirements/b.txt": "-r a.txt\nbeta\n",
        },
    )
    # Each file holds what it includes, the cycle is followed once.
    assert sorted(rows(declared)) == [
        ("alpha", "", "a"),
        ("alpha", "", "b"),
        ("beta", "", "a"),
        ("beta", "", "b"),
    ]
    assert declared.problems == (
        "requirements/b.txt:1: -r a.txt includes requirements/a.txt again (a cycle); "
        "not read twice.",
    )


def test_invalid_requirement_line_is_a_problem(tmp_path: Path) -> None:
    declared = read(tmp_path, {"requirements.txt": "flask\nbad==\n"})
    assert rows(declared) == [("flask", "", "main")]
    assert declared.problems[0].startswith(
        "requirements.txt:2: 'bad==' is not a valid requirement ("
    )


def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    declared = read(tmp_path, {"requirements.txt": b"caf\xe9\n"})
    assert declared.requirements == ()
    assert len(declared.problems) == 1
    assert declared.problems[0].startswith("requirements.txt: cannot be read (")


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("requirements.txt", "main"),
        ("requirements.in", "main"),
        ("requirements/base.txt", "main"),
        ("requirements/prod.txt", "main"),
        ("requirements/production.txt", "main"),
        ("requirements/requirements.txt", "main"),
        ("requirements-dev.txt", "dev"),
        ("requirements_dev.txt", "dev"),
        ("requirements.dev.txt", "dev"),
        ("dev-requirements.txt", "dev"),
        ("requirements/dev.txt", "dev"),
        ("requirements/local.txt", "dev"),
        ("requirements_test.txt", "test"),
        ("test-requirements.txt", "test"),
        ("requirements/tests.in", "test"),
        ("requirements-lint.txt", "lint"),
        ("requirements-docs.txt", "docs"),
        ("requirements-GPU_extra.txt", "gpu-extra"),
    ],
)
def test_requirements_file_names_give_groups(path: str, group: str) -> None:
    assert file_group(Path(path)) == group


def test_which_files_are_requirements_files(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "requirements-test.txt": "pytest\n",
            "dev-requirements.in": "ruff\n",
            "requirements/docs.txt": "sphinx\n",
            "notes.txt": "not-a-requirement\n",
            "docs/requirements.txt": "mkdocs\n",  # another folder's business
        },
    )
    assert sorted(rows(declared)) == [
        ("pytest", "", "test"),
        ("ruff", "", "dev"),
        ("sphinx", "", "docs"),
    ]


def test_pip_tools_pair_declares_from_in_and_pins_from_txt(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "requirements.in": "fastapi\n-c constraints.txt\n",
            "requirements.txt": "# via pip-compile\nfastapi==0.112.0\n"
            "    # via -r requirements.in\nstarlette==0.37.2\n    # via fastapi\n",
            "constraints.txt": "pydantic<3\n",
            "requirements-dev.in": "-c requirements.txt\npytest\n",
            "requirements-dev.txt": "pytest==8.3.2\n",
        },
    )
    assert rows(declared) == [("fastapi", "", "main"), ("pytest", "", "dev")]
    assert declared.constraints == {
        "pydantic": "<3",
        "fastapi": "==0.112.0",
        "starlette": "==0.37.2",
        "pytest": "==8.3.2",
    }


def test_a_file_included_by_two_groups_is_in_both(tmp_path: Path) -> None:
    # docs.txt includes test.txt and sorts first: test keeps its own lines (celery's shape).
    declared = read(
        tmp_path,
        {
            "requirements/default.txt": "kombu\n",
            "requirements/docs.txt": "sphinx\n-r test.txt\n-r default.txt\n",
            "requirements/test.txt": "pytest\n",
        },
    )
    assert rows(declared) == [
        ("kombu", "", "main"),
        ("sphinx", "", "docs"),
        ("pytest", "", "docs"),
        ("pytest", "", "test"),
    ]


def test_constraints_file_in_the_requirements_folder_only_pins(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "requirements/base.txt": "cassandra-driver\n",
            "requirements/constraints.txt": "# build pin\nsetuptools<82\n",
        },
    )
    assert rows(declared) == [("cassandra-driver", "", "main")]
    assert declared.constraints == {"setuptools": "<82"}


def test_pip_freeze_output_beside_requirements_txt_only_pins(tmp_path: Path) -> None:
    # A freeze taken before pika was added: it still repeats most runtime names, all pinned.
    declared = read(
        tmp_path,
        {
            "requirements.txt": "fastapi[all]==0.111.0\nSQLAlchemy==2.0.31\npika==1.3.2\n",
            "requirements.auto.txt": "anyio==4.4.0\nfastapi==0.111.0\nSQLAlchemy==2.0.31\n",
            "requirements.dev.txt": "pytest==8.2.0\nruff==0.5.0\n",
            "requirements-lock.txt": "fastapi==0.111.0\n",
        },
    )
    assert rows(declared) == [
        ("fastapi", "==0.111.0", "main"),
        ("sqlalchemy", "==2.0.31", "main"),
        ("pika", "==1.3.2", "main"),
        ("pytest", "==8.2.0", "dev"),
        ("ruff", "==0.5.0", "dev"),
    ]
    assert declared.constraints == {
        "fastapi": "==0.111.0",
        "anyio": "==4.4.0",
        "sqlalchemy": "==2.0.31",
    }


def test_requirements_folder_with_base_local_production(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "requirements/base.txt": "django>=5\n",
            "requirements/local.txt": "-r base.txt\ndjango-debug-toolbar\n-e .\n",
            "requirements/production.txt": "-r base.txt\ngunicorn\n",
        },
    )
    assert rows(declared) == [
        ("django", ">=5", "main"),
        ("gunicorn", "", "main"),
        ("django-debug-toolbar", "", "dev"),
    ]
    assert runtime_names(declared) == {"django", "gunicorn"}


# --- Pipfile ---------------------------------------------------------------------------------


def test_pipfile_packages_and_dev_packages(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "Pipfile": """
            [[source]]
            url = "https://example.org/simple"
            name = "index"

            [packages]
            flask = "*"
            requests = {version = ">=2.31", extras = ["socks"]}
            pywin32 = {version = "*", sys_platform = "== 'win32'"}
            gunicorn = {version = "23.0.*", sys_platform = "== 'linux'"}
            waitress = "3.0"
            tool = {git = "https://example.org/tool.git", ref = "v1", editable = true}
            common = {path = "./libs/common", editable = true}

            [dev-packages]
            pytest = "==8.3.2"

            [requires]
            python_version = "3.12"
            """
        },
    )
    assert rows(declared) == [
        ("flask", "", "main"),
        ("requests", ">=2.31", "main"),
        ("pywin32", "", "main"),
        ("gunicorn", "==23.0.*", "main"),
        ("waitress", "==3.0", "main"),
        ("tool", "", "main"),
        ("common", "", "main"),
        ("pytest", "==8.3.2", "dev"),
    ]
    assert only(declared, "requests").extras == ("socks",)
    assert only(declared, "pywin32").marker == 'sys_platform == "win32"'
    assert only(declared, "tool").url == "git+https://example.org/tool.git@v1"
    assert only(declared, "common").url == "./libs/common"
    assert only(declared, "pytest").source == "Pipfile:15"
    assert declared.problems == ()


def test_pipfile_entry_of_the_wrong_type_is_a_problem(tmp_path: Path) -> None:
    declared = read(tmp_path, {"Pipfile": '[packages]\nflask = 2\nclick = "*"\n'})
    assert rows(declared) == [("click", "", "main")]
    assert declared.problems == (
        "Pipfile:2: the package flask is neither a version string nor a table; not read.",
    )


def test_pipfile_wins_over_an_exported_requirements_txt(tmp_path: Path) -> None:
    declared = read(
        tmp_path,
        {
            "Pipfile": '[packages]\nflask = "*"\n',
            "requirements.txt": "flask==3.0.3\nblinker==1.8\n",
        },
    )
    assert rows(declared) == [("flask", "", "main")]
    assert declared.constraints == {"flask": "==3.0.3", "blinker": "==1.8"}


# --- the remaining problem sentences, one case each -------------------------------------------


@pytest.mark.parametrize(
    ("files", "problem"),
    [
        (
            {"pyproject.toml": '[dependency-groups]\ntest = "pytest"\n'},
            "pyproject.toml:2: dependency group test is not a list; not read.",
        ),
        (
            {"pyproject.toml": "[dependency-groups]\ntest = [{include = 'x'}]\n"},
            "pyproject.toml:2: dependency group test has an entry that is neither a requirement "
            "nor {include-group = ...}; not read.",
        ),
        (
            {
                "pyproject.toml": "[project]\nname = 'a'\ndynamic = ['dependencies']\n"
                "[tool.setuptools.dynamic]\ndependencies = {file = 3}\n",
                "requirements.txt": "flask\n",
            },
            "pyproject.toml:5: [tool.setuptools.dynamic] dependencies is not a file list.",
        ),
        (
            {"pyproject.toml": "[tool.poetry]\ndev-dependencies = ['pytest']\n"},
            "pyproject.toml:1: [tool.poetry.dev-dependencies] is not a table; not read.",
        ),
        (
            {"setup.cfg": "[options]\ninstall_requires = file: requirements/base.txt\n"},
            "setup.cfg:2: install_requires names requirements/base.txt, which does not exist.",
        ),
        (
            {"requirements.txt": "-r\nflask\n"},
            "requirements.txt:1: -r names no file.",
        ),
    ],
    ids=[
        "group-not-list",
        "group-entry",
        "dynamic-file-type",
        "poetry-table",
        "cfg-file",
        "r-empty",
    ],
)
def test_problem_sentences(tmp_path: Path, files: dict[str, str | bytes], problem: str) -> None:
    assert read(tmp_path, files).problems == (problem,)


# --- the whole -------------------------------------------------------------------------------


def test_empty_folder_declares_nothing(tmp_path: Path) -> None:
    declared = read_declared(tmp_path)
    assert declared == DeclaredDependencies(requirements=(), sources=(), problems=())


def test_not_a_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ShipyardError, match="is not a folder"):
        read_declared(tmp_path / "missing")


def test_importing_the_workspace_model_does_not_import_the_readers() -> None:
    code = (
        "import sys, shipyard.workspace\n"
        "loaded = [m for m in sys.modules if m.startswith(('packaging', 'poetry', "
        "'shipyard.workspace.declared'))]\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"

"""The engine: selection, suppressions, configuration, cache, and what the command prints."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from shipyard.cli.check import check_command
from shipyard.errors import ShipyardError
from shipyard.rules.digest import inputs_digest
from shipyard.rules.families.boundaries import violated_rule
from shipyard.workspace import Member, Role
from tests.rules.conftest import run

Copy = Callable[[str], Path]


def cli(root: Path, *args: str) -> tuple[int, str]:
    app = typer.Typer()
    app.command()(check_command)
    app.command("unused")(lambda: None)  # two commands, so typer keeps `check` as a name
    result = CliRunner().invoke(app, ["check-command", str(root), *args])
    if isinstance(result.exception, ShipyardError):
        return 2, result.exception.message
    return result.exit_code, result.output


def add_config(root: Path, text: str) -> None:
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + "\n[tool.shipyard.check]\n" + text)


def test_select_and_ignore_take_code_prefixes(fixture_copy: Copy) -> None:
    root = fixture_copy("imports")
    assert {f.code for f in run(root, "SY10")} == {"SY101", "SY102", "SY104", "SY105", "SY106"}
    assert {f.code for f in run(root, "SY1", ignore=("SY101", "SY104"))} == {
        "SY102",
        "SY105",
        "SY106",
    }


def test_unknown_code_is_a_one_sentence_error(fixture_copy: Copy) -> None:
    root = fixture_copy("imports")
    with pytest.raises(ShipyardError, match="'SY999' matches no rule"):
        run(root, "SY999")


def test_inline_ignore_silences_only_the_named_code(fixture_copy: Copy) -> None:
    root = fixture_copy("syspath")
    script = root / "scripts" / "run_all.py"
    script.write_text(
        "import sys\n\n"
        'sys.path.append("a")  # shipyard: ignore[SY103]\n'
        'sys.path.append("b")  # shipyard: ignore[SY101]\n'
        'sys.path.append("c")  # shipyard: ignore\n'
        "# shipyard: ignore[SY103]\n"
        'sys.path.append("d")\n'
    )
    lines = [f.line for f in run(root, "SY103") if f.path == "scripts/run_all.py"]
    assert lines == [4]


def test_per_file_ignores_and_excludes_from_the_root_pyproject(fixture_copy: Copy) -> None:
    root = fixture_copy("syspath")
    add_config(
        root,
        'exclude = ["scripts"]\n'
        '[tool.shipyard.check.per-file-ignores]\n"**/tests/**" = ["SY103"]\n',
    )
    paths = {f.path for f in run(root, "SY103")}
    assert paths == {"services/hacky/src/hacky/paths.py"}


def test_configured_select_and_ignore(fixture_copy: Copy) -> None:
    root = fixture_copy("imports")
    add_config(root, 'select = ["SY1"]\nignore = ["SY105"]\n')
    codes = {f.code for f in run(root)}
    assert codes == {"SY101", "SY102", "SY104", "SY106"}


def test_unknown_config_key_is_an_error(fixture_copy: Copy) -> None:
    root = fixture_copy("imports")
    add_config(root, "colour = true\n")
    with pytest.raises(ShipyardError, match="unknown keys"):
        run(root)


def test_cache_sees_a_changed_file(fixture_copy: Copy) -> None:
    root = fixture_copy("syspath")
    script = root / "scripts" / "run_all.py"
    assert any(f.path == "scripts/run_all.py" for f in run(root, "SY103"))
    script.write_text("import sys\n\nprint(sys.path)\n")
    os.utime(script, ns=(1, 1))  # a different mtime even on coarse clocks
    assert not any(f.path == "scripts/run_all.py" for f in run(root, "SY103"))


def test_corrupt_cache_means_a_cold_run(fixture_copy: Copy) -> None:
    root = fixture_copy("syspath")
    expected = run(root, "SY103")
    for stored in (root / ".shipyard" / "cache").iterdir():
        stored.write_bytes(b"\x00not marshal")
    assert run(root, "SY103") == expected


def test_text_output_exit_codes_and_summary(fixture_copy: Copy) -> None:
    root = fixture_copy("syspath")
    code, output = cli(root, "--select", "SY103")
    assert code == 1
    assert "scripts/run_all.py:5:1: SY103 sys.path.append() changes the import path" in output
    assert output.rstrip().splitlines()[-1].startswith("Found 16 findings (16 errors, 0 warnings)")
    code, output = cli(root, "--select", "SY201")
    assert code == 0
    assert output.startswith("All checks passed!")


def test_json_output(fixture_copy: Copy) -> None:
    root = fixture_copy("routes")
    code, output = cli(root, "--select", "SY202", "--format", "json")
    assert code == 1
    assert json.loads(output)[:1] == [
        {
            "code": "SY202",
            "path": "services/noapi/pyproject.toml",
            "line": 1,
            "col": 1,
            "message": "FastAPI service noapi has no services/noapi/src/noapi/api.py; "
            "every route belongs there",
            "severity": "error",
            "locations": [{"path": "services/noapi/pyproject.toml", "line": 1, "col": 1}],
        }
    ]


def test_github_annotations(fixture_copy: Copy) -> None:
    root = fixture_copy("imports")
    code, output = cli(root, "--select", "SY105", "--format", "github")
    assert code == 1
    assert output == (
        "::warning title=SY105,file=services/alpha/pyproject.toml,line=8,col=6::"
        "SY105 rich is declared in services/alpha/pyproject.toml but never imported\n"
    )


def test_sarif_output(fixture_copy: Copy) -> None:
    root = fixture_copy("routes")
    code, output = cli(root, "--select", "SY202", "--format", "sarif")
    assert code == 1
    run_ = json.loads(output)["runs"][0]
    assert [r["id"] for r in run_["tool"]["driver"]["rules"]] == ["SY202"]
    location = run_["results"][0]["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "services/noapi/pyproject.toml"},
        "region": {"startLine": 1, "startColumn": 1},
    }


def test_boundary_verdicts_by_kind() -> None:
    def member(name: str, kind: Role) -> Member:
        return Member(name, kind, Path(name), ())

    service, other, worker, lib = (
        member("a", Role.SERVICE),
        member("b", Role.SERVICE),
        member("w", Role.WORKER),
        member("l", Role.LIB),
    )
    assert violated_rule(service, other) == "SY101"
    assert violated_rule(worker, service) == "SY101"
    assert violated_rule(service, worker) == "SY101"
    assert violated_rule(lib, worker) == "SY102"
    assert violated_rule(service, lib) is None
    assert violated_rule(lib, member("m", Role.LIB)) is None
    assert violated_rule(service, service) is None


def test_error_outside_a_workspace_exits_2(tmp_path: Path) -> None:
    code, message = cli(tmp_path)
    assert code == 2
    assert "not inside a uv workspace" in message


def test_list_rules(tmp_path: Path) -> None:
    code, output = cli(tmp_path, "--list-rules")
    assert code == 0
    assert "SY101  cross-service-import" in output


def test_equal_stamps_give_equal_digests_however_the_values_were_built() -> None:
    # marshal's later versions mark shared and interned objects: the same values, built in
    # another process (the cold run, then the next one), must still give the same digest.
    path = "services/a/src/a/m.py"
    shared = (123, 4)
    interned = [(sys.intern(path), shared), (sys.intern(path + "x"), shared)]
    fresh = [("".join(path), (123, 4)), ("".join([path, "x"]), (123, 4))]

    assert inputs_digest("base", dict(interned), lambda _: True) == inputs_digest(
        "base", dict(fresh), lambda _: True
    )


def test_a_cold_run_leaves_a_cache_the_next_run_uses(fixture_copy: Copy) -> None:
    root = fixture_copy("imports")
    run(root)  # cold: fills .shipyard/cache
    cache_file = root / ".shipyard/cache/check.marshal"
    before = cache_file.stat().st_mtime_ns

    run(root)  # nothing changed: every result is recalled, so nothing is written

    assert cache_file.stat().st_mtime_ns == before


def test_a_workspace_cache_an_older_shipyard_wrote_means_a_cold_run(fixture_copy: Copy) -> None:
    root = fixture_copy("syspath")
    expected = cli(root, "--select", "SY103")
    stored = root / ".shipyard" / "cache" / "workspace.pickle"
    assert stored.is_file()
    # Pickles naming a class, then a module, the running shipyard no longer has.
    for stale in (b"cshipyard.workspace.model\nGone\n.", b"cshipyard.gone\nGone\n."):
        stored.write_bytes(stale)
        assert cli(root, "--select", "SY103") == expected


def test_no_cache_writes_no_cache(fixture_copy: Copy) -> None:
    root = fixture_copy("imports")
    run(root, cache=False)
    assert not (root / ".shipyard").exists()

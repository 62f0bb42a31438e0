"""`check --baseline FILE`: only findings the baseline does not accept are reported, matched by
code, path and a fingerprint that survives lines moving; `--update-baseline` writes it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shipyard.cli.app import app
from shipyard.cli.check_run import CheckArgs, parse_plain
from shipyard.errors import ShipyardError
from shipyard.rules import Finding
from shipyard.rules.baseline import apply_baseline, line_reader, load, render
from tests.conftest import run_shipyard

Copy = Callable[[str], Path]
SOURCE = "import os\nimport yaml\nprint(os)\n"


def finding(line: int, message: str = "yaml is not declared", code: str = "SY104") -> Finding:
    return Finding("svc/app.py", line, 1, code, message)


def write_baseline(root: Path, findings: list[Finding]) -> Path:
    file = root / "baseline.json"
    file.write_text(render(findings, line_reader(root)))
    return file


def test_a_finding_moved_to_another_line_is_still_accepted(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    source = tmp_path / "svc/app.py"
    source.write_text(SOURCE)
    baseline = load(write_baseline(tmp_path, [finding(2)]))
    source.write_text("'''A docstring.'''\n\n" + SOURCE)  # the import is now on line 4

    kept = apply_baseline([finding(4)], baseline, line_reader(tmp_path))

    assert (kept.new, kept.accepted, kept.gone) == ([], 1, 0)


def test_a_changed_line_or_a_second_copy_is_new(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    source = tmp_path / "svc/app.py"
    source.write_text(SOURCE)
    baseline = load(write_baseline(tmp_path, [finding(2)]))
    source.write_text(SOURCE.replace("import yaml", "import yaml as y") + "import yaml\n")

    kept = apply_baseline([finding(2), finding(4)], baseline, line_reader(tmp_path))

    # Line 2 changed: not the accepted finding. Line 4 is the accepted text, once.
    assert kept.new == [finding(2)]
    assert kept.accepted == 1


def test_counts_per_fingerprint_and_what_is_gone(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc/app.py").write_text("x = 1\n" * 3)
    three = [finding(1), finding(2), finding(3)]
    baseline = load(write_baseline(tmp_path, three))
    assert list(baseline.values()) == [3]

    kept = apply_baseline(three[:1], baseline, line_reader(tmp_path))
    assert (kept.new, kept.accepted, kept.gone) == ([], 1, 2)
    kept = apply_baseline([*three, finding(3)], baseline, line_reader(tmp_path))
    assert kept.new == [finding(3)]


def test_line_numbers_in_messages_do_not_matter(tmp_path: Path) -> None:
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc/app.py").write_text(SOURCE)
    cycle = "cycle: a -> b -> a: svc/app.py:2 imports b, svc/b.py:{} imports a"
    baseline = load(write_baseline(tmp_path, [finding(2, cycle.format(7), "SY501")]))

    kept = apply_baseline([finding(2, cycle.format(9), "SY501")], baseline, line_reader(tmp_path))

    assert kept.new == []


def test_the_file_is_deterministic_and_sorted(tmp_path: Path) -> None:
    found = [finding(3, "b"), Finding("a.py", 1, 1, "SY403", "a"), finding(1, "a")]
    first = render(found, line_reader(tmp_path))
    assert first == render(list(reversed(found)), line_reader(tmp_path))
    rows = json.loads(first)["findings"]
    # By path, then code, then fingerprint (a hash: the two svc rows' order is the hashes').
    assert [r["path"] for r in rows] == ["a.py", "svc/app.py", "svc/app.py"]
    assert sorted(r["message"] for r in rows[1:]) == ["a", "b"]
    assert first.endswith("}\n")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "does not exist; write it with"),
        ("not json", "Cannot read the baseline"),
        ('{"version": 2, "findings": []}', "is not a shipyard baseline"),
        ('{"version": 1, "findings": [{"code": "SY101"}]}', "has an entry without"),
    ],
)
def test_a_bad_baseline_is_one_sentence(tmp_path: Path, content: str | None, says: str) -> None:
    file = tmp_path / "baseline.json"
    if content is not None:
        file.write_text(content)
    with pytest.raises(ShipyardError, match=says):
        load(file)


def test_the_plain_command_line_takes_the_baseline_options() -> None:
    assert parse_plain(["check", "--baseline", "b.json", "--update-baseline"]) == CheckArgs(
        baseline=Path("b.json"), update_baseline=True
    )
    assert parse_plain(["check", "--baseline=b.json"]) == CheckArgs(baseline=Path("b.json"))
    assert parse_plain(["check", "--baseline"]) is None


def test_update_then_check_through_both_command_lines(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    baseline = root / ".shipyard-baseline.json"
    args = ["check", str(root), "--baseline", str(baseline)]

    missing = run_shipyard(*args, cwd=root)
    assert missing.code == 2
    assert "does not exist" in missing.stderr

    wrote = run_shipyard(*args, "--update-baseline", cwd=root)
    assert wrote.code == 0
    assert wrote.stdout.splitlines()[-1].startswith("All checks passed! (")
    first = baseline.read_text()
    accepted = sum(row["count"] for row in json.loads(first)["findings"])
    assert accepted > 10
    assert f"Wrote {accepted} findings to {baseline}." in wrote.stderr
    assert run_shipyard(*args, "--update-baseline", cwd=root).code == 0
    assert baseline.read_text() == first  # byte-identical

    # A new coupling in an app: only it is reported, by both command lines alike.
    selectors = root / "services/shop/shop/catalog/selectors.py"
    selectors.write_text("from shop.orders.models import Order\n" + selectors.read_text())
    fast = run_shipyard(*args, "--select", "SY502", cwd=root)
    through_typer = CliRunner().invoke(app, [*args, "--select", "SY502"])
    assert (fast.code, fast.stdout) == (through_typer.exit_code, through_typer.stdout)
    assert fast.stderr.splitlines()[-1].startswith("6 findings in the baseline")
    assert fast.code == 1
    assert fast.stdout.splitlines()[0].endswith(
        "selectors.py:1:1: SY502 app shop.catalog imports shop.orders.models, internal to app "
        "shop.orders (its interface: shop.orders.contracts)"
    )
    assert "Found 1 finding " in fast.stdout


def test_update_needs_the_file(fixture_copy: Copy) -> None:
    root = fixture_copy("django_coupling")
    result = run_shipyard("check", str(root), "--update-baseline", cwd=root)
    assert result.code == 2
    assert "--update-baseline needs --baseline FILE" in result.stderr

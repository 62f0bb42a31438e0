"""SY104 reports one finding per member and missing distribution, however many files import it:
at the first place (by path, then line) not suppressed, with the others listed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from shipyard.rules.engine import Report
from shipyard.rules.finding import Finding
from shipyard.rules.output import format_json, format_sarif, format_text
from tests.rules.conftest import run

Copy = Callable[[str], Path]
KAPPA = "services/kappa"


def yaml_finding(root: Path) -> Finding:
    (found,) = [f for f in run(root, "SY104") if f.path.startswith(KAPPA) and "yaml" in f.message]
    return found


def test_one_finding_counts_the_other_places(fixture_copy: Copy) -> None:
    root = fixture_copy("imports")
    found = yaml_finding(root)
    # a_client.py's import is suppressed: the first place left is b_orders.py.
    assert found.locations == (
        (f"{KAPPA}/src/kappa/b_orders.py", 3, 1),
        (f"{KAPPA}/src/kappa/c_stock.py", 4, 1),
        (f"{KAPPA}/tests/test_kappa.py", 2, 1),
    )
    assert found.text.startswith(f"yaml is imported but not declared in {KAPPA}/pyproject.toml")
    assert found.text.endswith(" (and 2 more places)")
    # Runtime code imports it: the one fix declares it once.
    assert found.fix is not None
    assert found.fix.requirement.startswith("pyyaml")


def test_text_json_and_sarif_show_the_places(fixture_copy: Copy) -> None:
    root = fixture_copy("imports")
    report = Report([yaml_finding(root)], 1)
    text = format_text(report, root, root)
    assert text.splitlines()[0].startswith(f"{KAPPA}/src/kappa/b_orders.py:3:1: SY104 yaml ")
    assert text.splitlines()[0].endswith("(and 2 more places)")
    (row,) = json.loads(format_json(report, root, root))
    assert row["path"] == f"{KAPPA}/src/kappa/b_orders.py"
    assert [(p["path"], p["line"]) for p in row["locations"]] == [
        (f"{KAPPA}/src/kappa/b_orders.py", 3),
        (f"{KAPPA}/src/kappa/c_stock.py", 4),
        (f"{KAPPA}/tests/test_kappa.py", 2),
    ]
    (result,) = json.loads(format_sarif(report, root, root))["runs"][0]["results"]
    assert len(result["relatedLocations"]) == 2


def test_the_cache_keeps_the_places(fixture_copy: Copy) -> None:
    root = fixture_copy("imports")
    cold = [(f, f.others, f.fix) for f in run(root, "SY1")]
    warm = [(f, f.others, f.fix) for f in run(root, "SY1")]
    assert warm == cold
    assert any(others for _, others, _ in warm)


def test_a_per_file_ignore_moves_the_finding_to_the_next_place(fixture_copy: Copy) -> None:
    root = fixture_copy("imports")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text()
        + '\n[tool.shipyard.check.per-file-ignores]\n"services/kappa/src/**" = ["SY104"]\n'
    )
    found = yaml_finding(root)
    assert found.locations == ((f"{KAPPA}/tests/test_kappa.py", 2, 1),)
    assert found.text == found.message  # no other place left to count


def test_suppressed_everywhere_is_gone(fixture_copy: Copy) -> None:
    root = fixture_copy("imports")
    for name in ("src/kappa/b_orders.py", "src/kappa/c_stock.py", "tests/test_kappa.py"):
        path = root / KAPPA / name
        path.write_text(path.read_text().replace("import yaml", "import yaml  # shipyard: ignore"))
    assert not [f for f in run(root, "SY104") if f.path.startswith(KAPPA) and "yaml" in f.message]


def test_with_every_runtime_place_suppressed_the_test_place_carries_no_fix(
    fixture_copy: Copy,
) -> None:
    root = fixture_copy("imports")
    for name in ("src/kappa/b_orders.py", "src/kappa/c_stock.py"):
        path = root / KAPPA / name
        path.write_text(path.read_text().replace("import yaml", "import yaml  # shipyard: ignore"))
    found = yaml_finding(root)
    assert found.locations == ((f"{KAPPA}/tests/test_kappa.py", 2, 1),)
    assert found.fix is None  # which dependency group a test's import belongs in is the team's call

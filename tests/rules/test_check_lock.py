"""SY204: uv.lock against the members' pyprojects."""

from __future__ import annotations

from pathlib import Path

from tests.rules.conftest import run

ROOT = """\
[project]
name = "fx"
version = "0.1.0"
dependencies = ["svc"]

[tool.uv.workspace]
members = ["services/*"]

[tool.uv.sources]
svc = { workspace = true }
"""
LOCK = """\
version = 1
requires-python = ">=3.11"

[manifest]
members = ["fx", "svc"]

[[package]]
name = "fx"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "svc" }]

[package.metadata]
requires-dist = [{ name = "svc", editable = "services/svc" }]

[[package]]
name = "httpx"
version = "0.28.1"
source = { registry = "https://example.invalid/simple" }

[[package]]
name = "svc"
version = "0.1.0"
source = { editable = "services/svc" }
dependencies = [{ name = "httpx" }]

[package.metadata]
requires-dist = [{ name = "httpx", extras = ["http2"], specifier = "<1,>=0.28" }]
"""


def workspace(tmp_path: Path, dependencies: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(ROOT)
    (tmp_path / "uv.lock").write_text(LOCK)
    member = tmp_path / "services" / "svc"
    member.mkdir(parents=True)
    (member / "pyproject.toml").write_text(
        f'[project]\nname = "svc"\nversion = "0.1.0"\ndependencies = [{dependencies}]\n'
    )
    return tmp_path


def test_matching_lock_is_clean(tmp_path: Path) -> None:
    # Specifier order and spacing differ from the lock's; the meaning is the same.
    assert run(workspace(tmp_path, '"httpx[http2] >=0.28, <1"'), "SY204") == []


def test_changed_specifier_or_new_dependency_is_reported(tmp_path: Path) -> None:
    root = workspace(tmp_path, '"httpx[http2]>=0.27,<1", "rich"')
    found = run(root, "SY204")
    assert [(f.path, f.message) for f in found] == [
        (
            "services/svc/pyproject.toml",
            "uv.lock is out of date for svc (httpx, rich); run `uv lock`",
        )
    ]


def test_missing_lock_is_reported(tmp_path: Path) -> None:
    root = workspace(tmp_path, '"httpx[http2]>=0.28,<1"')
    (root / "uv.lock").unlink()
    assert [f.message for f in run(root, "SY204")] == ["no uv.lock; run `uv lock` and commit it"]

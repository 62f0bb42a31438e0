"""SY401-SY403 on content made at test time (no key or token is ever committed), and SY001."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from shipyard.rules import CheckOptions, check
from shipyard.workspace import load_workspace
from tests.rules.conftest import run

Copy = Callable[[str], Path]

# Assembled here so that no scanner mistakes this test for a leak.
KEY_HEADER = "-----BEGIN " + "RSA PRIVATE KEY-----"
AWS_KEY = "AKIA" + "Q" * 16
GITHUB_TOKEN = "ghp_" + "a1B2" * 9


def test_private_key_in_any_text_file(fixture_copy: Copy) -> None:
    root = fixture_copy("secrets")
    (root / "deploy").mkdir()
    (root / "deploy" / "id_rsa").write_text(f"{KEY_HEADER}\nMIIEpAIBAAKCAQEA\n")
    (root / "deploy" / "notes.md").write_text("Keys start with BEGIN, never committed.\n")
    found = [(f.path, f.line, f.col) for f in run(root, "SY402")]
    assert found == [("deploy/id_rsa", 1, 1)]


def test_tokens_in_any_text_file_but_not_in_binaries(fixture_copy: Copy) -> None:
    root = fixture_copy("secrets")
    (root / "settings.yaml").write_text(f"aws:\n  key: {AWS_KEY}\ngithub: x {GITHUB_TOKEN}\n")
    (root / "blob.bin").write_bytes(b"\0\1" + AWS_KEY.encode())
    found = [(f.path, f.line, f.col) for f in run(root, "SY403") if f.path == "settings.yaml"]
    assert found == [("settings.yaml", 2, 8), ("settings.yaml", 3, 11)]
    assert not any(f.path == "blob.bin" for f in run(root, "SY403"))


def test_env_files_tracked_by_git(fixture_copy: Copy) -> None:
    root = fixture_copy("secrets")
    tracked = [".env", ".env.example", "services/vault/.env.production", "deploy/prod.env", "a.py"]
    options = CheckOptions(select=("SY401",), tracked_files=lambda _: tracked)
    found = [f.path for f in check(load_workspace(root), options).findings]
    assert found == [".env", "deploy/prod.env", "services/vault/.env.production"]


def test_outside_git_nothing_is_tracked(fixture_copy: Copy) -> None:
    root = fixture_copy("secrets")
    (root / ".env").write_text("SECRET=1\n")
    assert run(root, "SY401") == []


def test_unparsable_python_is_reported_and_does_not_stop_the_check(fixture_copy: Copy) -> None:
    root = fixture_copy("syspath")
    (root / "scripts" / "broken.py").write_text("def broken(:\n    pass\n")
    found = run(root, "SY001", "SY103")
    assert [(f.path, f.line, f.code) for f in found if f.path == "scripts/broken.py"] == [
        ("scripts/broken.py", 1, "SY001")
    ]
    assert any(f.code == "SY103" for f in found)

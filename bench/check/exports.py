"""What SY205 (requirements exports) adds to `shipyard check`: N members that export, a lock
written here (an index that does not exist, made-up hashes: uv exports from it offline).

    uv run python bench/check/exports.py /tmp/bench-exports --members 20

Times, in-process, best of 5: SY204 alone (the same walk and load, no uv) and SY205 alone,
cold (no cache: one `uv export` per member, four at a time), and SY205 warm (cached: no uv).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from shipyard.rules import CheckOptions, check
from shipyard.workspace import load_workspace

INDEX = "https://example.invalid"


def made_up_hash(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def registry_package(name: str, version: str) -> str:
    sdist, wheel = f"{name}-{version}.tar.gz", f"{name}-{version}-py3-none-any.whl"
    return (
        f'[[package]]\nname = "{name}"\nversion = "{version}"\n'
        f'source = {{ registry = "{INDEX}/simple" }}\n'
        f'sdist = {{ url = "{INDEX}/f/{sdist}", hash = "{made_up_hash(sdist)}", size = 1 }}\n'
        f'wheels = [\n    {{ url = "{INDEX}/f/{wheel}", hash = "{made_up_hash(wheel)}", '
        "size = 1 },\n]"
    )


def member_package(name: str) -> str:
    needs = '    { name = "idna" },\n    { name = "six" },\n'
    return (
        f'[[package]]\nname = "{name}"\nversion = "0.1.0"\n'
        f'source = {{ editable = "services/{name}" }}\ndependencies = [\n{needs}]\n\n'
        f"[package.metadata]\nrequires-dist = [\n{needs}]"
    )


def generate(root: Path, count: int) -> None:
    shutil.rmtree(root, ignore_errors=True)
    names = [f"s{i:03d}" for i in range(count)]
    for name in names:
        package = root / "services" / name / "src" / name
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (root / "services" / name / "pyproject.toml").write_text(
            f'[project]\nname = "{name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
            'dependencies = ["idna", "six"]\n\n[build-system]\nrequires = ["hatchling"]\n'
            'build-backend = "hatchling.build"\n\n[tool.shipyard]\nrole = "lib"\n'
            "export-requirements = true\n"
        )
    (root / "pyproject.toml").write_text(
        '[project]\nname = "root"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n'
        "dependencies = []\n\n[tool.uv]\npackage = false\n\n[tool.uv.workspace]\n"
        'members = ["services/*"]\n'
    )
    packages = [member_package(n) for n in names]
    packages.append('[[package]]\nname = "root"\nversion = "0.1.0"\nsource = { virtual = "." }')
    packages += [registry_package("idna", "3.10"), registry_package("six", "1.17.0")]
    packages.sort(key=lambda block: block.split('"')[1])
    manifest = "".join(f'    "{m}",\n' for m in sorted([*names, "root"]))
    (root / "uv.lock").write_text(
        f'version = 1\nrevision = 3\nrequires-python = ">=3.11"\n\n[manifest]\nmembers = [\n'
        f"{manifest}]\n\n" + "\n\n".join(packages) + "\n"
    )


def best(runs: int, step: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    generate(args.root, args.members)
    from shipyard.rules.families.export import FILE
    from shipyard.rules.fix import exports_of, rewrite_exports

    workspace = load_workspace(args.root)
    found = check(workspace, CheckOptions(select=("SY205",), cache=False)).findings
    rewrite_exports(workspace, exports_of(found))
    assert all((args.root / m.file(FILE)).is_file() for m in workspace.members)

    def run(code: str, cache: bool) -> Callable[[], object]:
        def step() -> object:
            report = check(workspace, CheckOptions(select=(code,), cache=cache))
            assert not report.findings, report.findings
            return report

        return step

    print(f"{args.members} exporting members")
    print(f"SY204 alone, cold: {best(args.runs, run('SY204', False)):.3f} s")
    print(f"SY205 alone, cold: {best(args.runs, run('SY205', False)):.3f} s")
    run("SY205", True)()
    print(f"SY205 alone, warm: {best(args.runs, run('SY205', True)):.3f} s")
    shutil.rmtree(args.root / ".shipyard", ignore_errors=True)


if __name__ == "__main__":
    main()

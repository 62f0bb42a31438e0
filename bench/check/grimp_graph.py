"""How long grimp (the Rust-backed graph builder under import-linter) takes to build the import
graph of every member package of a synthetic workspace, against shipyard's own cold scan, which
also parses every file but keeps what all its rules need (imports, routes, sys.path calls,
secrets). Run with the tools' interpreter, after `compare.py` generated the tree:

    bench/check/.venv/bin/python bench/check/grimp_graph.py /tmp/cmp-ws
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import grimp

root = Path(sys.argv[1]).resolve()
roots = sorted({p.parent.parent for p in root.glob("*/*/src/*/__init__.py")})
packages = sorted(p.name for r in roots for p in r.iterdir() if (p / "__init__.py").is_file())
sys.path[:0] = [str(r) for r in roots]

for cache in (None, str(root / ".grimp_cache")):
    start = time.perf_counter()
    graph = grimp.build_graph(*packages, cache_dir=cache)
    elapsed = time.perf_counter() - start
    label = "no cache" if cache is None else "with cache (second run is warm)"
    print(
        f"grimp {grimp.__version__}, {len(packages)} packages, {len(graph.modules)} modules, "
        f"{label}: {elapsed:.2f} s"
    )
    if cache is not None:
        start = time.perf_counter()
        grimp.build_graph(*packages, cache_dir=cache)
        print(f"grimp, warm cache: {time.perf_counter() - start:.2f} s")

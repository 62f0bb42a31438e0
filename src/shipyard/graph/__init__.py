"""The import graph: per-file imports (cacheable), resolved once per run, shared by every rule."""

from shipyard.graph.build import ImportGraph, ResolvedImport, absolute_module
from shipyard.graph.cycles import shortest_cycle, strongly_connected
from shipyard.graph.imports import RawImport, extract_imports
from shipyard.graph.modules import IndexState, ModuleIndex, is_test_path

__all__ = [
    "ImportGraph",
    "IndexState",
    "ModuleIndex",
    "RawImport",
    "ResolvedImport",
    "absolute_module",
    "extract_imports",
    "is_test_path",
    "shortest_cycle",
    "strongly_connected",
]

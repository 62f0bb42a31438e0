"""The dependencies a project folder declares, wherever it declares them, read without running
any of its code: for `shipyard check` and `shipyard adopt`.

`read_declared` (in `read`) says how the formats combine.
"""

from shipyard.workspace.declared.model import DeclaredDependencies, Requirement, runtime_names
from shipyard.workspace.declared.read import read_declared

__all__ = ["DeclaredDependencies", "Requirement", "read_declared", "runtime_names"]

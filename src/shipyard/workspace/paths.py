"""Root-relative paths as the rules and the graph use them: strings with forward slashes, the
workspace root itself being "" (a member may be the root: `members = ["."]`)."""

from __future__ import annotations


def join(folder: str, name: str) -> str:
    return f"{folder}/{name}" if folder else name


def under(path: str, folder: str) -> bool:
    """`path` lies inside `folder` (everything lies inside the root)."""
    return not folder or path.startswith(folder + "/")


def relative(path: str, folder: str) -> str:
    """`path` seen from `folder`, which holds it."""
    return path[len(folder) + 1 :] if folder else path

"""The repository as its tracked files: folders, their files and subfolders, without walking
the disk (virtualenvs, caches and build output are never tracked)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePosixPath


class Tree:
    def __init__(self, files: Iterable[str]) -> None:
        self.files: list[str] = sorted(files)
        self._files: dict[str, set[str]] = defaultdict(set)
        self._dirs: dict[str, set[str]] = defaultdict(set)
        self._python: set[str] = set()
        for file in self.files:
            path = PurePosixPath(file)
            parent = path.parent.as_posix()
            self._files[parent].add(path.name)
            parts = path.parts
            for depth in range(len(parts) - 1):
                above = "/".join(parts[:depth]) or "."
                self._dirs[above].add(parts[depth])
                if file.endswith(".py"):
                    self._python.add("/".join(parts[: depth + 1]))
            if file.endswith(".py"):
                self._python.add(".")

    def files_in(self, folder: str) -> set[str]:
        return self._files.get(folder, set())

    def dirs_in(self, folder: str) -> set[str]:
        return self._dirs.get(folder, set())

    def has(self, path: str) -> bool:
        parent, _, name = path.rpartition("/")
        return name in self._files.get(parent or ".", set())

    def is_dir(self, path: str) -> bool:
        return path == "." or path in self._dirs or path in self._files

    def has_python(self, folder: str) -> bool:
        """A `.py` file at any depth under `folder`."""
        return folder in self._python

    def under(self, folder: str) -> list[str]:
        """Every file under `folder` ('.' for all)."""
        if folder == ".":
            return self.files
        prefix = folder.rstrip("/") + "/"
        return [f for f in self.files if f.startswith(prefix)]


def join(folder: str, name: str) -> str:
    return name if folder == "." else f"{folder}/{name}"

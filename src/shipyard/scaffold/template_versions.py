"""Every released version of the templates, renderable: `templates/VERSION` numbers the live
templates, and `template_history/N.tar.gz` holds the templates folder as it was at version N
(the current one included: the archive is also what proves the live folder unchanged, see
scripts/archive_templates.py). `shipyard upgrade` renders a member at the version it was
generated from and at the current one; both go through the same Jinja settings as `add`.
"""

from __future__ import annotations

import gzip
import io
import tarfile
from collections.abc import Mapping
from functools import cache, cached_property
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from shipyard.changes.files import PlannedFile
from shipyard.errors import ShipyardError
from shipyard.scaffold.render import JINJA_SUFFIX, TEMPLATES, environment, target_path, walk

HISTORY = files("shipyard.scaffold") / "template_history"
VERSION_FILE = "VERSION"


def current_version() -> int:
    return int((TEMPLATES / VERSION_FILE).read_text(encoding="utf-8").strip())


def archived_versions() -> list[int]:
    return sorted(
        int(entry.name.removesuffix(".tar.gz"))
        for entry in HISTORY.iterdir()
        if entry.name.endswith(".tar.gz") and entry.name.removesuffix(".tar.gz").isdigit()
    )


class ArchivedTemplates:
    """The templates folder of one version: its files by posix path relative to the folder."""

    def __init__(self, version: int, sources: Mapping[str, str]) -> None:
        self.version = version
        self.sources = sources

    @cached_property
    def _environment(self) -> jinja2.Environment:
        # An overlay keeps `add`'s settings (trim_blocks, StrictUndefined...) and filters.
        return environment().overlay(loader=jinja2.DictLoader(dict(self.sources)))

    def has(self, name: str) -> bool:
        return name in self.sources

    def render(self, name: str, context: Mapping[str, Any]) -> str:
        return self._environment.get_template(name).render(context)

    def render_tree(
        self, tree: str, destination: Path, context: Mapping[str, Any]
    ) -> list[PlannedFile]:
        """As `render.render_tree`: `*.jinja` rendered, the rest copied, `__name__` replaced."""
        prefix = f"{tree}/"
        planned = []
        for name in sorted(n for n in self.sources if n.startswith(prefix)):
            relative = PurePosixPath(name.removeprefix(prefix))
            if relative.suffix == JINJA_SUFFIX:
                content = self.render(name, context)
            else:
                content = self.sources[name]
            planned.append(PlannedFile(destination / target_path(relative, dict(context)), content))
        return planned


@cache
def archived(version: int) -> ArchivedTemplates:
    """The templates of `version`, read from its archive once per process."""
    entry = HISTORY / f"{version}.tar.gz"
    if not entry.is_file():
        known = ", ".join(map(str, archived_versions()))
        raise ShipyardError(
            f"There is no template version {version} in this shipyard (it has {known})."
        )
    return ArchivedTemplates(version, read_archive(entry.read_bytes()))


def read_archive(data: bytes) -> dict[str, str]:
    sources = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            stream = archive.extractfile(member) if member.isfile() else None
            if stream is not None:
                sources[member.name] = stream.read().decode("utf-8")
    return sources


def live_sources(folder: Traversable = TEMPLATES) -> dict[str, str]:
    """The live templates folder as an archive holds it."""
    return {
        path.as_posix(): (_child(folder, path)).read_text(encoding="utf-8")
        for path in sorted(walk(folder))
    }


def write_archive(sources: Mapping[str, str]) -> bytes:
    """A reproducible archive: sorted, no owners, no times, so the same folder gives the
    same bytes and git sees no change when nothing changed."""
    buffer = io.BytesIO()
    with (
        gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as compressed,
        tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as archive,
    ):
        for name in sorted(sources):
            data = sources[name].encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _child(folder: Traversable, path: PurePosixPath) -> Traversable:
    for part in path.parts:
        folder = folder / part
    return folder

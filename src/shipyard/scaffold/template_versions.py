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
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import PurePosixPath

import jinja2

from shipyard.errors import ShipyardError
from shipyard.scaffold.render import TEMPLATES, Templates, environment, walk

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


def archived_templates(sources: Mapping[str, str]) -> Templates:
    """An archived templates folder, rendered as `add` renders: an overlay keeps its settings
    (trim_blocks, StrictUndefined...) and filters."""
    return Templates(environment().overlay(loader=jinja2.DictLoader(dict(sources))), sources)


@cache
def archived(version: int) -> Templates:
    """The templates of `version`, read from its archive once per process."""
    entry = HISTORY / f"{version}.tar.gz"
    if not entry.is_file():
        known = ", ".join(map(str, archived_versions()))
        raise ShipyardError(
            f"There is no template version {version} in this shipyard (it has {known})."
        )
    return archived_templates(read_archive(entry.read_bytes()))


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

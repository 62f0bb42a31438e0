"""Which distribution provides an import name (`yaml` -> PyYAML).

Three sources, cheapest first: the canonical name itself (`prometheus_client` is provided by
`prometheus-client`), a table of well-known mismatches, then the metadata of what is installed
in the workspace's `.venv` and in shipyard's own environment (read only when needed).
"""

from __future__ import annotations

import importlib.metadata as metadata
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path

from packaging.utils import canonicalize_name

# Import names whose distribution is named differently; values are canonical names.
KNOWN: dict[str, tuple[str, ...]] = {
    "yaml": ("pyyaml",), "PIL": ("pillow",), "cv2": ("opencv-python", "opencv-python-headless",
    "opencv-contrib-python"), "sklearn": ("scikit-learn",), "skimage": ("scikit-image",),
    "bs4": ("beautifulsoup4",), "dateutil": ("python-dateutil",), "jwt": ("pyjwt",),
    "jose": ("python-jose",), "dotenv": ("python-dotenv",), "multipart": ("python-multipart",),
    "magic": ("python-magic",), "attr": ("attrs",), "OpenSSL": ("pyopenssl",),
    "Crypto": ("pycryptodome", "pycryptodomex"), "serial": ("pyserial",),
    "psycopg2": ("psycopg2", "psycopg2-binary"), "psycopg": ("psycopg", "psycopg-binary"),
    "MySQLdb": ("mysqlclient",), "zmq": ("pyzmq",), "git": ("gitpython",),
    "docx": ("python-docx",), "pkg_resources": ("setuptools",), "_pytest": ("pytest",),
    "slugify": ("python-slugify",), "websocket": ("websocket-client",), "socks": ("pysocks",),
    "kafka": ("kafka-python",), "fitz": ("pymupdf",), "googleapiclient":
    ("google-api-python-client",), "google": ("protobuf", "google-cloud-storage",
    "google-api-core", "google-auth"), "grpc": ("grpcio",), "jinja2": ("jinja2",),
    "markdown": ("markdown",), "ldap": ("python-ldap",), "nacl": ("pynacl",),
    "usb": ("pyusb",), "Levenshtein": ("python-levenshtein", "levenshtein"),
    "pythonjsonlogger": ("python-json-logger",), "json_logging": ("json-logging",),
    "faker": ("faker",), "dns": ("dnspython",), "lxml": ("lxml",), "win32api": ("pywin32",),
    "pydantic_core": ("pydantic-core", "pydantic"), "typing_extensions": ("typing-extensions",),
    "sqlmodel": ("sqlmodel",), "redis": ("redis",), "celery": ("celery",),
    "email_validator": ("email-validator",), "jsonschema": ("jsonschema",),
    "opentelemetry": ("opentelemetry-api", "opentelemetry-sdk"), "mypy_extensions":
    ("mypy-extensions",), "pytest_asyncio": ("pytest-asyncio",),
}  # fmt: skip


def canonical(name: str) -> str:
    return str(canonicalize_name(name))


class DistributionIndex:
    def __init__(self, site_packages: Iterable[Path] = ()) -> None:
        self._site_packages = tuple(site_packages)

    @classmethod
    def for_workspace(cls, root: Path) -> DistributionIndex:
        venv = root / ".venv"
        found = [*venv.glob("lib/python3*/site-packages"), venv / "Lib" / "site-packages"]
        return cls(p for p in found if p.is_dir())

    def provided_by(self, top: str, declared: set[str]) -> bool:
        """True if one of the `declared` (canonical) distributions provides import name `top`."""
        if canonical(top) in declared or any(d in declared for d in KNOWN.get(top, ())):
            return True
        return any(d in declared for d in self.installed.get(top, ()))

    def is_known(self, top: str) -> bool:
        """True if some installed or well-known distribution provides `top`."""
        return top in KNOWN or top in self.installed

    def import_names(self, distribution: str, *, installed: bool = True) -> set[str]:
        """Names `distribution` may be imported as; `installed=False` skips reading metadata."""
        names = {distribution.replace("-", "_"), distribution.removeprefix("python-")}
        names.update(top for top, dists in KNOWN.items() if distribution in dists)
        if installed:
            names.update(self.provides.get(distribution, ()))
        return names

    @cached_property
    def installed(self) -> dict[str, set[str]]:
        mapping: dict[str, set[str]] = {}
        for top, dists in metadata.packages_distributions().items():
            mapping.setdefault(top, set()).update(canonical(d) for d in dists)
        for dist in metadata.distributions(path=[str(p) for p in self._site_packages]):
            name = dist.metadata["Name"]
            if name:
                for top in _top_levels(dist):
                    mapping.setdefault(top, set()).add(canonical(name))
        return mapping

    @cached_property
    def provides(self) -> dict[str, set[str]]:
        reverse: dict[str, set[str]] = {}
        for top, dists in self.installed.items():
            for dist in dists:
                reverse.setdefault(dist, set()).add(top)
        return reverse


def _top_levels(dist: metadata.Distribution) -> set[str]:
    declared = (dist.read_text("top_level.txt") or "").split()
    if declared:
        return set(declared)
    tops = set()
    for file in dist.files or ():
        parts = file.parts
        if len(parts) > 1 and not parts[0].endswith((".dist-info", ".data")) and parts[0] != "..":
            tops.add(parts[0])
        elif len(parts) == 1 and file.suffix == ".py":
            tops.add(file.stem)
    return tops

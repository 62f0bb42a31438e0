"""The web frameworks a generated service is written in: FastAPI (the default) and Flask.

Both render `templates/service/`; Flask lays `templates/service-flask/` over it, holding only
what differs (see `add_member.FRAMEWORK_LAYERS` and templates/README.md). Kept free of Jinja:
the command line imports it for `--framework`."""

from __future__ import annotations

from enum import StrEnum

from shipyard.workspace import Runtime


class Framework(StrEnum):
    FASTAPI = Runtime.FASTAPI.value
    FLASK = Runtime.FLASK.value

    @property
    def runtime(self) -> Runtime:
        return Runtime(self.value)

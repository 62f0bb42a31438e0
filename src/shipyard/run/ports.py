"""Refuse to start on a port something else already listens on."""

from __future__ import annotations

import socket
from collections.abc import Iterable

from shipyard.errors import ShipyardError
from shipyard.run.plan import Process


def check_ports_free(processes: Iterable[Process]) -> None:
    for process in processes:
        if process.port is None:
            continue
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", process.port))
            except OSError:
                raise ShipyardError(
                    f"Port {process.port} for {process.name} is already in use; stop what is "
                    "listening there or move every port with --port-offset."
                ) from None

"""Figures the end-to-end tests measure, printed at the end of the run and never asserted."""

from __future__ import annotations

import pytest

MEASURED: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if MEASURED:
        terminalreporter.section("measured by the end-to-end tests")
        for name, value in MEASURED.items():
            terminalreporter.write_line(f"{name}: {value}")

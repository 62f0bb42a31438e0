"""Line numbers of keys and values in TOML and INI text, for messages.

tomllib and configparser give values without positions; a declaration's line is found again in
the text instead. It is a search, so a value written in an unusual way gets no line (None)
rather than a wrong one.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\[?([^\[\]#=]+)\]\]?\s*(?:#.*)?$")


class Lines:
    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def _headers(self) -> list[tuple[int, str]]:
        found = []
        for index, line in enumerate(self.lines):
            match = _HEADER.match(line)
            if match:
                found.append((index, re.sub(r"[\s\"']", "", match[1])))
        return found

    def section(self, name: str) -> tuple[int, int] | None:
        """0-based [start, stop) of the lines under the header `[name]` (TOML dotted or INI)."""
        headers = self._headers()
        wanted = re.sub(r"[\s\"']", "", name)
        for position, (index, header) in enumerate(headers):
            if header == wanted:
                stop = headers[position + 1][0] if position + 1 < len(headers) else len(self.lines)
                return index, stop
        return None

    def line_of(self, table: str, key: str | None = None, value: str | None = None) -> int | None:
        """1-based line of `value` (or else `key`, or else the header) under `[table]`.

        A table written as dotted keys of a parent (`[project]` then `optional-dependencies.x`)
        is looked for under the nearest parent header that exists.
        """
        parts = table.split(".")
        span = None
        while parts and span is None:
            span = self.section(".".join(parts))
            if span is None:
                parts.pop()
        start, stop = span if span is not None else (0, len(self.lines))
        found = start if span is not None else None
        if key is not None:
            key_line = re.compile(rf"""^\s*(?:[\w.\-"']+\.)?["']?{re.escape(key)}["']?\s*[=:]""")
            for index in range(start, stop):
                if key_line.match(self.lines[index]):
                    start = found = index
                    break
        if value is not None:
            needles = {value, value.replace('"', '\\"')}
            for index in range(start, stop):
                line = self.lines[index]
                if line.lstrip().startswith(("#", ";")):
                    continue  # a comment may name the requirement it explains
                if any(needle in line for needle in needles):
                    return index + 1
        return None if found is None else found + 1

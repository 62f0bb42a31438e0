"""A Dockerfile as instructions with line numbers: continuations joined, comments dropped.

Enough for hygiene rules; heredoc bodies (`RUN <<EOF`) are skipped, not interpreted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEREDOC = re.compile(r"<<-?\s*[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?")


@dataclass(frozen=True)
class Instruction:
    line: int
    keyword: str
    """Upper case: FROM, RUN, USER..."""
    args: str

    @property
    def flags(self) -> list[tuple[str, str]]:
        """The leading `--name=value` options (`COPY --from=builder`, `RUN --mount=...`)."""
        found = []
        for word in self.args.split():
            if not word.startswith("--"):
                break
            name, _, value = word[2:].partition("=")
            found.append((name.lower(), value))
        return found

    def sources(self) -> list[str]:
        """Where a stage takes files from: COPY/ADD `--from=`, RUN `--mount=...,from=`."""
        found = []
        for name, value in self.flags:
            if name == "from" and self.keyword in ("COPY", "ADD"):
                found.append(value)
            elif name == "mount" and self.keyword == "RUN":
                options = dict(part.partition("=")[::2] for part in value.split(","))
                if options.get("from"):
                    found.append(options["from"])
        return found


@dataclass(frozen=True)
class Stage:
    start: Instruction
    """The FROM."""
    image: str
    """The base as written, variables expanded with ARG defaults declared before the first FROM."""
    name: str | None
    body: tuple[Instruction, ...]
    args: tuple[tuple[str, str], ...] = ()
    """The ARG defaults declared before the first FROM, which `--from=${X}` may use too."""

    def expand(self, value: str) -> str:
        return expand(value, dict(self.args))


def parse_instructions(text: str) -> list[Instruction]:
    found: list[Instruction] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        start = i
        stripped = lines[i].strip()
        i += 1
        if not stripped or stripped.startswith("#"):
            continue
        parts = [stripped]
        while parts[-1].endswith("\\") and i < len(lines):
            parts[-1] = parts[-1][:-1]
            nxt = lines[i].strip()
            i += 1
            if not nxt.startswith("#"):
                parts.append(nxt)
        joined = " ".join(p.strip() for p in parts)
        keyword, _, args = joined.partition(" ")
        heredoc = HEREDOC.search(args)
        if heredoc:  # skip the body up to its terminator
            while i < len(lines) and lines[i].strip() != heredoc.group(1):
                i += 1
            i += 1
        found.append(Instruction(start + 1, keyword.upper(), args.strip()))
    return found


def parse_stages(text: str) -> list[Stage]:
    instructions = parse_instructions(text)
    defaults: dict[str, str] = {}
    stages: list[Stage] = []
    current: list[Instruction] = []
    head: Instruction | None = None
    for item in instructions:
        if item.keyword == "FROM":
            if head is not None:
                stages.append(_stage(head, defaults, current))
            head, current = item, []
        elif head is None and item.keyword == "ARG":
            name, _, value = item.args.partition("=")
            defaults[name.strip()] = value.strip().strip("\"'")
        elif head is not None:
            current.append(item)
    if head is not None:
        stages.append(_stage(head, defaults, current))
    return stages


def _stage(head: Instruction, defaults: dict[str, str], body: list[Instruction]) -> Stage:
    words = [w for w in head.args.split() if not w.startswith("--")]
    image = expand(words[0], defaults) if words else ""
    # Stage names are case-insensitive: `AS Builder` is `--from=builder`.
    name = words[2].lower() if len(words) >= 3 and words[1].lower() == "as" else None
    return Stage(head, image, name, tuple(body), tuple(defaults.items()))


def expand(value: str, defaults: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        key = match.group(1) or match.group(2)
        return defaults.get(key, match.group(0))

    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)", replace, value)

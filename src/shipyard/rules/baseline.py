"""A baseline: the findings a project accepts for now, so that `check` fails only on new ones.

Legacy code starts with hundreds. Each finding is matched by its code, its path and a
fingerprint that survives lines moving: a hash of the message (with line numbers taken out)
and of the reported source line, stripped. A fingerprint carries a count, so a second copy
of an accepted finding in the same file is new. The file is JSON, sorted, byte-identical for
the same findings.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from shipyard.errors import ShipyardError
from shipyard.rules.finding import Finding

VERSION = 1
LINE_NUMBERS = re.compile(r"(?<=:)\d+")  # `path:12` in messages that point at other lines

Key = tuple[str, str, str]
"""(code, path, fingerprint)."""
LineReader = Callable[[str, int], str]
"""(root-relative path, 1-based line) -> that line's text, "" when there is none."""


@dataclass(frozen=True)
class Filtered:
    new: list[Finding]
    accepted: int
    """Findings matched by the baseline (not reported)."""
    gone: int
    """Baseline entries no finding matched any more: fixed, the baseline can shrink."""


def fingerprint(finding: Finding, line: str) -> str:
    message = LINE_NUMBERS.sub("", finding.message)
    data = f"{finding.code}\0{message}\0{line.strip()}".encode()
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def key_of(finding: Finding, read_line: LineReader) -> Key:
    return finding.code, finding.path, fingerprint(finding, read_line(finding.path, finding.line))


def render(findings: Iterable[Finding], read_line: LineReader) -> str:
    counts: Counter[Key] = Counter()
    messages: dict[Key, str] = {}
    for finding in findings:
        key = key_of(finding, read_line)
        counts[key] += 1
        messages.setdefault(key, finding.message)
    rows = []
    for key in sorted(counts, key=lambda k: (k[1], k[0], k[2])):
        code, path, print_ = key
        rows.append(
            {"code": code, "path": path, "fingerprint": print_, "count": counts[key],
             "message": messages[key]}
        )  # fmt: skip
    return json.dumps({"version": VERSION, "findings": rows}, indent=2) + "\n"


def load(path: Path) -> Counter[Key]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ShipyardError(
            f"{path} does not exist; write it with `shipyard check --baseline {path} "
            "--update-baseline`."
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ShipyardError(f"Cannot read the baseline {path}: {exc}.") from None
    rows = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(rows, list):
        raise ShipyardError(
            f"{path} is not a shipyard baseline (version {VERSION}, a list of findings)."
        )
    counts: Counter[Key] = Counter()
    for row in rows:
        try:
            key = (str(row["code"]), str(row["path"]), str(row["fingerprint"]))
            counts[key] += int(row["count"])
        except (KeyError, TypeError, ValueError):
            raise ShipyardError(
                f"{path} has an entry without code, path, fingerprint and count: {row!r}."
            ) from None
    return counts


def apply_baseline(
    findings: list[Finding], baseline: Counter[Key], read_line: LineReader
) -> Filtered:
    """The findings beyond what the baseline accepts, in their order."""
    left = Counter(baseline)
    new = []
    for finding in findings:
        key = key_of(finding, read_line)
        if left[key] > 0:
            left[key] -= 1
        else:
            new.append(finding)
    return Filtered(new, len(findings) - len(new), sum(left.values()))


def line_reader(root: Path) -> LineReader:
    """Reads each file once."""
    files: dict[str, list[str]] = {}

    def read(path: str, line: int) -> str:
        if path not in files:
            try:
                text = (root / path).read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = ""
            files[path] = text.splitlines()
        lines = files[path]
        return lines[line - 1] if 0 < line <= len(lines) else ""

    return read

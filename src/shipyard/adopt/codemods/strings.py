"""String literals that name renamed code: `mock.patch("project.views.fetch_rate")`,
`"app.main:app"` for uvicorn, `"project:create_app()"`, `DJANGO_SETTINGS_MODULE`."""

from __future__ import annotations

import ast
import io
import re
import tokenize

from shipyard.adopt.codemods.names import Renaming
from shipyard.adopt.codemods.source import Source

LITERAL = re.compile(r"^(?P<prefix>[rRuU]?)(?P<quote>'''|\"\"\"|'|\")(?P<body>.*)(?P=quote)$", re.S)


def rewrite_strings(source: Source, renaming: Renaming) -> int:
    count = 0
    for node in source.nodes:
        if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
            continue
        if renaming.dotted(node.value) is None:
            continue
        start, end = source.span(node)
        match = LITERAL.match(source.text[start:end])
        # One literal token with its value written as is (no escapes).
        if match is not None and match["body"] == node.value:
            new = renaming.dotted(node.value)
            source.replace(start, end, f"{match['prefix']}{match['quote']}{new}{match['quote']}")
            count += 1
        elif _rename_first_part(source, start, end, node.value, renaming):
            count += 1
    return count


def _rename_first_part(
    source: Source, start: int, end: int, value: str, renaming: Renaming
) -> bool:
    """A path split over implicitly concatenated literals (`"project.views."` `"fetch"`,
    as formatters wrap long `mock.patch` targets): the top name is in the first one, which
    alone changes."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source.text[start:end]).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    strings = [t for t in tokens if t.type == tokenize.STRING]
    if len(strings) < 2:
        return False
    first = strings[0]
    match = LITERAL.match(first.string)
    top = value.split(".", 1)[0].split(":", 1)[0]
    if match is None or not value.startswith(match["body"]) or not match["body"].startswith(top):
        return False
    at = start + first.start[1] + len(match["prefix"]) + len(match["quote"])
    source.replace(at, at + len(top), renaming.modules[top])
    return True

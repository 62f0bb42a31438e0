"""String literals that name renamed code: `mock.patch("project.views.fetch_rate")`,
`"app.main:app"` for uvicorn, `"project:create_app()"`, `DJANGO_SETTINGS_MODULE`."""

from __future__ import annotations

import ast
import re

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
        # One literal token with its value written as is (no escapes, no concatenation).
        if match is None or match["body"] != node.value:
            continue
        new = renaming.dotted(node.value)
        source.replace(start, end, f"{match['prefix']}{match['quote']}{new}{match['quote']}")
        count += 1
    return count

"""String literals that name renamed code: `mock.patch("project.views.fetch_rate")`,
`"app.main:app"` for uvicorn, `"project:create_app()"`, `DJANGO_SETTINGS_MODULE`."""

from __future__ import annotations

import libcst as cst

from shipyard.adopt.codemods.names import Renaming


class StringRewriter(cst.CSTTransformer):
    def __init__(self, renaming: Renaming) -> None:
        self.renaming = renaming
        self.count = 0

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        value = updated_node.value
        prefix = updated_node.prefix
        if "b" in prefix.lower() or "\\" in value:
            return updated_node
        quote = updated_node.quote
        body = value[len(prefix) + len(quote) : len(value) - len(quote)]
        new = self.renaming.dotted(body)
        if new is None:
            return updated_node
        self.count += 1
        return updated_node.with_changes(value=f"{prefix}{quote}{new}{quote}")

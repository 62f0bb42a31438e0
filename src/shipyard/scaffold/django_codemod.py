"""Edits of a Django project's settings and root URL configuration that keep how they are
written (comments, quotes, trailing commas, layout), done with libcst: an app appended to
INSTALLED_APPS, a `path(..., include(...))` to urlpatterns.

Each edit takes a file's text and returns the new text; running it again changes nothing. A
layout it cannot edit safely (a list built by a function, a comprehension, a condition) raises
`UnsafeEditError` with what it found, for the caller to tell the user what to add by hand.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import libcst as cst

INSTALLED_APPS = "INSTALLED_APPS"
URLPATTERNS = "urlpatterns"


class UnsafeEditError(Exception):
    """Why a file cannot be edited safely, as the end of a sentence: `it is built by ...`."""


@dataclass(frozen=True)
class Assignment:
    """A module-level `NAME = value` (plain, not `+=`)."""

    index: int
    """Its statement's index in the module body."""
    value: cst.BaseExpression


def assignments(module: cst.Module, name: str) -> tuple[list[Assignment], bool]:
    """The module-level plain assignments of `name`, and whether it is also assigned inside a
    block (an `if`, a `try`, a function): then no edit of one of them is safe."""
    found = []
    nested = False
    for index, statement in enumerate(module.body):
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                value = _assigned(small, name)
                if value is not None:
                    found.append(Assignment(index, value))
        elif _assigns_inside(statement, name):
            nested = True
    return found, nested


def add_installed_app(text: str, entry: str) -> str:
    """`text` (a settings module that assigns INSTALLED_APPS once) with `entry` appended to
    INSTALLED_APPS, or to the last list it is summed from (`... + LOCAL_APPS`)."""
    module = _parse(text)
    found, nested = assignments(module, INSTALLED_APPS)
    if nested or len(found) != 1:
        raise UnsafeEditError(_how_many(found, nested, INSTALLED_APPS))
    target = _editable_list(module, found[0].value, last=True)
    if entry in _strings(found[0].value) or entry in _strings(target):
        return text
    return _replace_node(module, target, _append(target, _string(entry, target))).code


def add_urlpattern(text: str, prefix: str, urls_module: str) -> str:
    """`text` (a root URL configuration) with `path(prefix, include(urls_module))` appended to
    urlpatterns and `path` and `include` imported from django.urls where they are not."""
    module = _parse(text)
    if urls_module in _included(module):
        return text
    found, nested = assignments(module, URLPATTERNS)
    if nested or len(found) != 1:
        raise UnsafeEditError(_how_many(found, nested, URLPATTERNS))
    target = _editable_list(module, found[0].value, last=False)
    quote = _quote_of(target)
    element = cst.parse_expression(
        f"path({quote}{prefix}{quote}, include({quote}{urls_module}{quote}))"
    )
    edited = _replace_node(module, target, _append(target, element))
    return _with_imports(edited, "django.urls", ("include", "path")).code


def _parse(text: str) -> cst.Module:
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        raise UnsafeEditError(f"it does not parse (line {exc.raw_line})") from None


def _assigned(small: cst.BaseSmallStatement, name: str) -> cst.BaseExpression | None:
    if isinstance(small, cst.Assign) and any(
        isinstance(t.target, cst.Name) and t.target.value == name for t in small.targets
    ):
        return small.value
    if (
        isinstance(small, cst.AnnAssign)
        and isinstance(small.target, cst.Name)
        and small.target.value == name
    ):
        return small.value
    return None


def _assigns_inside(statement: cst.BaseCompoundStatement, name: str) -> bool:
    return any(
        _assigned(node, name) is not None
        for node in _walk(statement)
        if isinstance(node, cst.Assign | cst.AnnAssign)
    )


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """`node` and every node below it, depth first."""
    yield node
    for child in node.children:
        yield from _walk(child)


def _how_many(found: Sequence[Assignment], nested: bool, name: str) -> str:
    if nested:
        return f"{name} is assigned inside a block (an if, a try or a function)"
    if not found:
        return f"it has no `{name} = [...]`"
    return f"it assigns {name} {len(found)} times"


Sequenced = cst.List | cst.Tuple


def _editable_list(module: cst.Module, value: cst.BaseExpression, *, last: bool) -> Sequenced:
    """The list or tuple literal to append to: `value` itself, or, for a sum of lists (`A + B`),
    its last (INSTALLED_APPS) or first (urlpatterns) literal operand, where a name operand is
    followed to its module-level list."""
    if isinstance(value, cst.List | cst.Tuple):
        return value
    operands = _sum_operands(value)
    if operands is None:
        if isinstance(value, cst.Name):
            return _named_list(module, value.value)
        raise UnsafeEditError(f"it is built by an expression ({module.code_for_node(value)[:60]})")
    for operand in reversed(operands) if last else operands:
        if isinstance(operand, cst.List | cst.Tuple):
            return operand
        if isinstance(operand, cst.Name):
            return _named_list(module, operand.value)
    raise UnsafeEditError("it sums values none of which is a list written out in this file")


def _sum_operands(value: cst.BaseExpression) -> list[cst.BaseExpression] | None:
    if not (isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Add)):
        return None
    left = _sum_operands(value.left) or [value.left]
    return [*left, value.right]


def _named_list(module: cst.Module, name: str) -> Sequenced:
    found, nested = assignments(module, name)
    if nested or len(found) != 1 or not isinstance(found[0].value, cst.List | cst.Tuple):
        raise UnsafeEditError(
            f"it is built from {name}, which is not one list written out in this file"
        )
    return found[0].value


def _strings(value: cst.CSTNode) -> list[str]:
    return [
        evaluated
        for node in _walk(value)
        if isinstance(node, cst.SimpleString) and isinstance(evaluated := node.evaluated_value, str)
    ]


def _included(module: cst.Module) -> set[str]:
    """Every module an `include("...")` call names."""
    found = set()
    for node in _walk(module):
        if not isinstance(node, cst.Call) or not node.args:
            continue
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        first = node.args[0].value
        if name == "include" and isinstance(first, cst.SimpleString):
            evaluated = first.evaluated_value
            if isinstance(evaluated, str):
                found.add(evaluated)
    return found


def _quote_of(sequence: Sequenced) -> str:
    """The quote the list's strings use (`"` where it has none)."""
    for node in _walk(sequence):
        if isinstance(node, cst.SimpleString):
            return '"' if node.quote.endswith('"') else "'"
    return '"'


def _string(value: str, sequence: Sequenced) -> cst.SimpleString:
    quote = _quote_of(sequence)
    return cst.SimpleString(f"{quote}{value}{quote}")


def _append(sequence: Sequenced, value: cst.BaseExpression) -> Sequenced:
    """`sequence` with `value` as its last element, laid out like the others: on a line of its
    own in a multi-line list, a trailing comma where the list has one; a comment on the former
    last line stays there."""
    elements = list(sequence.elements)
    if not elements:
        return sequence.with_changes(elements=[cst.Element(value)])
    last = elements[-1]
    opening, closing = _brackets(sequence)
    separator = _separator(elements, opening)
    trailing = isinstance(last.comma, cst.Comma)
    if isinstance(closing, cst.ParenthesizedWhitespace) and isinstance(
        separator, cst.ParenthesizedWhitespace
    ):
        between: cst.BaseParenthesizableWhitespace = separator.with_changes(
            first_line=closing.first_line, empty_lines=[]
        )
        closing = closing.with_changes(first_line=cst.TrailingWhitespace())
    else:
        between = separator
    before = last.comma.whitespace_before if isinstance(last.comma, cst.Comma) else None
    comma = cst.Comma(
        whitespace_before=before or cst.SimpleWhitespace(""), whitespace_after=between
    )
    added = cst.Element(
        value,
        comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(""))
        if trailing
        else cst.MaybeSentinel.DEFAULT,
    )
    elements[-1] = last.with_changes(comma=comma)
    return _with_closing(sequence.with_changes(elements=[*elements, added]), closing)


def _brackets(
    sequence: Sequenced,
) -> tuple[cst.BaseParenthesizableWhitespace | None, cst.BaseParenthesizableWhitespace | None]:
    if isinstance(sequence, cst.List):
        return sequence.lbracket.whitespace_after, sequence.rbracket.whitespace_before
    if sequence.lpar and sequence.rpar:
        return sequence.lpar[0].whitespace_after, sequence.rpar[-1].whitespace_before
    return None, None


def _with_closing(
    sequence: Sequenced, closing: cst.BaseParenthesizableWhitespace | None
) -> Sequenced:
    if closing is None:
        return sequence
    if isinstance(sequence, cst.List):
        return sequence.with_changes(
            rbracket=sequence.rbracket.with_changes(whitespace_before=closing)
        )
    rpar = [*sequence.rpar[:-1], sequence.rpar[-1].with_changes(whitespace_before=closing)]
    return sequence.with_changes(rpar=rpar)


def _separator(
    elements: list[cst.BaseElement], opening: cst.BaseParenthesizableWhitespace | None
) -> cst.BaseParenthesizableWhitespace:
    """The whitespace between two elements: what follows a comma inside the list, else what
    follows its opening bracket (a newline and an indent in a multi-line list)."""
    inside = elements[-2].comma if len(elements) > 1 else None
    found = inside.whitespace_after if isinstance(inside, cst.Comma) else opening
    if isinstance(found, cst.ParenthesizedWhitespace):
        return found
    return cst.SimpleWhitespace(" ")


def _replace_node(module: cst.Module, old: cst.CSTNode, new: cst.CSTNode) -> cst.Module:
    replaced = module.deep_replace(old, new)
    assert isinstance(replaced, cst.Module)
    return replaced


def _with_imports(module: cst.Module, source: str, names: tuple[str, ...]) -> cst.Module:
    """`module` importing each of `names` from `source` at the top level: added to an existing
    `from source import ...`, else a new import after the last import. A name bound to
    something else already cannot be imported safely."""
    bound = _top_level_bindings(module)
    missing = [n for n in names if n not in bound]
    for name in names:
        if name in bound and bound[name] not in _IMPORTS_OF.get(name, {source}):
            raise UnsafeEditError(f"its name {name!r} is already bound to {bound[name]}")
    if not missing:
        return module
    body = list(module.body)
    for index, statement in enumerate(body):
        existing = _import_from(statement, source)
        if existing is not None and not isinstance(existing.names, cst.ImportStar):
            aliases = [*existing.names, *(cst.ImportAlias(cst.Name(n)) for n in missing)]
            aliases.sort(key=lambda a: _alias_name(a))
            aliases = [
                a.with_changes(comma=cst.MaybeSentinel.DEFAULT) if i == len(aliases) - 1 else
                a.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
                for i, a in enumerate(aliases)
            ]  # fmt: skip
            line = statement.with_changes(body=[existing.with_changes(names=aliases)])
            body[index] = line
            return module.with_changes(body=body)
    statement = cst.parse_statement(f"from {source} import {', '.join(sorted(missing))}\n")
    position = max((i + 1 for i, s in enumerate(body) if _is_import(s)), default=0)
    body.insert(position, statement)
    return module.with_changes(body=body)


# Where each name may come from and still mean Django's: `include` has two homes.
_IMPORTS_OF = {
    "include": {"django.urls", "django.conf.urls"},
    "path": {"django.urls"},
}


def _top_level_bindings(module: cst.Module) -> dict[str, str]:
    """Name -> what binds it at the top level (`django.urls` for an import from it, `an
    assignment`, `a definition`)."""
    bound: dict[str, str] = {}
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.ImportFrom) and not isinstance(
                    small.names, cst.ImportStar
                ):
                    source = _dotted(small.module) if small.module else "a relative import"
                    for alias in small.names:
                        bound[_bound_name(alias)] = source
                elif isinstance(small, cst.Import):
                    for alias in small.names:
                        bound[_bound_name(alias).split(".")[0]] = "an import"
                elif isinstance(small, cst.Assign):
                    for target in small.targets:
                        if isinstance(target.target, cst.Name):
                            bound[target.target.value] = "an assignment"
        elif isinstance(statement, cst.FunctionDef | cst.ClassDef):
            bound[statement.name.value] = "a definition"
    return bound


def _import_from(statement: cst.CSTNode, source: str) -> cst.ImportFrom | None:
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    small = statement.body[0]
    if (
        isinstance(small, cst.ImportFrom)
        and small.module is not None
        and not small.relative
        and _dotted(small.module) == source
        and not isinstance(small.names, cst.ImportStar)
        and small.lpar is None
    ):
        return small
    return None


def _is_import(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(s, cst.Import | cst.ImportFrom) for s in statement.body
    )


def _alias_name(alias: cst.ImportAlias) -> str:
    return _dotted(alias.name)


def _bound_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return _dotted(alias.name)


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""

"""What one Python file of a Django app says about its coupling to other apps, read with `ast`.

Names are kept as written (`User`, `models.User`, `"users.User"`) with the file's import
bindings beside them: which app a name belongs to depends on the project's apps, which this
module does not know. Every value is a tuple of plain values, so facts can be cached.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import NamedTuple

from shipyard.django.migrations import ModelOperation, is_migration, mentions_models, operations
from shipyard.django.syntax import callee, dotted, keyword, literal
from shipyard.django.views import ViewLogic, is_view_module, views

FORMAT = 2
"""Bumped whenever FileFacts changes shape: cached facts of another format are read again."""
# Model fields that point at another model: Django's, and those of libraries built on them
# (modelcluster's ParentalKey, mptt's TreeForeignKey, ...), recognised by the name's ending.
RELATION_FIELDS = ("ForeignKey", "OneToOneField", "ManyToManyField", "ParentalKey")
HINTS = ("Key(", "ManyToManyField", "OneToOneField", "get_model", "receiver", ".connect(",
         "View", "AUTH_USER_MODEL")  # fmt: skip
MODEL_BASES = frozenset({"AbstractUser", "AbstractBaseUser", "Page", "Orderable"})


class ModelRef(NamedTuple):
    """A relation field's target: `ForeignKey("users.User")` or `ForeignKey(User)`."""

    line: int
    col: int
    field: str
    target: str
    """A string's value, or a name's dotted text (`models.User`, `settings.AUTH_USER_MODEL`)."""
    string: bool


class GetModel(NamedTuple):
    line: int
    col: int
    label: str
    model: str


class SignalHookup(NamedTuple):
    """`@receiver(post_save, sender=User)` or `post_save.connect(handler, sender=User)`."""

    line: int
    col: int
    signal: str
    """The signal's dotted text."""
    sender: str
    """The sender's dotted text or string value; "" when none is given."""
    string: bool
    handler: str


class ModelClass(NamedTuple):
    name: str
    line: int
    bases: tuple[str, ...]
    abstract: bool
    proxy: bool
    db_table: str | None


class FileFacts(NamedTuple):
    bindings: tuple[tuple[str, int, str], ...]
    """(local name, level, dotted module or attribute as written): `from .models import User`
    is ("User", 1, "models.User")."""
    import_names: tuple[tuple[int, int, tuple[str, ...]], ...]
    """(line, col, names) of each `from X import a, b`: which submodules of a package it takes."""
    model_refs: tuple[ModelRef, ...]
    get_models: tuple[GetModel, ...]
    signals: tuple[SignalHookup, ...]
    models: tuple[ModelClass, ...]
    views: tuple[ViewLogic, ...]
    user_model: str | None
    """A settings module's literal `AUTH_USER_MODEL`."""
    migrations: tuple[ModelOperation, ...]
    """A migration's model operations (a migration has no other facts)."""


def worth_reading(path: str, text: str) -> bool:
    """Whether the file may hold a reference, a signal, a model or a view: most files of a
    project hold none and are never parsed."""
    if is_migration(path):
        return mentions_models(text)
    return is_models_module(path) or is_view_module(path) or any(h in text for h in HINTS)


def is_models_module(path: str) -> bool:
    parts = path.removesuffix(".py").split("/")
    return "models" in parts


def extract(path: str, tree: ast.Module) -> FileFacts:
    if is_migration(path):
        return FileFacts((), (), (), (), (), (), (), None, tuple(operations(tree)))
    bindings, names = _imports(tree)
    refs: list[ModelRef] = []
    get_models: list[GetModel] = []
    signals: list[SignalHookup] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            refs.extend(_model_refs(node))
            get_models.extend(_get_model(node))
            signals.extend(_connect(node))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            signals.extend(_receivers(node))
    return FileFacts(
        tuple(bindings),
        tuple(names),
        tuple(refs),
        tuple(get_models),
        tuple(signals),
        tuple(_models(tree)) if is_models_module(path) else (),
        tuple(views(tree, function_views=is_view_module(path))),
        _user_model(tree),
        (),
    )


def encode(facts: FileFacts) -> tuple[object, ...]:
    """Plain tuples (marshal refuses tuple subclasses)."""
    return tuple(
        tuple(tuple(item) for item in value) if isinstance(value, tuple) else value
        for value in facts
    )


def decode(row: tuple[object, ...]) -> FileFacts:
    bindings, names, refs, gets, signals, models, views, user_model, migrations = row
    return FileFacts(
        bindings,  # type: ignore[arg-type]
        names,  # type: ignore[arg-type]
        tuple(ModelRef(*r) for r in refs),  # type: ignore[attr-defined]
        tuple(GetModel(*g) for g in gets),  # type: ignore[attr-defined]
        tuple(SignalHookup(*s) for s in signals),  # type: ignore[attr-defined]
        tuple(ModelClass(*m) for m in models),  # type: ignore[attr-defined]
        tuple(ViewLogic(*v) for v in views),  # type: ignore[attr-defined]
        user_model,  # type: ignore[arg-type]
        tuple(ModelOperation(*m) for m in migrations),  # type: ignore[attr-defined]
    )


def _imports(
    tree: ast.Module,
) -> tuple[list[tuple[str, int, str]], list[tuple[int, int, tuple[str, ...]]]]:
    bindings, names = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    bindings.append((alias.asname, 0, alias.name))
                else:
                    first = alias.name.partition(".")[0]
                    bindings.append((first, 0, first))
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            taken = tuple(a.name for a in node.names if a.name != "*")
            names.append((node.lineno, node.col_offset + 1, taken))
            for alias in node.names:
                if alias.name != "*":
                    full = f"{module}.{alias.name}" if module else alias.name
                    bindings.append((alias.asname or alias.name, node.level, full))
    return bindings, names


def _model_refs(call: ast.Call) -> Iterator[ModelRef]:
    field = callee(call)
    if not field.endswith(RELATION_FIELDS):
        return
    targets = [call.args[0] if call.args else keyword(call, "to"), keyword(call, "through")]
    for target in targets:
        if target is None:
            continue
        text = literal(target)
        if text is not None:
            yield ModelRef(target.lineno, target.col_offset + 1, field, text, True)
        elif (name := dotted(target)) is not None:
            yield ModelRef(target.lineno, target.col_offset + 1, field, name, False)


def _get_model(call: ast.Call) -> Iterator[GetModel]:
    if callee(call) != "get_model" or not isinstance(call.func, ast.Attribute):
        return
    texts = [literal(a) for a in call.args[:2]]
    if len(texts) == 2 and texts[0] and texts[1]:
        yield GetModel(call.lineno, call.col_offset + 1, texts[0], texts[1])
    elif len(texts) == 1 and texts[0] and texts[0].count(".") == 1:
        label, _, model = texts[0].partition(".")
        yield GetModel(call.lineno, call.col_offset + 1, label, model)


def _sender(call: ast.Call) -> tuple[str, bool]:
    value = keyword(call, "sender")
    if value is None:
        return "", False
    text = literal(value)
    if text is not None:
        return text, True
    return dotted(value) or "", False


def _connect(call: ast.Call) -> Iterator[SignalHookup]:
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr == "connect"):
        return
    signal = dotted(func.value)
    if signal is None or not call.args:
        return
    sender, string = _sender(call)
    handler = dotted(call.args[0]) or ""
    yield SignalHookup(call.lineno, call.col_offset + 1, signal, sender, string, handler)


def _receivers(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Iterator[SignalHookup]:
    for decorator in function.decorator_list:
        if not (isinstance(decorator, ast.Call) and callee(decorator) == "receiver"):
            continue
        if not decorator.args:
            continue
        first = decorator.args[0]
        signals = first.elts if isinstance(first, ast.List | ast.Tuple) else [first]
        sender, string = _sender(decorator)
        for signal in signals:
            name = dotted(signal)
            if name is not None:
                line, col = decorator.lineno, decorator.col_offset + 1
                yield SignalHookup(line, col, name, sender, string, function.name)


def _models(tree: ast.Module) -> Iterator[ModelClass]:
    """Top-level classes that may be models: the caller decides from their bases."""
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or not node.bases:
            continue
        bases = tuple(b for b in (dotted(base) for base in node.bases) if b)
        meta = _meta(node)
        yield ModelClass(
            node.name,
            node.lineno,
            bases,
            meta.get("abstract") is True,
            meta.get("proxy") is True,
            table if isinstance(table := meta.get("db_table"), str) else None,
        )


def _meta(node: ast.ClassDef) -> dict[str, object]:
    for statement in node.body:
        if isinstance(statement, ast.ClassDef) and statement.name == "Meta":
            found: dict[str, object] = {}
            for item in statement.body:
                if isinstance(item, ast.Assign) and isinstance(item.value, ast.Constant):
                    for target in item.targets:
                        if isinstance(target, ast.Name):
                            found[target.id] = item.value.value
            return found
    return {}


def is_model_base(base: str) -> bool:
    """A base naming a Django model (or a well-known abstract one) by itself."""
    name = base.rpartition(".")[2]
    return name.endswith("Model") or name in MODEL_BASES


def _user_model(tree: ast.Module) -> str | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "AUTH_USER_MODEL" for t in node.targets
        ):
            return literal(node.value)
    return None

"""SY401-SY403: secrets that reach git: a tracked .env, private keys, credential literals."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from shipyard.rules.context import CheckContext
from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import REGISTRY, any_file, python_file
from shipyard.rules.source import SourceFile

TRACKED_ENV = REGISTRY.rule(
    "SY401", "env-file-tracked", Severity.ERROR, "A .env file is tracked by git."
)
PRIVATE_KEY = REGISTRY.rule(
    "SY402", "private-key", Severity.ERROR, "A private key is committed to the repository."
)
CREDENTIAL = REGISTRY.rule(
    "SY403", "credential-literal", Severity.ERROR,
    "A credential is written in the code (a secret default, a password in a URL, a token).",
)  # fmt: skip

SAFE_ENV_SUFFIXES = (".example", ".sample", ".template", ".dist", ".defaults")
KEY_BLOCK = re.compile(
    r"-----BEGIN ((RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----"
)
# (what, literal markers that must appear first, pattern): the markers are a cheap pre-check, so
# the regular expressions only ever run on the rare file that may hold a token.
TOKENS = (
    ("an AWS access key", ("AKIA", "ASIA"), re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")),
    (
        "a GitHub token",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
        re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,})\b"),
    ),
    ("a Slack token", ("xox",), re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("a Stripe live key", ("k_live_",), re.compile(r"\b[sr]k_live_[A-Za-z0-9]{16,}")),
    ("a Google API key", ("AIza",), re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
)
SECRET_NAME = re.compile(
    r"(^|_)(password|passwd|secret|secret_key|token|api_?key|access_key|auth_key|private_key|"
    r"client_secret)$",
    re.I,
)
URL_PASSWORD = re.compile(r"^[a-z][a-z0-9+.-]*://[^:/@\s]*:([^@/\s]+)@", re.I)
PLACEHOLDER = re.compile(r"^(\$|\{|<|\*|%|xxx|\.\.\.|changeme$|secret$|password$)|example", re.I)
# A cheap look at the text first: most files have no word a secret could hide behind.
SECRET_HINT = re.compile(r"passw|secret|token|key|://", re.I)
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
WRAPPERS = frozenset({"Field", "SecretStr", "SecretBytes"})
"""Calls whose first argument is the value (pydantic's `Field(default)`, `SecretStr(value)`)."""
EXAMPLE_KEYS = frozenset(
    {"example", "examples", "openapi_examples", "json_schema_extra", "schema_extra"}
)


def is_env_file(path: str) -> bool:
    name = path.rpartition("/")[2]
    if name.endswith(SAFE_ENV_SUFFIXES):
        return False
    return name == ".env" or name.startswith(".env.") or name.endswith(".env")


@REGISTRY.workspace_check(TRACKED_ENV)
def check_tracked_env(context: CheckContext) -> Iterator[Finding]:
    for path in sorted(context.tracked or ()):
        if is_env_file(path):
            message = f"{path} is tracked by git; `git rm --cached {path}`, add it to .gitignore"
            yield TRACKED_ENV.finding(path, 1, 1, message + " and rotate what it held")


@REGISTRY.file_check(PRIVATE_KEY, CREDENTIAL, applies=any_file)
def check_secret_text(source: SourceFile) -> Iterator[Finding]:
    text = source.text
    if "PRIVATE KEY" in text:
        for number, line in enumerate(source.lines, start=1):
            match = KEY_BLOCK.search(line)
            if match:
                message = "a private key is committed; remove it from history and rotate it"
                yield PRIVATE_KEY.finding(source.path, number, match.start() + 1, message)
    for what, markers, pattern in TOKENS:
        if not any(m in text for m in markers):
            continue
        for match in pattern.finditer(text):
            number = text.count("\n", 0, match.start()) + 1
            col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            message = f"{what} is committed; revoke it and read it from the environment"
            yield CREDENTIAL.finding(source.path, number, col, message)


@REGISTRY.file_check(CREDENTIAL, applies=python_file)
def check_credential_literals(source: SourceFile) -> Iterator[Finding]:
    if source.is_test or not SECRET_HINT.search(source.text):  # tests hold throwaway ones
        return
    tree = source.tree
    if tree is None:
        return
    for node, message in _literals(tree):
        yield CREDENTIAL.finding(source.path, node.lineno, node.col_offset + 1, message)


def _literals(tree: ast.Module) -> Iterator[tuple[ast.expr, str]]:
    documented = _documentation(tree)
    reported: set[int] = set()
    for node in ast.walk(tree):
        if id(node) in documented:
            continue
        for name, value in _named_values(node):
            secret = _default(value)
            if secret is None or id(secret) in reported:
                continue
            if SECRET_NAME.search(name) and _looks_real(str(secret.value)):
                reported.add(id(secret))
                yield secret, f"{name} has a literal secret default; read it from the environment"
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = URL_PASSWORD.match(node.value)
            if match and _looks_real(match.group(1)):
                yield node, "a URL with a password is written in the code; read it from settings"


def _documentation(tree: ast.Module) -> set[int]:
    """Nodes inside an example for the API docs (`examples=[...]`, `json_schema_extra={...}`,
    `"example": {...}`): sample request bodies, never a default anything runs with."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        for name, value in _named_values(node):
            if name.lower() in EXAMPLE_KEYS and id(value) not in inside:
                inside.update(id(n) for n in ast.walk(value))
    return inside


def _named_values(node: ast.AST) -> Iterator[tuple[str, ast.expr]]:
    """(name, value) pairs: assignments, annotated fields, keyword arguments, dict entries,
    parameter defaults, and environment lookups (the variable's name, the lookup)."""
    if isinstance(node, ast.Assign):
        for target in node.targets:
            if (name := _target_name(target)) is not None:
                yield name, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        if (name := _target_name(node.target)) is not None:
            yield name, node.value
    elif isinstance(node, ast.Call):
        yield from ((k.arg, k.value) for k in node.keywords if k.arg)
        variable = _literal(node.args[0]) if node.args else None
        if variable is not None and _is_environment_lookup(node.func):
            yield str(variable.value), node  # os.getenv("DB_PASSWORD", "secret")
    elif isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                yield key.value, value
    elif isinstance(node, ast.arguments):
        positional = [*node.posonlyargs, *node.args]
        for arg, default in zip(
            positional[len(positional) - len(node.defaults) :], node.defaults, strict=True
        ):
            yield arg.arg, default
        for arg, kw_default in zip(node.kwonlyargs, node.kw_defaults, strict=True):
            if kw_default is not None:
                yield arg.arg, kw_default


def _target_name(target: ast.expr) -> str | None:
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    if isinstance(target, ast.Subscript) and (key := _literal(target.slice)) is not None:
        return str(key.value)  # os.environ["DB_PASSWORD"] = "..."
    return None


def _literal(node: ast.expr) -> ast.Constant | None:
    """`node` when it is a string literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node
    return None


def _default(value: ast.expr) -> ast.Constant | None:
    """The string literal a name gets when nothing else is configured: the literal itself; the
    default of an environment lookup (`os.getenv("X", "...")`, `os.environ.get`,
    `environ.setdefault`, `env("X", default=...)`); the value a wrapper holds (`Field("...")`,
    `SecretStr("...")`); any call's `default=`. A call's other arguments are no defaults:
    `request.args.get("api_key")` names a parameter, it does not set one."""
    if not isinstance(value, ast.Call):
        return _literal(value)
    keywords = [k.value for k in value.keywords if k.arg == "default"]
    if _is_environment_lookup(value.func):
        candidates = [*value.args[1:2], *keywords]
    elif _call_name(value.func) in WRAPPERS:
        candidates = [*value.args[:1], *keywords]
    else:
        candidates = keywords
    return next((found for c in candidates if (found := _literal(c)) is not None), None)


def _call_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _is_environment_lookup(func: ast.expr) -> bool:
    """`getenv(...)`, `os.getenv`, `os.environ.get`/`setdefault`, `environ.get`, and the
    settings helpers that read the environment: `env(...)`, `env.str(...)`, `config(...)`."""
    if isinstance(func, ast.Name):
        return func.id in ("getenv", "env", "config")
    if not isinstance(func, ast.Attribute):
        return False
    if func.attr == "getenv":
        return True
    if func.attr in ("get", "setdefault"):
        return _call_name(func.value) == "environ"
    return isinstance(func.value, ast.Name) and func.value.id == "env"  # environs: env.str(...)


def _looks_real(value: str) -> bool:
    return (
        len(value) >= 4
        and not any(c.isspace() for c in value)
        and not PLACEHOLDER.search(value)
        and not ENV_NAME.match(value)  # the *name* of a variable holding the secret
        and not value.startswith("/")
    )

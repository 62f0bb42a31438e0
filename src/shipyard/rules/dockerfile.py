"""SY301-SY307: Dockerfile hygiene, on every Dockerfile in the workspace."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from fnmatch import fnmatch

from shipyard.rules.context import CheckContext
from shipyard.rules.dockerfile_parse import Instruction, Stage, parse_stages
from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import REGISTRY, Rule

ROOT_USER = REGISTRY.rule(
    "SY301", "dockerfile-runs-as-root", Severity.ERROR, "The final image runs as root (no USER)."
)
SINGLE_STAGE = REGISTRY.rule(
    "SY302", "dockerfile-single-stage", Severity.ERROR,
    "A single-stage build ships compilers, caches and build tools.",
)  # fmt: skip
UNPINNED_BASE = REGISTRY.rule(
    "SY303", "dockerfile-unpinned-base", Severity.ERROR,
    "A base image has no tag, or the `latest` tag.",
)  # fmt: skip
COPY_ENV = REGISTRY.rule(
    "SY304", "dockerfile-copies-env", Severity.ERROR, "A .env file is copied into the image."
)
SECRET_ARG = REGISTRY.rule(
    "SY305", "dockerfile-secret-in-env", Severity.ERROR,
    "A secret is passed through ENV or ARG, where the image history keeps it.",
)  # fmt: skip
SHELL_CMD = REGISTRY.rule(
    "SY306", "dockerfile-shell-form-cmd", Severity.ERROR,
    "CMD or ENTRYPOINT in shell form: the app is not PID 1 and never gets SIGTERM.",
)  # fmt: skip
NO_LOCK = REGISTRY.rule(
    "SY307", "dockerfile-install-without-lock", Severity.ERROR,
    "Dependencies are installed without the lock.",
)  # fmt: skip

SECRET_NAME = re.compile(
    r"(^|_)(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)($|_)", re.I
)
ENV_FILE = re.compile(r"(^|/)\.env(\.[A-Za-z0-9_-]+)?$|\.env$")
SAFE_ENV_FILES = (".example", ".sample", ".template", ".dist")
# pip options followed by a value that is not a requirement (`-e` takes one that is).
TAKES_VALUE = frozenset(
    {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-t", "--target",
     "--prefix", "--root", "-i", "--index-url", "--extra-index-url"}
)  # fmt: skip
SEPARATORS = re.compile(r"&&|\|\||;|\|")


def is_dockerfile(path: str) -> bool:
    name = path.rpartition("/")[2]
    return (
        name in ("Dockerfile", "Containerfile")
        or name.startswith("Dockerfile.")
        or (name.lower().endswith(".dockerfile"))
    )


def _inputs(path: str) -> bool:
    # Asked of every file on every warm run: the cheap test first.
    return ("ockerfile" in path or "ontainerfile" in path or path.endswith(".dockerignore")) and (
        is_dockerfile(path) or path.endswith(".dockerignore")
    )


@REGISTRY.workspace_check(
    ROOT_USER, SINGLE_STAGE, UNPINNED_BASE, COPY_ENV, SECRET_ARG, SHELL_CMD, NO_LOCK, inputs=_inputs
)
def check_dockerfiles(context: CheckContext) -> Iterator[Finding]:
    for path in sorted(p for p in context.files if is_dockerfile(p)):
        text = context.read(path)
        if text is None:
            continue
        stages = parse_stages(text)
        if not stages:
            continue
        env_ignored = _dockerignore_excludes_env(context, path)
        # Only a member's image is deployed; a test or tooling image elsewhere may be a single
        # stage running as root. Everything else applies to every Dockerfile.
        deployed = context.index.member_of(path) is not None
        for rule, line, message in _problems(stages, env_ignored=env_ignored):
            if deployed or rule not in (ROOT_USER, SINGLE_STAGE):
                yield rule.finding(path, line, 1, message)


def _problems(stages: list[Stage], *, env_ignored: bool) -> Iterator[tuple[Rule, int, str]]:
    names = {s.name for s in stages if s.name}
    yield from _user(stages)
    if len(stages) == 1:
        message = "single-stage build; build in one stage and copy the virtualenv into a slim one"
        yield SINGLE_STAGE, stages[0].start.line, message
    for stage in stages:
        base = _unpinned(stage.image, names)
        if base:
            yield UNPINNED_BASE, stage.start.line, base
        for item in stage.body:
            yield from _instruction(item, env_ignored=env_ignored)


def _user(stages: list[Stage]) -> Iterator[tuple[Rule, int, str]]:
    by_name = {s.name: s for s in stages if s.name}
    stage: Stage | None = stages[-1]
    while stage is not None:  # a stage inherits the USER of the stage it is built FROM
        users = [i for i in stage.body if i.keyword == "USER"]
        if users:
            user = users[-1].args.split(":")[0].strip()
            if user in ("root", "0"):
                yield ROOT_USER, users[-1].line, "the final image runs as root; switch to a user"
            return
        stage = by_name.get(stage.image)
    message = "no USER in the final stage: the app runs as root; add a system user and USER it"
    yield ROOT_USER, stages[-1].start.line, message


def _unpinned(image: str, stages: set[str]) -> str | None:
    if image in stages or image == "scratch" or "$" in image:
        return None  # another stage, nothing, or a variable we cannot resolve
    if "@sha256:" in image:
        return None
    name, _, tag = image.rpartition(":") if ":" in image.rpartition("/")[2] else (image, "", "")
    if not tag:
        return f"base image {image} has no tag; pin a version (and ideally a digest)"
    if tag == "latest":
        return f"base image {name}:latest moves under you; pin a version"
    return None


def _instruction(item: Instruction, *, env_ignored: bool) -> Iterator[tuple[Rule, int, str]]:
    if item.keyword in ("COPY", "ADD"):
        sources = [w for w in item.args.split() if not w.startswith("--")][:-1]
        for source in sources:
            bare = source.rstrip("/")
            if ENV_FILE.search(bare) and not bare.endswith(SAFE_ENV_FILES):
                yield (
                    COPY_ENV,
                    item.line,
                    f"{source} is copied into the image; pass settings at run time",
                )
            elif bare in (".", "./") and not env_ignored:
                yield COPY_ENV, item.line, "COPY . without .env in .dockerignore copies your .env"
    elif item.keyword in ("ENV", "ARG"):
        for key in _keys(item):
            if SECRET_NAME.search(key):
                yield (
                    SECRET_ARG,
                    item.line,
                    (
                        f"{item.keyword} {key} stays in the image history; "
                        "use a build secret (RUN --mount=type=secret) or a runtime variable"
                    ),
                )
    elif item.keyword in ("CMD", "ENTRYPOINT") and not item.args.startswith("["):
        yield (
            SHELL_CMD,
            item.line,
            f'{item.keyword} in shell form; use exec form: {item.keyword} ["..."]',
        )
    elif item.keyword == "RUN":
        problem = _unlocked_install(item.args)
        if problem:
            yield NO_LOCK, item.line, problem


def _keys(item: Instruction) -> list[str]:
    try:
        words = shlex.split(item.args)
    except ValueError:
        words = item.args.split()
    if item.keyword == "ENV" and words and "=" not in words[0]:
        return words[:1]  # legacy `ENV KEY value`
    return [w.partition("=")[0] for w in words]


def _unlocked_install(command: str) -> str | None:
    for segment in SEPARATORS.split(command):
        try:
            words = shlex.split(segment)
        except ValueError:
            continue
        words = [w for w in words if not w.startswith("--mount")]
        if words[:2] == ["uv", "sync"] and not {"--frozen", "--locked"} & set(words):
            return "uv sync without --frozen or --locked may re-resolve; install exactly the lock"
        if "install" in words and _is_pip(words[: words.index("install")]):
            loose = _loose_requirements(words[words.index("install") + 1 :])
            if loose:
                return (
                    f"pip install {' '.join(loose)} resolves at build time; install from the lock "
                    "(uv sync --frozen) or pin with =="
                )
    return None


def _is_pip(prefix: list[str]) -> bool:
    tail = prefix[-2:] if prefix else []
    return bool(tail) and (
        tail[-1] in ("pip", "pip3") or tail == ["-m", "pip"] or tail == ["uv", "pip"]
    )


def _loose_requirements(args: list[str]) -> list[str]:
    """Requirement arguments not pinned to one version. `-r file` counts as locked: a file made
    by `uv export` pins and hashes everything."""
    loose = []
    skip_next = False
    for arg in args:
        if skip_next:
            skip_next = False
        elif arg in TAKES_VALUE:
            skip_next = arg not in ("-e", "--editable")
        elif arg.startswith("-"):
            continue
        elif "==" not in arg:
            loose.append(arg)
    if "--no-deps" in args:
        return []
    return loose


def _dockerignore_excludes_env(context: CheckContext, dockerfile: str) -> bool:
    """Does a .dockerignore that may apply (root, the Dockerfile's folder, `<file>.dockerignore`)
    exclude `.env`? The build context is unknown, so any of them counts."""
    folder = dockerfile.rpartition("/")[0]
    candidates = [".dockerignore", f"{folder}/.dockerignore", f"{dockerfile}.dockerignore"]
    for candidate in candidates:
        text = (
            context.read(candidate.lstrip("/")) if candidate.lstrip("/") in context.files else None
        )
        for line in (text or "").splitlines():
            pattern = line.strip().removeprefix("**/").removeprefix("/")
            if pattern and not pattern.startswith(("#", "!")) and fnmatch(".env", pattern):
                return True
    return False

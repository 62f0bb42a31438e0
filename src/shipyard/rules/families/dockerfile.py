"""SY301-SY307: Dockerfile hygiene, on every Dockerfile in the workspace.

Every Dockerfile is checked wherever it is (`Dockerfile`, `Dockerfile.prod`, `api.Dockerfile`,
`Containerfile`...), and so is every Dockerfile a compose file's `build:` names, whatever its name.
Those are found by reading the compose files, so the check caches itself: first which Dockerfiles
the compose files name (keyed by the compose files), then the findings (keyed by every file they
depend on: Dockerfiles, .dockerignore files, compose files, requirements files).
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex
from collections.abc import Iterator
from fnmatch import fnmatch
from typing import Any

from shipyard.rules.cache import decode_findings, encode_findings
from shipyard.rules.context import CheckContext
from shipyard.rules.digest import inputs_digest
from shipyard.rules.families.built_images import built_images, image_name, is_build_script
from shipyard.rules.families.compose import Build, compose_builds, is_compose_file
from shipyard.rules.families.dockerfile_parse import Instruction, Stage, parse_stages
from shipyard.rules.families.installs import TRUE, Judge, Pins, file_pins, unlocked_install
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
# A Dockerfile whose path says it is for tests, CI or development builds an image nobody deploys:
# a single stage running as root is its business (`tools/Dockerfile.ci`, `.devcontainer/`).
TOOLING = frozenset(
    {"test", "tests", "testing", "e2e", "ci", "dev", "devel", "development", "devcontainer",
     "local", "debug"}
)  # fmt: skip
TOKENS = re.compile(r"[._-]")
COMPOSE_CACHE = "dockerfile.compose"
FINDINGS_CACHE = "dockerfile.findings"


def is_dockerfile(path: str) -> bool:
    name = path.rpartition("/")[2]
    return (
        name in ("Dockerfile", "Containerfile")
        or name.startswith(("Dockerfile.", "Containerfile."))
        or name.lower().endswith((".dockerfile", ".containerfile"))
    )


def is_tooling(path: str) -> bool:
    """Named for tests, CI or development: a word of the file's name (`Dockerfile.ci`,
    `local.Dockerfile`), or a whole folder name (`tests/`, `.devcontainer/`; not `dev-portal/`,
    which may be a member)."""
    *folders, name = path.lower().split("/")
    words = {f.lstrip(".") for f in folders} | set(TOKENS.split(name))
    return not TOOLING.isdisjoint(words)


def _inputs(path: str) -> bool:
    """Files the findings may depend on, named so; Dockerfiles compose names come on top."""
    # Asked of every file on every warm run, and most are Python: that is decided first.
    if path.endswith(".py"):
        return False
    if "ockerfile" in path or "ontainerfile" in path:
        return is_dockerfile(path)
    return (
        path.endswith(".dockerignore")
        or ("compose" in path and is_compose_file(path))
        or is_requirements_file(path)
        or is_build_script(path)
    )


def is_requirements_file(path: str) -> bool:
    """What `pip install -r` may name, as far as this check looks for one."""
    return path.endswith((".txt", ".in")) or "requirements" in path or "constraints" in path


@REGISTRY.workspace_check(
    ROOT_USER, SINGLE_STAGE, UNPINNED_BASE, COPY_ENV, SECRET_ARG, SHELL_CMD, NO_LOCK
)
def check_dockerfiles(context: CheckContext) -> list[Finding]:
    relevant = {path: stamp for path, stamp in context.files.items() if _inputs(path)}
    builds = _compose(context, sorted(p for p in relevant if is_compose_file(p)))
    named = {
        b.dockerfile: context.files[b.dockerfile] for b in builds if b.dockerfile in context.files
    }
    relevant.update(named)
    if context.cache is None:
        return list(_findings(context, builds, named))
    digest = inputs_digest(context.digests[""], relevant, _everything)
    rows = context.cache.recall(FINDINGS_CACHE, digest)
    if rows is None:
        rows = encode_findings(list(_findings(context, builds, named)))
        context.cache.remember(FINDINGS_CACHE, digest, rows)
    return decode_findings(rows)


def _everything(path: str) -> bool:
    return True


def _compose(context: CheckContext, files: list[str]) -> list[Build]:
    """The builds the compose files name, remembered while the compose files are unchanged."""
    if not files:
        return []

    def compute() -> list[Any]:
        return [tuple(b) for path in files for b in compose_builds(path, context.read(path) or "")]

    if context.cache is None:
        return [Build(*row) for row in compute()]
    digest = inputs_digest("", {p: context.files[p] for p in files}, _everything)
    rows = context.cache.recall(COMPOSE_CACHE, digest)
    if rows is None:
        rows = compute()
        context.cache.remember(COMPOSE_CACHE, digest, rows)
    return [Build(*row) for row in rows]


def _findings(
    context: CheckContext, builds: list[Build], named: dict[str, Any]
) -> Iterator[Finding]:
    dockerfiles = sorted({p for p in context.files if is_dockerfile(p)} | set(named))
    local = _built_here(context) if dockerfiles else frozenset()
    for path in dockerfiles:
        text = context.read(path)
        if text is None:
            continue
        stages = parse_stages(text)
        if not stages:
            continue
        mine = [b for b in builds if b.dockerfile == path]
        contexts = [*(b.context for b in mine), path.rpartition("/")[0], ""]
        image = Image(
            stages,
            targets=[b.target for b in mine if b.target],
            env_ignored=_dockerignore_excludes_env(context, path, contexts),
            judge=_judge(context, stages, contexts),
            local=local,
        )
        # A test, CI or development image may be a single stage running as root; everything
        # else applies to every Dockerfile.
        deployed = not is_tooling(path)
        builds_for = _member_built(context, path, stages, mine)
        for rule, line, message in image.problems():
            if rule in (ROOT_USER, SINGLE_STAGE):
                if not deployed:
                    continue
                if builds_for:
                    message += f" (the image of {builds_for})"
            yield rule.finding(path, line, 1, message)


def _built_here(context: CheckContext) -> frozenset[str]:
    """The images the workspace's Makefiles and scripts build (see `built_images`)."""
    found: set[str] = set()
    for path in context.files:
        if is_build_script(path):
            found |= built_images(context.read(path) or "")
    return frozenset(found)


def _member_built(context: CheckContext, path: str, stages: list[Stage], mine: list[Build]) -> str:
    """The member a Dockerfile outside every member's folder builds, when it can be told: a
    compose build whose context is the member's folder, or `--package NAME`; else ""."""
    if context.index.member_of(path) is not None:
        return ""  # its folder says it
    folders = {m.folder or ".": m.name for m in context.workspace.members}
    for build in mine:
        if build.context in folders:
            return folders[build.context]
    for stage in stages:
        for item in stage.body:
            match = re.search(r"--package[= ]([A-Za-z0-9._-]+)", item.args)
            if item.keyword == "RUN" and match and context.workspace.member(match[1]):
                return match[1]
    return ""


class Image:
    """One Dockerfile's stages, and what it takes to judge them."""

    def __init__(
        self,
        stages: list[Stage],
        *,
        targets: list[str],
        env_ignored: bool,
        judge: Judge,
        local: frozenset[str],
    ) -> None:
        self.stages = stages
        self.local = local
        self.names = {s.name: i for i, s in enumerate(stages) if s.name}
        self.env_ignored = env_ignored
        self.judge = judge
        self.frozen = frozen_by_env(stages)
        roots = [len(stages) - 1, *(self.names[t] for t in targets if t in self.names)]
        self.shipped = self._reach(roots)

    def problems(self) -> Iterator[tuple[Rule, int, str]]:
        yield from _user(self.stages)
        if len(self.stages) == 1:
            message = (
                "single-stage build; build in one stage and copy the virtualenv into a slim one"
            )
            yield SINGLE_STAGE, self.stages[0].start.line, message
        for index, stage in enumerate(self.stages):
            base = _unpinned(stage.image, self.names, self.local)
            if base:
                yield UNPINNED_BASE, stage.start.line, f"base image {base}"
            for item in stage.body:
                for source in item.sources():
                    image = _unpinned(stage.expand(source), self.names, self.local)
                    if image:
                        how = "RUN --mount from" if item.keyword == "RUN" else "COPY --from"
                        yield UNPINNED_BASE, item.line, f"{how} image {image}"
                for rule, line, message in _instruction(item, self):
                    # A stage nothing shipped copies from is discarded with its files.
                    if rule is not COPY_ENV or self._ships(index, item):
                        yield rule, line, message

    def stage_of(self, reference: str) -> int | None:
        """The stage `--from=` / `FROM` names: by name (any case) or by index."""
        if reference.isdigit():
            return int(reference) if int(reference) < len(self.stages) else None
        return self.names.get(reference.lower())

    def _reach(self, roots: list[int]) -> dict[int, frozenset[str] | None]:
        """The stages whose files can end up in a built image, and which of their files: all of
        the built one, of the stage it is built FROM and of the stages it mounts; of a stage it
        only copies from, the paths copied (a binary built next to the whole context ships
        without it). Transitively; a copy into a stage counts whatever of that stage ships."""
        reach: dict[int, frozenset[str] | None] = {}
        pending: list[tuple[int, frozenset[str] | None]] = [(root, None) for root in roots]
        while pending:
            index, paths = pending.pop()
            if index in reach:
                known = reach[index]
                if known is None or (paths is not None and paths <= known):
                    continue
                paths = None if paths is None else known | paths
            reach[index] = paths
            stage = self.stages[index]
            parent = self.stage_of(stage.image)
            if parent is not None:
                pending.append((parent, paths))  # a stage's files are its FROM's, and more
            for item in stage.body:
                for source in item.sources():
                    found = self.stage_of(stage.expand(source))
                    if found is not None:
                        copied = _copied(item, stage) if item.keyword != "RUN" else None
                        pending.append((found, copied))
        return reach

    def _ships(self, index: int, item: Instruction) -> bool:
        """Can what `item` (a COPY or ADD of stage `index`) writes end up in a built image?"""
        if index not in self.shipped:
            return False
        paths = self.shipped[index]
        if paths is None:
            return True
        target = self._target(index, item)
        return target is None or any(_within(target, path) for path in paths)

    def _target(self, index: int, item: Instruction) -> str | None:
        """Where a COPY writes, as an absolute path; None when a variable or an image's own
        WORKDIR leaves it unknown."""
        stage = self.stages[index]
        target = stage.expand(_copy_words(item)[-1])
        if not target.startswith("/"):
            workdir = self._workdir(index, item)
            if workdir is None:
                return None
            target = posixpath.join(workdir, target)
        return None if "$" in target else posixpath.normpath(target)

    def _workdir(self, index: int, before: Instruction | None = None) -> str | None:
        """The WORKDIR in stage `index` at `before` (at its end for None)."""
        stage = self.stages[index]
        parent = self.stage_of(stage.image)
        # An image may set its own WORKDIR; only another stage's is known.
        workdir = self._workdir(parent) if parent is not None and parent < index else None
        for item in stage.body:
            if item is before:
                break
            if item.keyword == "WORKDIR":
                path = stage.expand(item.args.strip().strip("\"'"))
                joined = path if path.startswith("/") else None
                if joined is None and workdir is not None:
                    joined = posixpath.join(workdir, path)
                workdir = None if joined is None or "$" in joined else posixpath.normpath(joined)
        return workdir


def _copied(item: Instruction, stage: Stage) -> frozenset[str]:
    """The paths `COPY --from=` takes out of the other stage: from its root, cut at the first
    wildcard; anything with a variable left is its whole root."""
    paths = set()
    for source in _copy_words(item)[:-1]:
        source = stage.expand(source)
        if "$" in source:
            return frozenset({"/"})
        parts = []
        for part in source.strip("/").split("/"):
            if any(c in part for c in "*?["):
                break
            parts.append(part)
        paths.add(posixpath.normpath("/" + "/".join(parts)))
    return frozenset(paths)


def _within(target: str, path: str) -> bool:
    """Is `target` inside `path` (or `path` itself)?"""
    return path == "/" or target == path or target.startswith(path + "/")


def frozen_by_env(stages: list[Stage]) -> bool:
    """`ENV UV_FROZEN=1` (or UV_LOCKED) anywhere: every `uv sync` then installs the lock."""
    for stage in stages:
        for item in stage.body:
            if item.keyword in ("ENV", "ARG"):
                words = _words(item)
                if item.keyword == "ENV" and len(words) == 2 and "=" not in words[0]:
                    words = ["=".join(words)]  # legacy `ENV UV_FROZEN 1`
                for word in words:
                    key, _, value = word.partition("=")
                    if key in ("UV_FROZEN", "UV_LOCKED") and value.lower() in TRUE:
                        return True
    return False


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
        if _nonroot_image(stage.image):
            return
        stage = by_name.get(stage.image.lower())
    message = "no USER in the final stage: the app runs as root; add a system user and USER it"
    yield ROOT_USER, stages[-1].start.line, message


def _nonroot_image(image: str) -> bool:
    """An image whose tag says it runs as a user (`gcr.io/distroless/static:nonroot`)."""
    tag = image.split("@")[0].rpartition("/")[2].partition(":")[2]
    return "nonroot" in tag


def _unpinned(image: str, stages: dict[str, int], local: frozenset[str]) -> str | None:
    """What is wrong with pulling `image` ("python:latest moves under you..."), or None."""
    if image.lower() in stages or image.isdigit() or image == "scratch" or "$" in image:
        return None  # another stage, nothing, or a variable we cannot resolve
    if image_name(image) in local:
        return None  # built by the workspace itself, from the same checkout
    if "@sha256:" in image:
        return None
    name, _, tag = image.rpartition(":") if ":" in image.rpartition("/")[2] else (image, "", "")
    if not tag:
        return f"{image} has no tag; pin a version (and ideally a digest)"
    if tag == "latest":
        return f"{name}:latest moves under you; pin a version"
    return None


def _instruction(item: Instruction, image: Image) -> Iterator[tuple[Rule, int, str]]:
    if item.keyword in ("COPY", "ADD"):
        sources = _copy_words(item)[:-1]
        if any(name == "from" for name, _ in item.flags):
            return  # files of another stage or image, not of the build context
        for source in sources:
            bare = source.rstrip("/")
            if ENV_FILE.search(bare) and not bare.endswith(SAFE_ENV_FILES):
                yield (
                    COPY_ENV,
                    item.line,
                    f"{source} is copied into the image; pass settings at run time",
                )
            elif bare in (".", "./") and not image.env_ignored:
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
        problem = unlocked_install(item.args, image.judge, frozen_env=image.frozen)
        if problem:
            yield NO_LOCK, item.line, problem


def _words(item: Instruction) -> list[str]:
    try:
        return shlex.split(item.args)
    except ValueError:
        return item.args.split()


def _keys(item: Instruction) -> list[str]:
    words = _words(item)
    if item.keyword == "ENV" and words and "=" not in words[0]:
        return words[:1]  # legacy `ENV KEY value`
    return [w.partition("=")[0] for w in words]


def _judge(context: CheckContext, stages: list[Stage], contexts: list[str]) -> Judge:
    """Finds the requirements file a RUN names (as a path in the image) in the workspace: the
    source a COPY puts there (by file name), or the path itself, in each possible build context."""
    copies = [
        _copy_words(item)
        for stage in stages
        for item in stage.body
        if item.keyword in ("COPY", "ADD") and not any(n == "from" for n, _ in item.flags)
    ]

    def judge(path: str) -> Pins | None:
        name = path.rpartition("/")[2]
        candidates = []
        for *sources, target in (words for words in copies if len(words) > 1):
            renamed = len(sources) == 1 and not target.endswith(("/", "."))
            if renamed and target.rpartition("/")[2] == name:
                candidates.append(sources[0])  # `COPY reqs/prod.txt /app/requirements.txt`
            elif not renamed:
                candidates += [s for s in sources if s.rpartition("/")[2] == name]
        candidates += [path.lstrip("/"), name]
        for base in contexts:
            for candidate in candidates:
                found = posixpath.normpath(posixpath.join(base, candidate))
                if found in context.files and is_requirements_file(found):
                    return file_pins(context.read(found) or "")
        return None

    return judge


def _copy_words(item: Instruction) -> list[str]:
    """A COPY's or ADD's sources and target, in shell form or JSON form (`COPY [".", "/app"]`)."""
    words = [w for w in item.args.split() if not w.startswith("--")]
    if words and words[0].startswith("["):
        try:
            parsed = json.loads(" ".join(words))
        except ValueError:
            return words
        if isinstance(parsed, list) and all(isinstance(w, str) for w in parsed):
            return parsed
    return words


def _dockerignore_excludes_env(context: CheckContext, dockerfile: str, contexts: list[str]) -> bool:
    """Does a .dockerignore that may apply (a build context's, the Dockerfile's folder's,
    `<file>.dockerignore`) exclude `.env`? Without compose the build context is unknown, so any
    of them counts."""
    candidates = [f"{c}/.dockerignore".lstrip("/") for c in contexts]
    candidates.append(f"{dockerfile}.dockerignore")
    for candidate in candidates:
        text = context.read(candidate) if candidate in context.files else None
        for line in (text or "").splitlines():
            pattern = line.strip().removeprefix("**/").removeprefix("/")
            if pattern and not pattern.startswith(("#", "!")) and fnmatch(".env", pattern):
                return True
    return False

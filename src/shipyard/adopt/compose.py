"""compose.yaml from the old docker-compose file: every service built from a member's folder
now builds that member's Dockerfile from the workspace root; infrastructure, environment,
ports and dependencies are kept; paths follow the moves."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from shipyard.adopt.model import Found, Note

OLD_NAMES = ("docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml")


def old_compose(root: Path) -> Path | None:
    return next((Path(n) for n in OLD_NAMES if (root / n).is_file()), None)


def adopt_compose(
    text: str,
    source: Path,
    members: tuple[Found, ...],
    new_path: Callable[[Path], Path],
    rewrite: Callable[[str, Found | None], str],
    follow: Callable[[str, Found, str, dict[str, Any]], str] | None = None,
) -> tuple[str, list[Note]]:
    """`rewrite(text, member)`: module names in a command, as the member's code sees them;
    `follow(text, member, kind, service)`: the paths of a command of a member's image, as its
    new image holds them (workdir.CommandPaths.text)."""
    notes: list[Note] = []
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict) or not isinstance(data.get("services"), dict):
        return text, [Note(source.as_posix(), "has no `services` mapping; left as it was.")]
    if "version" in data:
        del data["version"]
        notes.append(Note(source.as_posix(), "`version:` dropped (Compose ignores it)."))
    by_folder = {m.old: m for m in members if not m.shared}
    for name, service in data["services"].items():
        if not isinstance(service, dict):
            continue
        original = dict(service)
        member = _built_member(service.get("build"), by_folder)
        if member is not None:
            service["build"] = {"context": ".", "dockerfile": f"{member.new.as_posix()}/Dockerfile"}
        else:
            _map_build(service, new_path)
        for kind in ("command", "entrypoint"):
            if not isinstance(service.get(kind), str | list):
                continue
            if kind == "command":
                service[kind] = _rewrite_command(service[kind], member, rewrite)
            if follow is not None and member is not None:
                service[kind] = _follow_paths(service[kind], member, kind, original, follow)
        _rewrite_environment(service, member, rewrite)
        service["volumes"] = _volumes(service.get("volumes"), name, member, new_path, notes, source)
        if not service["volumes"]:
            del service["volumes"]
        env_file = service.get("env_file")
        if isinstance(env_file, str):
            service["env_file"] = _mapped(env_file, new_path)
        _drop_pythonpath(service, name, notes, source)
    return yaml.safe_dump(data, sort_keys=False, default_flow_style=False), notes


def services_by_member(text: str, members: tuple[Found, ...]) -> dict[str, dict[str, Any]]:
    """Member -> the old compose service that builds its folder."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return {}
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return {}
    by_folder = {m.old: m for m in members if not m.shared}
    found: dict[str, dict[str, Any]] = {}
    for service in services.values():
        if isinstance(service, dict):
            member = _built_member(service.get("build"), by_folder)
            if member is not None and _serves_rather(service, found.get(member.name)):
                found[member.name] = service
    return found


def other_commands(text: str, members: tuple[Found, ...]) -> dict[str, dict[str, dict[str, Any]]]:
    """Member -> the compose services (name -> service) that build it but are not the one its
    Dockerfile's CMD comes from (a Celery worker, a beat beside the web server)."""
    chosen = services_by_member(text, members)
    data = yaml.safe_load(text) or {}
    by_folder = {m.old: m for m in members if not m.shared}
    others: dict[str, dict[str, dict[str, Any]]] = {}
    for name, service in (data.get("services") or {}).items():
        if not isinstance(service, dict):
            continue
        member = _built_member(service.get("build"), by_folder)
        # Each reading of the file gives new dicts: the chosen one is told by its content.
        if member is not None and chosen.get(member.name) != service:
            others.setdefault(member.name, {})[str(name)] = service
    return others


def entrypoint_of(service: dict[str, Any]) -> list[str] | None:
    """The `entrypoint:` a compose service replaces its image's with."""
    return command_of({"command": service.get("entrypoint")})


BACKGROUND = ("celery", "worker", "beat", "rq ", "dramatiq", "huey", "scheduler")


def _serves_rather(service: dict[str, Any], other: dict[str, Any] | None) -> bool:
    """Of two compose services that build one member, the web server gives its command
    to the Dockerfile: the one publishing ports, else the one that is no worker."""
    if other is None:
        return True
    return _web_rank(service) > _web_rank(other)


def _web_rank(service: dict[str, Any]) -> int:
    command = " ".join(command_of(service) or []).lower()
    background = any(word in command for word in BACKGROUND)
    return 2 * bool(service.get("ports")) + (not background)


def infrastructure(text: str, members: tuple[Found, ...]) -> list[str]:
    """The compose services no member builds (databases, brokers): `name (image)`."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return []
    services = data.get("services") if isinstance(data, dict) else None
    if not isinstance(services, dict):
        return []
    found = []
    by_folder = {m.old: m for m in members if not m.shared}
    for name, service in services.items():
        if isinstance(service, dict) and _built_member(service.get("build"), by_folder) is None:
            image = service.get("image")
            found.append(f"{name} ({image})" if isinstance(image, str) else str(name))
    return found


def command_of(service: dict[str, Any]) -> list[str] | None:
    """The `command:` a compose service runs (for a Dockerfile without CMD)."""
    command = service.get("command")
    if isinstance(command, list):
        return [str(w) for w in command]
    if isinstance(command, str):
        try:
            return shlex.split(command)
        except ValueError:
            return None
    return None


def environment_of(service: dict[str, Any]) -> dict[str, str]:
    """Its `environment:` as a mapping (the list form `KEY=value` too), PYTHONPATH left out;
    a variable listed without a value is passed from the host: kept with an empty value."""
    environment = service.get("environment")
    pairs: dict[str, str] = {}
    if isinstance(environment, dict):
        pairs = {str(k): "" if v is None else str(v) for k, v in environment.items()}
    elif isinstance(environment, list):
        for entry in environment:
            key, _, value = str(entry).partition("=")
            pairs[key] = value
    pairs.pop("PYTHONPATH", None)
    return pairs


def container_port(service: dict[str, Any]) -> str | None:
    """The container side of its first published port (`"5000:5000"`, `8000`, long form)."""
    for port in service.get("ports") or []:
        if isinstance(port, dict) and port.get("target") is not None:
            return str(port["target"])
        text = str(port).split("/")[0]
        container = text.rsplit(":", 1)[-1]
        if container.isdigit():
            return container
    return None


def _built_member(build: object, by_folder: dict[Path, Found]) -> Found | None:
    context = build.get("context") if isinstance(build, dict) else build
    if not isinstance(context, str):
        return None
    folder = Path(context.removeprefix("./").rstrip("/") or ".")
    return by_folder.get(folder)


def _map_build(service: dict[str, Any], new_path: Callable[[Path], Path]) -> None:
    """A service no member builds whose folder moved (a Node front end) builds it there."""
    build = service.get("build")
    context = build.get("context") if isinstance(build, dict) else build
    if not isinstance(context, str) or "://" in context or Path(context).is_absolute():
        return
    mapped = _mapped(context, new_path)
    if mapped.removeprefix("./") == context.removeprefix("./").rstrip("/"):
        return
    if isinstance(build, dict):
        build["context"] = mapped
    else:
        service["build"] = mapped


def _rewrite_environment(
    service: dict[str, Any], member: Found | None, rewrite: Callable[[str, Found | None], str]
) -> None:
    """`DJANGO_SETTINGS_MODULE: config.settings`, `APP_SETTINGS=project.config.Dev`:
    values that name renamed modules follow them, as commands do."""
    environment = service.get("environment")
    if isinstance(environment, dict):
        for key, value in environment.items():
            if isinstance(value, str):
                environment[key] = rewrite(value, member)
    elif isinstance(environment, list):
        rewritten = []
        for entry in environment:
            key, equals, value = str(entry).partition("=")
            rewritten.append(f"{key}={rewrite(value, member)}" if equals else entry)
        service["environment"] = rewritten


def _follow_paths(
    command: str | list[str],
    member: Found,
    kind: str,
    service: dict[str, Any],
    follow: Callable[[str, Found, str, dict[str, Any]], str],
) -> str | list[str]:
    if isinstance(command, str):
        return follow(command, member, kind, service)
    return [follow(str(part), member, kind, service) for part in command]


def _rewrite_command(
    command: str | list[str], member: Found | None, rewrite: Callable[[str, Found | None], str]
) -> str | list[str]:
    if isinstance(command, str):
        return rewrite(command, member)
    return [rewrite(str(part), member) for part in command]


def _volumes(
    volumes: object,
    service: str,
    member: Found | None,
    new_path: Callable[[Path], Path],
    notes: list[Note],
    source: Path,
) -> list[Any]:
    if not isinstance(volumes, list):
        return []
    kept: list[Any] = []
    for volume in volumes:
        if not isinstance(volume, str) or not volume.startswith((".", "/")):
            kept.append(volume)
            continue
        host, _, rest = volume.partition(":")
        folder = Path(host.removeprefix("./").rstrip("/") or ".")
        if member is not None and (folder == member.old or member.old in folder.parents):
            notes.append(
                Note(
                    source.as_posix(),
                    f"{service}: the bind mount {volume} of its code is "
                    "dropped: the image installs the code; rebuild to see "
                    "changes, or mount it again by hand.",
                )
            )
            continue
        kept.append(f"{_mapped(host, new_path)}:{rest}" if host.startswith(".") else volume)
    return kept


def _mapped(path: str, new_path: Callable[[Path], Path]) -> str:
    if not path.startswith("./") and path != ".":
        relative = Path(path)
        if relative.is_absolute():
            return path
    moved = new_path(Path(path.removeprefix("./") or "."))
    return f"./{moved.as_posix()}"


def _drop_pythonpath(service: dict[str, Any], name: str, notes: list[Note], source: Path) -> None:
    environment = service.get("environment")
    if isinstance(environment, dict) and "PYTHONPATH" in environment:
        del environment["PYTHONPATH"]
    elif isinstance(environment, list):
        kept = [e for e in environment if not str(e).startswith("PYTHONPATH=")]
        if len(kept) == len(environment):
            return
        service["environment"] = kept
    else:
        return
    notes.append(Note(source.as_posix(), f"{name}: PYTHONPATH dropped (the code is installed)."))

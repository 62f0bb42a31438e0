"""The Markdown `shipyard boundaries` writes: each app README's "Service Boundaries" and
"Dependencies" sections (between markers, the rest of the README kept) and the extraction
guide, with a Mermaid diagram of the dependencies. Pure: the same boundaries give the same
bytes."""

from __future__ import annotations

import re
from collections.abc import Iterable

from shipyard.rules.families.django.analysis import Coupling, Kind
from shipyard.rules.families.django.boundaries import (
    COLUMNS,
    AppBoundary,
    Dependency,
    ProjectBoundaries,
    summary,
)

SECTIONS = ("service-boundaries", "dependencies")
GUIDE_MARK = "<!-- shipyard:extraction-guide -->"
NOTE = "Written by `shipyard boundaries` from the code: edit outside the markers."


def start(name: str) -> str:
    return f"<!-- shipyard:{name} -->"


def end(name: str) -> str:
    return f"<!-- /shipyard:{name} -->"


def readme_sections(app: AppBoundary) -> dict[str, str]:
    """Each section's Markdown, markers included."""
    return {
        "service-boundaries": _wrap("service-boundaries", _boundaries(app)),
        "dependencies": _wrap("dependencies", _dependencies(app)),
    }


def update_readme(text: str | None, title: str, sections: dict[str, str]) -> str:
    """`text` with each section replaced between its markers, or appended when it has none;
    a README with just a title and the sections when there is no README."""
    result = text if text is not None else f"# {title}\n"
    for name, content in sections.items():
        pattern = re.compile(re.escape(start(name)) + r".*?" + re.escape(end(name)), re.DOTALL)
        found = pattern.search(result)
        if found is not None:
            result = result[: found.start()] + content + result[found.end() :]
        else:
            result = result.rstrip("\n") + "\n\n" + content + "\n"
    return result


def _wrap(name: str, body: str) -> str:
    return f"{start(name)}\n{body.rstrip()}\n{end(name)}"


def _boundaries(app: AppBoundary) -> str:
    lines = ["## Service Boundaries", "", NOTE, ""]
    interface = ", ".join(f"`{app.app.module}.{part}`" for part in app.app.interface) or "none"
    lines += [f"- Interface: {interface}", f"- Extraction readiness: {app.readiness}"]
    users = ", ".join(f"{d.source} ({summary(d)})" for d in app.used_by) or "no other app"
    lines += [f"- Used by: {users}", ""]
    if app.models:
        lines += ["| Model | Table | Defined in |", "| --- | --- | --- |"]
        for model in app.models:
            table = f"`{model.table}`" if model.table else "none (abstract or proxy)"
            lines.append(f"| `{model.name}` | {table} | `{model.path}:{model.line}` |")
    else:
        lines.append("It owns no models.")
    return "\n".join(lines)


def _dependencies(app: AppBoundary) -> str:
    lines = ["## Dependencies", "", NOTE, ""]
    if not app.depends_on:
        return "\n".join([*lines, "It depends on no other app of the project."])
    lines += [
        "| App | " + " | ".join(column[1] for column in COLUMNS) + " |",
        "| --- |" + " --- |" * len(COLUMNS),
    ]
    for dependency in app.depends_on:
        counts = dependency.counts()
        cells = " | ".join(str(counts[column[0]]) for column in COLUMNS)
        lines.append(f"| {dependency.target} | {cells} |")
    return "\n".join(lines)


def extraction_guide(projects: list[ProjectBoundaries]) -> str:
    lines = [
        "# Microservices extraction",
        "",
        GUIDE_MARK,
        "Written by `shipyard boundaries` from the code; run it again after a change (the same",
        "code gives the same file). Each app is a proto-service: the steps below are what",
        "stands between it and a service of its own, read from its imports, foreign keys,",
        "`get_model` calls, signal receivers and tests.",
    ]
    for project in projects:
        lines += ["", *_project(project, len(projects) > 1)]
    return "\n".join(lines) + "\n"


def _project(project: ProjectBoundaries, several: bool) -> list[str]:
    level = "###" if several else "##"
    lines = [f"## {project.member.name}", ""] if several else []
    lines += [f"{level} Dependencies between apps", "", *_mermaid(project), ""]
    lines += [
        "Solid arrows: couplings to remove (imports of internals, foreign keys, `get_model`,",
        "signal receivers); dotted: only through the target's interface. Test imports are",
        "left out.",
        "",
        f"{level} Apps, most ready first",
        "",
        "| App | Tables | Non-interface dependencies out | In | Test couplings | Readiness |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    ordered = sorted(project.apps, key=lambda a: (a.blocking_out + a.blocking_in, a.app.module))
    for app in ordered:
        lines.append(
            f"| {app.app.module} | {len(app.tables)} | {app.blocking_out} | {app.blocking_in} "
            f"| {app.test_couplings} | {app.readiness.partition(':')[0]} |"
        )
    for app in ordered:
        lines += ["", *_steps(app, level)]
    return lines


def _mermaid(project: ProjectBoundaries) -> list[str]:
    lines = ["```mermaid", "graph LR"]
    for app in project.apps:
        tables = len(app.tables)
        noun = "table" if tables == 1 else "tables"
        lines.append(f'  {_node(app.app.module)}["{app.app.module}<br/>{tables} {noun}"]')
    for app in project.apps:
        for dependency in app.depends_on:
            shown = Dependency(
                dependency.source,
                dependency.target,
                tuple(c for c in dependency.couplings if c.kind != Kind.TEST_IMPORT),
            )
            if not shown.couplings:
                continue
            arrow = "-->" if shown.blocking else "-.->"
            source, target = _node(shown.source), _node(shown.target)
            lines.append(f'  {source} {arrow}|"{summary(shown)}"| {target}')
    return [*lines, "```"]


def _node(module: str) -> str:
    return re.sub(r"\W", "_", module)


def _steps(app: AppBoundary, level: str) -> list[str]:
    name = app.app.module
    lines = [f"{level} {name}", "", f"Readiness: {app.readiness}.", ""]
    tables = [m for m in app.models if m.table]
    lines.append("1. Move its tables to a database of its own: " + (
        ", ".join(f"`{m.table}` ({m.name})" for m in tables) if tables else "none."
    ))  # fmt: skip
    into = _by_place(c for d in app.used_by for c in d.couplings if _is_foreign_key(c))
    out = _by_place(c for d in app.depends_on for c in d.couplings if _is_foreign_key(c))
    lines.append("2. Replace foreign keys across the boundary with UUID references:")
    lines += _items([*(_reference(c, "from") for c in into), *(_reference(c, "to") for c in out)])
    callers = _by_place(c for d in app.used_by for c in d.couplings if _is_call(c))
    lines.append("3. Switch the other apps' callers to its HTTP API or to events:")
    lines += _items(_caller(c) for c in callers)
    own = _by_place(c for d in app.depends_on for c in d.couplings if _is_call(c))
    lines.append("4. Switch its own calls into other apps to their APIs or events:")
    lines += _items(_caller(c) for c in own)
    tests = [
        c for d in (*app.used_by, *app.depends_on) for c in d.couplings
        if c.kind == Kind.TEST_IMPORT and not c.allowed
    ]  # fmt: skip
    lines.append("5. Move tests off other apps' code (fixtures of their own):")
    lines += _items(
        f"`{c.path}:{c.line}` ({c.source}) imports `{c.detail}`" for c in _by_place(tests)
    )
    lines.append("6. Move business logic out of its views into its services first:")
    lines += _items(
        f"`{v.path}:{v.line}` `{v.name}`: " + ", ".join((*v.writes, *v.effects, *v.calls_out))
        for v in app.views
    )
    return lines


def _items(items: Iterable[str]) -> list[str]:
    found = [f"   - {item}" for item in items]
    return found or ["   - none."]


def _by_place(couplings: Iterable[Coupling]) -> list[Coupling]:
    return sorted(couplings, key=lambda c: (c.path, c.line, c.col, c.detail))


def _is_foreign_key(coupling: Coupling) -> bool:
    kinds = (Kind.STRING_REF, Kind.CLASS_REF, Kind.USER_MODEL, Kind.GET_MODEL)
    return Kind(coupling.kind) in kinds


def _is_call(coupling: Coupling) -> bool:
    return not coupling.allowed and Kind(coupling.kind) in (Kind.IMPORT, Kind.SIGNAL)


def _reference(coupling: Coupling, way: str) -> str:
    how = {
        Kind.STRING_REF: "string reference",
        Kind.CLASS_REF: "model class",
        Kind.USER_MODEL: "AUTH_USER_MODEL",
        Kind.GET_MODEL: "apps.get_model",
    }[Kind(coupling.kind)]
    other = coupling.source if way == "from" else coupling.target
    return f"`{coupling.path}:{coupling.line}` {way} {other}: `{coupling.detail}` ({how})"


def _caller(coupling: Coupling) -> str:
    if coupling.kind == Kind.SIGNAL:
        return (
            f"`{coupling.path}:{coupling.line}` ({coupling.source}) receives "
            f"`{coupling.detail}`: an event published by {coupling.target}"
        )
    return f"`{coupling.path}:{coupling.line}` ({coupling.source}) imports `{coupling.detail}`"

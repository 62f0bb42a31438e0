"""The plan as Markdown: what `--dry-run` prints and what docs/adoption.md keeps."""

from __future__ import annotations

from shipyard.adopt.plan import Plan


def render_plan(plan: Plan) -> str:
    analysis = plan.analysis
    lines = [
        f"# Adoption of {analysis.name}",
        "",
        "Written by `shipyard adopt`: what it found, what it moved, renamed, translated and "
        "rewrote, and what it left for a person to do.",
        "",
        "## Members found",
        "",
        "| member | role | runtime | was | now | code |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for member in analysis.members:
        code = ", ".join(f"`{c.name}`" for c in member.code) or "-"
        was = "(root)" if member.old.as_posix() == "." else f"{member.old.as_posix()}/"
        if member.shared:
            was += " (shared through sys.path)"
        runtime = member.runtime.value if member.runtime else "-"
        lines.append(
            f"| {member.name} | {member.role.value} | {runtime} | {was} | "
            f"{member.new.as_posix()}/ | {code} |"
        )
    if analysis.root_declared is not None:
        lines += ["", "The root's own declarations are tools for every member: they go to the "
                      "root's dev group."]  # fmt: skip
    lines += ["", "## Moves (`git mv`)", ""]
    lines += [f"- `{m.old.as_posix()}` -> `{m.new.as_posix()}`" for m in plan.moves] or ["- none"]
    lines += ["", "## Renames", ""]
    lines += [
        f"- `{r.old}` -> `{r.new}` in {'every member' if r.member == '*' else r.member}: {r.reason}"
        for r in plan.layout.renames
    ] or ["- none"]
    translation = plan.translation
    lines += ["", "## Dependencies", ""]
    for name, deps in sorted(translation.members.items()):
        listed = ", ".join(f"`{d}`" for d in (*deps.runtime, *deps.workspace)) or "none"
        lines.append(f"- {name}: {listed}")
        for extra, requirements in sorted(deps.extras.items()):
            lines.append(f"  - extra `{extra}`: {', '.join(f'`{r}`' for r in requirements)}")
    lines.append(f"- root dev group: {', '.join(f'`{d}`' for d in translation.dev) or 'none'}")
    for group, requirements in translation.groups.items():
        lines.append(f"- root group {group}: {', '.join(f'`{r}`' for r in requirements)}")
    lines.append(
        f"- constraints (the old pins, `[tool.uv] constraint-dependencies`): "
        f"{', '.join(f'`{c}`' for c in translation.constraints) or 'none'}"
    )
    lines += ["", "Replaced by the pyproject files (removed):", ""]
    lines += [f"- `{p.as_posix()}`" for p in plan.removed] or ["- nothing"]
    lines += ["", "## Codemods", "", "| file | edits |", "| --- | --- |"]
    for edit in plan.edits:
        counts = ", ".join(f"{kind}: {n}" for kind, n in sorted(edit.counts.items()))
        lines.append(f"| `{edit.path.as_posix()}` | {counts} |")
    total = sum(n for e in plan.edits for n in e.counts.values())
    lines += ["", f"{total} edits in {len(plan.edits)} files.", "", "## Generated", ""]
    lines += [f"- `{p.as_posix()}`" for p in plan.generated]
    lines += ["", "## Left for you", ""]
    lines += [f"- `{n.where}`: {n.message}" for n in plan.notes] or ["- nothing"]
    lines += [
        "", "## Next", "",
        "1. `uv sync && make test-all`: each member's tests, from its own folder.",
        "2. `shipyard check`: what the rules find that adopt could not fix.",
        "3. Fix those you can; accept the rest for now with `shipyard check --baseline "
        "check-baseline.json --update-baseline`: `make check` and CI then fail only on new ones.",
        "4. Commit, and let CI (`.github/workflows/`) run the same.",
    ]  # fmt: skip
    return "\n".join(lines) + "\n"

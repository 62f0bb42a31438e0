"""How `adopt --verify` shows its result: per member, the outcomes before and after, every
test whose outcome changed, and the distributions the workspace no longer installs."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from shipyard.adopt.verify import ERRORED, FAILED, PASSED, Verification


def show_verification(console: Console, result: Verification) -> None:
    table = Table(title="Tests before and after the adoption")
    for column in ("member", "before", "after", "verified"):
        table.add_column(column)
    for member in result.members:
        table.add_row(
            member.name,
            _counts(member.before.count, member.before.problem),
            _counts(member.after.count, member.after.problem),
            "yes" if member.verified else "no",
        )
    console.print(table)
    for member in result.members:
        for side, run in (("before", member.before), ("after", member.after)):
            if run.problem is not None:
                console.print(f"  {member.name} {side}: {run.problem}", markup=False)
        for test, before, after in member.changed:
            console.print(f"  {member.name}: {test}: {before} -> {after}", markup=False)
        if member.dropped:
            console.print(
                f"  {member.name}: installed before, not in the workspace: "
                f"{', '.join(member.dropped)}",
                markup=False,
            )
    if not result.tested:
        console.print(
            "Adoption NOT verified: no test ran before the adoption, so nothing is proven; "
            "the members' imports and commands are yours to try."
        )
        return
    verdict = "verified" if result.verified else "NOT verified"
    console.print(
        f"Adoption {verdict}: every test that passed before "
        f"{'passes' if result.verified else 'must pass'} after."
    )


def _counts(count: object, problem: str | None) -> str:
    if problem is not None:
        return "did not run (below)"
    assert callable(count)
    return f"{count(PASSED)} passed, {count(FAILED)} failed, {count(ERRORED)} errored"

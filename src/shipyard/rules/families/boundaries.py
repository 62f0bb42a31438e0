"""SY101, SY102: services never import each other; libraries never import services.

Every import counts, tests and `TYPE_CHECKING` ones included: a type-only import of another
service's schema still couples the two release cycles.
"""

from __future__ import annotations

from collections.abc import Iterator

from shipyard.rules.context import CheckContext
from shipyard.rules.finding import Finding, Severity
from shipyard.rules.registry import REGISTRY
from shipyard.workspace import Member

CROSS_SERVICE = REGISTRY.rule(
    "SY101", "cross-service-import", Severity.ERROR,
    "A service or worker imports another service's or worker's package.",
)  # fmt: skip
LIB_IMPORTS_SERVICE = REGISTRY.rule(
    "SY102", "lib-imports-service", Severity.ERROR, "A shared library imports a service or worker."
)


def violated_rule(source: Member, target: Member) -> str | None:
    """The boundary rule an import from `source` into `target` breaks, if any."""
    if target is source or not target.deployed:
        return None
    return CROSS_SERVICE.code if source.deployed else LIB_IMPORTS_SERVICE.code


@REGISTRY.member_check(CROSS_SERVICE, LIB_IMPORTS_SERVICE)
def check_boundaries(context: CheckContext, member: Member) -> Iterator[Finding]:
    for found in context.graph.of_member(member):
        target = found.target
        code = violated_rule(member, target) if target else None
        if target is None or code is None:
            continue
        rule = REGISTRY.rules[code]
        how = "importlib" if found.dynamic else "import"
        message = (
            f"{member.role} {member.name} imports {found.module} from {target.role} "
            f"{target.name} ({how}); call it over HTTP or share a contract through a lib"
            if code == CROSS_SERVICE.code
            else f"lib {member.name} imports {found.module} from {target.role} {target.name}; "
            "move the shared code into a lib"
        )
        yield rule.finding(found.path, found.line, found.col, message)

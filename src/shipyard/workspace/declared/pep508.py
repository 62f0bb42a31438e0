"""PEP 508 requirement strings -> `Requirement`, through packaging (imported only when used)."""

from __future__ import annotations

from shipyard.workspace.declared.model import Requirement
from shipyard.workspace.model import canonical_name

# Lower bounds first, then exclusions, then upper bounds: `>=1.2,<2.0` reads as a range.
_OPERATOR_RANK = {"===": 0, "==": 0, "~=": 1, ">=": 2, ">": 2, "!=": 3, "<=": 4, "<": 4}


class InvalidRequirementError(ValueError):
    """A string that is not a PEP 508 requirement; the message is one line."""


def parse_requirement(text: str, *, group: str, source: str, url: str | None = None) -> Requirement:
    """Parse `text`; `url` overrides the direct reference (a requirements file's bare URL)."""
    from packaging.requirements import InvalidRequirement
    from packaging.requirements import Requirement as Pep508

    try:
        parsed = Pep508(text)
    except InvalidRequirement as exc:
        reason = str(exc).splitlines()[0].rstrip(".")
        raise InvalidRequirementError(f"{text!r} is not a valid requirement ({reason})") from None
    return Requirement(
        name=canonical_name(parsed.name),
        specifier=normalise_specifier(str(parsed.specifier)),
        marker=str(parsed.marker) if parsed.marker is not None else None,
        extras=tuple(sorted(canonical_name(e) for e in parsed.extras)),
        url=url if url is not None else parsed.url,
        group=group,
        source=source,
    )


def normalise_specifier(text: str) -> str:
    """`<2, >=1.2` -> `>=1.2,<2`: packaging's spelling of each clause, in a stable order."""
    from packaging.specifiers import SpecifierSet

    clauses = list(SpecifierSet(text))
    clauses.sort(key=lambda s: (_OPERATOR_RANK.get(s.operator, 5), s.version))
    return ",".join(str(s) for s in clauses)

"""Change: the one value the diff rules yield and every renderer reads, and the table of codes.

Codes CT1xx are HTTP changes that break a caller, CT2xx HTTP changes that don't, CT3xx task
changes that break messages already queued, CT4xx task changes that don't."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    breaking: bool
    advice: str = ""


_CODES = [
    # HTTP, breaking: what a caller written against the old contract sends or reads fails.
    Code("CT101", "operation-removed", True, "keep it, or add the new version next to it"),
    Code("CT102", "required-parameter-added", True, "give it a default, or make it optional"),
    Code("CT103", "required-request-field-added", True, "give it a default"),
    Code("CT104", "request-type-narrowed", True, "accept what was accepted before"),
    Code("CT105", "request-enum-value-removed", True, "keep accepting the value"),
    Code("CT106", "request-field-removed", True, "keep accepting it (the body forbids extras)"),
    Code("CT107", "response-field-removed", True, "keep sending it"),
    Code("CT108", "response-field-made-nullable", True, "add a new field instead"),
    Code("CT109", "response-enum-widened", True, "version the endpoint; callers match values"),
    Code("CT110", "response-type-changed", True, "add a new field instead"),
    Code("CT111", "success-status-removed", True, "keep answering with it"),
    Code("CT112", "content-type-changed", True, "keep the old media type next to the new"),
    Code("CT113", "security-added", True, "version the endpoint"),
    # HTTP, compatible.
    Code("CT201", "operation-added", False),
    Code("CT202", "optional-parameter-added", False),
    Code("CT203", "optional-request-field-added", False),
    Code("CT204", "response-field-added", False),
    Code("CT205", "request-widened", False),
    Code("CT206", "response-narrowed", False),
    Code("CT207", "input-removed", False),
    Code("CT208", "status-added", False),
    Code("CT209", "non-success-status-removed", False),
    Code("CT210", "deprecation-changed", False),
    Code("CT211", "security-removed", False),
    Code("CT212", "content-type-added", False),
    # Tasks, breaking: a message already queued, or sent by a publisher not yet redeployed,
    # no longer reaches or satisfies the worker.
    Code(
        "CT301",
        "task-removed",
        True,
        "drain its queue first, or keep the contract until it is empty",
    ),
    Code(
        "CT302",
        "task-renamed",
        True,
        "keep the old name, or add a new versioned contract and drain the old one first",
    ),
    Code(
        "CT303",
        "task-queue-changed",
        True,
        "drain the old queue first, or have workers consume both queues meanwhile",
    ),
    Code(
        "CT304",
        "task-required-field-added",
        True,
        "give the field a default, or add a new versioned contract",
    ),
    Code(
        "CT305",
        "task-field-removed",
        True,
        "keep the field (queued messages carry it), or add a new versioned contract",
    ),
    Code(
        "CT306",
        "task-field-retyped",
        True,
        "add a new versioned contract and drain the old one first",
    ),
    # Tasks, compatible.
    Code("CT401", "task-added", False),
    Code("CT402", "task-optional-field-added", False),
    Code("CT403", "task-field-widened", False),
    Code("CT404", "task-version-changed", False),
]
CODES: dict[str, Code] = {c.code: c for c in _CODES}


@dataclass(frozen=True, order=True)
class Change:
    # Field order is the sort order of a report: by file, then subject, then code.
    path: str
    """The snapshot the change is reported against, root-relative, forward slashes."""
    subject: str
    """`GET /api/v1/items/{item_id}`, or a task's name."""
    code: str
    detail: str
    """What changed, in one clause: `response field 'price' removed`."""
    consumers: tuple[str, ...] = field(default=(), compare=False)
    """Members that use the changed operation or task (filled in by `consumers`)."""

    @property
    def breaking(self) -> bool:
        return CODES[self.code].breaking

    @property
    def blocking(self) -> bool:
        """Breaking for someone in this workspace: what fails `contracts check`."""
        return self.breaking and bool(self.consumers)

    @property
    def message(self) -> str:
        info = CODES[self.code]
        text = f"{self.subject}: {self.detail}"
        if not info.breaking:
            return text
        if self.consumers:
            text += f"; breaks {', '.join(self.consumers)}"
        else:
            text += "; no consumer in this workspace"
        return f"{text} ({info.advice})" if info.advice else text

"""Every change to a workspace: a plan of files written atomically with a journal, under the
workspace lock, rolled back on any failure or signal (SIGINT, SIGTERM, SIGHUP)."""

from shipyard.changes.files import Action, FilePlan, PlannedFile, apply, describe
from shipyard.changes.lock import workspace_lock
from shipyard.changes.signals import critical, interruptible

__all__ = [
    "Action",
    "FilePlan",
    "PlannedFile",
    "apply",
    "critical",
    "describe",
    "interruptible",
    "workspace_lock",
]

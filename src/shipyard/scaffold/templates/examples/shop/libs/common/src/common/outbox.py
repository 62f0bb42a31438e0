"""The notification outbox: one JSON file per notification, for a mailer (or a person) to
send. Writing the same notification twice leaves one file, so a redelivered task is harmless."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict


class OutboxSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    # Relative to the worker's working directory (the workspace root under `shipyard up`).
    outbox_dir: Path = Path("outbox")


def write_notification(key: str, notification: dict[str, Any], directory: Path) -> Path:
    """Write atomically (temp file, then rename): a reader never sees half a notification."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{key}.json"
    with tempfile.NamedTemporaryFile("w", dir=directory, suffix=".tmp", delete=False) as file:
        json.dump(notification, file, indent=2, sort_keys=True)
    Path(file.name).replace(target)
    target.chmod(0o644)  # temp files are private; the outbox is for a mailer to read
    return target

"""Settings of this service, from the environment and an optional `.env` file.

Variables start with the service's prefix (ORDERS_);
DATABASE_URL, ENV and CATALOG_URL also work without it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, Self

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./orders.db"
# Passwords that appear in examples and compose files: production must never run with one.
DEVELOPMENT_PASSWORDS = frozenset({"", "postgres", "password", "changeme", "development"})


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ORDERS_",
        env_file=".env",
        extra="ignore",
        validate_by_name=True,
    )

    # The unprefixed names let one shared `.env` configure every service of the workspace;
    # the prefixed ones win when a single service needs something else.
    env: Literal["development", "test", "production"] = Field(
        default="development", validation_alias=AliasChoices("ORDERS_ENV", "ENV")
    )
    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        validation_alias=AliasChoices("ORDERS_DATABASE_URL", "DATABASE_URL"),
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Set by `shipyard up`, compose and the Kubernetes ConfigMap ([tool.shipyard] calls).
    catalog_url: str = Field(
        default="http://127.0.0.1:8001",
        validation_alias=AliasChoices("ORDERS_CATALOG_URL", "CATALOG_URL"),
    )
    # Per attempt; with retries a call to catalog takes at most about 3 x this plus backoff.
    catalog_timeout: float = Field(default=2.0, gt=0)

    @model_validator(mode="after")
    def refuse_development_secrets_in_production(self) -> Self:
        if self.env != "production":
            return self
        if self.database_url == DEFAULT_DATABASE_URL:
            raise ValueError("DATABASE_URL (or ORDERS_DATABASE_URL) must be set when ENV=production")
        url = make_url(self.database_url)
        if url.get_backend_name() != "sqlite" and (url.password or "") in DEVELOPMENT_PASSWORDS:
            raise ValueError(
                "the database password is missing or a development value; "
                "set a real one when ENV=production"
            )
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()

"""Typed SQLAlchemy 2 models. A change here needs a migration: see the README."""

from __future__ import annotations

from sqlalchemy import MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from common.tasks.outbox import add_outbox_table

ORDER_ID_LENGTH = 32  # uuid4().hex
NAME_MAX_LENGTH = 200
URL_MAX_LENGTH = 2000


# Named constraints keep migrations reproducible and let SQLite alter tables in batch mode.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Order(Base):
    __tablename__ = "orders"

    id: Mapped[str] = mapped_column(String(ORDER_ID_LENGTH), primary_key=True)
    # catalog's product id: another service's key, so no foreign key.
    product_id: Mapped[int]
    product_name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH))
    quantity: Mapped[int]
    total_cents: Mapped[int]
    callback_url: Mapped[str | None] = mapped_column(String(URL_MAX_LENGTH))


# The table of common.tasks.outbox, where tasks wait to be published, migrated with these.
add_outbox_table(Base.metadata)

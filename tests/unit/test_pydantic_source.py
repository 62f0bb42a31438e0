"""The pydantic source `contracts from-serializers` writes from serializer shapes: one class a
direction a serializer, nested serializers as classes of their own, what DRF accepts as
optional as `X | None = None`, limits as Field arguments, unsafe names aliased."""

from __future__ import annotations

import ast
from typing import Any

from shipyard.contracts.pydantic_source import SerializerShapes, contract_test, contracts_module


def shape(kind: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "nullable": False, "required": True, "choices": [], "item": None,
            "fields": [], "name": "", **extra}  # fmt: skip


AUTHOR = shape("object", name="AuthorSerializer", fields=[["id", shape("int")]])
BOOK = SerializerShapes(
    "library.serializers",
    "BookSerializer",
    input=shape("object", name="BookSerializer", fields=[
        ["title", shape("str", max_length=200)],
        ["pages", shape("int", required=False, nullable=True, min_value=1)],
        ["genre", shape("choice", choices=["novel", "essay"])],
        ["class", shape("str", required=False, nullable=True)],
    ]),
    output=shape("object", name="BookSerializer", fields=[
        ["id", shape("uuid")],
        ["title", shape("str")],
        ["price", shape("decimal", nullable=True)],
        ["published", shape("date")],
        ["tags", shape("list", item=shape("str"))],
        ["author", AUTHOR],
        ["extra", shape("any", nullable=True)],
        ["json", shape("dict", item=shape("int"))],
    ]),
)  # fmt: skip


def test_each_serializer_gets_an_out_and_an_in_model() -> None:
    text, contracts = contracts_module("library", ["library.serializers"], [BOOK])

    ast.parse(text)
    assert [(c.model, c.direction) for c in contracts] == [
        ("BookOut", "output"),
        ("BookIn", "input"),
    ]
    assert "class AuthorOut(BaseModel):\n    id: int\n" in text
    assert text.index("class AuthorOut") < text.index("class BookOut")
    assert (
        "class BookOut(BaseModel):\n"
        "    id: UUID\n"
        "    title: str\n"
        "    price: Decimal | None\n"
        "    published: date\n"
        "    tags: list[str]\n"
        "    author: AuthorOut\n"
        "    extra: Any\n"
        "    json_: dict[str, int] = Field(alias='json')\n"
    ) in text


def test_the_input_model_says_what_is_optional_and_limited() -> None:
    text, _ = contracts_module("library", ["library.serializers"], [BOOK])

    assert "    title: str = Field(max_length=200)\n" in text
    assert "    pages: int | None = Field(default=None, ge=1)\n" in text
    assert "    genre: Literal['novel', 'essay']\n" in text
    assert "    class_: str | None = Field(default=None, alias='class')\n" in text
    for line in ("from datetime import date", "from decimal import Decimal",
                 "from typing import Any, Literal", "from uuid import UUID"):  # fmt: skip
        assert line in text.splitlines()


def test_the_same_nested_serializer_is_one_class_and_a_different_one_another() -> None:
    other_author = shape("object", name="AuthorSerializer", fields=[["name", shape("str")]])
    review = SerializerShapes(
        "library.serializers",
        "ReviewSerializer",
        input=shape("object", fields=[]),
        output=shape("object", fields=[["by", other_author], ["of", AUTHOR]]),
    )

    text, contracts = contracts_module("library", ["library.serializers"], [BOOK, review])

    assert text.count("class AuthorOut(BaseModel)") == 1
    assert "class AuthorOut2(BaseModel):\n    name: str\n" in text
    assert "    by: AuthorOut2\n    of: AuthorOut\n" in text
    assert [c.model for c in contracts] == ["BookOut", "BookIn", "ReviewOut"]


def test_the_contract_test_checks_every_contract_of_every_serializer() -> None:
    _, contracts = contracts_module("library", ["library.serializers"], [BOOK])

    text = contract_test("library", "core", "library.contracts.v1.schemas", contracts)

    ast.parse(text)
    assert "from core.contracts import Direction, breaking_changes\n" in text
    assert "from library.contracts.v1 import schemas\n" in text
    assert "from library.serializers import BookSerializer\n" in text
    assert "    pytest.param(BookSerializer, schemas.BookIn, 'input', id='BookIn'),\n" in text
    assert "    assert breaking_changes(contract, serializer(), direction) == []\n" in text


def test_the_same_shapes_give_the_same_text() -> None:
    first = contracts_module("library", ["library.serializers"], [BOOK])[0]

    assert contracts_module("library", ["library.serializers"], [BOOK])[0] == first

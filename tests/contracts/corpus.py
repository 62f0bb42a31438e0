"""A corpus of spec changes: each a pair of small OpenAPI documents and the verdict a reviewer
who knows HTTP would give. `base()` is an items service as FastAPI describes it (OpenAPI 3.1);
each case edits a copy of it.

`codes` is the exact set of change codes shipyard must report; `breaking` whether any of them
breaks a caller written against the old document.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Doc = dict[str, Any]


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def base() -> Doc:
    item_read = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string", "maxLength": 200},
            "description": {"type": "string"},
            "status": {"type": "string", "enum": ["active", "archived"]},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["id", "name", "description", "status", "tags"],
    }
    item_create = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 200},
            "description": {"type": "string", "default": ""},
            "status": {"type": "string", "enum": ["active", "archived"], "default": "active"},
            "price": {"type": "number", "minimum": 0},
        },
        "required": ["name", "price"],
    }
    page = {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": ref("ItemRead")},
            "total": {"type": "integer"},
        },
        "required": ["items", "total"],
    }
    problem = {"content": {"application/problem+json": {"schema": {"type": "object"}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "items", "version": "0.1.0"},
        "paths": {
            "/api/v1/items": {
                "get": {
                    "operationId": "list_items",
                    "parameters": [
                        {
                            "name": "limit",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "integer", "maximum": 100, "default": 20},
                        }
                    ],
                    "responses": {"200": json_body(ref("ItemPage"))},
                },
                "post": {
                    "operationId": "create_item",
                    "requestBody": {"required": True, **json_body(ref("ItemCreate"))},
                    "responses": {"201": json_body(ref("ItemRead")), "422": problem},
                },
            },
            "/api/v1/items/{item_id}": {
                "get": {
                    "operationId": "get_item",
                    "parameters": [
                        {
                            "name": "item_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {"200": json_body(ref("ItemRead")), "404": problem},
                },
                "delete": {
                    "operationId": "delete_item",
                    "parameters": [
                        {
                            "name": "item_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {"204": {"description": "deleted"}},
                },
            },
        },
        "components": {
            "schemas": {"ItemRead": item_read, "ItemCreate": item_create, "ItemPage": page}
        },
    }


@dataclass(frozen=True)
class Case:
    id: str
    edit: Callable[[Doc], None]
    breaking: bool
    codes: frozenset[str]

    def documents(self) -> tuple[Doc, Doc]:
        old = base()
        new = copy.deepcopy(old)
        self.edit(new)
        return _described(old), _described(new)


def _described(doc: Doc) -> Doc:
    """Every response gets the description OpenAPI requires (validating tools insist)."""
    for item in doc["paths"].values():
        for operation in item.values():
            for response in operation["responses"].values():
                response.setdefault("description", "")
    return doc


def schemas(doc: Doc) -> dict[str, Any]:
    found: dict[str, Any] = doc["components"]["schemas"]
    return found


def props(doc: Doc, model: str) -> dict[str, Any]:
    found: dict[str, Any] = schemas(doc)[model]["properties"]
    return found


def op(doc: Doc, path: str, method: str) -> dict[str, Any]:
    found: dict[str, Any] = doc["paths"][path][method]
    return found


ITEMS, ITEM = "/api/v1/items", "/api/v1/items/{item_id}"


def _nothing(doc: Doc) -> None:
    pass


def _remove_path(doc: Doc) -> None:
    del doc["paths"][ITEM]


def _remove_method(doc: Doc) -> None:
    del doc["paths"][ITEM]["delete"]


def _add_v2(doc: Doc) -> None:
    doc["paths"]["/api/v2/items/{item_id}"] = copy.deepcopy(doc["paths"][ITEM])


def _replace_v1_by_v2(doc: Doc) -> None:
    doc["paths"]["/api/v2/items/{item_id}"] = doc["paths"].pop(ITEM)


def _add_operation(doc: Doc) -> None:
    doc["paths"][ITEM]["patch"] = {"responses": {"200": json_body(ref("ItemRead"))}}


def _rename_path_parameter(doc: Doc) -> None:
    item = doc["paths"].pop(ITEM)
    for method in item.values():
        method["parameters"][0]["name"] = "id"
    doc["paths"]["/api/v1/items/{id}"] = item


def _add_required_query(doc: Doc) -> None:
    op(doc, ITEMS, "get")["parameters"].append(
        {"name": "tenant", "in": "query", "required": True, "schema": {"type": "string"}}
    )


def _add_optional_query(doc: Doc) -> None:
    op(doc, ITEMS, "get")["parameters"].append(
        {"name": "q", "in": "query", "required": False, "schema": {"type": "string"}}
    )


def _add_required_header(doc: Doc) -> None:
    op(doc, ITEMS, "get")["parameters"].append(
        {"name": "X-Tenant", "in": "header", "required": True, "schema": {"type": "string"}}
    )


def _make_query_required(doc: Doc) -> None:
    op(doc, ITEMS, "get")["parameters"][0]["required"] = True


def _remove_query(doc: Doc) -> None:
    op(doc, ITEMS, "get")["parameters"].clear()


def _lower_query_maximum(doc: Doc) -> None:
    op(doc, ITEMS, "get")["parameters"][0]["schema"]["maximum"] = 50


def _raise_query_maximum(doc: Doc) -> None:
    op(doc, ITEMS, "get")["parameters"][0]["schema"]["maximum"] = 500


def _query_to_string(doc: Doc) -> None:
    op(doc, ITEMS, "get")["parameters"][0]["schema"] = {"type": "string"}


def _path_param_to_string(doc: Doc) -> None:
    for method in doc["paths"][ITEM].values():
        method["parameters"][0]["schema"] = {"type": "string"}


def _add_required_field(doc: Doc) -> None:
    props(doc, "ItemCreate")["sku"] = {"type": "string"}
    schemas(doc)["ItemCreate"]["required"].append("sku")


def _add_optional_field(doc: Doc) -> None:
    props(doc, "ItemCreate")["sku"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}


def _make_field_required(doc: Doc) -> None:
    schemas(doc)["ItemCreate"]["required"].append("description")


def _make_field_optional(doc: Doc) -> None:
    schemas(doc)["ItemCreate"]["required"].remove("price")


def _remove_request_field_closed(doc: Doc) -> None:
    del props(doc, "ItemCreate")["description"]


def _remove_request_field_open(doc: Doc) -> None:
    del schemas(doc)["ItemCreate"]["additionalProperties"]
    del props(doc, "ItemCreate")["description"]


def _number_to_integer(doc: Doc) -> None:
    props(doc, "ItemCreate")["price"]["type"] = "integer"


def _lower_max_length(doc: Doc) -> None:
    props(doc, "ItemCreate")["name"]["maxLength"] = 100


def _raise_max_length(doc: Doc) -> None:
    props(doc, "ItemCreate")["name"]["maxLength"] = 500


def _add_pattern(doc: Doc) -> None:
    props(doc, "ItemCreate")["name"]["pattern"] = "^[a-z]+$"


def _raise_min_length(doc: Doc) -> None:
    props(doc, "ItemCreate")["name"]["minLength"] = 3


def _remove_request_enum_value(doc: Doc) -> None:
    props(doc, "ItemCreate")["status"]["enum"] = ["active"]


def _add_request_enum_value(doc: Doc) -> None:
    props(doc, "ItemCreate")["status"]["enum"].append("draft")


def _request_field_nullable(doc: Doc) -> None:
    price = props(doc, "ItemCreate")["price"]
    props(doc, "ItemCreate")["price"] = {"anyOf": [price, {"type": "null"}]}


def _make_body_required(doc: Doc) -> None:
    doc["paths"][ITEM]["delete"]["requestBody"] = {
        "required": True,
        **json_body({"type": "object"}),
    }


def _request_content_type_changed(doc: Doc) -> None:
    body = op(doc, ITEMS, "post")["requestBody"]
    body["content"] = {"application/x-www-form-urlencoded": body["content"]["application/json"]}


def _request_content_type_added(doc: Doc) -> None:
    body = op(doc, ITEMS, "post")["requestBody"]
    body["content"]["application/xml"] = body["content"]["application/json"]


def _remove_response_field(doc: Doc) -> None:
    del props(doc, "ItemRead")["description"]
    schemas(doc)["ItemRead"]["required"].remove("description")


def _response_field_optional(doc: Doc) -> None:
    schemas(doc)["ItemRead"]["required"].remove("description")


def _response_field_nullable(doc: Doc) -> None:
    props(doc, "ItemRead")["description"] = {"anyOf": [{"type": "string"}, {"type": "null"}]}


def _response_field_nullable_3_0(doc: Doc) -> None:
    props(doc, "ItemRead")["description"]["nullable"] = True


def _add_response_field(doc: Doc) -> None:
    props(doc, "ItemRead")["created_at"] = {"type": "string", "format": "date-time"}
    schemas(doc)["ItemRead"]["required"].append("created_at")


def _widen_response_enum(doc: Doc) -> None:
    props(doc, "ItemRead")["status"]["enum"].append("deleted")


def _narrow_response_enum(doc: Doc) -> None:
    props(doc, "ItemRead")["status"]["enum"] = ["active"]


def _response_integer_to_string(doc: Doc) -> None:
    props(doc, "ItemRead")["id"] = {"type": "string"}


def _response_integer_to_number(doc: Doc) -> None:
    props(doc, "ItemRead")["id"] = {"type": "number"}


def _response_nested_item_field_removed(doc: Doc) -> None:
    props(doc, "ItemRead")["tags"]["items"] = {"type": "integer"}


def _remove_success_status(doc: Doc) -> None:
    responses = op(doc, ITEMS, "post")["responses"]
    responses["200"] = responses.pop("201")


def _remove_error_status(doc: Doc) -> None:
    del op(doc, ITEM, "get")["responses"]["404"]


def _add_status(doc: Doc) -> None:
    op(doc, ITEM, "get")["responses"]["410"] = {"description": "gone"}


def _response_content_type_changed(doc: Doc) -> None:
    responses = op(doc, ITEM, "get")["responses"]
    content = responses["200"]["content"]
    content["application/xml"] = content.pop("application/json")


def _add_security(doc: Doc) -> None:
    op(doc, ITEM, "get")["security"] = [{"bearer": []}]


def _add_global_security(doc: Doc) -> None:
    doc["security"] = [{"apiKey": []}]


def _deprecate(doc: Doc) -> None:
    op(doc, ITEM, "delete")["deprecated"] = True


def _rename_schema(doc: Doc) -> None:
    """Renaming a component is invisible to a caller: only the shapes count."""
    schemas(doc)["Item"] = schemas(doc).pop("ItemRead")
    for path in doc["paths"].values():
        for method in path.values():
            for response in method["responses"].values():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if schema == ref("ItemRead"):
                    response["content"]["application/json"]["schema"] = ref("Item")
    props(doc, "ItemPage")["items"]["items"] = ref("Item")


def _inline_schema(doc: Doc) -> None:
    op(doc, ITEM, "get")["responses"]["200"] = json_body(copy.deepcopy(schemas(doc)["ItemRead"]))


def _nested_page_field_removed(doc: Doc) -> None:
    del props(doc, "ItemRead")["name"]
    schemas(doc)["ItemRead"]["required"].remove("name")


def _trailing_slash(doc: Doc) -> None:
    doc["paths"][ITEMS + "/"] = doc["paths"].pop(ITEMS)


def _description_only(doc: Doc) -> None:
    op(doc, ITEMS, "get")["description"] = "Every item, a page at a time."
    props(doc, "ItemRead")["name"]["description"] = "What people call it."


def _default_changed(doc: Doc) -> None:
    op(doc, ITEMS, "get")["parameters"][0]["schema"]["default"] = 50


def _request_union_member_removed(doc: Doc) -> None:
    props(doc, "ItemCreate")["price"] = {"anyOf": [{"type": "number"}, {"type": "string"}]}


def _request_format_added(doc: Doc) -> None:
    props(doc, "ItemCreate")["description"]["format"] = "uri"


def _response_array_to_object(doc: Doc) -> None:
    props(doc, "ItemRead")["tags"] = {"type": "object", "additionalProperties": {"type": "string"}}


def _recursive_schema(doc: Doc) -> None:
    props(doc, "ItemRead")["parent"] = {"anyOf": [ref("ItemRead"), {"type": "null"}]}


def c(id: str, edit: Callable[[Doc], None], breaking: bool, *codes: str) -> Case:
    return Case(id, edit, breaking, frozenset(codes))


CASES = [
    c("identical", _nothing, False),
    c("description-only", _description_only, False),
    c("default-changed", _default_changed, False),
    c("path-removed", _remove_path, True, "CT101"),
    c("method-removed", _remove_method, True, "CT101"),
    c("v2-added-next-to-v1", _add_v2, False, "CT201"),
    c("v1-replaced-by-v2", _replace_v1_by_v2, True, "CT101", "CT201"),
    c("operation-added", _add_operation, False, "CT201"),
    c("path-parameter-renamed", _rename_path_parameter, False),
    c("trailing-slash", _trailing_slash, True, "CT101", "CT201"),
    c("required-query-added", _add_required_query, True, "CT102"),
    c("optional-query-added", _add_optional_query, False, "CT202"),
    c("required-header-added", _add_required_header, True, "CT102"),
    c("query-made-required", _make_query_required, True, "CT102"),
    c("query-removed", _remove_query, False, "CT207"),
    c("query-maximum-lowered", _lower_query_maximum, True, "CT104"),
    c("query-maximum-raised", _raise_query_maximum, False, "CT205"),
    c("query-integer-to-string", _query_to_string, True, "CT104"),
    c("path-parameter-integer-to-string", _path_param_to_string, True, "CT104"),
    c("required-request-field-added", _add_required_field, True, "CT103"),
    c("optional-request-field-added", _add_optional_field, False, "CT203"),
    c("request-field-made-required", _make_field_required, True, "CT103"),
    c("request-field-made-optional", _make_field_optional, False, "CT205"),
    c("request-field-removed-extra-forbidden", _remove_request_field_closed, True, "CT106"),
    c("request-field-removed-extra-allowed", _remove_request_field_open, False, "CT207"),
    c("request-number-to-integer", _number_to_integer, True, "CT104"),
    c("request-max-length-lowered", _lower_max_length, True, "CT104"),
    c("request-max-length-raised", _raise_max_length, False, "CT205"),
    c("request-pattern-added", _add_pattern, True, "CT104"),
    c("request-min-length-raised", _raise_min_length, True, "CT104"),
    c("request-format-added", _request_format_added, True, "CT104"),
    c("request-enum-value-removed", _remove_request_enum_value, True, "CT105"),
    c("request-enum-value-added", _add_request_enum_value, False, "CT205"),
    c("request-field-made-nullable", _request_field_nullable, False, "CT205"),
    c("request-union-widened", _request_union_member_removed, False, "CT205"),
    c("request-body-made-required", _make_body_required, True, "CT103"),
    c("request-content-type-changed", _request_content_type_changed, True, "CT112", "CT212"),
    c("request-content-type-added", _request_content_type_added, False, "CT212"),
    c("response-field-removed", _remove_response_field, True, "CT107"),
    c("response-field-made-optional", _response_field_optional, True, "CT107"),
    c("response-field-made-nullable", _response_field_nullable, True, "CT108"),
    c("response-field-made-nullable-openapi-3.0", _response_field_nullable_3_0, True, "CT108"),
    c("response-field-added", _add_response_field, False, "CT204"),
    c("response-enum-widened", _widen_response_enum, True, "CT109"),
    c("response-enum-narrowed", _narrow_response_enum, False, "CT206"),
    c("response-integer-to-string", _response_integer_to_string, True, "CT110"),
    c("response-integer-to-number", _response_integer_to_number, True, "CT110"),
    c("response-array-items-retyped", _response_nested_item_field_removed, True, "CT110"),
    c("response-array-to-object", _response_array_to_object, True, "CT110"),
    c("response-nested-field-removed", _nested_page_field_removed, True, "CT107"),
    c("success-status-removed", _remove_success_status, True, "CT111", "CT208"),
    c("error-status-removed", _remove_error_status, False, "CT209"),
    c("status-added", _add_status, False, "CT208"),
    c("response-content-type-changed", _response_content_type_changed, True, "CT112"),
    c("security-added", _add_security, True, "CT113"),
    c("global-security-added", _add_global_security, True, "CT113"),
    c("operation-deprecated", _deprecate, False, "CT210"),
    c("schema-renamed", _rename_schema, False),
    c("schema-inlined", _inline_schema, False),
    c("recursive-field-added", _recursive_schema, False, "CT204"),
]

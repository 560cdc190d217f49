"""The OpenAPI document: one class per component name, request bodies documented as accepted."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ninja import Schema

from rempart.api.app import api


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def test_no_two_api_schemas_share_a_component_name() -> None:
    # ninja names components after the class: two classes of one name would silently become one
    # component and document one of the two bodies wrong.
    by_name: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("rempart."):
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: places for name, places in by_name.items() if len(places) > 1}
    assert shared == {}


def _resolve(document: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    name = reference["$ref"].rsplit("/", 1)[-1]
    component: dict[str, Any] = document["components"]["schemas"][name]
    return component


def test_the_release_creation_body_is_documented_as_accepted() -> None:
    document = api.get_openapi_schema()
    operation = document["paths"]["/api/v1/products/{slug}/releases"]["post"]
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    properties = _resolve(document, body)["properties"]
    assert set(properties) == {"version", "release_date", "end_of_support", "status", "notes"}
    # The case body's releases are (product, version) pairs, a schema of their own.
    case = document["paths"]["/api/v1/cases"]["post"]
    case_body = _resolve(document, case["requestBody"]["content"]["application/json"]["schema"])
    items = _resolve(document, case_body["properties"]["releases"]["items"])
    assert set(items["properties"]) == {"product", "version"}

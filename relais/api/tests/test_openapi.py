"""The OpenAPI document describes each schema once, under a name of its own.

django-ninja keeps one component per class name: two classes with the same name (two model enums
called `Kind`, say) silently share one component, and one of them is described with the other's
fields or values. These tests walk every class the operations use and compare it with its component.
"""

import typing
from enum import Enum

import pytest
from ninja.constants import NOT_SET
from pydantic import BaseModel

from relais.api.api import api


def _operations():
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            yield from path_view.operations


def _collect(annotation, found: set) -> None:
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        found.add(annotation)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _collect(field.annotation, found)
    for argument in typing.get_args(annotation):
        _collect(argument, found)


def schema_classes() -> set[type]:
    """Every enum and schema reachable from an operation's parameters, body or responses.

    The operation's own wrappers (parameter containers, ninja's response envelope) are not components:
    only what their fields hold is."""
    found: set[type] = set()
    for operation in _operations():
        wrappers = list(operation.models) + [
            model for model in operation.response_models.values() if model not in (None, NOT_SET)
        ]
        for wrapper in wrappers:
            for field in wrapper.model_fields.values():
                _collect(field.annotation, found)
    return found


@pytest.fixture(scope="module")
def components() -> dict:
    return api.get_openapi_schema()["components"]["schemas"]


def test_the_walk_finds_the_schemas_of_every_router():
    names = {cls.__name__ for cls in schema_classes()}

    assert {"PlaceOut", "ActivityIn", "ArticleKind", "OrganisationKind", "PageQuery", "ErrorOut"} <= names


def test_no_two_schemas_share_a_component_name():
    by_name: dict[str, set[str]] = {}
    for cls in schema_classes():
        by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")

    shared = {name: sorted(origins) for name, origins in by_name.items() if len(origins) > 1}
    assert not shared, f"give these classes distinct names (relais.api.enums.api_enum for choices): {shared}"


def test_every_enum_component_lists_the_values_of_its_enum(components):
    enums = [cls for cls in schema_classes() if issubclass(cls, Enum)]

    assert enums
    for enum in enums:
        assert components[enum.__name__]["enum"] == [member.value for member in enum], enum.__name__


def test_every_schema_component_has_the_fields_of_its_class(components):
    models = [cls for cls in schema_classes() if issubclass(cls, BaseModel)]

    for model in models:
        names = set(model.model_fields)
        aliases = {field.alias or name for name, field in model.model_fields.items()}
        assert set(components[model.__name__].get("properties", {})) in (names, aliases), model.__name__


def test_renamed_enums_keep_the_models_values():
    from relais.api.routers.core import OrganisationKind
    from relais.api.routers.knowledge import ArticleKind, ArticleLicence
    from relais.core.models import Organisation
    from relais.knowledge.models import Article
    from relais.knowledge.vocabularies import Licence

    assert [m.value for m in OrganisationKind] == Organisation.Kind.values
    assert [m.value for m in ArticleKind] == Article.Kind.values
    assert [m.value for m in ArticleLicence] == Licence.values
    assert ArticleKind("learning_sheet") == Article.Kind.LEARNING_SHEET


@pytest.fixture(scope="module")
def documented() -> list[tuple[str, dict]]:
    """("METHOD path", OpenAPI operation) for every operation."""
    paths = api.get_openapi_schema()["paths"]
    return [(f"{method.upper()} {path}", op) for path, ops in paths.items() for method, op in ops.items()]


def _errors(operation: dict) -> set[int]:
    return {int(status) for status in operation["responses"] if int(status) >= 400}


def test_every_error_response_uses_the_one_error_schema(documented, components):
    assert set(components["ErrorOut"]["properties"]) == {"detail", "errors"}
    for label, operation in documented:
        for status in _errors(operation):
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/ErrorOut"}, (label, status)


def test_statuses_that_follow_from_the_request_are_declared_on_every_operation(documented):
    for label, operation in documented:
        errors = _errors(operation)
        assert (401 in errors) == bool(operation.get("security")), label
        assert (404 in errors) or "{" not in label, label
        assert (422 in errors) == bool(operation.get("parameters") or operation.get("requestBody")), label
        assert (400 in errors) == bool(operation.get("requestBody")), label


def test_rule_statuses_are_declared_where_the_operation_applies_them(documented):
    errors = {label: _errors(operation) for label, operation in documented}

    assert 403 in errors["GET /api/v1/beneficiaries/{beneficiary_id}"]
    assert 409 in errors["POST /api/v1/bookings"]
    assert 404 in errors["POST /api/v1/articles"]
    assert errors["POST /api/v1/incidents"] == {400, 404, 409, 422}  # public: no 401
    assert errors["GET /api/v1/organisations"] == {401, 422}

"""One error format for every endpoint: `{"detail": "...", "errors": [{"field": ..., "message": ...}]}`.

The OpenAPI document declares the error statuses of every operation in one place (`document`): those
that follow from what the operation takes (token, path, parameters, body) are added here; an operation
declares in its `response` only the ones that depend on its rules (403, 409, 404 for an id in the body).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class FieldError(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


class Conflict(HttpError):
    """409: the request is valid but a business rule refuses it (the rule is named in `detail`)."""

    def __init__(self, message: str, errors: list[dict] | None = None):
        super().__init__(409, message)
        self.errors = errors or []


def _ninja_field(location: list) -> str | None:
    parts = [str(part) for part in location if part not in ("body", "query", "path", "payload")]
    return ".".join(parts) or None


def django_errors(error: DjangoValidationError) -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {"field": None if field == "__all__" else field, "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": None, "message": message} for message in error.messages]


def install(api) -> None:
    def respond(request, status: int, detail: str, errors: list[dict] | None = None):
        return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)

    @api.exception_handler(NinjaValidationError)
    def on_invalid_input(request, exc):
        errors = [{"field": _ninja_field(e.get("loc", [])), "message": e.get("msg", "")} for e in exc.errors]
        return respond(request, 422, _("Invalid input."), errors)

    @api.exception_handler(DjangoValidationError)
    def on_refused(request, exc):
        return respond(request, 422, _("Invalid input."), django_errors(exc))

    @api.exception_handler(OverflowError)
    @api.exception_handler(DataError)
    def on_out_of_range(request, exc):
        # A number the database cannot hold (an id of 30 digits, say): the input is wrong, not the server.
        return respond(
            request, 422, _("Invalid input."), [{"field": None, "message": _("A number is out of range.")}]
        )

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return respond(request, 404, _("Not found."))

    @api.exception_handler(PermissionDenied)
    def on_forbidden(request, exc):
        return respond(request, 403, str(exc) or _("Your role does not allow this."))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return respond(request, 401, _("A valid API token is required (Authorization: Bearer …)."))

    @api.exception_handler(Conflict)
    def on_conflict(request, exc):
        return respond(request, 409, str(exc), exc.errors)

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        return respond(request, exc.status_code, str(exc))


# What each error status means, as the OpenAPI document explains it.
ERROR_STATUSES = {
    400: "The request body is not valid JSON.",
    401: "No valid API token: send `Authorization: Bearer <token>`.",
    403: "Your role in this place does not allow it.",
    404: "Not found, or outside your places.",
    409: "A business rule refuses the request; `detail` names it.",
    422: "Invalid input; `errors` names each field with its message.",
}
REF_TEMPLATE = "#/components/schemas/{model}"


def implied_errors(path: str, operation: dict) -> set[int]:
    """Error statuses an OpenAPI operation can answer because of what it takes, whatever its rules."""
    statuses = set()
    if operation.get("security"):
        statuses.add(401)
    if "{" in path:
        statuses.add(404)
    if operation.get("parameters") or operation.get("requestBody"):
        statuses.add(422)
    if operation.get("requestBody"):
        statuses.add(400)
    return statuses


def document(schema: dict) -> dict:
    """Declare on every operation of the OpenAPI `schema` the error statuses it can answer, in `ErrorOut`."""
    definition = ErrorOut.model_json_schema(ref_template=REF_TEMPLATE, mode="serialization")
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.update(definition.pop("$defs", {}))
    components["ErrorOut"] = definition
    content = {"application/json": {"schema": {"$ref": REF_TEMPLATE.format(model="ErrorOut")}}}
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            responses = operation["responses"]
            declared = {int(status) for status in responses if int(status) in ERROR_STATUSES}
            for status in sorted(declared | implied_errors(path, operation)):
                responses[status] = {"description": ERROR_STATUSES[status], "content": content}
    return schema

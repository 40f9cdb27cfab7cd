"""Validating a CSV table against a Table Schema with frictionless, with a report people can read."""

import json

from django.utils.translation import gettext as _
from frictionless import Resource, Schema, system
from frictionless.exception import FrictionlessException

MAX_REPORTED_ERRORS = 100


def _message(error: dict) -> str:
    kind = error.get("type", "")
    values = {
        "row": error.get("rowNumber", "?"),
        "field": error.get("fieldName", ""),
        "cell": error.get("cell", ""),
        "note": error.get("note", ""),
    }
    messages = {
        "type-error": _(
            "Row %(row)s, column “%(field)s”: “%(cell)s” is not of the expected type (%(note)s)."
        ),
        "constraint-error": _("Row %(row)s, column “%(field)s”: “%(cell)s” breaks a rule (%(note)s)."),
        "missing-cell": _("Row %(row)s: the cell of column “%(field)s” is missing."),
        "extra-cell": _("Row %(row)s: this row has more cells than the header."),
        "blank-row": _("Row %(row)s is empty."),
        "unique-error": _("Row %(row)s, column “%(field)s”: “%(cell)s” already appears above."),
        "primary-key": _("Row %(row)s: the identifier is already used above."),
        "duplicate-label": _("The header repeats a column name (%(note)s)."),
        "blank-label": _("A column of the header has no name."),
        "missing-label": _("A column declared by the schema is missing from the file (%(note)s)."),
        "extra-label": _("The file has a column the schema does not declare (%(note)s)."),
        "incorrect-label": _("A column name does not match the schema (%(note)s)."),
    }
    template = messages.get(kind)
    if template:
        return template % values
    return error.get("message", kind)


def _flatten(report) -> list[dict]:
    problems = []
    for task in report.tasks:
        for error in task.errors:
            descriptor = error.to_descriptor()
            problems.append(
                {
                    "type": descriptor.get("type", ""),
                    "row": descriptor.get("rowNumber"),
                    "field": descriptor.get("fieldName", ""),
                    "message": _message(descriptor),
                }
            )
    for error in report.errors:
        descriptor = error.to_descriptor()
        problems.append(
            {"type": descriptor.get("type", ""), "row": None, "field": "", "message": _message(descriptor)}
        )
    return problems[:MAX_REPORTED_ERRORS]


def parse_schema(text: str | bytes) -> dict:
    """A Table Schema descriptor from JSON text; ValueError with a readable message when invalid."""
    try:
        descriptor = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(_("The schema is not valid JSON: %(error)s") % {"error": error}) from error
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("fields"), list):
        raise ValueError(_("The schema must be a Table Schema: a JSON object with a list of “fields”."))
    try:
        Schema.from_descriptor(descriptor)
    except FrictionlessException as error:
        raise ValueError(
            _("The schema is not a valid Table Schema: %(error)s") % {"error": error.error.note}
        ) from error
    return descriptor


def infer_schema(data: bytes) -> dict:
    resource = Resource(data=data, format="csv")
    resource.infer(stats=False)
    return resource.schema.to_descriptor()


def validate_table(data: bytes, schema: dict) -> list[dict]:
    """Problems found in CSV `data` against `schema` (empty list: valid)."""
    try:
        resource = Resource(data=data, format="csv", schema=Schema.from_descriptor(schema))
        report = resource.validate()
    except FrictionlessException as error:
        return [{"type": error.error.type, "row": None, "field": "", "message": error.error.message}]
    return _flatten(report)


def validate_file(path: str, schema_path: str) -> list[dict]:
    """Problems found in the CSV file at `path` against the Table Schema file at `schema_path`."""
    with system.use_context(trusted=True):
        try:
            resource = Resource(path=str(path), schema=Schema.from_descriptor(str(schema_path)))
            report = resource.validate()
        except FrictionlessException as error:
            return [{"type": error.error.type, "row": None, "field": "", "message": error.error.message}]
    return _flatten(report)

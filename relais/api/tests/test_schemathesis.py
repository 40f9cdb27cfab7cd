"""Property-based fuzzing of the API from its OpenAPI schema, with a token of each role.

No 5xx, every status answered is documented and every response conforms to the schema. Bounded by
SCHEMATHESIS_MAX_EXAMPLES (default 3 per operation and role) so the run stays within minutes; `make e2e`/CI
may raise it.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "3"))
ROLES = ["volunteer", "mediator", "fabmanager", "coordinator", "admin", "outsider"]

# Business rules may refuse schema-valid data (422 with the shared error format), so the "positive data
# acceptance" check does not apply. Every status answered must be one the operation documents.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI app is called directly: keep its request signals from closing the test's database connection
    (Django's test client does the same)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=ROLES)
def token_header(request, api_client_for):
    from relais.accounts.services import api_token_create

    user = request.getfixturevalue(request.param)
    _token, secret = api_token_create(user=user, name="fuzz", actor=None)
    return {"Authorization": f"Bearer {secret}"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_answers_every_role_without_server_error_and_within_its_schema(case, token_header):
    case.call_and_validate(headers=token_header, checks=CHECKS)

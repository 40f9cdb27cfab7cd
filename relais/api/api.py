"""The JSON API, version 1, under /api/v1/.

Each domain has its router in `relais/api/routers/<app>.py` exposing `router`; every router module
listed in `ROUTERS` is mounted here with the shared token auth, pagination and error format.
"""

import importlib

from ninja import NinjaAPI

from relais.api import errors
from relais.api.auth import TokenAuth

ROUTERS = [
    "core",
    "mediation",
    "programme",
    "fablab",
    "projects",
    "presence",
    "knowledge",
    "opendata",
    "stats",
]


class RelaisAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return errors.document(schema)


api = RelaisAPI(
    title="Relais API",
    version="1",
    description=(
        "JSON API of Relais. Authenticate with a token created on your profile page: "
        "`Authorization: Bearer <token>`. Lists are paginated (`page`, `page_size`; total in `count`). "
        "Errors: `{detail, errors: [{field, message}]}`, declared on each operation; 401 without a valid "
        "token, 403 when your role in the place does not allow it, 404 for objects outside your places, "
        "409 when a business rule refuses the request, 422 for invalid input."
    ),
    urls_namespace="api",
    auth=TokenAuth(),
)
errors.install(api)

for name in ROUTERS:
    try:
        module = importlib.import_module(f"relais.api.routers.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"relais.api.routers.{name}":
            raise
        continue
    api.add_router("", module.router)

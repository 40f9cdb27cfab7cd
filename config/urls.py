"""URLs: core and accounts first, then every app that has a `urls.py` (each declares its own French paths)."""

import importlib.util

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from relais.api.api import api
from relais.core.views import healthz

DOMAIN_APPS = ["mediation", "programme", "fablab", "projects", "presence", "knowledge", "opendata", "stats"]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
    path("comptes/", include("relais.accounts.urls")),
    path("", include("relais.core.urls")),
]

for app in DOMAIN_APPS:
    if importlib.util.find_spec(f"relais.{app}.urls") is not None:
        urlpatterns.append(path("", include(f"relais.{app}.urls")))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

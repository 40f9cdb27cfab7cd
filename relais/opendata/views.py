"""The open data catalogue: public pages, downloads, Data Packages and the DCAT catalogue."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from relais.core.htmx import redirect_after_post
from relais.core.models import Role
from relais.core.scoping import roles_of_user
from relais.opendata import metadata, services
from relais.opendata.models import Dataset, DatasetResource


def _is_data_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or Role.ADMIN in roles_of_user(user))


@require_GET
def catalogue(request):
    datasets = Dataset.objects.published().prefetch_related("resources")
    failing = Dataset.objects.filter(last_validation_ok=False) if _is_data_admin(request.user) else []
    return render(request, "opendata/catalogue.html", {"datasets": datasets, "failing": failing})


def _get_dataset(request, slug: str) -> Dataset:
    dataset = get_object_or_404(Dataset, slug=slug)
    if not dataset.is_published and not _is_data_admin(request.user):
        raise Http404
    return dataset


@require_GET
def dataset_detail(request, slug):
    dataset = _get_dataset(request, slug)
    context = {
        "dataset": dataset,
        "resources": dataset.resources.all(),
        "is_data_admin": _is_data_admin(request.user),
    }
    return render(request, "opendata/dataset_detail.html", context)


@login_required
@require_POST
def dataset_regenerate(request, slug):
    if not _is_data_admin(request.user):
        raise PermissionDenied
    dataset = get_object_or_404(Dataset, slug=slug, builtin_key__isnull=False)
    if services.regenerate_dataset(dataset=dataset, actor=request.user):
        messages.success(request, _("Dataset regenerated and published."))
    else:
        messages.error(request, _("Validation failed: nothing was published. Read the report below."))
    return redirect_after_post(request, dataset)


def _download(resource: DatasetResource) -> FileResponse:
    content_type = resource.media_type
    if content_type.startswith("text/"):
        content_type = f"{content_type}; charset=utf-8"
    response = FileResponse(resource.file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{resource.filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def resource_download(request, slug, name, format):
    dataset = _get_dataset(request, slug)
    return _download(get_object_or_404(DatasetResource, dataset=dataset, name=name, format=format))


def _places_resource(fmt: str) -> DatasetResource:
    resource = DatasetResource.objects.filter(
        dataset__builtin_key="places", dataset__is_published=True, name="lieux", format=fmt
    ).first()
    if resource is None:
        raise Http404
    return resource


@require_GET
def places_csv(request):
    return _download(_places_resource("csv"))


@require_GET
def places_json(request):
    return _download(_places_resource("json"))


@require_GET
def dataset_datapackage(request, slug):
    dataset = _get_dataset(request, slug)
    response = JsonResponse(
        metadata.datapackage(dataset), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def catalogue_jsonld(request):
    datasets = Dataset.objects.published().prefetch_related("resources")
    body = json.dumps(metadata.dcat_catalogue(datasets), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    return response

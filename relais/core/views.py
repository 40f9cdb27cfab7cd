from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from relais.core import health, services
from relais.core.htmx import is_htmx, redirect_after_post
from relais.core.models import Organisation, Place, Role, TaskFailure
from relais.core.navigation import home_panels
from relais.core.place_forms import OrganisationForm, PlaceForm
from relais.core.scoping import (
    administered_networks,
    administered_organisations,
    can_administer_organisation,
    can_administer_place,
    get_place_for_user,
    organisations_for_user,
    places_for_user,
    require_role,
    roles_in_place,
    roles_of_user,
)
from relais.core.vocabularies import structure_typologies

PUBLIC_PAGE_SIZE = 24
LIST_PAGE_SIZE = 50


@require_GET
@never_cache
def healthz(request):
    checks = {"database": health.check_database(), "queue": health.check_queue()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


def _search(queryset, query: str, fields: list[str]):
    condition = Q()
    for word in query.split():
        word_condition = Q()
        for field in fields:
            word_condition |= Q(**{f"{field}__icontains": word})
        condition &= word_condition
    return queryset.filter(condition)


@require_GET
def public_home(request):
    query = request.GET.get("q", "").strip()
    places = Place.objects.visible().select_related("organisation").order_by("commune", "name")
    if query:
        places = _search(places, query, ["name", "commune", "postcode"])
    page = Paginator(places, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query}
    template = "core/_public_place_results.html" if is_htmx(request) else "core/public_home.html"
    return render(request, template, context)


@require_GET
def place_public_detail(request, slug):
    place = get_object_or_404(Place.objects.visible().select_related("organisation"), slug=slug)
    return render(request, "core/place_public_detail.html", {"place": place})


@login_required
@require_GET
def home(request):
    context = {"panels": home_panels(request), "has_role": bool(roles_of_user(request.user))}
    return render(request, "core/home.html", context)


def place_roles_url(place: Place) -> str | None:
    """The roles page of a place, when the accounts app provides it."""
    try:
        return reverse("accounts:place-roles", kwargs={"slug": place.slug})
    except NoReverseMatch:
        return None


@login_required
@require_GET
def place_list(request):
    query = request.GET.get("q", "").strip()
    places = places_for_user(request.user).select_related("organisation").order_by("name")
    if query:
        places = _search(places, query, ["name", "commune", "postcode", "organisation__name"])
    page = Paginator(places, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(place, sorted(roles_in_place(request.user, place))) for place in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "query": query,
        "can_create": administered_organisations(request.user).exists(),
    }
    template = "core/_place_rows.html" if is_htmx(request) else "core/place_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def place_create(request):
    organisations = administered_organisations(request.user).order_by("name")
    if not organisations.exists():
        raise PermissionDenied
    initial = {}
    if request.GET.get("organisation"):
        initial["organisation"] = organisations.filter(slug=request.GET["organisation"]).first()
    elif len(organisations[:2]) == 1:
        initial["organisation"] = organisations.first()
    form = PlaceForm(request.POST or None, organisations=organisations, initial=initial)
    if form.is_valid():
        try:
            place = services.place_create(
                actor=request.user, organisation=form.cleaned_data["organisation"], **form.service_data()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The place “%(name)s” was created.") % {"name": place.name})
            return redirect_after_post(request, "core:place-manage", slug=place.slug)
    return render(request, "core/place_form.html", {"form": form, "place": None})


@login_required
@require_GET
def place_manage(request, slug):
    place = get_place_for_user(request, slug)
    can_edit = can_administer_place(request.user, place)
    context = {
        "place": place,
        "roles": sorted(roles_in_place(request.user, place)),
        "can_edit": can_edit,
        "roles_url": place_roles_url(place) if can_edit else None,
        "vocabulary_rows": _place_vocabulary_rows(place),
        "typologies": [label for code, label in structure_typologies() if code in place.typologies],
    }
    return render(request, "core/place_manage.html", context)


def _place_vocabulary_rows(place: Place) -> list[tuple[str, list[str]]]:
    form = PlaceForm(instance=place)
    names = ["services", "support_modes", "access_modes", "fees", "specific_publics", "specific_support"]
    names += ["national_programmes", "trainings_labels", "itinerance"]
    return [(form.fields[name].label, getattr(place, name)) for name in names if getattr(place, name)]


@login_required
@require_http_methods(["GET", "POST"])
def place_update(request, slug):
    place = get_place_for_user(request, slug)
    require_role(request.user, place, {Role.ADMIN})
    form = PlaceForm(request.POST or None, instance=Place.objects.get(pk=place.pk))
    if form.is_valid():
        try:
            place = services.place_update(actor=request.user, place=place, **form.service_data())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The place “%(name)s” was saved.") % {"name": place.name})
            return redirect_after_post(request, "core:place-manage", slug=place.slug)
    return render(request, "core/place_form.html", {"form": form, "place": place})


@login_required
@require_GET
def organisation_list(request):
    organisations = organisations_for_user(request.user).select_related("parent").order_by("name")
    page = Paginator(organisations, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(
        Place.objects.filter(organisation__in=[o.pk for o in page.object_list])
        .values_list("organisation")
        .annotate(count=Count("pk"))
    )
    user = request.user
    rows = [
        (organisation, counts.get(organisation.pk, 0), can_administer_organisation(user, organisation))
        for organisation in page.object_list
    ]
    context = {"page": page, "rows": rows, "can_create": administered_networks(request.user).exists()}
    return render(request, "core/organisation_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request):
    networks = administered_networks(request.user).order_by("name")
    if not (request.user.is_superuser or networks.exists()):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, networks=networks)
    if not request.user.is_superuser:
        form.fields["parent"].required = True
    if form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation “%(name)s” was created.") % {"name": organisation})
            return redirect_after_post(request, "core:organisation-list")
    return render(request, "core/organisation_form.html", {"form": form, "organisation": None})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_update(request, slug):
    try:
        organisation = organisations_for_user(request.user).get(slug=slug)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    if not can_administer_organisation(request.user, organisation):
        raise PermissionDenied
    instance = Organisation.objects.get(pk=organisation.pk)
    networks = administered_networks(request.user).exclude(pk=organisation.pk)
    if organisation.parent_id:
        networks = (networks | Organisation.objects.filter(pk=organisation.parent_id)).distinct()
    form = OrganisationForm(request.POST or None, instance=instance, networks=networks.order_by("name"))
    if form.is_valid():
        try:
            organisation = services.organisation_update(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The organisation “%(name)s” was saved.") % {"name": organisation})
            return redirect_after_post(request, "core:organisation-list")
    return render(request, "core/organisation_form.html", {"form": form, "organisation": organisation})


def _require_administrator(user) -> None:
    if not (user.is_superuser or Role.ADMIN in roles_of_user(user)):
        raise PermissionDenied


@login_required
@require_GET
def task_failure_list(request):
    _require_administrator(request.user)
    failures = TaskFailure.objects.filter(resolved_at__isnull=request.GET.get("vue") != "resolues")
    page = Paginator(failures, 50).get_page(request.GET.get("page"))
    return render(request, "core/task_failure_list.html", {"page": page})


@login_required
@require_http_methods(["POST"])
def task_failure_resolve(request, pk):
    _require_administrator(request.user)
    failure = get_object_or_404(TaskFailure, pk=pk)
    services.task_failure_resolve(failure=failure, actor=request.user)
    return redirect_after_post(request, "core:task-failure-list")

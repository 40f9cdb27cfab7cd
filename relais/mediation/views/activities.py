"""Activity pages: fast individual entry, collective entry, list with filters, detail, edit, delete."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from relais.core.htmx import is_htmx, redirect_after_post
from relais.core.models import Membership
from relais.mediation import services
from relais.mediation.forms import (
    ActivityFilterForm,
    CollectiveActivityForm,
    IndividualActivityForm,
    activity_initial,
)
from relais.mediation.models import Beneficiary, Tag
from relais.mediation.selectors import (
    ActivityFilters,
    activities_for_user,
    activity_places,
    get_activity_for_user,
    identity_place_ids,
    identity_places,
    recording_places,
    window,
)
from relais.mediation.vocabularies import DURATION_CHOICES, ActivityKind

PAGE_SIZE = 25


def team_of(places):
    """People holding a role in these places (directly or through their organisation or network)."""
    organisations = {place.organisation_id for place in places} | {
        place.organisation.parent_id for place in places if place.organisation.parent_id
    }
    memberships = Membership.objects.active().filter(
        Q(place__in=places) | Q(organisation_id__in=organisations)
    )
    return (
        get_user_model()
        .objects.filter(pk__in=memberships.values("user_id"))
        .order_by("first_name", "last_name")
    )


def _tags_for(places):
    organisation_ids = set()
    for place in places:
        organisation_ids.add(place.organisation_id)
        if place.organisation.parent_id:
            organisation_ids.add(place.organisation.parent_id)
    return Tag.objects.filter(Q(place__in=places) | Q(organisation_id__in=organisation_ids)).order_by("name")


def _form_for(kind, request, places, data=None, initial=None):
    form_class = CollectiveActivityForm if kind == ActivityKind.COLLECTIVE else IndividualActivityForm
    beneficiaries = Beneficiary.objects.filter(place__in=places, anonymised_at__isnull=True, merged_into=None)
    return form_class(
        data, places=places, tags=_tags_for(places), beneficiaries=beneficiaries, initial=initial
    )


def _default_initial(request, places) -> dict:
    place = services.usual_place(author=request.user, places=places)
    return {
        "place": place,
        "date": timezone.localdate(),
        "duration": services.last_duration(author=request.user),
    }


def _entry_initial(request, places, kind) -> dict:
    initial = _default_initial(request, places)
    source_pk = request.GET.get("depuis")
    if source_pk and source_pk.isdigit():
        source = get_activity_for_user(request.user, int(source_pk))
        if source.place in places and source.kind == kind:
            initial.update(activity_initial(services.activity_duplicate_values(source)))
    person_pk = request.GET.get("beneficiaire")
    if person_pk and person_pk.isdigit():
        person = Beneficiary.objects.filter(pk=person_pk, place__in=identity_places(request.user)).first()
        if person is not None:
            initial.update(place=person.place, beneficiary=person)
    return initial


def _selected_people(form, field: str):
    """Beneficiaries shown as already chosen (initial or typed), so the search never loses them."""
    value = form[field].value()
    ids = value if isinstance(value, list | tuple) else [value]
    ids = [getattr(item, "pk", item) for item in ids if item]
    return list(form.fields[field].queryset.filter(pk__in=ids)) if ids else []


def _entry(request, kind):
    places = list(recording_places(request.user))
    if not places:
        raise PermissionDenied
    if request.method == "POST":
        form = _form_for(kind, request, places, data=request.POST)
        if form.is_valid():
            try:
                activity = services.activity_create(author=request.user, **form.service_values())
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, _("Activity recorded."), extra_tags=f"activity:{activity.pk}")
                target = (
                    "mediation:activity-create"
                    if kind == ActivityKind.INDIVIDUAL
                    else "mediation:activity-list"
                )
                return redirect_after_post(request, reverse(target) + f"?enregistree={activity.pk}")
    else:
        form = _form_for(kind, request, places, initial=_entry_initial(request, places, kind))
    last = None
    saved = request.GET.get("enregistree")
    if saved and saved.isdigit():
        last = activities_for_user(request.user).filter(pk=saved, author=request.user).first()
    template = (
        "mediation/activity_form.html"
        if kind == ActivityKind.INDIVIDUAL
        else "mediation/collective_form.html"
    )
    context = {
        "form": form,
        "durations": DURATION_CHOICES,
        "last_activity": last,
        "selected": _selected_people(
            form, "beneficiary" if kind == ActivityKind.INDIVIDUAL else "participants"
        ),
        "is_update": False,
    }
    return render(request, template, context)


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            if field == "anonymous_participants":
                target = "anonymous_total"
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request):
    return _entry(request, ActivityKind.INDIVIDUAL)


@login_required
@require_http_methods(["GET", "POST"])
def activity_create_collective(request):
    return _entry(request, ActivityKind.COLLECTIVE)


@login_required
@require_GET
def activity_list(request):
    places = list(activity_places(request.user))
    if not places:
        raise PermissionDenied
    form = ActivityFilterForm(
        request.GET or None, places=places, authors=team_of(places), tags=_tags_for(places)
    )
    filters = ActivityFilters.from_cleaned(form.cleaned_data) if form.is_valid() else ActivityFilters()
    queryset = activities_for_user(request.user, filters).select_related("place", "author", "beneficiary")
    place_ids = [filters.place] if filters.place else [place.pk for place in places]
    page = window(queryset.prefetch_related("tags"), request.GET.get("page"), PAGE_SIZE, place_ids=place_ids)
    context = {
        "form": form,
        "page": page,
        "identity_places": identity_place_ids(request.user),
        "can_record": bool(recording_places(request.user)),
        "query": request.GET.urlencode(),
    }
    template = "mediation/_activity_rows.html" if is_htmx(request) else "mediation/activity_list.html"
    return render(request, template, context)


@login_required
@require_GET
def activity_detail(request, pk):
    activity = get_activity_for_user(request.user, pk)
    context = {
        "activity": activity,
        "sees_identity": activity.place_id in identity_place_ids(request.user),
        "can_change": services.can_change_activity(request.user, activity),
        "participants": list(activity.participants.all()),
        "tags": list(activity.tags.all()),
    }
    return render(request, "mediation/activity_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_update(request, pk):
    activity = get_activity_for_user(request.user, pk)
    if not services.can_change_activity(request.user, activity):
        raise PermissionDenied
    places = [activity.place]
    initial = activity_initial(services.activity_values(activity)) | {"place": activity.place}
    form = _form_for(activity.kind, request, places, data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.service_values()
        values.pop("place")
        try:
            services.activity_update(actor=request.user, activity=activity, **values)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Activity updated."))
            return redirect_after_post(request, activity.get_absolute_url())
    template = (
        "mediation/activity_form.html" if not activity.is_collective else "mediation/collective_form.html"
    )
    context = {
        "form": form,
        "activity": activity,
        "durations": DURATION_CHOICES,
        "selected": _selected_people(form, "participants" if activity.is_collective else "beneficiary"),
        "is_update": True,
        "last_activity": None,
    }
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request, pk):
    activity = get_activity_for_user(request.user, pk)
    if not services.can_change_activity(request.user, activity):
        raise PermissionDenied
    if request.method == "POST":
        services.activity_delete(actor=request.user, activity=activity)
        messages.success(request, _("Activity deleted."))
        return redirect_after_post(request, "mediation:activity-list")
    return render(request, "mediation/activity_delete.html", {"activity": activity})


@login_required
@require_GET
def beneficiary_choices(request):
    """Search fragment for the entry forms: radio buttons (individual) or checkboxes (workshop)."""
    places = identity_places(request.user)
    query = request.GET.get("q", "").strip()
    multiple = request.GET.get("mode") == "multiple"
    people = []
    if len(query) >= 2:
        people = list(
            Beneficiary.objects.filter(place__in=places)
            .search(query)
            .select_related("place")
            .order_by("last_name", "first_name")[:10]
        )
    context = {"people": people, "query": query, "multiple": multiple}
    return render(request, "mediation/_beneficiary_choices.html", context)

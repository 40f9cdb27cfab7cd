"""CRCN skills assessment: run it with a person (or let them answer alone on a tablet), see the profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from relais.core.htmx import redirect_after_post
from relais.mediation import crcn, services
from relais.mediation.forms import AssessmentForm
from relais.mediation.models import Assessment
from relais.mediation.selectors import get_beneficiary_for_user, identity_places, recording_places


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request):
    places = list(recording_places(request.user))
    if not places:
        raise PermissionDenied
    person = None
    person_pk = request.GET.get("beneficiaire") or request.POST.get("beneficiaire")
    if person_pk and str(person_pk).isdigit():
        person = get_beneficiary_for_user(request.user, int(person_pk))
    place = person.place if person else places[0]
    slug = request.POST.get("lieu") or request.GET.get("lieu")
    if not person and slug:
        place = next((p for p in places if p.slug == slug), place)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_create(
                author=request.user, place=place, beneficiary=person, answers=form.answers()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect_after_post(request, assessment.get_absolute_url())
    context = {"form": form, "person": person, "place": place, "places": places, "levels": crcn.LEVELS}
    return render(request, "mediation/assessment_form.html", context)


@login_required
@require_GET
def assessment_detail(request, pk):
    try:
        assessment = Assessment.objects.select_related("place", "beneficiary").get(
            pk=pk, place__in=recording_places(request.user)
        )
    except Assessment.DoesNotExist as error:
        raise Http404 from error
    sees_identity = assessment.place in identity_places(request.user)
    rows = []
    for competence in crcn.COMPETENCES:
        level = assessment.levels.get(competence.code)
        if level is not None:
            rows.append(
                {"competence": competence, "level": level, "label": crcn.LEVELS.get(level, _("Not yet"))}
            )
    domains = [
        {"domain": crcn.DOMAINS_BY_NUMBER[number], "level": level}
        for number, level in assessment.domain_levels().items()
    ]
    context = {
        "assessment": assessment,
        "rows": rows,
        "domains": domains,
        "suggestions": services.workshop_suggestions(assessment),
        "sees_identity": sees_identity,
        "progress": services.assessment_progress(assessment.beneficiary) if assessment.beneficiary else [],
    }
    return render(request, "mediation/assessment_detail.html", context)

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.core.htmx import redirect_after_post
from relais.fablab import access, services
from relais.fablab.forms import AuthorisationGrantForm, QuizForm, RevokeForm, TrainingForm, UnavailabilityForm
from relais.fablab.models import Authorisation, MachineTraining, QuizAttempt, SafetyQuiz, Unavailability
from relais.fablab.trainings import training_save


@login_required
@require_GET
def authorisation_mine(request):
    authorisations = Authorisation.objects.filter(user=request.user).select_related(
        "place", "machine", "category", "quiz_attempt"
    )
    quizzes = SafetyQuiz.objects.filter(is_active=True).select_related("category")
    attempts = QuizAttempt.objects.filter(user=request.user).select_related("quiz__category")[:20]
    context = {"authorisations": authorisations, "quizzes": quizzes, "attempts": attempts}
    return render(request, "fablab/authorisation_mine.html", context)


@login_required
@require_GET
def authorisation_list(request, place_slug):
    place = access.get_place_for_manager(request, place_slug)
    authorisations = (
        Authorisation.objects.filter(place=place)
        .select_related("user", "machine", "category", "granted_by", "quiz_attempt")
        .order_by("user__email", "-granted_on")
    )
    query = request.GET.get("q", "").strip()
    if query:
        authorisations = authorisations.filter(user__email__icontains=query)
    page = Paginator(authorisations, 50).get_page(request.GET.get("page"))
    return render(request, "fablab/authorisation_list.html", {"place": place, "page": page, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def authorisation_grant(request, place_slug):
    place = access.get_place_for_manager(request, place_slug)
    form = AuthorisationGrantForm(request.POST or None, place=place)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.authorisation_grant(
                user=data["person"],
                place=place,
                actor=request.user,
                machine=data["machine"],
                category=data["category"],
                evidence=data["evidence"],
                evidence_note=data["evidence_note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Authorisation granted."))
            return redirect_after_post(request, "fablab:authorisation-list", place_slug=place.slug)
    return render(request, "fablab/authorisation_grant.html", {"place": place, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def authorisation_revoke(request, pk):
    authorisation = access.get_authorisation_for_manager(request, pk)
    form = RevokeForm(request.POST or None)
    if form.is_valid():
        try:
            services.authorisation_revoke(
                authorisation=authorisation, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Authorisation revoked."))
            return redirect_after_post(
                request, "fablab:authorisation-list", place_slug=authorisation.place.slug
            )
    context = {"authorisation": authorisation, "place": authorisation.place, "form": form}
    return render(request, "fablab/authorisation_revoke.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def quiz_take(request, category_slug):
    quiz = get_object_or_404(
        SafetyQuiz.objects.select_related("category"), category__slug=category_slug, is_active=True
    )
    form = QuizForm(request.POST or None, quiz=quiz)
    if form.is_valid():
        try:
            attempt = services.quiz_submit(quiz=quiz, user=request.user, answers=form.answers())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if attempt.passed:
                messages.success(request, _("Quiz passed with %(score)s %%.") % {"score": attempt.score})
            else:
                messages.warning(
                    request,
                    _("Score: %(score)s %%; %(mark)s %% are needed. Read the rules again and retry.")
                    % {"score": attempt.score, "mark": quiz.pass_mark},
                )
            return redirect_after_post(request, "fablab:authorisation-mine")
    return render(request, "fablab/quiz_take.html", {"quiz": quiz, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def unavailability_list(request, place_slug):
    place = access.get_place_for_manager(request, place_slug)
    form = UnavailabilityForm(request.POST or None, place=place)
    if form.is_valid():
        try:
            services.unavailability_create(place=place, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Slots blocked; people with affected bookings are told by email."))
            return redirect_after_post(request, "fablab:unavailability-list", place_slug=place.slug)
    windows = Unavailability.objects.filter(place=place).select_related("machine").order_by("-start")[:100]
    return render(
        request, "fablab/unavailability_list.html", {"place": place, "form": form, "windows": windows}
    )


@login_required
@require_POST
def unavailability_delete(request, place_slug, pk):
    place = access.get_place_for_manager(request, place_slug)
    window = get_object_or_404(Unavailability, place=place, pk=pk)
    services.unavailability_delete(window=window, actor=request.user)
    messages.success(request, _("Unavailability removed."))
    return redirect_after_post(request, "fablab:unavailability-list", place_slug=place.slug)


@login_required
@require_http_methods(["GET", "POST"])
def training_list(request, place_slug):
    place = access.get_place_for_manager(request, place_slug)
    form = TrainingForm(request.POST or None, place=place)
    if form.is_valid():
        training_save(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Attending a session of this workshop now grants the authorisations."))
        return redirect_after_post(request, "fablab:training-list", place_slug=place.slug)
    trainings = (
        MachineTraining.objects.filter(workshop__place=place)
        .select_related("workshop", "category")
        .prefetch_related("machines")
    )
    return render(
        request, "fablab/training_list.html", {"place": place, "form": form, "trainings": trainings}
    )

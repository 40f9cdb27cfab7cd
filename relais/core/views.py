from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from relais.core import health, services
from relais.core.htmx import redirect_after_post
from relais.core.models import Place, Role, TaskFailure
from relais.core.navigation import home_panels
from relais.core.scoping import places_for_user, roles_of_user


@require_GET
@never_cache
def healthz(request):
    checks = {"database": health.check_database(), "queue": health.check_queue()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


@require_GET
def public_home(request):
    places = Place.objects.visible().select_related("organisation").order_by("commune", "name")
    return render(request, "core/public_home.html", {"places": places})


@require_GET
def place_public_detail(request, slug):
    place = get_object_or_404(Place.objects.visible().select_related("organisation"), slug=slug)
    return render(request, "core/place_public_detail.html", {"place": place})


@login_required
@require_GET
def home(request):
    places = places_for_user(request.user).select_related("organisation").order_by("name")
    context = {"places": places, "roles": sorted(roles_of_user(request.user)), "panels": home_panels(request)}
    return render(request, "core/home.html", context)


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

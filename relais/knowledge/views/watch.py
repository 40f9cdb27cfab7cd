"""News watch pages: items of the followed sources, sources, OPML import and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.core.htmx import is_htmx, redirect_after_post
from relais.core.models import Role
from relais.core.scoping import organisations_for_user, places_for_user
from relais.knowledge import access
from relais.knowledge.forms import FeedSourceForm, ItemShareForm, ItemTagForm, OpmlImportForm
from relais.knowledge.models import FeedItemRead
from relais.knowledge.services import watch as services

MANAGER_ROLES = {Role.ADMIN, Role.MEDIATOR, Role.COORDINATOR, Role.FABMANAGER}


def _require_watch(user) -> None:
    if not places_for_user(user, access.WATCH_ROLES).exists():
        raise PermissionDenied


def _owner_choices(user) -> dict:
    return {
        "places": list(places_for_user(user, MANAGER_ROLES).order_by("name")),
        "networks": list(organisations_for_user(user, {Role.ADMIN, Role.COORDINATOR}).networks()),
    }


@login_required
@require_GET
def watch_list(request):
    _require_watch(request.user)
    items = services.items_for_user(request.user).select_related("source", "shared_by")
    items = items.annotate(
        is_read=Exists(FeedItemRead.objects.filter(item=OuterRef("pk"), user=request.user))
    )
    view = request.GET.get("vue", "")
    if view == "non-lus":
        items = items.filter(is_read=False)
    elif view == "partages":
        items = items.filter(shared_at__isnull=False)
    tag = request.GET.get("etiquette", "").strip().lower()
    if tag:
        items = items.filter(tags__icontains=f'"{tag}"')
    source = request.GET.get("source", "")
    if source.isdigit():
        items = items.filter(source_id=int(source))
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "view": view,
        "tag": tag,
        "source": source,
        "sources": services.sources_for_user(request.user).order_by("title"),
    }
    template = "knowledge/_watch_items.html" if is_htmx(request) else "knowledge/watch_list.html"
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def source_list(request):
    _require_watch(request.user)
    owners = _owner_choices(request.user)
    form = FeedSourceForm(request.POST or None, **owners)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.feed_source_create(
                title=form.cleaned_data["title"],
                url=form.cleaned_data["url"],
                actor=request.user,
                **form.owner_kwargs(),
            )
        except ValidationError as error:
            form.add_error(
                "url" if hasattr(error, "error_dict") and "url" in error.error_dict else None, error
            )
        else:
            from relais.knowledge.tasks import fetch_feed

            fetch_feed(source.pk)
            messages.success(request, _("Source added; its items are being fetched."))
            return redirect_after_post(request, "knowledge:source-list")
    sources = services.sources_for_user(request.user).select_related("place", "organisation")
    context = {"form": form, "sources": sources, "opml_form": OpmlImportForm(auto_id="opml_%s", **owners)}
    return render(request, "knowledge/source_list.html", context)


@login_required
@require_POST
def source_fetch(request, pk):
    source = access.get_source_for_user(request, pk)
    created = services.feed_fetch(source=source)
    if source.last_error:
        messages.error(request, source.last_error)
    else:
        messages.success(request, _("%(count)s new item(s).") % {"count": created})
    return redirect_after_post(request, "knowledge:source-list")


@login_required
@require_POST
def source_toggle(request, pk):
    source = access.get_source_for_user(request, pk)
    services.feed_source_update(source=source, actor=request.user, is_active=not source.is_active)
    messages.success(request, _("Source updated."))
    return redirect_after_post(request, "knowledge:source-list")


@login_required
@require_GET
def opml_export(request):
    _require_watch(request.user)
    data = services.opml_export(services.sources_for_user(request.user).order_by("title"))
    response = HttpResponse(data, content_type="text/x-opml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="veille-relais.opml"'
    return response


@login_required
@require_POST
def opml_import(request):
    _require_watch(request.user)
    form = OpmlImportForm(request.POST, request.FILES, **_owner_choices(request.user))
    if form.is_valid():
        try:
            added, skipped = services.opml_import(
                data=form.cleaned_data["opml"].read(), actor=request.user, **form.owner_kwargs()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(added)s source(s) added, %(skipped)s skipped.") % {"added": added, "skipped": skipped},
            )
    else:
        messages.error(request, _("Choose an OPML file and who follows its sources."))
    return redirect_after_post(request, "knowledge:source-list")


def _item_response(request, item):
    if is_htmx(request):
        item.is_read = FeedItemRead.objects.filter(item=item, user=request.user).exists()
        return render(request, "knowledge/_watch_item.html", {"item": item})
    return redirect_after_post(request, request.POST.get("next") or "knowledge:watch-list")


@login_required
@require_POST
def item_read(request, pk):
    item = access.get_item_for_user(request, pk)
    services.item_mark_read(item=item, user=request.user, read=request.POST.get("read", "1") == "1")
    return _item_response(request, item)


@login_required
@require_POST
def item_tag(request, pk):
    item = access.get_item_for_user(request, pk)
    form = ItemTagForm(request.POST)
    if form.is_valid():
        try:
            services.item_tag(item=item, actor=request.user, tags=form.tag_list())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return _item_response(request, item)


@login_required
@require_POST
def item_share(request, pk):
    item = access.get_item_for_user(request, pk)
    form = ItemShareForm(request.POST)
    if form.is_valid():
        services.item_share(item=item, actor=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Item shared with the team."))
    return _item_response(request, item)

"""Dashboards, exports, the PDF activity report, share links and report recipients."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from relais.core.htmx import is_htmx, redirect_after_post
from relais.stats import reports, services
from relais.stats.filters import StatsFilterForm, StatsFilters, period_bounds, stats_places
from relais.stats.forms import ReportSubscriptionForm, ShareLinkForm
from relais.stats.models import ShareLink
from relais.stats.tables import mediation_tables

TABLE_PAGE_ROWS = 100


def _filters_for(request) -> tuple[StatsFilterForm, StatsFilters, str]:
    places = stats_places(request.user)
    if not places:
        raise PermissionDenied
    form = StatsFilterForm(request.GET or None, user=request.user, places=places)
    filters = form.to_filters()
    chosen = set(filters.place_ids)
    names = [place.name for place in places if place.pk in chosen]
    scope = names[0] if len(names) == 1 else _("%(count)s places") % {"count": len(names)}
    return form, filters, scope


@login_required
@require_GET
def dashboard(request):
    form, filters, scope = _filters_for(request)
    context = {
        "form": form,
        "filters": filters,
        "scope": scope,
        "report": reports.build(filters),
        "query": request.GET.urlencode(),
    }
    if is_htmx(request):
        return render(request, "stats/_dashboard_body.html", context)
    context["can_share"] = services.can_share(request.user)
    return render(request, "stats/dashboard.html", context)


def _table_for(request, key):
    _form, filters, scope = _filters_for(request)
    table = next((table for table in reports.all_tables(reports.build(filters)) if table.key == key), None)
    if table is None:
        raise Http404
    return table, filters, scope


@login_required
@require_GET
def table_detail(request, key):
    """One table whole, a page at a time (a long table shows only its first rows on the dashboard)."""
    table, filters, scope = _table_for(request, key)
    page = Paginator(table.linked_rows(), TABLE_PAGE_ROWS).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"table": table, "page": page, "filters": filters, "scope": scope, "query": query.urlencode()}
    return render(request, "stats/table.html", context)


@login_required
@require_GET
def table_export(request, key, fmt):
    if fmt not in reports.FORMATS:
        raise Http404
    table, filters, scope = _table_for(request, key)
    response = HttpResponse(reports.export(table, fmt, scope=scope, filters=filters), reports.FORMATS[fmt])
    name = f"statistiques-{key}-{filters.start.isoformat()}-{filters.end.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def report_pdf(request):
    _form, filters, scope = _filters_for(request)
    commentary = request.POST.get("commentary", "")[:5000]
    report = reports.build(filters, links=False)
    pdf = reports.render_pdf(
        report, scope=scope, filters=filters, commentary=commentary, today=timezone.localdate()
    )
    response = HttpResponse(pdf, "application/pdf")
    name = f"bilan-activite-{filters.start.isoformat()}-{filters.end.isoformat()}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def share_list(request):
    scopes = services.shareable_scopes(request.user)
    if not scopes:
        raise PermissionDenied
    share_form = ShareLinkForm(
        request.POST if "share" in request.POST else None, scopes=scopes, prefix="share"
    )
    recipient_form = ReportSubscriptionForm(
        request.POST if "recipient" in request.POST else None, scopes=scopes, prefix="recipient"
    )
    if request.method == "POST":
        form = share_form if "share" in request.POST else recipient_form
        if form.is_valid():
            try:
                if form is share_form:
                    services.share_link_create(actor=request.user, **form.cleaned_data)
                    messages.success(request, _("Share link created."))
                else:
                    services.report_subscription_create(actor=request.user, **form.cleaned_data)
                    messages.success(request, _("Recipient added."))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect_after_post(request, "stats:share-list")
    context = {
        "share_form": share_form,
        "recipient_form": recipient_form,
        "links": services.share_links_for(request.user),
        "recipients": services.subscriptions_for(request.user),
    }
    return render(request, "stats/share_list.html", context)


@login_required
@require_POST
def share_revoke(request, pk):
    link = get_object_or_404(services.share_links_for(request.user), pk=pk)
    services.share_link_revoke(actor=request.user, link=link)
    messages.success(request, _("Share link revoked: the page is no longer public."))
    return redirect("stats:share-list")


@login_required
@require_POST
def recipient_delete(request, pk):
    subscription = get_object_or_404(services.subscriptions_for(request.user), pk=pk)
    services.report_subscription_delete(actor=request.user, subscription=subscription)
    messages.success(request, _("Recipient removed."))
    return redirect("stats:share-list")


@require_GET
def share_public(request, token):
    link = get_object_or_404(ShareLink, token=token, revoked_at__isnull=True)
    start, end = period_bounds("last_12_months", timezone.localdate())
    filters = StatsFilters(start=start, end=end, place_ids=services.scope_place_ids(link))
    result = reports.mediation_indicators(filters)
    tables = mediation_tables(result, filters, links=False, public=True)
    return render(request, "stats/share_public.html", {"link": link, "filters": filters, "tables": tables})

"""Share links and report recipients: who may create them, for which scope; journalled."""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from relais.core.journal import journal_log
from relais.core.models import Organisation, Place
from relais.core.scoping import organisations_for_user, places_for_user
from relais.stats.filters import StatsFilters
from relais.stats.models import ReportSubscription, ShareLink

MANAGER_ROLES = {"admin", "coordinator"}


def shareable_scopes(user) -> dict[str, tuple[str, Place | Organisation]]:
    """'place:<pk>' / 'network:<pk>' → (label, object) for the scopes the user may publish or report on."""
    scopes = {}
    for network in organisations_for_user(user, MANAGER_ROLES).filter(kind=Organisation.Kind.NETWORK):
        scopes[f"network:{network.pk}"] = (network.name, network)
    for place in places_for_user(user, MANAGER_ROLES).order_by("name"):
        scopes[f"place:{place.pk}"] = (place.name, place)
    return scopes


def can_share(user) -> bool:
    """Whether `shareable_scopes` would offer anything (without loading thousands of places)."""
    networks = organisations_for_user(user, MANAGER_ROLES).filter(kind=Organisation.Kind.NETWORK)
    return networks.exists() or places_for_user(user, MANAGER_ROLES).exists()


def _scope_fields(scope: Place | Organisation) -> dict:
    return {"place": scope} if isinstance(scope, Place) else {"organisation": scope}


def scope_place_ids(item: ShareLink | ReportSubscription) -> list[int]:
    if item.place_id:
        return [item.place_id]
    condition = Q(organisation_id=item.organisation_id) | Q(organisation__parent_id=item.organisation_id)
    return list(Place.objects.filter(condition).values_list("pk", flat=True))


def _visible(user, model):
    scopes = shareable_scopes(user).values()
    place_ids = [obj.pk for _label, obj in scopes if isinstance(obj, Place)]
    network_ids = [obj.pk for _label, obj in scopes if isinstance(obj, Organisation)]
    return model.objects.filter(Q(place_id__in=place_ids) | Q(organisation_id__in=network_ids))


def share_links_for(user):
    return _visible(user, ShareLink).select_related("place", "organisation")


def subscriptions_for(user):
    return _visible(user, ReportSubscription).select_related("place", "organisation")


@transaction.atomic
def share_link_create(*, actor, title: str, scope: Place | Organisation) -> ShareLink:
    """A new public, read-only link to the aggregated indicators of the scope (no personal data)."""
    link = ShareLink.objects.create(title=title, created_by=actor, **_scope_fields(scope))
    journal_log(actor=actor, action="share_link.create", target=link, place=link.place)
    return link


@transaction.atomic
def share_link_revoke(*, actor, link: ShareLink) -> ShareLink:
    """The link stops answering at once; the row stays for the record."""
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    journal_log(actor=actor, action="share_link.revoke", target=link, place=link.place)
    return link


@transaction.atomic
def report_subscription_create(*, actor, email: str, scope: Place | Organisation) -> ReportSubscription:
    """`email` receives the monthly activity report of the scope from next month on."""
    subscription, _created = ReportSubscription.objects.get_or_create(
        email=email.lower(), **_scope_fields(scope), defaults={"created_by": actor}
    )
    journal_log(
        actor=actor, action="report_subscription.create", target=subscription, place=subscription.place
    )
    return subscription


@transaction.atomic
def report_subscription_delete(*, actor, subscription: ReportSubscription) -> None:
    journal_log(
        actor=actor, action="report_subscription.delete", target=subscription, place=subscription.place
    )
    subscription.delete()


def _previous_month(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return end.replace(day=1), end


def monthly_report_send(*, subscription: ReportSubscription, today: datetime.date) -> bool:
    """E-mail last month's activity report (key figures + PDF) once per month; False when already sent."""
    from relais.stats import reports

    start, end = _previous_month(today)
    if subscription.last_sent_on and subscription.last_sent_on >= today.replace(day=1):
        return False
    filters = StatsFilters(start=start, end=end, place_ids=scope_place_ids(subscription))
    scope = str(subscription.place or subscription.organisation)
    with translation.override(settings.LANGUAGE_CODE):
        report = reports.build(filters, links=False)
        context = {"scope": scope, "filters": filters, "figures": report["mediation_tables"][0].rows}
        subject = " ".join(render_to_string("emails/stats/monthly_report_subject.txt", context).split())
        text = render_to_string("emails/stats/monthly_report_body.txt", context)
        html = render_to_string("emails/stats/monthly_report_body.html", context)
        pdf = reports.render_pdf(report, scope=scope, filters=filters, commentary="", today=today)
    message = EmailMultiAlternatives(subject, text, to=[subscription.email])
    message.attach_alternative(html, "text/html")
    message.attach(f"bilan-activite-{start:%Y-%m}.pdf", pdf, "application/pdf")
    message.send()
    subscription.last_sent_on = today
    subscription.save(update_fields=["last_sent_on"])
    return True

from django.utils import timezone
from huey import crontab

from relais.core.tasks import relais_periodic_task, relais_task


@relais_periodic_task(crontab(hour=3, minute=15))
def summaries_rebuild_nightly() -> None:
    """Recompute the mediation summaries from scratch (catches bulk imports and merges)."""
    from relais.stats.summaries import rebuild_all

    rebuild_all()


@relais_task()
def summaries_refresh() -> None:
    """Recompute the months changed since the last refresh, out of the requests that changed them."""
    from relais.stats.summaries import refresh_dirty

    refresh_dirty()


@relais_task()
def monthly_report_send(subscription_pk: int) -> None:
    from relais.stats import services
    from relais.stats.models import ReportSubscription

    subscription = ReportSubscription.objects.filter(pk=subscription_pk).first()
    if subscription is not None:
        services.monthly_report_send(subscription=subscription, today=timezone.localdate())


@relais_periodic_task(crontab(day=1, hour=6, minute=30))
def monthly_reports_enqueue() -> None:
    """On the first of the month, one task per recipient (a failure is retried for that recipient only)."""
    from relais.stats.models import ReportSubscription

    for pk in ReportSubscription.objects.values_list("pk", flat=True):
        monthly_report_send(pk)

from huey import crontab

from relais.core.tasks import relais_periodic_task


@relais_periodic_task(crontab(hour=3, minute=15))
def summaries_rebuild_nightly() -> None:
    """Recompute the mediation summaries from scratch (catches bulk imports and merges)."""
    from relais.stats.summaries import rebuild_all

    rebuild_all()

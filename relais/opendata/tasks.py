"""Regenerating the built-in datasets every night."""

from huey import crontab

from relais.core.tasks import relais_periodic_task, relais_task
from relais.opendata import services


@relais_periodic_task(crontab(hour="3", minute="40"))
def regenerate_builtin_datasets() -> None:
    services.regenerate_builtin_datasets()


@relais_task(retries=1)
def regenerate_dataset(dataset_pk: int, actor_pk: int | None = None) -> None:
    from relais.accounts.models import User
    from relais.opendata.models import Dataset

    actor = User.objects.filter(pk=actor_pk).first() if actor_pk else None
    services.regenerate_dataset(dataset=Dataset.objects.get(pk=dataset_pk), actor=actor)

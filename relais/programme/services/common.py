"""Helpers shared by the programme services: queueing a message after commit, model validation."""

from django.db import transaction

from relais.programme.models import Registration


def queue_message(registration: Registration, kind: str) -> None:
    """Queue a message to the person once the transaction commits."""
    from relais.programme.tasks import send_registration_message

    pk = registration.pk
    transaction.on_commit(lambda: send_registration_message(pk, kind))


def full_clean(instance, exclude=None) -> None:
    instance.full_clean(exclude=exclude, validate_constraints=False)

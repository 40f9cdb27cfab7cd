"""Trainings: attending a session of a workshop marked as a machine training grants authorisations."""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction

from relais.core.journal import journal_log
from relais.fablab.models import Authorisation, MachineTraining

logger = logging.getLogger(__name__)


def account_for_registration(registration):
    """The user account of the person registered: by the registration's email, else the beneficiary's."""
    users = get_user_model().objects.filter(is_active=True)
    for email in (registration.email, getattr(registration.beneficiary, "email", "")):
        if email:
            user = users.filter(email__iexact=email.strip()).first()
            if user is not None:
                return user
    return None


def grant_for_attendance(registration) -> list[Authorisation]:
    """Listener for `relais.programme.hooks`: grant what the training covers to the attendee's account."""
    from relais.fablab import services

    event = registration.session.event
    if event.workshop_id is None:
        return []
    training = (
        MachineTraining.objects.filter(workshop_id=event.workshop_id)
        .prefetch_related("machines__place")
        .first()
    )
    if training is None:
        return []
    user = account_for_registration(registration)
    session = registration.session
    if user is None:
        journal_log(
            actor=None,
            action="authorisation.no_account",
            target=registration,
            place=session.place,
            training=training.pk,
        )
        return []
    facilitator = session.facilitators.first()
    note = f"{event.title} ({session.start_at:%d/%m/%Y})"
    granted = []
    with transaction.atomic():
        for machine in training.machines.all():
            granted.append(
                services.authorisation_grant(
                    user=user,
                    place=machine.place,
                    machine=machine,
                    actor=facilitator,
                    evidence=Authorisation.Evidence.TRAINING,
                    evidence_note=note,
                    registration_id=registration.pk,
                    granted_on=session.start_at.date(),
                )
            )
        if training.category_id:
            granted.append(
                services.authorisation_grant(
                    user=user,
                    place=session.place,
                    category=training.category,
                    actor=facilitator,
                    evidence=Authorisation.Evidence.TRAINING,
                    evidence_note=note,
                    registration_id=registration.pk,
                    granted_on=session.start_at.date(),
                )
            )
    return granted


@transaction.atomic
def training_save(*, workshop, machines, category, actor) -> MachineTraining:
    """Mark a workshop as a machine training covering `machines` and/or a `category`."""
    training, created = MachineTraining.objects.get_or_create(
        workshop=workshop, defaults={"category": category}
    )
    training.category = category
    training.save()
    training.machines.set(machines)
    journal_log(
        actor=actor,
        action="training.create" if created else "training.update",
        target=training,
        place=workshop.place,
        machines=[m.pk for m in machines],
        category=category.slug if category else None,
    )
    return training

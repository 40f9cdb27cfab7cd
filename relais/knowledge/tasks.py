"""Background jobs: emails to contributors and authors, feed fetching, the weekly watch digest."""

from django.urls import reverse
from huey import crontab

from relais.accounts.models import User
from relais.core.models import Membership
from relais.core.scoping import STAFF_ROLES
from relais.core.tasks import relais_periodic_task, relais_task
from relais.knowledge import emails
from relais.knowledge.models import Contribution, Decision, FeedSource, Moderation
from relais.knowledge.services import watch
from relais.knowledge.services.moderation import appeal_token, author_contact


@relais_task()
def send_contribution_confirmation(contribution_pk: int) -> None:
    contribution = Contribution.objects.select_related("place").get(pk=contribution_pk)
    url = emails.absolute(reverse("knowledge:contribution-confirm", kwargs={"token": contribution.token}))
    emails.send(
        "contribution_confirm", [contribution.contact_email], {"contribution": contribution, "url": url}
    )


@relais_task()
def send_contribution_decision(contribution_pk: int) -> None:
    contribution = Contribution.objects.select_related("place").get(pk=contribution_pk)
    context = {
        "contribution": contribution,
        "follow_url": emails.absolute(
            reverse("knowledge:contribution-follow", kwargs={"token": contribution.token})
        ),
        "published_url": emails.absolute(contribution.published_url) if contribution.published_url else "",
    }
    emails.send("contribution_decision", [contribution.contact_email], context)


@relais_task()
def send_moderation_notice(decision_pk: int) -> None:
    decision = Decision.objects.select_related("moderation").get(pk=decision_pk)
    target = decision.moderation.target
    if target is None:
        return
    email, name = author_contact(target)
    appeal_url = ""
    if not decision.on_appeal and not hasattr(decision.moderation, "appeal"):
        appeal_url = emails.absolute(
            reverse("knowledge:appeal-create", kwargs={"token": appeal_token(decision)})
        )
    context = {
        "decision": decision,
        "name": name,
        "appeal_url": appeal_url,
        "label": decision.moderation.target_label,
    }
    emails.send("moderation_notice", [email], context)


@relais_task()
def send_hidden_pending_notice(moderation_pk: int) -> None:
    moderation = Moderation.objects.get(pk=moderation_pk)
    if moderation.target is None:
        return
    email, name = author_contact(moderation.target)
    context = {"moderation": moderation, "name": name, "label": moderation.target_label}
    emails.send("moderation_hidden", [email], context)


@relais_task(retries=2)
def fetch_feed(source_pk: int) -> int:
    source = FeedSource.objects.get(pk=source_pk)
    return watch.feed_fetch(source=source)


@relais_periodic_task(crontab(minute="17"))
def fetch_all_feeds() -> None:
    """Every hour: queue one fetch per active source (each is a separate, retried job)."""
    for pk in FeedSource.objects.active().values_list("pk", flat=True):
        fetch_feed(pk)


@relais_periodic_task(crontab(day_of_week="1", hour="7", minute="30"))
def send_watch_digests() -> None:
    """Monday morning: each team member receives the week's items of the sources they follow."""
    user_ids = Membership.objects.active().filter(role__in=STAFF_ROLES).values_list("user_id", flat=True)
    for user in User.objects.filter(pk__in=user_ids, is_active=True):
        send_watch_digest_to(user)


def send_watch_digest_to(user) -> bool:
    items = watch.digest_items(user)
    if not items:
        return False
    context = {"user": user, "items": items, "url": emails.absolute(reverse("knowledge:watch-list"))}
    emails.send("watch_digest", [user.email], context)
    return True

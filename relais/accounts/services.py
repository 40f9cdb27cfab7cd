"""Writes on users, API tokens, invitations and the roles held in a place."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from relais.accounts.models import ApiToken, Invitation, User
from relais.core.journal import journal_log
from relais.core.models import Membership, Place, Role


@transaction.atomic
def user_update_profile(*, user: User, actor: User, first_name: str, last_name: str, phone: str) -> User:
    """Update a person's name and phone; the journal keeps which fields changed."""
    values = {"first_name": first_name.strip(), "last_name": last_name.strip(), "phone": phone.strip()}
    # Compare with the stored row: a bound ModelForm may already have copied the new values onto `user`.
    stored = User.objects.select_for_update().get(pk=user.pk)
    changed = sorted(name for name, value in values.items() if getattr(stored, name) != value)
    for name, value in values.items():
        setattr(user, name, value)
    if changed:
        user.save(update_fields=changed)
        journal_log(actor=actor, action="user.update", target=user, fields=changed)
    return user


def user_password_changed(*, user: User, by_reset: bool) -> None:
    """Record that a password was changed (on the profile) or reset (through the emailed link)."""
    journal_log(actor=user, action="user.password_reset" if by_reset else "user.password_change", target=user)


@transaction.atomic
def api_token_create(*, user: User, name: str, actor: User | None) -> tuple[ApiToken, str]:
    """Create a token; returns it with its secret, which is never stored and cannot be shown again."""
    secret = ApiToken.generate_secret()
    token = ApiToken.objects.create(
        user=user, name=name, key_prefix=secret[:10], key_hash=ApiToken.hash_secret(secret)
    )
    journal_log(actor=actor or user, action="api_token.create", target=token, name=name)
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token; it stops working at once."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        journal_log(actor=actor, action="api_token.revoke", target=token)
    return token


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALIDITY_DAYS)


def _unused_token_hash() -> str:
    # The link is minted when the email is sent (see invitation_send), so that no usable secret
    # ever sits in the task queue; until then the row holds the hash of a secret nobody knows.
    return Invitation.hash_token(secrets.token_urlsafe(32))


@transaction.atomic
def invitation_create(*, place: Place, email: str, role: str, invited_by: User) -> Invitation:
    """Invite `email` to hold `role` in `place`; replaces a pending invitation of the same person there."""
    from relais.accounts.tasks import send_invitation

    email = email.strip().lower()
    if Membership.objects.filter(user__email__iexact=email, place=place, role=role, is_active=True).exists():
        raise ValidationError(
            _("%(email)s already holds this role in this place.") % {"email": email}, code="already_member"
        )
    now = timezone.now()
    replaced = list(
        Invitation.objects.select_for_update()
        .open()
        .filter(place=place, email__iexact=email)
        .values_list("pk", flat=True)
    )
    if replaced:
        Invitation.objects.filter(pk__in=replaced).update(revoked_at=now, updated_at=now)
    invitation = Invitation.objects.create(
        email=email,
        place=place,
        role=role,
        invited_by=invited_by,
        token_hash=_unused_token_hash(),
        expires_at=_invitation_expiry(),
    )
    journal_log(
        actor=invited_by,
        action="invitation.create",
        target=invitation,
        place=place,
        role=role,
        replaced=replaced,
    )
    transaction.on_commit(lambda: send_invitation(invitation.pk))
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, actor: User) -> Invitation:
    """Send a pending invitation again with a fresh link; the previous link stops working."""
    from relais.accounts.tasks import send_invitation

    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not Invitation.objects.pending().filter(pk=invitation.pk).exists():
        raise ValidationError(_("This invitation is no longer pending."), code="not_pending")
    journal_log(actor=actor, action="invitation.resend", target=invitation, place=invitation.place)
    transaction.on_commit(lambda: send_invitation(invitation.pk))
    return invitation


@transaction.atomic
def invitation_send(*, invitation: Invitation) -> str | None:
    """Mint the invitation's link (valid INVITATION_VALIDITY_DAYS from now) and email it.

    Returns the link, or None when the invitation is no longer pending (nothing is sent)."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("place", "invited_by")
        .get(pk=invitation.pk)
    )
    if invitation.accepted_at or invitation.revoked_at:
        return None
    token = secrets.token_urlsafe(32)
    invitation.token_hash = Invitation.hash_token(token)
    invitation.expires_at = _invitation_expiry()
    invitation.save(update_fields=["token_hash", "expires_at", "updated_at"])
    url = settings.SITE_URL + reverse("accounts:invitation-accept", kwargs={"token": token})
    context = {
        "invitation": invitation,
        "url": url,
        "inviter": invitation.invited_by,
        "validity_days": settings.INVITATION_VALIDITY_DAYS,
    }
    with translation.override(settings.LANGUAGE_CODE):
        context["role"] = invitation.get_role_display()
        subject = " ".join(render_to_string("emails/accounts/invitation_subject.txt", context).split())
        body = render_to_string("emails/accounts/invitation_body.txt", context)
        html = render_to_string("emails/accounts/invitation_body.html", context)
    message = EmailMultiAlternatives(subject, body, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()
    return url


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    """Revoke a pending invitation: its link answers “revoked” from now on."""
    if invitation.revoked_at is None and invitation.accepted_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        journal_log(actor=actor, action="invitation.revoke", target=invitation, place=invitation.place)
    return invitation


def _lock_pending(invitation: Invitation) -> Invitation:
    invitation = (
        Invitation.objects.select_for_update(of=("self",)).select_related("place").get(pk=invitation.pk)
    )
    if invitation.accepted_at or invitation.revoked_at or invitation.is_expired:
        raise ValidationError(_("This invitation can no longer be used."), code="not_pending")
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Give `user` the invited role in the place (once); the link cannot be used again."""
    invitation = _lock_pending(invitation)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(_("This invitation was sent to another email address."), code="other_email")
    membership, created = Membership.objects.get_or_create(
        user=user, place=invitation.place, role=invitation.role, defaults={"is_active": True}
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    journal_log(actor=user, action="invitation.accept", target=invitation, place=invitation.place)
    journal_log(
        actor=user,
        action="membership.create",
        target=membership,
        place=invitation.place,
        role=invitation.role,
    )
    return membership


@transaction.atomic
def invitation_accept_new_user(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> User:
    """Create the invited person's account (email from the invitation) and give them the role."""
    invitation = _lock_pending(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("An account already exists for this email address: sign in to accept."), code="exists"
        )
    user = User.objects.create_user(
        invitation.email, password, first_name=first_name.strip(), last_name=last_name.strip()
    )
    journal_log(actor=user, action="user.create", target=user, via="invitation")
    invitation_accept(invitation=invitation, user=user)
    return user


def inherited_memberships(place: Place):
    """Roles held in `place` through its organisation or its network (managed elsewhere, shown read-only)."""
    scopes = Q(organisation_id=place.organisation_id)
    if place.organisation.parent_id:
        scopes |= Q(organisation_id=place.organisation.parent_id)
    return Membership.objects.active().filter(scopes)


def _administrators_left(place: Place, without: Membership) -> bool:
    direct = Membership.objects.active().filter(place=place, role=Role.ADMIN).exclude(pk=without.pk)
    inherited = inherited_memberships(place).filter(role=Role.ADMIN)
    return direct.exists() or inherited.exists()


def _ensure_not_last_admin(membership: Membership) -> None:
    if membership.role == Role.ADMIN and not _administrators_left(membership.place, membership):
        raise ValidationError(
            _("A place keeps at least one administrator: name another one first."), code="last_admin"
        )


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor: User) -> Membership:
    """Change the role of a direct member of a place; a place always keeps an administrator."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("place__organisation")
        .get(pk=membership.pk)
    )
    if membership.role == role:
        return membership
    if Membership.objects.filter(user_id=membership.user_id, place=membership.place, role=role).exists():
        raise ValidationError(_("This person already holds this role in this place."), code="duplicate")
    _ensure_not_last_admin(membership)
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    journal_log(
        actor=actor,
        action="membership.update",
        target=membership,
        place=membership.place,
        role=role,
        previous=previous,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User) -> None:
    """Remove a direct role in a place; a place always keeps an administrator."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("place__organisation")
        .get(pk=membership.pk)
    )
    _ensure_not_last_admin(membership)
    journal_log(
        actor=actor,
        action="membership.delete",
        target=membership,
        place=membership.place,
        role=membership.role,
        user=membership.user.email,
    )
    membership.delete()

"""Writes of the mediation desk: activities, beneficiaries, privacy actions and assessments.

Every function checks the business rules, writes in one transaction and records a journal entry.
Other apps (the programme, for a session's attendance) call `activity_create` directly.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.models import Place, Role
from relais.core.scoping import has_role
from relais.mediation import crcn, hooks
from relais.mediation.models import Activity, Assessment, Beneficiary, Tag
from relais.mediation.vocabularies import (
    ADMINISTRATIVE_THEMES,
    ADMINISTRATIVE_UMBRELLA,
    HEADCOUNT_DIMENSIONS,
    MAX_DURATION,
    MIN_DURATION,
    ActivityKind,
    AgeBracket,
    Autonomy,
    Equipment,
    PlaceType,
    ReferralStructure,
    Sex,
    SocialStatus,
    Theme,
    WorkshopLevel,
    age_bracket_for,
    codes,
    ordered_codes,
)

# ---------------------------------------------------------------------------------------------------
# Activities


def _check_choice(errors: dict, field: str, value: str, choices, *, blank: bool = True) -> None:
    if (value or not blank) and value not in codes(choices):
        errors[field] = _("Unknown code “%(value)s”. Allowed codes: %(allowed)s.") % {
            "value": value,
            "allowed": ", ".join(choices.values),
        }


def normalise_headcounts(value) -> dict:
    """Anonymous headcounts in their stored shape; raises ValidationError naming the wrong key."""
    if not value:
        return {}
    if not isinstance(value, dict):
        raise ValidationError({"anonymous_participants": _("Expected headcounts (total and breakdowns).")})
    try:
        total = int(value.get("total") or 0)
        already_helped = int(value.get("already_helped") or 0)
    except (TypeError, ValueError) as error:
        raise ValidationError({"anonymous_participants": _("Headcounts must be whole numbers.")}) from error
    if total < 0 or already_helped < 0:
        raise ValidationError({"anonymous_participants": _("Headcounts cannot be negative.")})
    if already_helped > total:
        raise ValidationError(
            {"anonymous_participants": _("More people already helped than anonymous participants.")}
        )
    result = {"total": total, "already_helped": already_helped}
    for dimension, choices in HEADCOUNT_DIMENSIONS.items():
        counts = value.get(dimension) or {}
        if not isinstance(counts, dict):
            raise ValidationError(
                {"anonymous_participants": _("Expected a count per code for %(key)s.") % {"key": dimension}}
            )
        clean = {}
        for code, count in counts.items():
            if code not in codes(choices):
                raise ValidationError(
                    {
                        "anonymous_participants": _("Unknown code “%(code)s” in %(key)s.")
                        % {"code": code, "key": dimension}
                    }
                )
            try:
                count = int(count or 0)
            except (TypeError, ValueError) as error:
                raise ValidationError(
                    {"anonymous_participants": _("Headcounts must be whole numbers.")}
                ) from error
            if count < 0:
                raise ValidationError({"anonymous_participants": _("Headcounts cannot be negative.")})
            if count:
                clean[code] = count
        if sum(clean.values()) > total:
            raise ValidationError(
                {
                    "anonymous_participants": _(
                        "The %(key)s breakdown counts more people than the total (%(total)s)."
                    )
                    % {"key": dimension, "total": total}
                }
            )
        if clean:
            result[dimension] = clean
    return result if total else {}


def validate_activity(
    *,
    place: Place,
    kind: str,
    date: datetime.date,
    duration,
    themes: Iterable[str],
    place_type: str,
    beneficiary: Beneficiary | None,
    participants: Iterable[Beneficiary],
    anonymous_participants: dict,
    procedure_name: str,
    equipment: Iterable[str],
    tags: Iterable[Tag],
    autonomy: str,
    referral_structure: str,
    level: str,
    age_bracket: str = "",
    sex: str = "",
    social_status: str = "",
) -> None:
    """Every rule of the national record, each error keyed by the field it concerns."""
    errors: dict[str, str] = {}
    _check_choice(errors, "kind", kind, ActivityKind, blank=False)
    _check_choice(errors, "place_type", place_type, PlaceType, blank=False)
    if not isinstance(date, datetime.date):
        errors["date"] = _("Enter a valid date.")
    elif date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future.")
    if not isinstance(duration, int) or not MIN_DURATION <= duration <= MAX_DURATION:
        errors["duration"] = _("The duration must be between %(min)s and %(max)s minutes.") % {
            "min": MIN_DURATION,
            "max": MAX_DURATION,
        }
    themes = list(themes)
    unknown = [code for code in themes if code not in codes(Theme)]
    if not themes:
        errors["themes"] = _("Choose at least one theme.")
    elif unknown:
        errors["themes"] = _("Unknown theme code(s): %(codes)s.") % {"codes": ", ".join(map(str, unknown))}
    elif ADMINISTRATIVE_UMBRELLA not in themes and any(code in ADMINISTRATIVE_THEMES for code in themes):
        errors["themes"] = _(
            "Administrative sub-themes are only allowed with the theme “Help with administrative procedures”."
        )
    if procedure_name and ADMINISTRATIVE_UMBRELLA not in themes and "themes" not in errors:
        errors["procedure_name"] = _(
            "The name of the procedure is only allowed with the theme “Help with administrative procedures”."
        )
    unknown = [code for code in equipment if code not in codes(Equipment)]
    if unknown:
        errors["equipment"] = _("Unknown equipment code(s): %(codes)s.") % {
            "codes": ", ".join(map(str, unknown))
        }
    for tag in tags:
        if not tag_in_scope(tag, place):
            errors["tags"] = _("The tag “%(name)s” is not available in this place.") % {"name": tag.name}
    _check_choice(errors, "autonomy", autonomy, Autonomy)
    _check_choice(errors, "referral_structure", referral_structure, ReferralStructure)
    _check_choice(errors, "level", level, WorkshopLevel)
    _check_choice(errors, "age_bracket", age_bracket, AgeBracket)
    _check_choice(errors, "sex", sex, Sex)
    _check_choice(errors, "social_status", social_status, SocialStatus)
    if beneficiary is not None and beneficiary.place_id != place.pk:
        errors["beneficiary"] = _("This beneficiary is followed in another place.")
    participants = list(participants)
    if any(person.place_id != place.pk for person in participants):
        errors["participants"] = _("Some participants are followed in another place.")
    if kind == ActivityKind.COLLECTIVE and not participants and not anonymous_participants.get("total"):
        errors["participants"] = _("Enter at least one participant, followed or anonymous.")
    if kind == ActivityKind.INDIVIDUAL and (participants or anonymous_participants):
        errors["participants"] = _("An individual accompaniment has no workshop participants.")
    if kind == ActivityKind.COLLECTIVE and beneficiary is not None:
        errors["beneficiary"] = _("A collective workshop lists its people as participants.")
    if errors:
        raise ValidationError(errors)


def tag_in_scope(tag: Tag, place: Place) -> bool:
    if tag.place_id:
        return tag.place_id == place.pk
    return tag.organisation_id in {place.organisation_id, place.organisation.parent_id}


def tags_for_place(place: Place):
    scope = Q(place=place) | Q(organisation_id=place.organisation_id)
    if place.organisation.parent_id:
        scope |= Q(organisation_id=place.organisation.parent_id)
    return Tag.objects.filter(scope)


def _demographics(beneficiary: Beneficiary | None, date: datetime.date, typed: dict) -> dict:
    if beneficiary is not None:
        bracket = (
            age_bracket_for(beneficiary.birth_year, date.year)
            if beneficiary.birth_year
            else beneficiary.age_bracket
        )
        return {
            "age_bracket": bracket,
            "sex": beneficiary.sex,
            "social_status": beneficiary.social_status,
            "commune_insee": beneficiary.commune_insee,
            "commune_name": beneficiary.commune_name,
        }
    return {
        "age_bracket": typed.get("age_bracket") or AgeBracket.NON_COMMUNIQUE,
        "sex": typed.get("sex") or Sex.NON_COMMUNIQUE,
        "social_status": typed.get("social_status") or SocialStatus.NON_COMMUNIQUE,
        "commune_insee": typed.get("commune_insee", ""),
        "commune_name": typed.get("commune_name", ""),
    }


def _touch_beneficiaries(beneficiary_ids: Iterable[int]) -> None:
    """Keep `last_activity_on` (used by the retention task) equal to the latest activity date."""
    for pk in set(beneficiary_ids):
        latest = Activity.objects.filter(Q(beneficiary_id=pk) | Q(participants__pk=pk)).aggregate(Max("date"))
        Beneficiary.objects.filter(pk=pk).update(last_activity_on=latest["date__max"])


def _involved(activity: Activity) -> set[int]:
    ids = set(activity.participants.values_list("pk", flat=True))
    if activity.beneficiary_id:
        ids.add(activity.beneficiary_id)
    return ids


@transaction.atomic
def activity_create(
    *,
    author,
    place: Place,
    kind: str,
    date: datetime.date,
    duration: int,
    themes: Iterable[str],
    place_type: str = PlaceType.LIEU_ACTIVITE,
    beneficiary: Beneficiary | None = None,
    participants: Iterable[Beneficiary] = (),
    anonymous_participants: dict | None = None,
    workshop_title: str = "",
    level: str = "",
    procedure_name: str = "",
    equipment: Iterable[str] = (),
    tags: Iterable[Tag] = (),
    notes: str = "",
    autonomy: str = "",
    referred: bool = False,
    referral_structure: str = "",
    source_label: str = "",
    already_helped: bool = False,
    age_bracket: str = "",
    sex: str = "",
    social_status: str = "",
    commune_insee: str = "",
    commune_name: str = "",
    location_commune_insee: str = "",
    location_commune_name: str = "",
    import_key: str = "",
) -> Activity:
    """Record an accompaniment after checking every national rule; journalled."""
    participants, tags, themes, equipment = list(participants), list(tags), list(themes), list(equipment)
    headcounts = normalise_headcounts(anonymous_participants)
    validate_activity(
        place=place,
        kind=kind,
        date=date,
        duration=duration,
        themes=themes,
        place_type=place_type,
        beneficiary=beneficiary,
        participants=participants,
        anonymous_participants=headcounts,
        procedure_name=procedure_name,
        equipment=equipment,
        tags=tags,
        autonomy=autonomy,
        referral_structure=referral_structure if referred else "",
        level=level,
        age_bracket=age_bracket,
        sex=sex,
        social_status=social_status,
    )
    individual = kind == ActivityKind.INDIVIDUAL
    typed = {
        "age_bracket": age_bracket,
        "sex": sex,
        "social_status": social_status,
        "commune_insee": commune_insee,
        "commune_name": commune_name,
    }
    activity = Activity.objects.create(
        kind=kind,
        place=place,
        author=author if getattr(author, "pk", None) else None,
        date=date,
        duration=duration,
        place_type=place_type,
        location_commune_insee=location_commune_insee,
        location_commune_name=location_commune_name,
        themes=_ordered_themes(themes),
        procedure_name=procedure_name.strip(),
        equipment=[code for code in ordered_codes(Equipment) if code in equipment],
        notes=notes.strip(),
        beneficiary=beneficiary if individual else None,
        already_helped=bool(already_helped) if individual else False,
        autonomy=autonomy if individual else "",
        referred=bool(referred) if individual else False,
        referral_structure=referral_structure if (individual and referred) else "",
        workshop_title="" if individual else workshop_title.strip(),
        level="" if individual else level,
        anonymous_participants=headcounts,
        participant_count=1 if individual else len(participants) + headcounts.get("total", 0),
        source_label=source_label[:200],
        import_key=import_key,
        **(_demographics(beneficiary, date, typed) if individual else {}),
    )
    if tags:
        activity.tags.set(tags)
    if participants and not individual:
        activity.participants.set(participants)
    _touch_beneficiaries(_involved(activity))
    journal_log(actor=author, action="activity.create", target=activity, place=place, kind=kind)
    return activity


def _ordered_themes(themes: Iterable[str]) -> list[str]:
    chosen = set(themes)
    return [code for code in ordered_codes(Theme) if code in chosen]


def can_change_activity(user, activity: Activity) -> bool:
    """The author, or an administrator of the activity's place."""
    return bool(user.pk and activity.author_id == user.pk) or has_role(user, activity.place, {Role.ADMIN})


ACTIVITY_FIELDS = (
    "kind",
    "date",
    "duration",
    "themes",
    "place_type",
    "beneficiary",
    "participants",
    "anonymous_participants",
    "workshop_title",
    "level",
    "procedure_name",
    "equipment",
    "tags",
    "notes",
    "autonomy",
    "referred",
    "referral_structure",
    "already_helped",
    "age_bracket",
    "sex",
    "social_status",
    "commune_insee",
    "commune_name",
    "location_commune_insee",
    "location_commune_name",
)


def activity_values(activity: Activity) -> dict:
    """The editable values of an activity, in the shape `activity_create` takes."""
    values = {
        name: getattr(activity, name) for name in ACTIVITY_FIELDS if name not in {"participants", "tags"}
    }
    values["participants"] = list(activity.participants.all())
    values["tags"] = list(activity.tags.all())
    return values


@transaction.atomic
def activity_update(*, actor, activity: Activity, **changes) -> Activity:
    """Change an activity (author or place admin only), re-checking every rule; journalled."""
    if not can_change_activity(actor, activity):
        raise ValidationError(_("Only the author or an administrator of the place can change this activity."))
    before = _involved(activity)
    values = activity_values(activity)
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    values.update(changes)
    if values["beneficiary"] is not None and "age_bracket" not in changes:
        values.update({key: "" for key in ("age_bracket", "sex", "social_status")})
    place = activity.place
    headcounts = normalise_headcounts(values["anonymous_participants"])
    validate_activity(
        place=place,
        kind=values["kind"],
        date=values["date"],
        duration=values["duration"],
        themes=values["themes"],
        place_type=values["place_type"],
        beneficiary=values["beneficiary"],
        participants=values["participants"],
        anonymous_participants=headcounts,
        procedure_name=values["procedure_name"],
        equipment=values["equipment"],
        tags=values["tags"],
        autonomy=values["autonomy"],
        referral_structure=values["referral_structure"] if values["referred"] else "",
        level=values["level"],
        age_bracket=values["age_bracket"],
        sex=values["sex"],
        social_status=values["social_status"],
    )
    individual = values["kind"] == ActivityKind.INDIVIDUAL
    activity.kind = values["kind"]
    activity.date = values["date"]
    activity.duration = values["duration"]
    activity.place_type = values["place_type"]
    activity.location_commune_insee = values["location_commune_insee"]
    activity.location_commune_name = values["location_commune_name"]
    activity.themes = _ordered_themes(values["themes"])
    activity.procedure_name = values["procedure_name"].strip()
    activity.equipment = [code for code in ordered_codes(Equipment) if code in values["equipment"]]
    activity.notes = values["notes"].strip()
    activity.beneficiary = values["beneficiary"] if individual else None
    activity.already_helped = bool(values["already_helped"]) if individual else False
    activity.autonomy = values["autonomy"] if individual else ""
    activity.referred = bool(values["referred"]) if individual else False
    activity.referral_structure = values["referral_structure"] if (individual and values["referred"]) else ""
    activity.workshop_title = "" if individual else values["workshop_title"].strip()
    activity.level = "" if individual else values["level"]
    activity.anonymous_participants = headcounts
    participants = list(values["participants"]) if not individual else []
    activity.participant_count = 1 if individual else len(participants) + headcounts.get("total", 0)
    if individual:
        for key, value in _demographics(activity.beneficiary, activity.date, values).items():
            setattr(activity, key, value)
    activity.save()
    activity.tags.set(values["tags"])
    activity.participants.set(participants)
    _touch_beneficiaries(before | _involved(activity))
    journal_log(actor=actor, action="activity.update", target=activity, place=place, fields=sorted(changes))
    return activity


@transaction.atomic
def activity_delete(*, actor, activity: Activity) -> None:
    """Delete an activity (author or place admin only); journalled with its date and kind."""
    if not can_change_activity(actor, activity):
        raise ValidationError(_("Only the author or an administrator of the place can delete this activity."))
    involved = _involved(activity)
    journal_log(
        actor=actor,
        action="activity.delete",
        target=activity,
        place=activity.place,
        kind=activity.kind,
        date=activity.date.isoformat(),
    )
    activity.delete()
    _touch_beneficiaries(involved)


def activity_duplicate_values(activity: Activity) -> dict:
    """Initial values for a new activity copied from `activity`, dated today."""
    values = activity_values(activity)
    values["date"] = timezone.localdate()
    return values


def last_duration(*, author, default: int = 30) -> int:
    latest = Activity.objects.filter(author=author).order_by("-created_at").values_list("duration", flat=True)
    return latest.first() or default


def usual_place(*, author, places) -> Place | None:
    """The place where the author recorded their latest activity, else the first of their places."""
    latest = (
        Activity.objects.filter(author=author, place__in=places)
        .order_by("-created_at")
        .values_list("place_id", flat=True)
    )
    place_id = latest.first()
    places = list(places)
    for place in places:
        if place.pk == place_id:
            return place
    return places[0] if places else None


# ---------------------------------------------------------------------------------------------------
# Beneficiaries

BENEFICIARY_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "birth_year",
    "age_bracket",
    "sex",
    "social_status",
    "commune_insee",
    "commune_name",
    "notes",
)
IDENTITY_FIELDS = ("first_name", "last_name", "phone", "email", "notes")


def normalise_phone(phone: str) -> str:
    phone = "".join(char for char in (phone or "") if char.isdigit() or char == "+")
    if phone.startswith("0") and len(phone) == 10:
        return "+33" + phone[1:]
    return phone


def _apply_beneficiary_values(beneficiary: Beneficiary, values: dict) -> None:
    for name, value in values.items():
        if name not in BENEFICIARY_FIELDS:
            raise ValueError(f"unknown field: {name}")
        setattr(beneficiary, name, value if value is not None or name == "birth_year" else "")
    beneficiary.first_name = beneficiary.first_name.strip()
    beneficiary.last_name = beneficiary.last_name.strip()
    beneficiary.email = beneficiary.email.strip().lower()
    beneficiary.phone = normalise_phone(beneficiary.phone)
    if beneficiary.birth_year:
        beneficiary.age_bracket = age_bracket_for(beneficiary.birth_year, timezone.localdate().year)
    beneficiary.age_bracket = beneficiary.age_bracket or AgeBracket.NON_COMMUNIQUE
    beneficiary.sex = beneficiary.sex or Sex.NON_COMMUNIQUE
    beneficiary.social_status = beneficiary.social_status or SocialStatus.NON_COMMUNIQUE
    beneficiary.search_text = beneficiary.build_search_text()
    beneficiary.full_clean(exclude=["place", "created_by", "merged_into"])


def beneficiary_duplicates(
    *,
    place: Place,
    first_name: str = "",
    last_name: str = "",
    birth_year=None,
    phone: str = "",
    email: str = "",
    exclude_pk: int | None = None,
):
    """Files of the place that look like the same person: same name and birth year, or same phone/e-mail."""
    condition = Q()
    if first_name and last_name and birth_year:
        condition |= Q(
            first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip(), birth_year=birth_year
        )
    phone = normalise_phone(phone)
    if phone:
        condition |= Q(phone=phone)
    if email:
        condition |= Q(email__iexact=email.strip())
    if not condition:
        return Beneficiary.objects.none()
    qs = Beneficiary.objects.filter(place=place, anonymised_at__isnull=True).active().filter(condition)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs


@transaction.atomic
def beneficiary_create(*, actor, place: Place, allow_duplicate: bool = False, **values) -> Beneficiary:
    """Open a file; refuses a probable duplicate unless `allow_duplicate`; journalled."""
    beneficiary = Beneficiary(place=place, created_by=actor if getattr(actor, "pk", None) else None)
    _apply_beneficiary_values(beneficiary, values)
    if not allow_duplicate:
        duplicates = beneficiary_duplicates(
            place=place,
            first_name=beneficiary.first_name,
            last_name=beneficiary.last_name,
            birth_year=beneficiary.birth_year,
            phone=beneficiary.phone,
            email=beneficiary.email,
        )
        if duplicates.exists():
            raise ValidationError(
                _("A file for this person may already exist: %(names)s.")
                % {"names": ", ".join(str(person) for person in duplicates[:5])},
                code="duplicate",
            )
    beneficiary.save()
    journal_log(actor=actor, action="beneficiary.create", target=beneficiary, place=place)
    return beneficiary


@transaction.atomic
def beneficiary_update(*, actor, beneficiary: Beneficiary, **values) -> Beneficiary:
    """Change a file; journalled with the names of the fields changed (never their values)."""
    if beneficiary.is_anonymised:
        raise ValidationError(_("This file was anonymised and can no longer be changed."))
    _apply_beneficiary_values(beneficiary, values)
    beneficiary.save()
    journal_log(
        actor=actor,
        action="beneficiary.update",
        target=beneficiary,
        place=beneficiary.place,
        fields=sorted(values),
    )
    return beneficiary


def _wipe_identity(beneficiary: Beneficiary) -> None:
    for name in IDENTITY_FIELDS:
        setattr(beneficiary, name, "")
    # The birth year identifies; the bracket it gave is kept for the figures.
    beneficiary.birth_year = None
    beneficiary.search_text = ""
    beneficiary.anonymised_at = timezone.now()


@transaction.atomic
def beneficiary_erase(*, actor, beneficiary: Beneficiary, reason: str = "request") -> Beneficiary:
    """Right to erasure: wipe the identity, keep demographics and activities so figures don't move."""
    if beneficiary.is_anonymised:
        return beneficiary
    _wipe_identity(beneficiary)
    beneficiary.save()
    Activity.objects.filter(beneficiary=beneficiary).update(notes="")
    journal_log(
        actor=actor, action="beneficiary.erase", target=beneficiary, place=beneficiary.place, reason=reason
    )
    return beneficiary


def retention_cutoff(today: datetime.date, months: int) -> datetime.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    day = min(today.day, 28)
    return datetime.date(year, month + 1, day)


def beneficiaries_to_anonymise(*, today: datetime.date, months: int):
    cutoff = retention_cutoff(today, months)
    last_seen = Q(last_activity_on__lt=cutoff) | Q(last_activity_on__isnull=True, updated_at__date__lt=cutoff)
    return Beneficiary.objects.filter(anonymised_at__isnull=True).filter(last_seen)


def beneficiaries_anonymise_inactive(*, today: datetime.date | None = None, months: int) -> int:
    """Anonymise every file with no activity for `months` months; returns how many were anonymised."""
    today = today or timezone.localdate()
    count = 0
    for beneficiary in beneficiaries_to_anonymise(today=today, months=months).iterator():
        with transaction.atomic():
            beneficiary_erase(actor=None, beneficiary=beneficiary, reason="retention")
        count += 1
    return count


@transaction.atomic
def beneficiary_merge(*, actor, source: Beneficiary, target: Beneficiary) -> Beneficiary:
    """Merge `source` into `target`: activities and assessments move, empty fields of the target are
    completed from the source, the source file is emptied and points to the target."""
    if source.pk == target.pk:
        raise ValidationError(_("Choose two different files."))
    if source.place_id != target.place_id:
        raise ValidationError(_("Only files of the same place can be merged."))
    if source.is_anonymised or target.is_anonymised:
        raise ValidationError(_("An anonymised file cannot be merged."))
    for name in BENEFICIARY_FIELDS:
        source_value, target_value = getattr(source, name), getattr(target, name)
        empty = target_value in (
            "",
            None,
            AgeBracket.NON_COMMUNIQUE,
            Sex.NON_COMMUNIQUE,
            SocialStatus.NON_COMMUNIQUE,
        )
        if empty and source_value not in ("", None):
            setattr(target, name, source_value)
    if source.notes and target.notes and source.notes not in target.notes:
        target.notes = f"{target.notes}\n{source.notes}"
    target.search_text = target.build_search_text()
    target.save()
    touched = Activity.objects.filter(Q(beneficiary=source) | Q(participants=source))
    hooks.activities_changed_in_bulk(touched.values_list("place_id", "date"))
    Activity.objects.filter(beneficiary=source).update(beneficiary=target)
    through = Activity.participants.through
    already = set(through.objects.filter(beneficiary=target).values_list("activity_id", flat=True))
    through.objects.filter(beneficiary=source, activity_id__in=already).delete()
    through.objects.filter(beneficiary=source).update(beneficiary=target)
    Assessment.objects.filter(beneficiary=source).update(beneficiary=target)
    _wipe_identity(source)
    source.merged_into = target
    source.save()
    _touch_beneficiaries([target.pk, source.pk])
    journal_log(actor=actor, action="beneficiary.merge", target=target, place=target.place, merged=source.pk)
    return target


def beneficiary_timeline(beneficiary: Beneficiary) -> list[dict]:
    """Everything done with a person, newest first: activities, assessments and (when the programme
    app offers it) registrations to sessions."""
    events = []
    activities = (
        Activity.objects.filter(Q(beneficiary=beneficiary) | Q(participants=beneficiary))
        .distinct()
        .select_related("author", "place")
    )
    for activity in activities:
        events.append({"date": activity.date, "kind": "activity", "object": activity})
    for assessment in beneficiary.assessments.all():
        events.append({"date": assessment.taken_on, "kind": "assessment", "object": assessment})
    for registration in _programme_registrations(beneficiary):
        events.append(registration)
    events.sort(key=lambda event: (event["date"], event["kind"]), reverse=True)
    return events


def _programme_registrations(beneficiary: Beneficiary) -> list[dict]:
    from relais.programme import services as programme_services  # the programme builds on this app

    return [
        {"date": item["date"], "kind": "registration", "object": item}
        for item in programme_services.registrations_for_beneficiary(beneficiary=beneficiary)
    ]


def autonomy_over_time(beneficiary: Beneficiary) -> list[dict]:
    """Autonomy recorded at each individual accompaniment, oldest first, with its 1–3 score."""
    from relais.mediation.vocabularies import AUTONOMY_SCORE

    rows = (
        Activity.objects.filter(beneficiary=beneficiary)
        .exclude(autonomy="")
        .order_by("date", "pk")
        .values("date", "autonomy", "themes")
    )
    labels = dict(Autonomy.choices)
    return [
        {
            "date": row["date"],
            "autonomy": row["autonomy"],
            "label": labels[row["autonomy"]],
            "score": AUTONOMY_SCORE[row["autonomy"]],
            "themes": row["themes"],
        }
        for row in rows
    ]


def beneficiary_export_data(beneficiary: Beneficiary) -> dict:
    """Everything held on a person (right of access), as plain JSON-ready values."""
    activities = (
        Activity.objects.filter(Q(beneficiary=beneficiary) | Q(participants=beneficiary))
        .distinct()
        .order_by("date", "pk")
        .select_related("place")
        .prefetch_related("tags")
    )
    return {
        "beneficiary": {
            "id": beneficiary.pk,
            "place": beneficiary.place.name,
            **{name: getattr(beneficiary, name) for name in BENEFICIARY_FIELDS},
            "created_at": beneficiary.created_at.isoformat(),
            "updated_at": beneficiary.updated_at.isoformat(),
        },
        "activities": [
            {
                "date": activity.date.isoformat(),
                "kind": activity.kind,
                "place": activity.place.name,
                "duration": activity.duration,
                "themes": activity.themes,
                "procedure_name": activity.procedure_name,
                "equipment": activity.equipment,
                "tags": [tag.name for tag in activity.tags.all()],
                "autonomy": activity.autonomy,
                "referred": activity.referred,
                "referral_structure": activity.referral_structure,
                "workshop_title": activity.workshop_title,
                "notes": activity.notes if activity.beneficiary_id == beneficiary.pk else "",
            }
            for activity in activities
        ],
        "assessments": [
            {"date": assessment.taken_on.isoformat(), "levels": assessment.levels}
            for assessment in beneficiary.assessments.order_by("taken_on")
        ],
    }


def log_personal_data_export(*, actor, beneficiary: Beneficiary, fmt: str) -> None:
    journal_log(
        actor=actor, action="beneficiary.export", target=beneficiary, place=beneficiary.place, format=fmt
    )


# ---------------------------------------------------------------------------------------------------
# Skills assessment (CRCN)


@transaction.atomic
def assessment_create(
    *,
    author,
    place: Place,
    answers: dict[str, list[str]],
    beneficiary: Beneficiary | None = None,
    taken_on: datetime.date | None = None,
) -> Assessment:
    """Record an assessment: a level 0–8 per competence answered; at least one competence; journalled."""
    if beneficiary is not None and beneficiary.place_id != place.pk:
        raise ValidationError({"beneficiary": _("This beneficiary is followed in another place.")})
    clean, levels = {}, {}
    for code, values in answers.items():
        if code not in crcn.COMPETENCES_BY_CODE:
            raise ValidationError({"answers": _("Unknown competence “%(code)s”.") % {"code": code}})
        values = list(values)
        if len(values) != 4 or any(value not in crcn.ANSWERS for value in values):
            raise ValidationError(
                {"answers": _("Answer the four statements of competence %(code)s.") % {"code": code}}
            )
        clean[code] = values
        levels[code] = crcn.level_from_answers(values)
    if not clean:
        raise ValidationError({"answers": _("Answer at least one competence.")})
    assessment = Assessment.objects.create(
        place=place,
        beneficiary=beneficiary,
        author=author if getattr(author, "pk", None) else None,
        taken_on=taken_on or timezone.localdate(),
        answers=clean,
        levels=levels,
    )
    journal_log(actor=author, action="assessment.create", target=assessment, place=place)
    return assessment


def assessment_progress(beneficiary: Beneficiary) -> list[dict]:
    """Per competence, the level at the first and the latest assessment of a person."""
    assessments = list(beneficiary.assessments.order_by("taken_on", "pk"))
    if not assessments:
        return []
    first, latest = assessments[0], assessments[-1]
    rows = []
    for competence in crcn.COMPETENCES:
        if competence.code in latest.levels or competence.code in first.levels:
            before = first.levels.get(competence.code)
            after = latest.levels.get(competence.code)
            rows.append(
                {
                    "competence": competence,
                    "first": before,
                    "latest": after,
                    "change": (after - before) if before is not None and after is not None else None,
                }
            )
    return rows


def workshop_suggestions(assessment: Assessment) -> dict:
    """Workshops of the programme that work on the weak competences; else just those competences."""
    weak = assessment.weak_competences()
    workshops = _programme_workshops(weak, assessment.place) if weak else []
    return {"competences": [crcn.COMPETENCES_BY_CODE[code] for code in weak], "workshops": workshops}


def _programme_workshops(competences: list[str], place: Place) -> list:
    from relais.programme import services as programme_services  # the programme builds on this app

    return programme_services.workshops_for_competences(competences=competences, place=place)


def retention_months() -> int:
    from django.conf import settings

    return getattr(settings, "BENEFICIARY_RETENTION_MONTHS", 24)

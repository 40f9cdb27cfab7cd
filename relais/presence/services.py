"""Writes of the presence app: subjects, territory imports, audits and batches, objectives."""

import logging
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.models import Place
from relais.presence import crawl
from relais.presence.engine import AuditReport, SubjectRecord, audit_url
from relais.presence.engine.runner import BatchRunner, Job
from relais.presence.engine.scoring import PILLARS
from relais.presence.models import Audit, AuditBatch, Objective, Subject

logger = logging.getLogger(__name__)

MAX_PAGES = 30
REAUDIT_AFTER_DAYS = 28

# Column of the import file → Subject field; French headings first, English accepted too.
IMPORT_COLUMNS = {
    "nom": "name",
    "name": "name",
    "site_web": "website",
    "website": "website",
    "reseaux_sociaux": "social_links",
    "social_links": "social_links",
    "adresse": "address",
    "address": "address",
    "code_postal": "postcode",
    "postcode": "postcode",
    "commune": "commune",
    "telephone": "phone",
    "phone": "phone",
    "courriel": "email",
    "email": "email",
    "siret": "siret",
    "osm": "osm_id",
    "osm_id": "osm_id",
    "organisme_public": "is_public_body",
    "public_body": "is_public_body",
}
TRUE_WORDS = {"1", "oui", "yes", "true", "vrai", "x"}


def subject_record(subject: Subject) -> SubjectRecord:
    return SubjectRecord(
        name=subject.name,
        website=subject.website,
        social_links=list(subject.social_links or []),
        address=subject.address,
        postcode=subject.postcode,
        commune=subject.commune,
        phone=subject.phone,
        email=subject.email,
        siret=subject.siret,
        osm_id=subject.osm_id,
        is_public_body=subject.is_public_body,
    )


@transaction.atomic
def subject_save(*, subject: Subject, actor, members: list[Subject] | None = None) -> Subject:
    """Validate and save a subject (new or changed) and journal it."""
    created = subject.pk is None
    subject.full_clean()
    subject.save()
    if members is not None and subject.is_territory:
        subject.members.set(members)
    journal_log(
        actor=actor,
        action="presence_subject.create" if created else "presence_subject.update",
        target=subject,
        place=subject.place,
    )
    return subject


# ----- territory import -----


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def _read_table(name: str, content: bytes) -> tablib.Dataset:
    extension = Path(name).suffix.lower().lstrip(".")
    if extension not in ("csv", "xlsx", "ods"):
        raise ValidationError(_("Use a CSV, XLSX or ODS file."))
    try:
        if extension == "csv":
            text = content.decode("utf-8-sig")
            delimiter = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
            return tablib.Dataset().load(text, format="csv", delimiter=delimiter)
        return tablib.Dataset().load(content, format=extension)
    except Exception as error:  # noqa: BLE001  (any parser error means an unreadable file)
        raise ValidationError(_("The file could not be read: %(error)s") % {"error": error}) from error


def _row_values(headers: list[str], row) -> dict:
    values = {}
    for header, value in zip(headers, row, strict=False):
        target = IMPORT_COLUMNS.get(header)
        if target is None:
            continue
        text = "" if value is None else str(value).strip()
        if target == "social_links":
            values[target] = [item.strip() for item in text.replace(",", ";").split(";") if item.strip()]
        elif target == "is_public_body":
            values[target] = text.lower() in TRUE_WORDS
        elif target == "postcode" and text.isdigit():
            values[target] = text.zfill(5)
        else:
            values[target] = text
    return values


def territory_import(*, territory: Subject, name: str, content: bytes, actor) -> ImportResult:
    """Add or update the territory's organisations from a table; any row error means nothing is written."""
    dataset = _read_table(name, content)
    headers = [str(h or "").strip().lower() for h in (dataset.headers or [])]
    if not any(IMPORT_COLUMNS.get(h) == "name" for h in headers):
        raise ValidationError(_("The file needs a “nom” (name) column."))
    result = ImportResult()
    with transaction.atomic():
        existing = {
            s.name.casefold(): s for s in Subject.objects.organisations().filter(place=territory.place)
        }
        seen: set[str] = set()
        subjects: list[Subject] = []
        for line, row in enumerate(dataset, start=2):
            values = _row_values(headers, row)
            if not any(values.get(key) for key in ("name", "website")):
                continue
            key = values.get("name", "").casefold()
            if key in seen:
                result.errors.append((line, _("This name appears twice in the file.")))
                continue
            seen.add(key)
            subject = existing.get(key) or Subject(place=territory.place, kind=Subject.Kind.ORGANISATION)
            is_new = subject.pk is None
            for attribute, value in values.items():
                setattr(subject, attribute, value)
            try:
                subject.full_clean(validate_unique=False)
            except ValidationError as error:
                messages = [
                    f"{field_label(name)} : {m}" for name, ms in error.message_dict.items() for m in ms
                ]
                result.errors.append((line, " ; ".join(messages)))
                continue
            subject.save()
            subjects.append(subject)
            result.created += is_new
            result.updated += not is_new
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.updated = 0
            return result
        territory.members.add(*subjects)
        journal_log(
            actor=actor,
            action="presence_territory.import",
            target=territory,
            place=territory.place,
            created=result.created,
            updated=result.updated,
        )
    return result


def field_label(name: str) -> str:
    if name == "__all__":
        return _("row")
    return str(Subject._meta.get_field(name).verbose_name)


# ----- audits -----


@transaction.atomic
def audit_request(*, subject: Subject, actor, pages: int = 5) -> Audit:
    """Queue an audit of an organisation's site; it runs in the background."""
    if subject.is_territory:
        raise ValidationError(_("A territory is audited through a batch of its organisations."))
    if not 1 <= pages <= MAX_PAGES:
        raise ValidationError(_("Choose between 1 and %(max)s pages.") % {"max": MAX_PAGES})
    audit = Audit.objects.create(subject=subject, url=subject.website, pages=pages, requested_by=actor)
    journal_log(actor=actor, action="presence_audit.request", target=audit, place=subject.place)
    from relais.presence.tasks import run_audit

    transaction.on_commit(lambda: run_audit(audit.pk))
    return audit


def audit_store_report(audit: Audit, report: AuditReport) -> None:
    """Save an engine report on the audit, make it the subject's latest, update objectives."""
    audit.status = Audit.Status.DONE
    audit.algorithm_version = report.algorithm_version
    audit.reachable = report.reachable
    audit.score = report.score
    audit.grade = report.grade
    audit.coverage = report.coverage
    audit.pillars = report.pillars
    audit.checks = report.checks()
    audit.pages_fetched = report.pages_fetched
    audit.requests = report.requests
    audit.error = ""
    audit.finished_at = timezone.now()
    audit.save()
    Subject.objects.filter(pk=audit.subject_id).update(latest_audit=audit)
    objectives_update(subject=audit.subject, audit=audit)


def audit_execute(*, audit_id: int) -> Audit:
    """Run a queued audit now and store its results (a faulty site is a result, not an error)."""
    audit = Audit.objects.select_related("subject").get(pk=audit_id)
    if audit.status not in (Audit.Status.QUEUED, Audit.Status.RUNNING):
        return audit
    audit.status, audit.started_at = Audit.Status.RUNNING, timezone.now()
    audit.save(update_fields=["status", "started_at", "updated_at"])
    report = audit_url(
        audit.url,
        pages=audit.pages,
        config=crawl.crawl_config(max_pages=audit.pages),
        record=subject_record(audit.subject),
        resolver=crawl.default_resolver(),
    )
    with transaction.atomic():
        audit_store_report(audit, report)
    return audit


@transaction.atomic
def batch_start(*, territory: Subject, actor, pages: int = 5) -> AuditBatch:
    """Queue one audit per organisation of the territory, run together in the background."""
    if not territory.is_territory:
        raise ValidationError(_("Only a territory can be audited as a batch."))
    if AuditBatch.objects.filter(territory=territory, status__in=["queued", "running"]).exists():
        raise ValidationError(_("A batch is already running for this territory."))
    members = list(territory.members.organisations())
    if not members:
        raise ValidationError(_("This territory has no organisation yet: import or add some first."))
    batch = AuditBatch.objects.create(
        territory=territory, total=len(members), pages=pages, requested_by=actor
    )
    Audit.objects.bulk_create(
        Audit(subject=member, batch=batch, url=member.website, pages=pages, requested_by=actor)
        for member in members
    )
    journal_log(
        actor=actor, action="presence_batch.start", target=batch, place=territory.place, total=len(members)
    )
    from relais.presence.tasks import run_batch

    transaction.on_commit(lambda: run_batch(batch.pk))
    return batch


def _cancel_requested(batch_id: int) -> bool:
    return AuditBatch.objects.filter(pk=batch_id, cancel_requested_at__isnull=False).exists()


def batch_execute(*, batch_id: int, runner_options: dict | None = None) -> AuditBatch:
    """Run every queued audit of the batch politely, saving each result as it comes; stops on cancel."""
    batch = AuditBatch.objects.select_related("territory").get(pk=batch_id)
    if batch.status not in (AuditBatch.Status.QUEUED, AuditBatch.Status.RUNNING):
        return batch
    AuditBatch.objects.filter(pk=batch.pk).update(status=AuditBatch.Status.RUNNING)
    # Running ones too: after a worker restart, the retried task picks up where the first one stopped.
    pending = batch.audits.filter(status__in=[Audit.Status.QUEUED, Audit.Status.RUNNING]).select_related(
        "subject"
    )
    audits = {a.pk: a for a in pending}
    Audit.objects.filter(pk__in=audits).update(status=Audit.Status.RUNNING, started_at=timezone.now())
    jobs = [Job(key=pk, url=a.url, record=subject_record(a.subject)) for pk, a in audits.items()]
    runner = BatchRunner(
        crawl.crawl_config(max_pages=batch.pages),
        pages=batch.pages,
        resolver=crawl.default_resolver(),
        **(runner_options or {}),
    )
    cancelled = _cancel_requested(batch.pk)
    if cancelled:
        runner.cancel()
    for item in runner.run(jobs if not cancelled else []):
        if item is not None:
            key, outcome = item
            audit = audits[key]
            with transaction.atomic():
                if isinstance(outcome, Exception):
                    logger.exception("audit %s failed", key, exc_info=outcome)
                    audit.status, audit.error = (
                        Audit.Status.FAILED,
                        f"{type(outcome).__name__}: {outcome}"[:2000],
                    )
                    audit.finished_at = timezone.now()
                    audit.save()
                else:
                    audit_store_report(audit, outcome)
                AuditBatch.objects.filter(pk=batch.pk).update(
                    done=batch.audits.exclude(status__in=["queued", "running"]).count()
                )
        if not cancelled and _cancel_requested(batch.pk):
            cancelled = True
            runner.cancel()
    with transaction.atomic():
        batch.audits.filter(status__in=[Audit.Status.QUEUED, Audit.Status.RUNNING]).update(
            status=Audit.Status.CANCELLED, finished_at=timezone.now()
        )
        batch.refresh_from_db()
        batch.status = AuditBatch.Status.CANCELLED if cancelled else AuditBatch.Status.DONE
        batch.done = batch.audits.exclude(status__in=["queued", "running"]).count()
        batch.finished_at = timezone.now()
        batch.save()
    return batch


@transaction.atomic
def batch_cancel(*, batch: AuditBatch, actor) -> AuditBatch:
    """Ask a running batch to stop: audits not yet finished are cancelled, finished ones are kept."""
    if not batch.is_active:
        raise ValidationError(_("This batch is already finished."))
    batch.cancel_requested_at = timezone.now()
    if batch.status == AuditBatch.Status.QUEUED:
        batch.status = AuditBatch.Status.CANCELLED
        batch.finished_at = timezone.now()
        batch.audits.filter(status=Audit.Status.QUEUED).update(status=Audit.Status.CANCELLED)
    batch.save()
    journal_log(actor=actor, action="presence_batch.cancel", target=batch, place=batch.territory.place)
    return batch


def monthly_reaudits(*, today: date | None = None) -> int:
    """Queue an audit (or a batch) for each subject followed monthly whose last audit is a month old."""
    today = today or timezone.localdate()
    limit = timezone.now() - timedelta(days=REAUDIT_AFTER_DAYS)
    queued = 0
    for subject in Subject.objects.filter(monthly_reaudit=True):
        if subject.is_territory:
            last = subject.batches.order_by("-created_at").first()
            if last is None or (last.created_at < limit and not last.is_active):
                try:
                    batch_start(territory=subject, actor=None)
                except ValidationError:
                    continue
                queued += 1
        elif subject.website:
            last = subject.audits.order_by("-created_at").first()
            if last is None or last.created_at < limit:
                audit_request(subject=subject, actor=None, pages=last.pages if last else 5)
                queued += 1
    return queued


# ----- objectives -----


def indicator_choices(audit: Audit) -> list[tuple[str, str]]:
    """Indicators that can be followed from this audit: total, pillars, then checks that are measured."""
    from relais.presence.engine import texts

    choices = [("total:total", _("Total score"))]
    choices += [(f"pillar:{p}", _("Pillar: %(label)s") % {"label": texts.pillar_label(p)}) for p in PILLARS]
    choices += [
        (f"check:{c['id']}", c.get("title") or c["id"]) for c in audit.checks if c.get("score") is not None
    ]
    return choices


@transaction.atomic
def objective_create(
    *, audit: Audit, actor, title: str, indicator: str, target: float, due_on: date
) -> Objective:
    """An objective on an indicator of the audit, starting from the value it had in that audit."""
    kind, _sep, code = indicator.partition(":")
    objective = Objective(
        subject=audit.subject,
        source_audit=audit,
        title=title,
        indicator_kind=kind,
        indicator=code,
        target=target,
        due_on=due_on,
        created_by=actor,
    )
    baseline = objective.value_in(audit)
    if baseline is None:
        raise ValidationError(_("This indicator was not measured in this audit."))
    if target <= baseline:
        raise ValidationError(
            _("The target must be above the current value (%(value)s).") % {"value": baseline}
        )
    objective.baseline = baseline
    objective.full_clean()
    objective.save()
    journal_log(actor=actor, action="presence_objective.create", target=objective, place=audit.subject.place)
    return objective


def objectives_update(*, subject: Subject, audit: Audit) -> int:
    """Mark the objectives reached by this audit; returns how many were newly reached."""
    reached = 0
    for objective in subject.objectives.filter(achieved_on__isnull=True):
        value = objective.value_in(audit)
        if value is not None and value >= objective.target:
            objective.achieved_on = timezone.localdate()
            objective.save(update_fields=["achieved_on", "updated_at"])
            reached += 1
    return reached


# ----- reading: history, territory comparison -----


def objective_progress(objective: Objective, latest: Audit | None) -> dict:
    current = objective.value_in(latest)
    span = objective.target - objective.baseline
    percent = None
    if current is not None and span > 0:
        percent = max(0, min(100, round(100 * (current - objective.baseline) / span)))
    return {"objective": objective, "current": current, "percent": percent}


def territory_summary(territory: Subject) -> dict:
    """Table, grade distribution, median and worst checks over the members' latest audits."""
    members = list(territory.members.organisations().select_related("latest_audit").order_by("name"))
    audits = [m.latest_audit for m in members if m.latest_audit and m.latest_audit.is_finished]
    scores = [a.score for a in audits if a.score is not None]
    distribution = {grade: 0 for grade in "ABCDE"}
    for audit in audits:
        if audit.grade in distribution:
            distribution[audit.grade] += 1
    check_scores: dict[str, list[float]] = {}
    titles: dict[str, str] = {}
    for audit in audits:
        for check in audit.checks:
            if check.get("score") is not None:
                check_scores.setdefault(check["id"], []).append(check["score"])
                titles[check["id"]] = check.get("title") or check["id"]
    worst = sorted(
        (
            {
                "id": check_id,
                "title": titles[check_id],
                "average": round(100 * sum(values) / len(values)),
                "failing": sum(1 for v in values if v < 0.5),
                "measured": len(values),
            }
            for check_id, values in check_scores.items()
        ),
        key=lambda row: row["average"],
    )[:8]
    rows = []
    for member in members:
        audit = member.latest_audit if member.latest_audit and member.latest_audit.is_finished else None
        pillars = [audit.pillars.get(p) if audit else None for p in PILLARS]
        rows.append({"subject": member, "audit": audit, "pillars": pillars})
    return {
        "members": members,
        "rows": rows,
        "audited": len(audits),
        "median": round(statistics.median(scores), 1) if scores else None,
        "distribution": [
            {"grade": g, "count": n, "percent": round(100 * n / len(audits)) if audits else 0}
            for g, n in distribution.items()
        ],
        "worst_checks": worst,
        "https_rate": _rate(audits, "https"),
        "reachable_rate": round(100 * sum(1 for a in audits if a.reachable) / len(audits))
        if audits
        else None,
    }


def _rate(audits: list[Audit], check_id: str) -> int | None:
    values = [a.check_by_id().get(check_id, {}).get("score") for a in audits]
    values = [v for v in values if v is not None]
    return round(100 * sum(1 for v in values if v >= 0.9) / len(values)) if values else None


def places_for_subjects(user) -> list[Place]:
    from relais.core.scoping import STAFF_ROLES, places_for_user

    return list(places_for_user(user, STAFF_ROLES).order_by("name"))

"""Authorisation matrix: every URL pattern and every API operation, visited by each persona.

The place A fixture is filled by every app's demo loader (run on place A and its personas), so each URL
keyword can be taken from a real object of place A. The tables below give, for each URL name and each
API operation, the expected status for the personas, in the order of PERSONAS:
- "L" means a redirect to the login page; any other token is the HTTP status expected.
A URL pattern or API operation missing from the tables fails the test with its name, so a new view
cannot be added without saying who may see it.
"""

import json
import os
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from relais.core import demo as core_demo

PERSONAS = ("anonymous", "volunteer", "mediator", "fabmanager", "coordinator", "admin", "outsider")
DUMP = os.environ.get("RELAIS_MATRIX_DUMP")  # a file path: write the observed statuses there

TOKEN = "x" * 32  # a well-formed but unknown token: public token pages must answer without leaking

# Where each URL keyword comes from: "place" (place A's slug), "organisation" (its organisation's slug),
# "app.Model" (pk of place A's first object) or "app.Model.field", "=value" for a literal value.
KWARG_SOURCES = {
    "accounts:api-token-revoke": {"pk": "accounts.ApiToken"},
    "accounts:place-roles": {"slug": "place"},
    "accounts:invitation-create": {"slug": "place"},
    "accounts:membership-update": {"slug": "place", "pk": "core.Membership"},
    "accounts:membership-delete": {"slug": "place", "pk": "core.Membership"},
    "accounts:invitation-revoke": {"slug": "place", "pk": "accounts.Invitation"},
    "accounts:invitation-resend": {"slug": "place", "pk": "accounts.Invitation"},
    "accounts:invitation-accept": {"token": f"={TOKEN}"},
    "accounts:password-reset-confirm": {"uidb64": "=MQ", "token": "=set-password"},
    "core:place-detail": {"slug": "place"},
    "core:place-manage": {"slug": "place"},
    "core:place-update": {"slug": "place"},
    "core:organisation-update": {"slug": "organisation"},
    "core:task-failure-resolve": {"pk": "core.TaskFailure"},
    "mediation:activity-detail": {"pk": "mediation.Activity"},
    "mediation:activity-update": {"pk": "mediation.Activity"},
    "mediation:activity-delete": {"pk": "mediation.Activity"},
    "mediation:beneficiary-detail": {"pk": "mediation.Beneficiary"},
    "mediation:beneficiary-update": {"pk": "mediation.Beneficiary"},
    "mediation:beneficiary-merge": {"pk": "mediation.Beneficiary"},
    "mediation:beneficiary-erase": {"pk": "mediation.Beneficiary"},
    "mediation:beneficiary-export-json": {"pk": "mediation.Beneficiary"},
    "mediation:beneficiary-export-pdf": {"pk": "mediation.Beneficiary"},
    "mediation:notice": {"slug": "place"},
    "mediation:assessment-detail": {"pk": "mediation.Assessment"},
    "programme:agenda-event": {"pk": "programme.Event"},
    "programme:agenda-register": {"pk": "programme.Session"},
    "programme:session-survey": {"uid": "programme.Session.uid"},
    "programme:agenda-place": {"slug": "place"},
    "programme:place-ics": {"slug": "place"},
    "programme:agenda-widget": {"slug": "place"},
    "programme:registration-manage": {"token": "programme.Registration.token"},
    "programme:registration-confirm": {"token": "programme.Registration.token"},
    "programme:registration-cancel": {"token": "programme.Registration.token"},
    "programme:registration-opt-out": {"token": "programme.Registration.token"},
    "programme:survey": {"token": "programme.Registration.token"},
    "programme:facilitator-ics": {"token": f"={TOKEN}"},
    "programme:workshop-create": {"slug": "place"},
    "programme:workshop-detail": {"pk": "programme.Workshop"},
    "programme:workshop-update": {"pk": "programme.Workshop"},
    "programme:event-create": {"slug": "place"},
    "programme:event-detail": {"pk": "programme.Event"},
    "programme:event-update": {"pk": "programme.Event"},
    "programme:event-poster": {"pk": "programme.Event"},
    "programme:session-create": {"pk": "programme.Event"},
    "programme:session-detail": {"pk": "programme.Session"},
    "programme:session-update": {"pk": "programme.Session"},
    "programme:session-cancel": {"pk": "programme.Session"},
    "programme:desk-register": {"pk": "programme.Session"},
    "programme:session-check-in": {"pk": "programme.Session"},
    "programme:attendance-close": {"pk": "programme.Session"},
    "programme:sign-in-sheet": {"pk": "programme.Session"},
    "programme:registration-action": {"pk": "programme.Registration", "action": "=approve"},
    "programme:check-in-scan": {"token": "programme.Registration.token"},
    "programme:monthly-programme": {"slug": "place", "year": "=2026", "month": "=11"},
    "fablab:booking-detail": {"pk": "fablab.Booking"},
    "fablab:booking-cancel": {"pk": "fablab.Booking"},
    "fablab:booking-move": {"pk": "fablab.Booking"},
    "fablab:booking-usage": {"pk": "fablab.Booking"},
    "fablab:booking-assistance": {"pk": "fablab.Booking"},
    "fablab:booking-feed": {"token": f"={TOKEN}"},
    "fablab:authorisation-revoke": {"pk": "fablab.Authorisation"},
    "fablab:quiz-take": {"category_slug": "fablab.Category.slug"},
    "fablab:order-detail": {"pk": "fablab.MaintenanceOrder"},
    "fablab:order-schedule": {"pk": "fablab.MaintenanceOrder"},
    "fablab:order-update": {"pk": "fablab.MaintenanceOrder"},
    "fablab:order-close": {"pk": "fablab.MaintenanceOrder"},
    "fablab:order-cancel": {"pk": "fablab.MaintenanceOrder"},
    "fablab:unavailability-delete": {"pk": "fablab.Unavailability"},
    "fablab:machine-detail": {"slug": "fablab.Machine.slug"},
    "fablab:machine-update": {"slug": "fablab.Machine.slug"},
    "fablab:machine-state": {"slug": "fablab.Machine.slug"},
    "fablab:machine-calendar": {"slug": "fablab.Machine.slug"},
    "fablab:booking-create": {"slug": "fablab.Machine.slug"},
    "fablab:incident-report": {"slug": "fablab.Machine.slug"},
    "fablab:incident-thanks": {"slug": "fablab.Machine.slug"},
    "fablab:item-history": {"pk": "fablab.LendableItem"},
    "fablab:loan-checkout": {"pk": "fablab.LendableItem"},
    "fablab:loan-return": {"pk": "fablab.Loan"},
    "fablab:shopping-list": {"export": "=csv"},
    "projects:project-detail": {"pk": "projects.Project"},
    "projects:project-update": {"pk": "projects.Project"},
    "projects:project-brief": {"pk": "projects.Project"},
    "projects:project-pdf": {"pk": "projects.Project"},
    "projects:project-canvas": {"pk": "projects.Project"},
    "projects:project-budget": {"pk": "projects.Project"},
    "projects:budget-line-delete": {"pk": "projects.BudgetLine.project_id", "line_pk": "projects.BudgetLine"},
    "projects:milestone-create": {"pk": "projects.Project"},
    "projects:milestone-toggle": {
        "pk": "projects.Milestone.project_id",
        "milestone_pk": "projects.Milestone",
    },
    "projects:milestone-delete": {
        "pk": "projects.Milestone.project_id",
        "milestone_pk": "projects.Milestone",
    },
    "projects:project-team": {"pk": "projects.Project"},
    "projects:member-remove": {
        "pk": "projects.ProjectMember.project_id",
        "member_pk": "projects.ProjectMember",
    },
    "projects:project-matches": {"pk": "projects.Project"},
    "projects:invitation-create": {
        "pk": "projects.Project",
        "kind": "=partenaire",
        "target_pk": "projects.Partner",
    },
    "projects:invitation-respond": {"token": f"={TOKEN}"},
    "projects:project-event-create": {"pk": "projects.Project"},
    "projects:project-event-link": {"pk": "projects.Project"},
    "projects:project-event-detail": {
        "pk": "projects.ProjectEvent.project_id",
        "link_pk": "projects.ProjectEvent",
    },
    "projects:digest-send": {"pk": "projects.ProjectEvent.project_id", "link_pk": "projects.ProjectEvent"},
    "projects:project-documentation": {"pk": "projects.Project"},
    "projects:step-create": {"pk": "projects.Project"},
    "projects:step-delete": {
        "pk": "projects.DocumentationStep.project_id",
        "step_pk": "projects.DocumentationStep",
    },
    "projects:project-publish": {"pk": "projects.Project"},
    "projects:gallery-detail": {"pk": "projects.Project"},
    "projects:partner-detail": {"pk": "projects.Partner"},
    "projects:partner-update": {"pk": "projects.Partner"},
    "projects:partner-delete": {"pk": "projects.Partner"},
    "projects:partner-vcard": {"pk": "projects.Partner"},
    "projects:skill-update": {"pk": "projects.Skill"},
    "projects:contact-create": {"pk": "projects.Partner"},
    "projects:contact-delete": {
        "pk": "projects.PartnerContact.partner_id",
        "contact_pk": "projects.PartnerContact",
    },
    "presence:subject-detail": {"pk": "presence.Subject"},
    "presence:subject-update": {"pk": "presence.Subject"},
    "presence:territory-import": {"pk": "presence.Subject"},
    "presence:audit-start": {"pk": "presence.Subject"},
    "presence:territory-pdf": {"pk": "presence.Subject"},
    "presence:audit-detail": {"pk": "presence.Audit"},
    "presence:audit-pdf": {"pk": "presence.Audit"},
    "presence:objective-create": {"pk": "presence.Audit"},
    "presence:batch-progress": {"pk": "presence.AuditBatch"},
    "presence:batch-cancel": {"pk": "presence.AuditBatch"},
    "knowledge:article-detail": {"slug": "knowledge.Article.slug"},
    "knowledge:article-pdf": {"slug": "knowledge.Article.slug"},
    "knowledge:article-update": {"slug": "knowledge.Article.slug"},
    "knowledge:article-versions": {"slug": "knowledge.Article.slug"},
    "knowledge:article-restore": {"slug": "knowledge.Article.slug", "number": "=1"},
    "knowledge:resource-detail": {"slug": "knowledge.Resource.slug"},
    "knowledge:resource-download": {"slug": "knowledge.Resource.slug"},
    "knowledge:resource-update": {"slug": "knowledge.Resource.slug"},
    "knowledge:contribution-confirm": {"token": "knowledge.Contribution.token"},
    "knowledge:contribution-follow": {"token": "knowledge.Contribution.token"},
    "knowledge:comment-create": {
        "content_type_id": "content_type:knowledge.Article",
        "object_id": "knowledge.Article",
    },
    "knowledge:report-create": {"kind": "=comment", "pk": "knowledge.Comment"},
    "knowledge:appeal-create": {"token": f"={TOKEN}"},
    "knowledge:contribution-review": {"pk": "knowledge.Contribution"},
    "knowledge:contribution-file": {"pk": "knowledge.Contribution"},
    "knowledge:moderation-detail": {"pk": "knowledge.Report"},
    "knowledge:comment-release": {"pk": "knowledge.Comment"},
    "knowledge:appeal-review": {"pk": "knowledge.Appeal"},
    "knowledge:source-fetch": {"pk": "knowledge.FeedSource"},
    "knowledge:source-toggle": {"pk": "knowledge.FeedSource"},
    "knowledge:item-read": {"pk": "knowledge.FeedItem"},
    "knowledge:item-tag": {"pk": "knowledge.FeedItem"},
    "knowledge:item-share": {"pk": "knowledge.FeedItem"},
    "opendata:dataset-detail": {"slug": "opendata.Dataset.slug"},
    "opendata:dataset-regenerate": {"slug": "opendata.Dataset.slug"},
    "opendata:dataset-datapackage": {"slug": "opendata.Dataset.slug"},
    "opendata:resource-download": {
        "slug": "datasetresource:dataset.slug",
        "name": "datasetresource:name",
        "format": "datasetresource:format",
    },
    "stats:table-export": {"key": "=by_month", "fmt": "=csv"},
    "stats:table": {"key": "=by_month"},
    "stats:share-revoke": {"pk": "stats.ShareLink"},
    "stats:recipient-delete": {"pk": "stats.ReportSubscription"},
    "stats:share-public": {"token": "stats.ShareLink.token"},
}
API_PARAM_SOURCES = {
    "place_id": "core.Place",
    "activity_id": "mediation.Activity",
    "beneficiary_id": "mediation.Beneficiary",
    "session_id": "programme.Session",
    "machine_id": "fablab.Machine",
    "booking_id": "fablab.Booking",
    "authorisation_id": "fablab.Authorisation",
    "project_id": "projects.Project",
    "subject_id": "presence.Subject",
    "audit_id": "presence.Audit",
    "slug": "knowledge.Article.slug",
}
API_PATH_PARAM_OVERRIDES = {"/api/v1/datasets/{slug}": {"slug": "opendata.Dataset.slug"}}


def _walk(resolver, prefix="", namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            local = pattern.name or f"<unnamed {prefix}{pattern.pattern}>"
            name = f"{namespace}:{local}" if namespace else local
            yield name, prefix + str(pattern.pattern)


def url_patterns() -> list[tuple[str, str]]:
    """(name, route) of every URL pattern of the project except the API (walked from its schema)."""
    return [(name, route) for name, route in _walk(get_resolver()) if not name.startswith("api")]


def _value(source: str, world):
    if source.startswith("="):
        return source[1:]
    if source == "place":
        return world.place.slug
    if source == "organisation":
        return world.place.organisation.slug
    if source.startswith("content_type:"):
        return ContentType.objects.get_for_model(apps.get_model(source.split(":", 1)[1])).pk
    if source.startswith("datasetresource:"):
        resource = apps.get_model("opendata.DatasetResource").objects.select_related("dataset").first()
        value = resource
        for part in source.split(":", 1)[1].split("."):
            value = getattr(value, part)
        return value
    label, _dot, field = source.partition(".")[2].partition(".")
    model = apps.get_model(source.split(".")[0], label)
    manager = model._default_manager
    if model._meta.label == "core.Place":
        return world.place.pk
    obj = None
    if any(f.name == "place" for f in model._meta.fields):
        obj = manager.filter(place=world.place).order_by("pk").first()
    obj = obj or manager.order_by("pk").first()
    if obj is None:
        if source not in ABSENT:
            world.missing.add(source)
        return 0
    return getattr(obj, field or "pk")


def _admin_kwargs(name: str, route: str, world) -> dict:
    kwargs = {}
    for key in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route):
        key = key[0] or key[1]
        if key == "pk":
            kwargs[key] = 1
        elif key == "object_id" and name == "admin:view_on_site":
            kwargs[key] = world.place.pk
        elif key == "object_id":
            from django.contrib import admin as admin_site

            model = next(
                (
                    m
                    for m in admin_site.site._registry
                    if name.startswith(f"admin:{m._meta.app_label}_{m._meta.model_name}_")
                ),
                None,
            )
            obj = model._default_manager.order_by("pk").first() if model else None
            kwargs[key] = str(obj.pk) if obj else "0"
        elif key == "app_label":
            kwargs[key] = "core"
        elif key == "content_type_id":
            kwargs[key] = ContentType.objects.get_for_model(apps.get_model("core.Place")).pk
        else:
            kwargs[key] = "x"
    return kwargs


# Objects the demo does not create: their URLs are visited with an unknown key (no 5xx, no leak).
ABSENT = {"knowledge.Appeal", "knowledge.Resource.slug"}


def _extra_objects(place, network, mediator, admin) -> None:
    from relais.accounts.services import api_token_create
    from relais.accounts.tests.factories import InvitationFactory
    from relais.core.models import TaskFailure
    from relais.presence.models import AuditBatch, Subject
    from relais.stats.models import ReportSubscription, ShareLink

    api_token_create(user=mediator, name="matrix", actor=None)
    InvitationFactory(place=place, invited_by=admin)
    TaskFailure.objects.create(task_name="relais.test", task_id="1", error="boom")
    ShareLink.objects.create(title="Bilan", place=place, created_by=admin)
    ReportSubscription.objects.create(email="bilan@test.fr", place=place, created_by=admin)
    AuditBatch.objects.create(
        territory=Subject.objects.filter(place=place).first() or Subject.objects.first()
    )


class World:
    def __init__(self, place, users):
        self.place = place
        self.users = users
        self.missing = set()


@pytest.fixture
def world(place, network, organisation, admin, coordinator, mediator, fabmanager, volunteer, outsider):
    """Place A filled by every app's demo loader, with the test personas as its team."""
    context = core_demo.DemoContext(
        network=network,
        organisations={slug: organisation for slug, *_rest in core_demo.ORGANISATIONS},
        places={spec["slug"]: place for spec in core_demo.PLACES},
        users={
            "admin": admin,
            "coordinator": coordinator,
            "mediator": mediator,
            "fabmanager": fabmanager,
            "volunteer": volunteer,
        },
    )
    for _label, module in core_demo.app_loaders():
        module.load(context)
    _extra_objects(place, network, mediator, admin)
    users = {
        "anonymous": None,
        "volunteer": volunteer,
        "mediator": mediator,
        "fabmanager": fabmanager,
        "coordinator": coordinator,
        "admin": admin,
        "outsider": outsider,
    }
    world = World(place, users)
    from relais.mediation.models import Beneficiary

    world.secrets = [
        f"{b.first_name} {b.last_name}" for b in Beneficiary.objects.filter(place=place).order_by("pk")[:30]
    ]
    return world


def _observed(response) -> str:
    if response.status_code == 302 and reverse("accounts:login") in response["Location"]:
        return "L"
    return str(response.status_code)


def _leaked(response, world) -> str | None:
    if getattr(response, "streaming", False) or "pdf" in response.get("Content-Type", ""):
        return None
    body = response.content.decode("utf-8", "replace")
    return next((name for name in world.secrets if name in body), None)


def _clients(world, client_for):
    from django.test import Client

    return {name: (client_for(user) if user else Client()) for name, user in world.users.items()}


def test_every_url_pattern_answers_each_persona_as_the_table_says(
    world, client_for, django_capture_on_commit_callbacks
):
    clients = _clients(world, client_for)
    observed, failures = {}, []
    for name, route in url_patterns():
        if name.startswith("admin:"):
            kwargs = _admin_kwargs(name, route, world)
        else:
            sources = KWARG_SOURCES.get(name, {})
            kwargs = {key: _value(source, world) for key, source in sources.items()}
            for key in re.findall(r"<(?:\w+:)?(\w+)>", route):
                if key == "place_slug":
                    kwargs.setdefault(key, world.place.slug)
            unfilled = set(re.findall(r"<(?:\w+:)?(\w+)>", route)) - set(kwargs)
            if unfilled:
                failures.append(f"{name}: no source for the URL keywords {sorted(unfilled)} in KWARG_SOURCES")
                continue
        if "<unnamed" in name:
            url = "/" + re.sub(r"\(\?P<\w+>[^)]*\)|<[^>]+>", "x", route).replace("^", "").replace("$", "")
        else:
            url = reverse(name, kwargs=kwargs)
        statuses = []
        for persona in PERSONAS:
            response = clients[persona].get(url)
            statuses.append(_observed(response))
            if response.status_code >= 500:
                failures.append(f"{name} ({url}) as {persona}: {response.status_code}")
            if persona in NO_IDENTITY and response.status_code == 200:
                leaked = _leaked(response, world)
                if leaked:
                    failures.append(f"{name} ({url}) shows {persona} place A's beneficiary {leaked!r}")
        observed[name] = " ".join(statuses)
        expected = URLS.get(name) or (ADMIN_SITE if name.startswith("admin:") else None)
        if expected is None:
            failures.append(f"{name} ({url}) has no entry in URLS; observed: {observed[name]}")
        elif expected != observed[name]:
            failures.append(f"{name} ({url}): expected {expected}, observed {observed[name]}")
    if DUMP:
        with open(DUMP, "w") as stream:
            json.dump(observed, stream, indent=1)
    assert not world.missing, f"no object in place A for {sorted(world.missing)}"
    assert not failures, "\n".join(failures)


def api_operations() -> list[tuple[str, str]]:
    """(METHOD, path template) of every operation in the API's OpenAPI schema."""
    from relais.api.api import api

    schema = api.get_openapi_schema()
    return [(method.upper(), path) for path, operations in schema["paths"].items() for method in operations]


# Personas that must never read a beneficiary's identity, on a page or through the API (DESIGN:
# coordinators see aggregates only; fablab managers machines, bookings and stock; volunteers and the
# public see no file; the outsider works in another place).
NO_IDENTITY = {"anonymous", "volunteer", "fabmanager", "coordinator", "outsider"}


def api_documented_statuses() -> dict[str, set[str]]:
    """The statuses each operation of the OpenAPI document declares, keyed like the API table."""
    from relais.api.api import api

    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}": {str(status) for status in operation["responses"]}
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }


def test_every_api_operation_answers_each_persona_as_the_table_says(world, api_client_for):
    from django.test import Client

    clients = {name: (api_client_for(user) if user else Client()) for name, user in world.users.items()}
    documented = api_documented_statuses()
    observed, failures = {}, []
    for method, template in api_operations():
        sources = {**API_PARAM_SOURCES, **API_PATH_PARAM_OVERRIDES.get(template, {})}
        path = re.sub(
            r"\{(\w+)\}", lambda m, sources=sources: str(_value(sources[m.group(1)], world)), template
        )
        operation = f"{method} {template}"
        statuses = []
        for persona in PERSONAS:
            # Writes are sent with an empty body: the matrix checks who is let in, not what is accepted.
            response = clients[persona].generic(method, path, data="{}", content_type="application/json")
            statuses.append(str(response.status_code))
            if response.status_code >= 500:
                failures.append(f"{operation} as {persona}: {response.status_code}")
            if persona in NO_IDENTITY and response.status_code == 200:
                leaked = _leaked(response, world)
                if leaked:
                    failures.append(f"{operation} shows {persona} place A's beneficiary {leaked!r}")
            if str(response.status_code) not in documented[operation]:
                failures.append(
                    f"{operation} answers {persona} {response.status_code}, not in its OpenAPI responses"
                )
        observed[operation] = " ".join(statuses)
        expected = API.get(operation)
        if expected is None:
            failures.append(f"{operation} has no entry in API; observed: {observed[operation]}")
        elif expected != observed[operation]:
            failures.append(f"{operation}: expected {expected}, observed {observed[operation]}")
    if DUMP:
        with open(f"{DUMP}.api", "w") as stream:
            json.dump(observed, stream, indent=1)
    assert not world.missing, f"no object in place A for {sorted(world.missing)}"
    assert not failures, "\n".join(failures)


PUBLIC = "200 200 200 200 200 200 200"
SIGNED_IN = "L 200 200 200 200 200 200"
POST_ONLY = "L 405 405 405 405 405 405"  # a form"s action: GET is refused once signed in
PUBLIC_POST_ONLY = "405 405 405 405 405 405 405"
PUBLIC_UNKNOWN_TOKEN = "404 404 404 404 404 404 404"  # token pages visited with an unknown token
# Django"s admin site: only staff accounts (none of the personas) get in; the others go to its login page.
ADMIN_SITE = "302 302 302 302 302 302 302"

URLS = {
    "healthz": PUBLIC,
    "admin:login": PUBLIC,
    "accounts:login": "200 302 302 302 302 302 302",
    "accounts:logout": "302 200 200 200 200 200 200",
    "accounts:two-factor": SIGNED_IN,
    "accounts:password-reset": PUBLIC,
    "accounts:password-reset-done": PUBLIC,
    "accounts:password-reset-confirm": PUBLIC,
    "accounts:password-reset-complete": PUBLIC,
    "accounts:profile": SIGNED_IN,
    "accounts:password-change": SIGNED_IN,
    "accounts:api-token-create": POST_ONLY,
    "accounts:api-token-revoke": POST_ONLY,
    "accounts:place-roles": "L 403 403 403 403 200 404",
    "accounts:invitation-create": POST_ONLY,
    "accounts:membership-update": POST_ONLY,
    "accounts:membership-delete": POST_ONLY,
    "accounts:invitation-revoke": POST_ONLY,
    "accounts:invitation-resend": POST_ONLY,
    "accounts:invitation-accept": PUBLIC_UNKNOWN_TOKEN,
    "core:public-home": PUBLIC,
    "core:home": SIGNED_IN,
    "core:place-detail": PUBLIC,
    "core:place-list": SIGNED_IN,
    "core:place-create": "L 403 403 403 403 403 403",
    "core:place-manage": "L 200 200 200 200 200 404",
    "core:place-update": "L 403 403 403 403 200 404",
    "core:organisation-list": SIGNED_IN,
    "core:organisation-create": "L 403 403 403 403 403 403",
    "core:organisation-update": "L 403 403 403 403 403 404",
    "core:task-failure-list": "L 403 403 403 403 200 403",
    "core:task-failure-resolve": POST_ONLY,
    "mediation:activity-list": "L 403 200 200 200 200 200",
    "mediation:activity-create": "L 403 200 200 403 200 200",
    "mediation:activity-create-collective": "L 403 200 200 403 200 200",
    "mediation:activity-export": "L 403 200 200 200 200 200",
    "mediation:activity-import": "L 403 200 200 403 200 200",
    "mediation:activity-import-confirm": POST_ONLY,
    "mediation:activity-detail": "L 404 200 200 200 200 404",
    "mediation:activity-update": "L 404 200 403 403 200 404",
    "mediation:activity-delete": "L 404 200 403 403 200 404",
    "mediation:beneficiary-list": "L 403 200 403 403 200 200",
    "mediation:beneficiary-choices": SIGNED_IN,
    "mediation:beneficiary-create": "L 403 200 403 403 200 200",
    "mediation:beneficiary-export": "L 403 200 403 403 200 200",
    "mediation:beneficiary-import": "L 403 200 403 403 200 200",
    "mediation:beneficiary-import-confirm": POST_ONLY,
    "mediation:beneficiary-detail": "L 403 200 403 403 200 404",
    "mediation:beneficiary-update": "L 403 200 403 403 200 404",
    "mediation:beneficiary-merge": "L 403 200 403 403 200 404",
    "mediation:beneficiary-erase": "L 403 200 403 403 200 404",
    "mediation:beneficiary-export-json": "L 403 200 403 403 200 404",
    "mediation:beneficiary-export-pdf": "L 403 200 403 403 200 404",
    "mediation:notice": "L 403 200 403 403 200 404",
    "mediation:assessment-create": "L 403 200 200 403 200 200",
    "mediation:assessment-detail": "L 404 200 200 404 200 404",
    "mediation:tag-list": "L 403 200 200 403 200 200",
    "programme:agenda": PUBLIC,
    "programme:agenda-ics": PUBLIC,
    "programme:agenda-event": PUBLIC,
    "programme:agenda-register": PUBLIC_UNKNOWN_TOKEN,
    "programme:session-survey": PUBLIC,
    "programme:agenda-place": PUBLIC,
    "programme:place-ics": PUBLIC,
    "programme:agenda-widget": PUBLIC,
    "programme:registration-manage": PUBLIC,
    "programme:registration-confirm": PUBLIC,
    "programme:registration-cancel": PUBLIC,
    "programme:registration-opt-out": PUBLIC_POST_ONLY,
    "programme:survey": PUBLIC,
    "programme:facilitator-ics": PUBLIC_UNKNOWN_TOKEN,
    "programme:home": "L 403 200 200 200 200 200",
    "programme:workshop-list": SIGNED_IN,
    "programme:workshop-create": "L 403 200 200 403 200 404",
    "programme:workshop-detail": "L 200 200 200 200 200 404",
    "programme:workshop-update": "L 403 200 200 403 200 404",
    "programme:event-create": "L 403 200 200 403 200 404",
    "programme:event-detail": "L 200 200 200 200 200 404",
    "programme:event-update": "L 403 200 200 403 200 404",
    "programme:event-poster": "L 200 200 200 200 200 404",
    "programme:session-create": "L 403 200 200 403 200 404",
    "programme:session-detail": "L 403 200 200 403 200 404",
    "programme:session-update": "L 403 200 200 403 200 404",
    "programme:session-cancel": "L 403 200 200 403 200 404",
    "programme:desk-register": "L 403 200 200 403 200 404",
    "programme:session-check-in": "L 403 200 200 403 200 404",
    "programme:attendance-close": POST_ONLY,
    "programme:sign-in-sheet": "L 403 200 200 403 200 404",
    "programme:registration-action": POST_ONLY,
    "programme:check-in-scan": "L 404 200 200 404 200 404",
    "programme:monthly-programme": "L 404 200 200 200 200 404",
    "programme:indicators": "L 403 200 200 200 200 200",
    "programme:my-calendar": SIGNED_IN,
    "fablab:home": SIGNED_IN,
    "fablab:booking-list": SIGNED_IN,
    "fablab:booking-detail": "L 200 200 200 404 200 404",
    "fablab:booking-cancel": POST_ONLY,
    "fablab:booking-move": "L 200 200 200 404 200 404",
    "fablab:booking-usage": "L 200 200 200 404 200 404",
    "fablab:booking-assistance": POST_ONLY,
    "fablab:booking-feed": PUBLIC_UNKNOWN_TOKEN,
    "fablab:authorisation-mine": SIGNED_IN,
    "fablab:authorisation-revoke": "L 403 403 200 403 200 404",
    "fablab:quiz-take": SIGNED_IN,
    "fablab:order-detail": "L 403 403 200 403 200 404",
    "fablab:order-schedule": POST_ONLY,
    "fablab:order-update": POST_ONLY,
    "fablab:order-close": POST_ONLY,
    "fablab:order-cancel": POST_ONLY,
    "fablab:place-dashboard": "L 403 200 200 403 200 404",
    "fablab:maintenance-list": "L 403 403 200 403 200 404",
    "fablab:plan-create": "L 403 403 200 403 200 404",
    "fablab:order-create": "L 403 403 200 403 200 404",
    "fablab:place-calendar": PUBLIC,
    "fablab:authorisation-list": "L 403 403 200 403 200 404",
    "fablab:authorisation-grant": "L 403 403 200 403 200 404",
    "fablab:training-list": "L 403 403 200 403 200 404",
    "fablab:unavailability-list": "L 403 403 200 403 200 404",
    "fablab:unavailability-delete": POST_ONLY,
    "fablab:machine-list": PUBLIC,
    "fablab:machine-create": "L 403 403 200 403 200 404",
    "fablab:machine-detail": PUBLIC,
    "fablab:machine-update": "L 403 403 200 403 200 404",
    "fablab:machine-state": "L 403 403 200 403 200 404",
    "fablab:machine-calendar": PUBLIC,
    "fablab:booking-create": SIGNED_IN,
    "fablab:incident-report": PUBLIC,
    "fablab:incident-thanks": PUBLIC,
    "fablab:stock-list": "L 403 403 200 403 200 404",
    "fablab:loan-list": "L 403 403 200 403 200 404",
    "fablab:packing-list": "L 403 403 200 403 200 404",
    "fablab:item-history": "L 403 403 200 403 200 404",
    "fablab:loan-checkout": "L 403 403 200 403 200 404",
    "fablab:loan-return": "L 403 403 200 403 200 404",
    "fablab:shopping-list": "L 403 403 200 403 200 404",
    "fablab:machine-labels": "L 403 403 200 403 200 404",
    "projects:project-list": SIGNED_IN,
    "projects:project-create": "L 403 200 200 403 200 200",
    "projects:project-detail": "L 200 200 200 200 200 404",
    "projects:project-update": "L 200 200 200 403 200 404",
    "projects:project-brief": "L 200 200 200 403 200 404",
    "projects:project-pdf": "L 200 200 200 200 200 404",
    "projects:project-canvas": "L 200 200 200 403 200 404",
    "projects:project-budget": "L 200 200 200 200 200 404",
    "projects:budget-line-delete": POST_ONLY,
    "projects:milestone-create": "L 200 200 200 403 200 404",
    "projects:milestone-toggle": POST_ONLY,
    "projects:milestone-delete": POST_ONLY,
    "projects:project-team": "L 200 200 200 200 200 404",
    "projects:member-remove": POST_ONLY,
    "projects:project-matches": "L 200 200 200 200 200 404",
    "projects:invitation-create": "L 200 200 200 403 200 404",
    "projects:invitation-respond": PUBLIC_UNKNOWN_TOKEN,
    "projects:project-event-create": "L 200 200 200 403 200 404",
    "projects:project-event-link": POST_ONLY,
    "projects:project-event-detail": "L 200 200 200 200 200 404",
    "projects:digest-send": POST_ONLY,
    "projects:project-documentation": "L 200 200 200 200 200 404",
    "projects:step-create": "L 200 200 200 403 200 404",
    "projects:step-delete": POST_ONLY,
    "projects:project-publish": POST_ONLY,
    "projects:gallery": PUBLIC,
    "projects:gallery-detail": PUBLIC_UNKNOWN_TOKEN,
    "projects:contributor-profile": SIGNED_IN,
    "projects:activity-list": "L 403 200 200 200 200 200",
    "projects:activity-export": "L 403 200 200 200 200 200",
    "projects:partner-list": SIGNED_IN,
    "projects:partner-create": "L 403 200 200 200 200 200",
    "projects:partner-import": "L 403 200 200 200 200 200",
    "projects:partner-export": "L 403 200 200 200 200 200",
    "projects:partner-detail": "L 200 200 200 200 200 404",
    "projects:partner-update": "L 403 200 200 200 200 404",
    "projects:partner-delete": POST_ONLY,
    "projects:partner-vcard": "L 200 200 200 200 200 404",
    "projects:contact-create": "L 403 200 200 200 200 404",
    "projects:contact-delete": POST_ONLY,
    "projects:skill-list": SIGNED_IN,
    "projects:skill-update": "L 403 200 200 200 200 200",
    "presence:subject-list": SIGNED_IN,
    "presence:robot": PUBLIC,
    "presence:subject-create": "L 404 200 200 200 200 200",
    "presence:subject-detail": "L 403 200 200 200 200 404",
    "presence:subject-update": "L 403 200 200 200 200 404",
    "presence:territory-import": "L 403 200 200 200 200 404",
    "presence:audit-start": POST_ONLY,
    "presence:territory-pdf": "L 403 200 200 200 200 404",
    "presence:audit-detail": "L 403 200 200 200 200 404",
    "presence:audit-pdf": "L 403 200 200 200 200 404",
    "presence:objective-create": "L 403 200 200 200 200 404",
    "presence:batch-progress": "L 403 200 200 200 200 404",
    "presence:batch-cancel": POST_ONLY,
    "knowledge:article-list": PUBLIC,
    "knowledge:manage": "L 403 200 200 403 200 200",
    "knowledge:article-create": "L 403 200 200 403 200 200",
    "knowledge:article-detail": PUBLIC,
    "knowledge:article-pdf": PUBLIC,
    "knowledge:article-update": "L 403 200 200 403 200 404",
    "knowledge:article-versions": "L 403 200 200 403 200 404",
    "knowledge:article-restore": POST_ONLY,
    "knowledge:resource-list": PUBLIC,
    "knowledge:resource-create": "L 403 200 200 403 200 200",
    "knowledge:resource-detail": PUBLIC_UNKNOWN_TOKEN,
    "knowledge:resource-download": PUBLIC_UNKNOWN_TOKEN,
    "knowledge:resource-update": "L 404 404 404 404 404 404",
    "knowledge:contribution-create": PUBLIC,
    "knowledge:contribution-confirm": PUBLIC,
    "knowledge:contribution-follow": PUBLIC,
    "knowledge:comment-create": PUBLIC_POST_ONLY,
    "knowledge:report-create": PUBLIC,
    "knowledge:appeal-create": PUBLIC_UNKNOWN_TOKEN,
    "knowledge:moderation-queue": "L 403 200 403 403 200 200",
    "knowledge:contribution-bulk": POST_ONLY,
    "knowledge:contribution-review": "L 403 200 403 403 200 404",
    "knowledge:contribution-file": "L 403 404 403 403 404 404",
    "knowledge:moderation-bulk": POST_ONLY,
    "knowledge:moderation-detail": "L 403 200 403 403 200 404",
    "knowledge:comment-release": POST_ONLY,
    "knowledge:appeal-review": "L 404 404 404 404 404 404",
    "knowledge:watch-list": SIGNED_IN,
    "knowledge:source-list": SIGNED_IN,
    "knowledge:source-fetch": POST_ONLY,
    "knowledge:source-toggle": POST_ONLY,
    "knowledge:opml-export": SIGNED_IN,
    "knowledge:opml-import": POST_ONLY,
    "knowledge:item-read": POST_ONLY,
    "knowledge:item-tag": POST_ONLY,
    "knowledge:item-share": POST_ONLY,
    "opendata:catalogue": PUBLIC,
    "opendata:catalogue-jsonld": PUBLIC,
    "opendata:places-csv": PUBLIC,
    "opendata:places-json": PUBLIC,
    "opendata:dataset-detail": PUBLIC,
    "opendata:dataset-regenerate": POST_ONLY,
    "opendata:dataset-datapackage": PUBLIC,
    "opendata:resource-download": PUBLIC,
    "stats:dashboard": "L 403 200 200 200 200 200",
    "stats:table-export": "L 403 200 200 200 200 200",
    "stats:table": "L 403 200 200 200 200 200",
    "stats:report-pdf": POST_ONLY,
    "stats:share-list": "L 403 403 403 200 200 403",
    "stats:share-revoke": POST_ONLY,
    "stats:recipient-delete": POST_ONLY,
    "stats:share-public": PUBLIC,
}

API = {
    "GET /api/v1/places": "401 200 200 200 200 200 200",
    "POST /api/v1/places": "401 422 422 422 422 422 422",
    "GET /api/v1/places/{place_id}": "401 200 200 200 200 200 404",
    "PATCH /api/v1/places/{place_id}": "401 403 403 403 403 200 404",
    "GET /api/v1/organisations": "401 200 200 200 200 200 200",
    "GET /api/v1/activities": "401 200 200 200 200 200 200",
    "POST /api/v1/activities": "401 422 422 422 422 422 422",
    "GET /api/v1/activities/{activity_id}": "401 404 200 200 200 200 404",
    "PATCH /api/v1/activities/{activity_id}": "401 404 200 403 403 200 404",
    "DELETE /api/v1/activities/{activity_id}": "401 404 204 404 404 404 404",
    # Beneficiary files as on the web pages: only the roles that see beneficiaries (BENEFICIARY_ROLES:
    # administrator, mediator) get them; volunteers, fablab managers and coordinators get 403, not a
    # redacted file.
    "GET /api/v1/beneficiaries": "401 403 200 403 403 200 200",
    "POST /api/v1/beneficiaries": "401 422 422 422 422 422 422",
    "GET /api/v1/beneficiaries/{beneficiary_id}": "401 403 200 403 403 200 404",
    "PATCH /api/v1/beneficiaries/{beneficiary_id}": "401 403 200 403 403 200 404",
    "DELETE /api/v1/beneficiaries/{beneficiary_id}": "401 403 204 403 403 204 404",
    "GET /api/v1/workshops": "401 200 200 200 200 200 200",
    "GET /api/v1/events": "401 200 200 200 200 200 200",
    "GET /api/v1/sessions": "401 200 200 200 200 200 200",
    "GET /api/v1/sessions/{session_id}/registrations": "401 403 200 200 403 200 404",
    "POST /api/v1/sessions/{session_id}/registrations": "401 422 422 422 422 422 422",
    "GET /api/v1/machines": "401 200 200 200 200 200 200",
    "GET /api/v1/machines/{machine_id}": "401 200 200 200 200 200 200",
    "GET /api/v1/bookings": "401 200 200 200 200 200 200",
    "POST /api/v1/bookings": "401 422 422 422 422 422 422",
    "GET /api/v1/bookings/{booking_id}": "401 200 200 200 404 200 404",
    "POST /api/v1/bookings/{booking_id}/cancel": "401 200 409 409 404 409 404",
    "GET /api/v1/authorisations": "401 200 200 200 200 200 200",
    "POST /api/v1/authorisations": "401 422 422 422 422 422 422",
    "POST /api/v1/authorisations/{authorisation_id}/revoke": "401 422 422 422 422 422 422",
    "GET /api/v1/maintenance-orders": "401 200 200 200 200 200 200",
    "POST /api/v1/maintenance-orders": "401 422 422 422 422 422 422",
    "POST /api/v1/incidents": "422 422 422 422 422 422 422",
    "GET /api/v1/consumables": "401 200 200 200 200 200 200",
    "GET /api/v1/projects": "401 200 200 200 200 200 200",
    "GET /api/v1/projects/{project_id}": "401 200 200 200 200 200 404",
    "GET /api/v1/projects/{project_id}/matches": "401 200 200 200 200 200 404",
    "GET /api/v1/partners": "401 200 200 200 200 200 200",
    "GET /api/v1/presence/subjects": "401 200 200 200 200 200 200",
    "POST /api/v1/presence/subjects": "401 422 422 422 422 422 422",
    "GET /api/v1/presence/subjects/{subject_id}": "401 404 200 200 200 200 404",
    "GET /api/v1/presence/audits": "401 200 200 200 200 200 200",
    "POST /api/v1/presence/audits": "401 422 422 422 422 422 422",
    "GET /api/v1/presence/audits/{audit_id}": "401 404 200 200 200 200 404",
    "GET /api/v1/articles": "401 200 200 200 200 200 200",
    "POST /api/v1/articles": "401 422 422 422 422 422 422",
    "GET /api/v1/articles/{slug}": "401 200 200 200 200 200 200",
    "PATCH /api/v1/articles/{slug}": "401 403 200 200 403 200 403",
    "GET /api/v1/reports": "401 403 200 403 403 200 200",
    "POST /api/v1/reports": "401 422 422 422 422 422 422",
    "GET /api/v1/datasets": "401 200 200 200 200 200 200",
    "GET /api/v1/datasets/{slug}": "401 200 200 200 200 200 200",
    "GET /api/v1/stats/mediation": "401 403 200 200 200 200 200",
    "GET /api/v1/stats/programme": "401 403 200 200 200 200 200",
    "GET /api/v1/stats/fablab": "401 403 200 200 200 200 200",
}

"""News watch: fetching RSS/Atom sources with conditional requests, items, OPML, weekly digest."""

import calendar
import ipaddress
import socket
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import feedparser
import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.models import Organisation, Place
from relais.core.scoping import organisations_for_user, places_for_user
from relais.knowledge.models import FeedItem, FeedItemRead, FeedSource
from relais.knowledge.rendering import sanitise_feed_html

USER_AGENT = "Relais news watch (+https://relais.localhost)"
TIMEOUT_SECONDS = 15
MAX_TAGS = 10


def http_client() -> httpx.Client:
    """The HTTP client used to fetch feeds (tests replace it with one on a mocked transport)."""
    return httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=True, headers={"User-Agent": USER_AGENT})


def check_public_address(url: str) -> None:
    """Refuse feeds on loopback, private or link-local addresses: the server must not probe its network."""
    if getattr(settings, "KNOWLEDGE_ALLOW_PRIVATE_FEEDS", False):
        return
    host = httpx.URL(url).host
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError) as error:
        raise httpx.ConnectError(str(error)) from error
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast:
            raise httpx.ConnectError(_("the address %(host)s is not on the public internet") % {"host": host})


def sources_for_user(user) -> QuerySet[FeedSource]:
    """Sources followed by the user's places, or by the networks (and organisations) they belong to."""
    organisations = organisations_for_user(user)
    networks = Organisation.objects.filter(Q(pk__in=organisations) | Q(members__in=organisations))
    return FeedSource.objects.filter(
        Q(place__in=places_for_user(user)) | Q(organisation__in=networks)
    ).distinct()


def items_for_user(user) -> QuerySet[FeedItem]:
    return FeedItem.objects.filter(source__in=sources_for_user(user))


def _check_url(url: str) -> None:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as error:
        raise ValidationError(
            {"url": _("Enter the address of an RSS or Atom feed (http or https).")}
        ) from error


@transaction.atomic
def feed_source_create(
    *,
    title: str,
    url: str,
    actor,
    place: Place | None = None,
    organisation: Organisation | None = None,
    site_url: str = "",
) -> FeedSource:
    """Follow a feed for a place or a network; the same address is followed only once per owner."""
    _check_url(url)
    duplicate = FeedSource.objects.filter(url=url, place=place, organisation=organisation)
    if duplicate.exists():
        raise ValidationError({"url": _("This feed is already followed.")})
    source = FeedSource(title=title, url=url, site_url=site_url, place=place, organisation=organisation)
    source.full_clean()
    source.save()
    journal_log(actor=actor, action="feed_source.create", target=source, place=place)
    return source


@transaction.atomic
def feed_source_update(*, source: FeedSource, actor, **fields) -> FeedSource:
    if "url" in fields:
        _check_url(fields["url"])
    for name in ("title", "url", "site_url", "is_active"):
        if name in fields:
            setattr(source, name, fields[name])
    source.full_clean()
    source.save()
    journal_log(actor=actor, action="feed_source.update", target=source, place=source.place)
    return source


def _entry_datetime(entry) -> datetime:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return timezone.now()


def _record_failure(source: FeedSource, message: str, status: int | None = None) -> None:
    source.last_fetched_at = timezone.now()
    source.last_status = status
    source.last_error = message
    source.error_count += 1
    source.save(update_fields=["last_fetched_at", "last_status", "last_error", "error_count", "updated_at"])


def feed_fetch(*, source: FeedSource, client: httpx.Client | None = None) -> int:
    """Fetch one source (conditional request); store new items; returns how many were new.

    A network error, an error status or a malformed feed is recorded on the source; nothing stored is lost.
    """
    headers = {}
    if source.etag:
        headers["If-None-Match"] = source.etag
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    own_client = client is None
    try:
        if own_client:
            check_public_address(source.url)
            client = http_client()
        response = client.get(source.url, headers=headers)
    except httpx.HTTPError as error:
        _record_failure(source, _("The feed could not be reached: %(error)s") % {"error": error})
        return 0
    finally:
        if own_client and client is not None:
            client.close()
    if response.status_code == 304:
        source.last_fetched_at, source.last_status, source.last_error, source.error_count = (
            timezone.now(),
            304,
            "",
            0,
        )
        source.save(
            update_fields=["last_fetched_at", "last_status", "last_error", "error_count", "updated_at"]
        )
        return 0
    if response.status_code >= 400:
        _record_failure(
            source,
            _("The server answered with the error %(status)s.") % {"status": response.status_code},
            response.status_code,
        )
        return 0
    parsed = feedparser.parse(response.content)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        _record_failure(
            source, _("This address does not return a valid RSS or Atom feed."), response.status_code
        )
        return 0
    created = _store_entries(source, parsed.entries)
    source.etag = response.headers.get("ETag", "")[:300]
    source.last_modified = response.headers.get("Last-Modified", "")[:100]
    source.last_fetched_at, source.last_status, source.last_error, source.error_count = (
        timezone.now(),
        response.status_code,
        "",
        0,
    )
    if not source.site_url and parsed.feed.get("link", "").startswith(("http://", "https://")):
        source.site_url = parsed.feed["link"][:500]
    source.save()
    return created


@transaction.atomic
def _store_entries(source: FeedSource, entries) -> int:
    known = set(source.items.values_list("guid", flat=True))
    new = []
    for entry in entries:
        link = entry.get("link", "")
        guid = (entry.get("id") or link or entry.get("title", ""))[:500]
        if not guid or guid in known:
            continue
        known.add(guid)
        new.append(
            FeedItem(
                source=source,
                guid=guid,
                title=(entry.get("title") or link or guid)[:500],
                link=link[:1000] if link.startswith(("http://", "https://")) else "",
                summary=sanitise_feed_html(entry.get("summary", ""))[:20000],
                published_at=_entry_datetime(entry),
            )
        )
    FeedItem.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def item_mark_read(*, item: FeedItem, user, read: bool = True) -> None:
    if read:
        FeedItemRead.objects.get_or_create(item=item, user=user)
    else:
        FeedItemRead.objects.filter(item=item, user=user).delete()


@transaction.atomic
def item_tag(*, item: FeedItem, actor, tags: list[str]) -> FeedItem:
    cleaned = []
    for tag in tags:
        tag = tag.strip().lower()[:40]
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise ValidationError({"tags": _("At most %(count)s tags.") % {"count": MAX_TAGS}})
    item.tags = cleaned
    item.save(update_fields=["tags"])
    journal_log(actor=actor, action="feed_item.tag", target=item, place=item.source.place, tags=cleaned)
    return item


@transaction.atomic
def item_share(*, item: FeedItem, actor, note: str = "") -> FeedItem:
    """Share an item with the team: it is highlighted in the list and in the weekly digest."""
    item.shared_at, item.shared_by, item.share_note = timezone.now(), actor, note.strip()[:500]
    item.save(update_fields=["shared_at", "shared_by", "share_note"])
    journal_log(actor=actor, action="feed_item.share", target=item, place=item.source.place)
    return item


def opml_export(sources) -> bytes:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "Relais"
    ET.SubElement(head, "dateCreated").text = timezone.now().strftime("%a, %d %b %Y %H:%M:%S %z")
    body = ET.SubElement(root, "body")
    for source in sources:
        attributes = {"type": "rss", "text": source.title, "title": source.title, "xmlUrl": source.url}
        if source.site_url:
            attributes["htmlUrl"] = source.site_url
        ET.SubElement(body, "outline", attributes)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@transaction.atomic
def opml_import(
    *, data: bytes, actor, place: Place | None = None, organisation: Organisation | None = None
) -> tuple[int, int]:
    """Follow every feed listed in an OPML file; returns (added, skipped)."""
    if b"<!DOCTYPE" in data[:2000] or b"<!ENTITY" in data:
        raise ValidationError(_("This OPML file declares entities, which are not accepted."))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as error:
        raise ValidationError(_("This is not a valid OPML file: %(error)s") % {"error": error}) from error
    if root.tag != "opml":
        raise ValidationError(_("This is not an OPML file."))
    added = skipped = 0
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if not url:
            continue
        title = (outline.get("title") or outline.get("text") or url)[:200]
        try:
            with transaction.atomic():
                feed_source_create(
                    title=title,
                    url=url,
                    actor=actor,
                    place=place,
                    organisation=organisation,
                    site_url=(outline.get("htmlUrl") or "")[:500]
                    if (outline.get("htmlUrl") or "").startswith("http")
                    else "",
                )
        except ValidationError:
            skipped += 1
        else:
            added += 1
    return added, skipped


def digest_items(user, *, days: int = 7, limit: int = 30) -> list[FeedItem]:
    """Items of the last `days` for the weekly digest: shared ones first, then the newest."""
    since = timezone.now() - timedelta(days=days)
    items = items_for_user(user).filter(published_at__gte=since).select_related("source", "shared_by")
    newest = list(items.order_by("-published_at")[: limit * 3])
    newest.sort(key=lambda item: (item.shared_at is None, -item.published_at.timestamp()))
    return newest[:limit]

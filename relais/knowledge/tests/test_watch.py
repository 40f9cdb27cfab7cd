import httpx
import pytest
from django.urls import reverse

from relais.knowledge import tasks
from relais.knowledge.models import FeedItem, FeedItemRead, FeedSource
from relais.knowledge.services import watch
from relais.knowledge.tests.factories import FeedItemFactory, FeedSourceFactory

# Kept before the autouse fixture replaces it with a no-op for the other tests.
REAL_ADDRESS_CHECK = watch.check_public_address

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Veille</title><link>https://veille.example.org/</link>
<item><title>Premier</title><link>https://veille.example.org/1</link><guid>1</guid>
<description>&lt;p&gt;Texte &lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;</description>
<pubDate>Mon, 23 Nov 2026 09:00:00 +0000</pubDate></item>
<item><title>Second</title><link>https://veille.example.org/2</link><guid>2</guid></item>
</channel></rss>"""


def client_answering(handler) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


@pytest.mark.django_db
def test_feed_fetch_stores_items_then_uses_conditional_request(place):
    source = FeedSourceFactory(place=place)
    seen = []

    def handler(request):
        seen.append(dict(request.headers))
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304)
        return httpx.Response(200, content=RSS, headers={"ETag": '"v1"', "Last-Modified": "Mon, 23 Nov 2026"})

    assert watch.feed_fetch(source=source, client=client_answering(handler)) == 2
    assert watch.feed_fetch(source=source, client=client_answering(handler)) == 0

    source.refresh_from_db()
    assert source.last_status == 304 and source.last_error == ""
    assert seen[1]["if-modified-since"] == "Mon, 23 Nov 2026"
    first = FeedItem.objects.get(guid="1")
    assert "<script" not in first.summary
    assert first.published_at.year == 2026
    assert source.site_url == "https://veille.example.org/"


@pytest.mark.django_db
def test_feed_fetch_records_unreachable_and_malformed_feeds_and_keeps_items(place):
    source = FeedSourceFactory(place=place)
    FeedItemFactory(source=source)

    def unreachable(request):
        raise httpx.ConnectError("refused", request=request)

    watch.feed_fetch(source=source, client=client_answering(unreachable))
    source.refresh_from_db()
    assert "could not be reached" in source.last_error or "joindre" in source.last_error
    watch.feed_fetch(
        source=source, client=client_answering(lambda r: httpx.Response(200, content=b"<html>no</html>"))
    )
    source.refresh_from_db()
    assert source.error_count == 2
    assert source.items.count() == 1


@pytest.mark.django_db
def test_feed_fetch_records_http_errors(place):
    source = FeedSourceFactory(place=place)
    watch.feed_fetch(source=source, client=client_answering(lambda r: httpx.Response(500)))
    source.refresh_from_db()
    assert source.last_status == 500 and "500" in source.last_error


@pytest.mark.django_db
def test_opml_round_trip(place, mediator):
    FeedSourceFactory(place=place, title="ANCT", url="https://anct.example.org/rss")
    data = watch.opml_export(FeedSource.objects.all())

    FeedSource.objects.all().delete()
    added, skipped = watch.opml_import(data=data + b"", actor=mediator, place=place)
    again = watch.opml_import(data=data, actor=mediator, place=place)

    assert (added, skipped) == (1, 0)
    assert again == (0, 1)
    assert FeedSource.objects.get().title == "ANCT"


@pytest.mark.django_db
def test_opml_import_refuses_entities_and_garbage(place, mediator):
    with pytest.raises(Exception, match="entit"):
        watch.opml_import(
            data=b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><opml/>', actor=mediator, place=place
        )
    with pytest.raises(Exception):  # noqa: B017
        watch.opml_import(data=b"not xml", actor=mediator, place=place)
    assert FeedSource.objects.count() == 0


@pytest.mark.django_db
def test_sources_scoped_to_place_and_network(place, other_place, network, mediator, coordinator, outsider):
    own = FeedSourceFactory(place=place)
    network_source = FeedSourceFactory(organisation=network)
    FeedSourceFactory(place=other_place)

    assert set(watch.sources_for_user(mediator)) == {own, network_source}
    assert set(watch.sources_for_user(coordinator)) == {own, network_source}
    assert network_source not in watch.sources_for_user(outsider)


@pytest.mark.django_db
def test_weekly_digest_puts_shared_items_first(place, mediator, mailoutbox):
    source = FeedSourceFactory(place=place)
    from django.utils import timezone

    FeedItemFactory(source=source, title="Récent", published_at=timezone.now())
    shared = FeedItemFactory(
        source=source, title="Partagé", published_at=timezone.now() - timezone.timedelta(days=2)
    )
    watch.item_share(item=shared, actor=mediator, note="À lire")

    tasks.send_watch_digests.call_local()

    body = mailoutbox[0].body
    assert mailoutbox[0].to == [mediator.email]
    assert body.index("Partagé") < body.index("Récent")
    assert "À lire" in body


@pytest.mark.django_db
def test_watch_list_view_scoped_and_filters(
    mediator_client, place, other_place, django_assert_max_num_queries
):
    mine = FeedItemFactory(source=FeedSourceFactory(place=place), title="Chez nous", tags=["atelier"])
    FeedItemFactory(source=FeedSourceFactory(place=other_place), title="Ailleurs")

    with django_assert_max_num_queries(12):
        response = mediator_client.get(reverse("knowledge:watch-list"))
    content = response.content.decode()
    assert "Chez nous" in content and "Ailleurs" not in content
    assert (
        "Chez nous"
        in mediator_client.get(reverse("knowledge:watch-list"), {"etiquette": "atelier"}).content.decode()
    )
    assert (
        "Chez nous"
        not in mediator_client.get(reverse("knowledge:watch-list"), {"etiquette": "autre"}).content.decode()
    )
    assert mine.pk


@pytest.mark.django_db
def test_watch_list_requires_login_and_role(client, place):
    assert client.get(reverse("knowledge:watch-list")).status_code == 302


@pytest.mark.django_db
def test_item_actions_with_htmx_return_the_fragment(htmx_client, mediator, place):
    item = FeedItemFactory(source=FeedSourceFactory(place=place))

    response = htmx_client.post(reverse("knowledge:item-read", args=[item.pk]), {"read": "1"})
    assert response.status_code == 200 and b"<html" not in response.content
    assert FeedItemRead.objects.filter(item=item, user=mediator).exists()

    htmx_client.post(reverse("knowledge:item-tag", args=[item.pk]), {"tags": "Atelier, financement, atelier"})
    item.refresh_from_db()
    assert item.tags == ["atelier", "financement"]

    htmx_client.post(reverse("knowledge:item-share", args=[item.pk]), {"note": "Pour l'équipe"})
    item.refresh_from_db()
    assert item.shared_by == mediator and item.share_note == "Pour l'équipe"


@pytest.mark.django_db
def test_item_of_other_place_is_404(outsider_client, place):
    item = FeedItemFactory(source=FeedSourceFactory(place=place))
    assert outsider_client.post(reverse("knowledge:item-read", args=[item.pk])).status_code == 404


@pytest.mark.django_db
def test_source_create_view_adds_source_and_bad_url_is_echoed(mediator_client, place):
    response = mediator_client.post(
        reverse("knowledge:source-list"),
        {"title": "ANCT", "url": "https://anct.example.org/rss", "owner": f"place:{place.pk}"},
    )
    assert response.status_code in (302, 303)
    source = FeedSource.objects.get()
    assert source.place == place
    assert source.last_status == 404  # fetched at once, through the test transport

    response = mediator_client.post(
        reverse("knowledge:source-list"),
        {"title": "X", "url": "pas une adresse", "owner": f"place:{place.pk}"},
    )
    assert response.status_code == 200
    assert "pas une adresse" in response.content.decode()
    assert FeedSource.objects.count() == 1


@pytest.mark.django_db
def test_opml_export_view(mediator_client, place):
    FeedSourceFactory(place=place, url="https://anct.example.org/rss")
    response = mediator_client.get(reverse("knowledge:opml-export"))
    assert b'xmlUrl="https://anct.example.org/rss"' in response.content


@pytest.mark.django_db
def test_feed_on_private_address_is_refused_without_request(place, monkeypatch):
    import socket

    monkeypatch.setattr(watch, "check_public_address", REAL_ADDRESS_CHECK)
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port: [(2, 1, 6, "", ("127.0.0.1", 0))])
    requested = []
    monkeypatch.setattr(watch, "http_client", lambda: requested.append(1))
    source = FeedSourceFactory(place=place, url="http://intranet.example.org/rss")

    assert watch.feed_fetch(source=source) == 0

    source.refresh_from_db()
    assert "intranet.example.org" in source.last_error
    assert requested == []

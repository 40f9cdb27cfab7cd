"""Demo knowledge base: a dozen articles and learning sheets, comments (one reported, one held by the
anti-spam rules), contributions waiting for moderation (texts and a Wi-Fi spots dataset) and news
watch sources with stored items. Idempotent: what already exists is left as it is."""

from datetime import UTC, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from relais.knowledge import tables
from relais.knowledge.demo_content import ARTICLES, FEEDS, PENDING_CONTRIBUTIONS, WIFI_CSV
from relais.knowledge.models import Article, Comment, Contribution, FeedItem, FeedSource, Moderation
from relais.knowledge.models.articles import PublicationStatus
from relais.knowledge.services import articles as article_services
from relais.knowledge.services import moderation as moderation_services
from relais.knowledge.vocabularies import Licence

PLACE_ROTATION = [
    "epn-croix-rouge",
    "mediatheque-jean-falala",
    "france-services-tinqueux",
    "tiers-lieu-la-passerelle",
]


def _articles(demo) -> int:
    created = 0
    for index, data in enumerate(ARTICLES):
        if Article.objects.filter(slug=data["slug"]).exists():
            continue
        place = demo.places[PLACE_ROTATION[index % len(PLACE_ROTATION)]]
        fields = {key: value for key, value in data.items() if key != "slug"}
        article = article_services.article_create(
            place=place,
            author=demo.users["mediator"],
            status=PublicationStatus.PUBLISHED,
            licence=Licence.CC_BY_SA if index % 3 else Licence.ETALAB,
            credit=f"Camille Moreau, {place.name}",
            **fields,
        )
        Article.objects.filter(pk=article.pk, slug=article.slug).update(slug=data["slug"])
        published = timezone.make_aware(
            datetime.combine(demo.today - timedelta(days=3 + index * 9), time(10))
        )
        Article.objects.filter(pk=article.pk).update(published_at=published)
        created += 1
    return created


def _comments(demo) -> int:
    article = Article.objects.get(slug="reconnaitre-un-courriel-frauduleux")
    if Comment.objects.for_target(article).exists():
        return 0
    good = moderation_services.comment_post(
        target=article,
        body="Merci ! J'ai reçu exactement ce genre de message la semaine dernière, je ne l'ai pas ouvert.",
        author_name="Monique",
        author_email="monique@example.org",
        origin_hash="demo-1",
    )
    moderation_services.comment_post(
        target=article,
        body="Bonne idée de montrer de vrais exemples en atelier.",
        author=demo.users["volunteer"],
        parent=good,
        origin_hash="demo-2",
    )
    reported = moderation_services.comment_post(
        target=article,
        body="Gagnez 500 € par jour depuis chez vous, écrivez-moi vite !!!",
        author_name="Promo Express",
        author_email="promo@example.net",
        origin_hash="demo-3",
    )
    for key, reason in (("demo-reporter-1", "spam"), ("demo-reporter-2", "spam")):
        moderation_services.report_create(target=reported, reason=reason, reporter_key=key)
    moderation_services.comment_post(
        target=Article.objects.get(slug="creer-une-adresse-e-mail"),
        body="Voir http://promo.example.net et http://gain.example.net et http://offre.example.net",
        author_name="Offres",
        author_email="offres@example.net",
        origin_hash="demo-4",
    )
    return Comment.objects.count()


def _contributions(demo) -> int:
    created = 0
    place = demo.places["epn-croix-rouge"]
    for data in PENDING_CONTRIBUTIONS:
        _obj, was_created = Contribution.objects.get_or_create(
            title=data["title"],
            defaults={
                **data,
                "place": place,
                "status": Contribution.Status.PENDING,
                "email_confirmed_at": timezone.now(),
            },
        )
        created += was_created
    title = "Points d'accès Wi-Fi public à Reims"
    if not Contribution.objects.filter(title=title).exists():
        data = WIFI_CSV.encode()
        contribution = Contribution(
            kind=Contribution.Kind.DATASET,
            place=demo.places["mediatheque-jean-falala"],
            title=title,
            body="Inventaire participatif des points d'accès Wi-Fi gratuits, relevé par les habitants.",
            licence=Licence.ODBL,
            credit="Inventaire participatif du quartier",
            contact_name="Karim B.",
            contact_email="karim.b@example.org",
            status=Contribution.Status.PENDING,
            email_confirmed_at=timezone.now(),
            media_type="text/csv",
            size=len(data),
            table_schema=tables.infer_schema(data),
            schema_inferred=True,
        )
        contribution.file.save("wifi.csv", ContentFile(data), save=False)
        contribution.save()
        created += 1
    return created


def _feeds(demo) -> int:
    created = 0
    now = timezone.now()
    for index, feed in enumerate(FEEDS):
        owner = {"organisation": demo.network} if index == 0 else {"place": demo.places["epn-croix-rouge"]}
        source, _created = FeedSource.objects.get_or_create(
            url=feed["url"],
            defaults={
                "title": feed["title"],
                "site_url": feed["site_url"],
                "last_fetched_at": now,
                "last_status": 200,
                **owner,
            },
        )
        for number, (title, tags) in enumerate(feed["items"]):
            _item, item_created = FeedItem.objects.get_or_create(
                source=source,
                guid=f"{feed['site_url']}demo-{number}",
                defaults={
                    "title": title,
                    "link": f"{feed['site_url']}",
                    "summary": f"<p>{title}.</p>",
                    "published_at": datetime.combine(
                        demo.today - timedelta(days=number * 2 + index), time(9), tzinfo=UTC
                    ),
                    "tags": tags,
                    "shared_at": now if number == 0 and index == 1 else None,
                    "shared_by": demo.users["mediator"] if number == 0 and index == 1 else None,
                    "share_note": "À lire avant la réunion d'équipe." if number == 0 and index == 1 else "",
                },
            )
            created += item_created
    return created


def load(demo) -> str:
    articles = _articles(demo)
    comments = _comments(demo)
    contributions = _contributions(demo)
    items = _feeds(demo)
    reported = Moderation.objects.filter(status=Moderation.Status.OPEN).count()
    return (
        f"{articles} articles, {comments} comments ({reported} reported), "
        f"{contributions} pending contributions, {items} watch items"
    )

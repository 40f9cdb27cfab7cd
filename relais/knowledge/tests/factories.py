import factory

from relais.knowledge.models import Article, Comment, Contribution, FeedItem, FeedSource
from relais.knowledge.models.articles import PublicationStatus


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Fiche numéro {n}")
    slug = factory.Sequence(lambda n: f"fiche-{n}")
    summary = "Apprendre pas à pas."
    body = "## Étapes\n\n1. Allumer\n2. Cliquer"
    status = PublicationStatus.PUBLISHED
    published_at = factory.Faker("date_time", tzinfo=__import__("datetime").UTC)
    themes = ["email"]
    competences = ["2.1"]

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT, published_at=None)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    target = factory.SubFactory(ArticleFactory)
    place = factory.LazyAttribute(lambda o: o.target.place)
    author_name = "Lou"
    author_email = "lou@example.org"
    body = "Merci pour cette fiche !"


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    kind = Contribution.Kind.TEXT
    title = factory.Sequence(lambda n: f"Astuce {n}")
    body = "Pour agrandir le texte, appuyez sur Ctrl et +."
    contact_name = "Nour"
    contact_email = "nour@example.org"
    status = Contribution.Status.PENDING


class FeedSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedSource

    title = factory.Sequence(lambda n: f"Source {n}")
    url = factory.Sequence(lambda n: f"https://veille.example.org/{n}.xml")


class FeedItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedItem

    source = factory.SubFactory(FeedSourceFactory)
    guid = factory.Sequence(lambda n: f"item-{n}")
    title = factory.Sequence(lambda n: f"Actualité {n}")
    link = "https://veille.example.org/article"
    published_at = factory.Faker("date_time", tzinfo=__import__("datetime").UTC)

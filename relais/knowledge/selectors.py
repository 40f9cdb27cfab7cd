"""Read-only queries other apps (open data, statistics, API) use instead of reaching into the models."""

from django.db.models import QuerySet

from relais.knowledge.models import Article, Contribution


def public_articles() -> QuerySet[Article]:
    """Published articles and learning sheets that moderation has not hidden."""
    return Article.objects.public().select_related("place", "author").order_by("pk")


def contribution_file_bytes(contribution: Contribution) -> bytes:
    with contribution.file.open("rb") as handle:
        return handle.read()

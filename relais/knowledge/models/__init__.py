"""Knowledge base, community (contributions, comments, moderation) and news watch models."""

from relais.knowledge.models.articles import Article, ArticleVersion, Resource
from relais.knowledge.models.community import (
    Appeal,
    Comment,
    Contribution,
    Decision,
    Moderation,
    Report,
)
from relais.knowledge.models.watch import FeedItem, FeedItemRead, FeedSource

__all__ = [
    "Appeal",
    "Article",
    "ArticleVersion",
    "Comment",
    "Contribution",
    "Decision",
    "FeedItem",
    "FeedItemRead",
    "FeedSource",
    "Moderation",
    "Report",
    "Resource",
]

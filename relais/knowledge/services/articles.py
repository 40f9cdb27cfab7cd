"""Articles (with their versions) and resources of the knowledge base."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from relais.core.journal import journal_log
from relais.core.models import Place
from relais.knowledge.models import Article, ArticleVersion, Resource
from relais.knowledge.models.articles import PublicationStatus
from relais.knowledge.uploads import RESOURCE_TYPES, check_upload

TEXT_FIELDS = ("title", "summary", "body")
ARTICLE_FIELDS = (
    "title",
    "summary",
    "body",
    "kind",
    "status",
    "licence",
    "credit",
    "themes",
    "competences",
    "audience",
    "level",
    "duration_minutes",
)
RESOURCE_FIELDS = (
    "title",
    "description",
    "status",
    "licence",
    "credit",
    "themes",
    "competences",
    "audience",
    "level",
    "article",
)


def unique_slug(model, title: str) -> str:
    base = slugify(title)[:100] or "contenu"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _stamp_publication(obj) -> None:
    if obj.status == PublicationStatus.PUBLISHED and obj.published_at is None:
        obj.published_at = timezone.now()


@transaction.atomic
def article_create(*, place: Place, author, note: str = "", **fields) -> Article:
    """Create an article and its first version."""
    article = Article(place=place, author=author, **{k: v for k, v in fields.items() if k in ARTICLE_FIELDS})
    article.slug = unique_slug(Article, article.title)
    _stamp_publication(article)
    article.full_clean()
    article.save()
    ArticleVersion.objects.create(
        article=article,
        number=1,
        title=article.title,
        summary=article.summary,
        body=article.body,
        edited_by=author,
        note=note or _("First version"),
    )
    journal_log(actor=author, action="article.create", target=article, place=place, status=article.status)
    return article


@transaction.atomic
def article_update(*, article: Article, actor, note: str = "", **fields) -> Article:
    """Update an article; a change of its text keeps the previous one as a version."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    text_changed = any(k in fields and fields[k] != getattr(article, k) for k in TEXT_FIELDS)
    for name, value in fields.items():
        if name in ARTICLE_FIELDS:
            setattr(article, name, value)
    if text_changed:
        article.version += 1
    _stamp_publication(article)
    article.full_clean()
    article.save()
    if text_changed:
        ArticleVersion.objects.create(
            article=article,
            number=article.version,
            title=article.title,
            summary=article.summary,
            body=article.body,
            edited_by=actor,
            note=note,
        )
    journal_log(
        actor=actor,
        action="article.update",
        target=article,
        place=article.place,
        version=article.version,
        status=article.status,
    )
    return article


@transaction.atomic
def article_restore_version(*, article: Article, version: ArticleVersion, actor) -> Article:
    """Bring back the text of an earlier version, as a new version."""
    if version.article_id != article.pk:
        raise ValidationError(_("This version belongs to another article."))
    return article_update(
        article=article,
        actor=actor,
        title=version.title,
        summary=version.summary,
        body=version.body,
        note=_("Restored version %(number)s") % {"number": version.number},
    )


@transaction.atomic
def resource_create(*, place: Place, author, upload: UploadedFile, **fields) -> Resource:
    """Store a file after checking its real type and size."""
    checked = check_upload(upload, allowed=RESOURCE_TYPES)
    resource = Resource(
        place=place,
        author=author,
        media_type=checked.media_type,
        size=checked.size,
        **{k: v for k, v in fields.items() if k in RESOURCE_FIELDS},
    )
    resource.slug = unique_slug(Resource, resource.title)
    _stamp_publication(resource)
    resource.file.save(f"{resource.slug}{checked.extension}", upload, save=False)
    resource.full_clean()
    resource.save()
    journal_log(
        actor=author, action="resource.create", target=resource, place=place, media_type=checked.media_type
    )
    return resource


@transaction.atomic
def resource_update(*, resource: Resource, actor, upload: UploadedFile | None = None, **fields) -> Resource:
    """Update a resource's description, and its file when a new one is given."""
    for name, value in fields.items():
        if name in RESOURCE_FIELDS:
            setattr(resource, name, value)
    if upload is not None:
        checked = check_upload(upload, allowed=RESOURCE_TYPES)
        resource.media_type, resource.size = checked.media_type, checked.size
        resource.file.save(f"{resource.slug}{checked.extension}", upload, save=False)
    _stamp_publication(resource)
    resource.full_clean()
    resource.save()
    journal_log(actor=actor, action="resource.update", target=resource, place=resource.place)
    return resource

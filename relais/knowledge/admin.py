from django.contrib import admin

from relais.knowledge.models import Article, Contribution, FeedSource, Moderation, Resource


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "kind", "status", "is_hidden", "version", "published_at"]
    list_filter = ["status", "kind", "is_hidden"]
    search_fields = ["title", "summary"]
    readonly_fields = ["version"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "media_type", "status", "is_hidden"]
    list_filter = ["status", "is_hidden"]
    search_fields = ["title"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "place", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "contact_email"]


@admin.register(Moderation)
class ModerationAdmin(admin.ModelAdmin):
    list_display = ["target_label", "place", "status", "report_count", "hidden_at"]
    list_filter = ["status"]


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "place", "organisation", "is_active", "last_fetched_at", "last_status"]
    list_filter = ["is_active"]

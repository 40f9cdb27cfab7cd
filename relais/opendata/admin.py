from django.contrib import admin

from relais.opendata.models import Dataset, DatasetResource


class DatasetResourceInline(admin.TabularInline):
    model = DatasetResource
    extra = 0
    readonly_fields = ["name", "format", "media_type", "file", "checksum", "size", "published_at"]


@admin.register(Dataset)
class DatasetAdmin(admin.ModelAdmin):
    list_display = ["title", "origin", "is_published", "published_at", "last_validation_ok"]
    list_filter = ["origin", "is_published", "last_validation_ok"]
    inlines = [DatasetResourceInline]

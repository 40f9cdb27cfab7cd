from django.contrib import admin

from relais.projects.models import (
    BudgetLine,
    ContributorProfile,
    CoordinationActivity,
    Partner,
    PartnerContact,
    Project,
    ProjectEvent,
    Skill,
)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


class PartnerContactInline(admin.TabularInline):
    model = PartnerContact
    extra = 0


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "place", "is_listed", "accepts_contact"]
    list_filter = ["kind", "is_listed", "accepts_contact"]
    search_fields = ["name", "commune"]
    inlines = [PartnerContactInline]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "place", "owner", "is_published"]
    list_filter = ["status", "is_published"]
    search_fields = ["title"]
    inlines = [BudgetLineInline]


admin.site.register([ContributorProfile, CoordinationActivity, ProjectEvent])

from django.contrib import admin

from relais.core.models import Journal, Membership, Organisation, Place, TaskFailure


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "pivot", "parent"]
    search_fields = ["name", "pivot"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "commune", "is_visible"]
    search_fields = ["name", "commune", "pivot"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "place", "organisation", "is_active"]
    list_filter = ["role"]


@admin.register(Journal)
class JournalAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "action", "target_label"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TaskFailure)
class TaskFailureAdmin(admin.ModelAdmin):
    list_display = ["failed_at", "task_name", "error", "resolved_at"]

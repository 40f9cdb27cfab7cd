from django.contrib import admin

from relais.presence.models import Audit, AuditBatch, Objective, Subject


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "place", "website", "monthly_reaudit"]
    list_filter = ["kind", "monthly_reaudit"]
    search_fields = ["name", "website", "siret"]
    raw_id_fields = ["place", "organisation", "latest_audit"]
    filter_horizontal = ["members"]


@admin.register(Audit)
class AuditAdmin(admin.ModelAdmin):
    list_display = ["subject", "created_at", "status", "grade", "score", "algorithm_version"]
    list_filter = ["status", "grade", "algorithm_version"]
    search_fields = ["subject__name", "url"]
    raw_id_fields = ["subject", "batch", "requested_by"]
    readonly_fields = ["pillars", "checks"]


@admin.register(AuditBatch)
class AuditBatchAdmin(admin.ModelAdmin):
    list_display = ["territory", "created_at", "status", "done", "total"]
    list_filter = ["status"]
    raw_id_fields = ["territory", "requested_by"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "subject", "indicator_kind", "indicator", "target", "due_on", "achieved_on"]
    raw_id_fields = ["subject", "source_audit", "created_by"]

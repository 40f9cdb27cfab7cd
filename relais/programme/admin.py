from django.contrib import admin

from relais.programme.models import Event, MessageLog, Registration, Session, SurveyAnswer, Workshop


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "level", "default_capacity", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["title"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "place", "kind", "registration_mode", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["event", "place", "start_at", "capacity", "status", "sequence"]
    list_filter = ["status"]
    date_hierarchy = "start_at"


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "session", "state", "source", "created_at"]
    list_filter = ["state", "source"]
    search_fields = ["name", "email", "phone"]
    raw_id_fields = ["session", "beneficiary", "registered_by"]


@admin.register(MessageLog)
class MessageLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "registration", "kind", "channel", "result"]
    list_filter = ["kind", "channel", "result"]
    raw_id_fields = ["registration"]


@admin.register(SurveyAnswer)
class SurveyAnswerAdmin(admin.ModelAdmin):
    list_display = ["session", "satisfaction", "goal_reached", "recommendation", "created_at"]
    raw_id_fields = ["registration", "session"]

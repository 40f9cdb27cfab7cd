from django.urls import path

from relais.presence import views

app_name = "presence"

urlpatterns = [
    path("presence/", views.subject_list, name="subject-list"),
    path("presence/robot/", views.robot, name="robot"),
    path("presence/nouveau/", views.subject_create, name="subject-create"),
    path("presence/<int:pk>/", views.subject_detail, name="subject-detail"),
    path("presence/<int:pk>/modifier/", views.subject_update, name="subject-update"),
    path("presence/<int:pk>/import/", views.territory_import, name="territory-import"),
    path("presence/<int:pk>/auditer/", views.audit_start, name="audit-start"),
    path("presence/<int:pk>/rapport.pdf", views.territory_pdf, name="territory-pdf"),
    path("presence/audits/<int:pk>/", views.audit_detail, name="audit-detail"),
    path("presence/audits/<int:pk>/rapport.pdf", views.audit_pdf, name="audit-pdf"),
    path("presence/audits/<int:pk>/objectifs/", views.objective_create, name="objective-create"),
    path("presence/lots/<int:pk>/", views.batch_progress, name="batch-progress"),
    path("presence/lots/<int:pk>/annuler/", views.batch_cancel, name="batch-cancel"),
]

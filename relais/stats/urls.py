from django.urls import path

from relais.stats import views

app_name = "stats"

urlpatterns = [
    path("statistiques/", views.dashboard, name="dashboard"),
    path("statistiques/tableau/<slug:key>/", views.table_detail, name="table"),
    path("statistiques/export/<slug:key>.<str:fmt>", views.table_export, name="table-export"),
    path("statistiques/bilan.pdf", views.report_pdf, name="report-pdf"),
    path("statistiques/partage/", views.share_list, name="share-list"),
    path("statistiques/partage/<int:pk>/revoquer/", views.share_revoke, name="share-revoke"),
    path("statistiques/destinataires/<int:pk>/supprimer/", views.recipient_delete, name="recipient-delete"),
    path("statistiques/public/<str:token>/", views.share_public, name="share-public"),
]

from django.urls import path

from relais.mediation.views import activities, assessments, beneficiaries, tags, transfers

app_name = "mediation"

urlpatterns = [
    path("mediation/activites/", activities.activity_list, name="activity-list"),
    path("mediation/saisie/", activities.activity_create, name="activity-create"),
    path("mediation/atelier/", activities.activity_create_collective, name="activity-create-collective"),
    path("mediation/activites/export/", transfers.activity_export, name="activity-export"),
    path("mediation/activites/import/", transfers.activity_import, name="activity-import"),
    path(
        "mediation/activites/import/confirmer/",
        transfers.activity_import_confirm,
        name="activity-import-confirm",
    ),
    path("mediation/activites/<int:pk>/", activities.activity_detail, name="activity-detail"),
    path("mediation/activites/<int:pk>/modifier/", activities.activity_update, name="activity-update"),
    path("mediation/activites/<int:pk>/supprimer/", activities.activity_delete, name="activity-delete"),
    path("mediation/beneficiaires/", beneficiaries.beneficiary_list, name="beneficiary-list"),
    path("mediation/beneficiaires/choix/", activities.beneficiary_choices, name="beneficiary-choices"),
    path("mediation/beneficiaires/nouveau/", beneficiaries.beneficiary_create, name="beneficiary-create"),
    path("mediation/beneficiaires/export/", transfers.beneficiary_export, name="beneficiary-export"),
    path("mediation/beneficiaires/import/", transfers.beneficiary_import, name="beneficiary-import"),
    path(
        "mediation/beneficiaires/import/confirmer/",
        transfers.beneficiary_import_confirm,
        name="beneficiary-import-confirm",
    ),
    path("mediation/beneficiaires/<int:pk>/", beneficiaries.beneficiary_detail, name="beneficiary-detail"),
    path(
        "mediation/beneficiaires/<int:pk>/modifier/",
        beneficiaries.beneficiary_update,
        name="beneficiary-update",
    ),
    path(
        "mediation/beneficiaires/<int:pk>/fusionner/",
        beneficiaries.beneficiary_merge,
        name="beneficiary-merge",
    ),
    path(
        "mediation/beneficiaires/<int:pk>/effacer/", beneficiaries.beneficiary_erase, name="beneficiary-erase"
    ),
    path(
        "mediation/beneficiaires/<int:pk>/donnees.json",
        beneficiaries.beneficiary_export_json,
        name="beneficiary-export-json",
    ),
    path(
        "mediation/beneficiaires/<int:pk>/donnees.pdf",
        beneficiaries.beneficiary_export_pdf,
        name="beneficiary-export-pdf",
    ),
    path("mediation/lieux/<slug:slug>/mention-information/", beneficiaries.information_notice, name="notice"),
    path("mediation/evaluations/nouvelle/", assessments.assessment_create, name="assessment-create"),
    path("mediation/evaluations/<int:pk>/", assessments.assessment_detail, name="assessment-detail"),
    path("mediation/etiquettes/", tags.tag_list, name="tag-list"),
]

from django.urls import path

from relais.projects.views import collaboration, partners, projects

app_name = "projects"

P = "projets/<int:pk>/"

urlpatterns = [
    path("projets/", projects.project_list, name="project-list"),
    path("projets/nouveau/", projects.project_create, name="project-create"),
    path(P, projects.project_detail, name="project-detail"),
    path(P + "modifier/", projects.project_update, name="project-update"),
    path(P + "cahier-des-charges/", projects.project_brief, name="project-brief"),
    path(P + "cahier-des-charges.pdf", projects.project_pdf, name="project-pdf"),
    path(P + "modele-economique/", projects.project_canvas, name="project-canvas"),
    path(P + "budget/", projects.project_budget, name="project-budget"),
    path(P + "budget/<int:line_pk>/supprimer/", projects.budget_line_delete, name="budget-line-delete"),
    path(P + "jalons/nouveau/", projects.milestone_create, name="milestone-create"),
    path(P + "jalons/<int:milestone_pk>/fait/", projects.milestone_toggle, name="milestone-toggle"),
    path(P + "jalons/<int:milestone_pk>/supprimer/", projects.milestone_delete, name="milestone-delete"),
    path(P + "equipe/", projects.project_team, name="project-team"),
    path(P + "equipe/<int:member_pk>/retirer/", projects.member_remove, name="member-remove"),
    path(P + "suggestions/", collaboration.project_matches_view, name="project-matches"),
    path(
        P + "inviter/<str:kind>/<int:target_pk>/", collaboration.invitation_create, name="invitation-create"
    ),
    path("projets/invitation/<str:token>/", collaboration.invitation_respond, name="invitation-respond"),
    path(P + "evenements/nouveau/", collaboration.project_event_create, name="project-event-create"),
    path(P + "evenements/lier/", collaboration.project_event_link, name="project-event-link"),
    path(P + "evenements/<int:link_pk>/", collaboration.project_event_detail, name="project-event-detail"),
    path(P + "evenements/<int:link_pk>/envoyer/", collaboration.digest_send, name="digest-send"),
    path(P + "documentation/", collaboration.project_documentation, name="project-documentation"),
    path(P + "documentation/etapes/nouvelle/", collaboration.step_create, name="step-create"),
    path(P + "documentation/etapes/<int:step_pk>/supprimer/", collaboration.step_delete, name="step-delete"),
    path(P + "publication/", collaboration.project_publish, name="project-publish"),
    path("projets/galerie/", collaboration.gallery, name="gallery"),
    path("projets/galerie/<int:pk>/", collaboration.gallery_detail, name="gallery-detail"),
    path("projets/mon-profil/", collaboration.contributor_profile, name="contributor-profile"),
    path("projets/temps-de-coordination/", collaboration.activity_list, name="activity-list"),
    path("projets/temps-de-coordination/export/", collaboration.activity_export, name="activity-export"),
    path("projets/partenaires/", partners.partner_list, name="partner-list"),
    path("projets/partenaires/nouveau/", partners.partner_create, name="partner-create"),
    path("projets/partenaires/importer/", partners.partner_import, name="partner-import"),
    path("projets/partenaires/exporter/", partners.partner_export, name="partner-export"),
    path("projets/partenaires/<int:pk>/", partners.partner_detail, name="partner-detail"),
    path("projets/partenaires/<int:pk>/modifier/", partners.partner_update, name="partner-update"),
    path("projets/partenaires/<int:pk>/supprimer/", partners.partner_delete, name="partner-delete"),
    path("projets/partenaires/<int:pk>/vcard/", partners.partner_vcard, name="partner-vcard"),
    path("projets/partenaires/<int:pk>/referents/nouveau/", partners.contact_create, name="contact-create"),
    path(
        "projets/partenaires/<int:pk>/referents/<int:contact_pk>/supprimer/",
        partners.contact_delete,
        name="contact-delete",
    ),
    path("projets/competences/", partners.skill_list, name="skill-list"),
    path("projets/competences/<int:pk>/modifier/", partners.skill_update, name="skill-update"),
]

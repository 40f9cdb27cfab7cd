from django.urls import path

from relais.core import views

app_name = "core"

urlpatterns = [
    path("", views.public_home, name="public-home"),
    path("accueil/", views.home, name="home"),
    path("lieux/<slug:slug>/", views.place_public_detail, name="place-detail"),
    path("gestion/lieux/", views.place_list, name="place-list"),
    path("gestion/lieux/nouveau/", views.place_create, name="place-create"),
    path("gestion/lieux/<slug:slug>/", views.place_manage, name="place-manage"),
    path("gestion/lieux/<slug:slug>/modifier/", views.place_update, name="place-update"),
    path("gestion/organisations/", views.organisation_list, name="organisation-list"),
    path("gestion/organisations/nouvelle/", views.organisation_create, name="organisation-create"),
    path(
        "gestion/organisations/<slug:slug>/modifier/", views.organisation_update, name="organisation-update"
    ),
    path("administration/taches-en-echec/", views.task_failure_list, name="task-failure-list"),
    path(
        "administration/taches-en-echec/<int:pk>/resolue/",
        views.task_failure_resolve,
        name="task-failure-resolve",
    ),
]

from django.urls import path

from relais.core import views

app_name = "core"

urlpatterns = [
    path("", views.public_home, name="public-home"),
    path("accueil/", views.home, name="home"),
    path("lieux/<slug:slug>/", views.place_public_detail, name="place-detail"),
    path("administration/taches-en-echec/", views.task_failure_list, name="task-failure-list"),
    path(
        "administration/taches-en-echec/<int:pk>/resolue/",
        views.task_failure_resolve,
        name="task-failure-resolve",
    ),
]

from django.urls import path

from relais.knowledge.views import articles, community, moderation, watch

app_name = "knowledge"

urlpatterns = [
    path("ressources/", articles.article_list, name="article-list"),
    path("ressources/gestion/", articles.manage, name="manage"),
    path("ressources/articles/nouveau/", articles.article_create, name="article-create"),
    path("ressources/articles/<slug:slug>/", articles.article_detail, name="article-detail"),
    path("ressources/articles/<slug:slug>/fiche.pdf", articles.article_pdf, name="article-pdf"),
    path("ressources/articles/<slug:slug>/modifier/", articles.article_update, name="article-update"),
    path("ressources/articles/<slug:slug>/versions/", articles.article_versions, name="article-versions"),
    path(
        "ressources/articles/<slug:slug>/versions/<int:number>/restaurer/",
        articles.article_restore,
        name="article-restore",
    ),
    path("ressources/fichiers/", articles.resource_list, name="resource-list"),
    path("ressources/fichiers/nouveau/", articles.resource_create, name="resource-create"),
    path("ressources/fichiers/<slug:slug>/", articles.resource_detail, name="resource-detail"),
    path(
        "ressources/fichiers/<slug:slug>/telecharger/", articles.resource_download, name="resource-download"
    ),
    path("ressources/fichiers/<slug:slug>/modifier/", articles.resource_update, name="resource-update"),
    path("ressources/contribuer/", community.contribution_create, name="contribution-create"),
    path(
        "ressources/contribuer/confirmer/<str:token>/",
        community.contribution_confirm,
        name="contribution-confirm",
    ),
    path(
        "ressources/contribuer/suivi/<str:token>/", community.contribution_follow, name="contribution-follow"
    ),
    path(
        "ressources/commentaires/<int:content_type_id>/<int:object_id>/",
        community.comment_create,
        name="comment-create",
    ),
    path("ressources/signaler/<str:kind>/<int:pk>/", community.report_create, name="report-create"),
    path("ressources/appel/<str:token>/", community.appeal_create, name="appeal-create"),
    path("ressources/moderation/", moderation.moderation_queue, name="moderation-queue"),
    path("ressources/moderation/contributions/lot/", moderation.contribution_bulk, name="contribution-bulk"),
    path(
        "ressources/moderation/contributions/<int:pk>/",
        moderation.contribution_review,
        name="contribution-review",
    ),
    path(
        "ressources/moderation/contributions/<int:pk>/fichier/",
        moderation.contribution_file,
        name="contribution-file",
    ),
    path("ressources/moderation/signalements/lot/", moderation.moderation_bulk, name="moderation-bulk"),
    path(
        "ressources/moderation/signalements/<int:pk>/", moderation.moderation_detail, name="moderation-detail"
    ),
    path(
        "ressources/moderation/commentaires/<int:pk>/publier/",
        moderation.comment_release,
        name="comment-release",
    ),
    path("ressources/moderation/appels/<int:pk>/", moderation.appeal_review, name="appeal-review"),
    path("ressources/veille/", watch.watch_list, name="watch-list"),
    path("ressources/veille/sources/", watch.source_list, name="source-list"),
    path("ressources/veille/sources/<int:pk>/actualiser/", watch.source_fetch, name="source-fetch"),
    path("ressources/veille/sources/<int:pk>/activer/", watch.source_toggle, name="source-toggle"),
    path("ressources/veille/opml/", watch.opml_export, name="opml-export"),
    path("ressources/veille/opml/importer/", watch.opml_import, name="opml-import"),
    path("ressources/veille/elements/<int:pk>/lu/", watch.item_read, name="item-read"),
    path("ressources/veille/elements/<int:pk>/etiquettes/", watch.item_tag, name="item-tag"),
    path("ressources/veille/elements/<int:pk>/partager/", watch.item_share, name="item-share"),
]

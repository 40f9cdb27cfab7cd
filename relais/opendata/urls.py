from django.urls import path

from relais.opendata import views

app_name = "opendata"

urlpatterns = [
    path("donnees/", views.catalogue, name="catalogue"),
    path("donnees/catalogue.jsonld", views.catalogue_jsonld, name="catalogue-jsonld"),
    path("donnees/lieux.csv", views.places_csv, name="places-csv"),
    path("donnees/lieux.json", views.places_json, name="places-json"),
    path("donnees/<slug:slug>/", views.dataset_detail, name="dataset-detail"),
    path("donnees/<slug:slug>/regenerer/", views.dataset_regenerate, name="dataset-regenerate"),
    path("donnees/<slug:slug>/datapackage.json", views.dataset_datapackage, name="dataset-datapackage"),
    path("donnees/<slug:slug>/<slug:name>.<slug:format>", views.resource_download, name="resource-download"),
]

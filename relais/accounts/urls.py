from django.contrib.auth import views as auth_views
from django.urls import path

from relais.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/", views.two_factor, name="two-factor"),
    path("profil/", views.profile, name="profile"),
]

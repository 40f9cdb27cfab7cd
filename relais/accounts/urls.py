from django.urls import path

from relais.accounts.views import auth, invitations, profile, roles

app_name = "accounts"

urlpatterns = [
    path("connexion/", auth.LoginView.as_view(), name="login"),
    path("deconnexion/", auth.LogoutView.as_view(), name="logout"),
    path("2fa/", auth.two_factor, name="two-factor"),
    path("mot-de-passe/oublie/", auth.PasswordResetView.as_view(), name="password-reset"),
    path("mot-de-passe/oublie/envoye/", auth.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("profil/", profile.profile, name="profile"),
    path("profil/mot-de-passe/", auth.PasswordChangeView.as_view(), name="password-change"),
    path("profil/jetons/", profile.api_token_create, name="api-token-create"),
    path("profil/jetons/<int:pk>/revoquer/", profile.api_token_revoke, name="api-token-revoke"),
    path("lieux/<slug:slug>/roles/", roles.place_roles, name="place-roles"),
    path("lieux/<slug:slug>/roles/inviter/", roles.invitation_create, name="invitation-create"),
    path("lieux/<slug:slug>/roles/<int:pk>/", roles.membership_update, name="membership-update"),
    path("lieux/<slug:slug>/roles/<int:pk>/retirer/", roles.membership_delete, name="membership-delete"),
    path(
        "lieux/<slug:slug>/invitations/<int:pk>/revoquer/", roles.invitation_revoke, name="invitation-revoke"
    ),
    path(
        "lieux/<slug:slug>/invitations/<int:pk>/renvoyer/", roles.invitation_resend, name="invitation-resend"
    ),
    path("invitation/<str:token>/", invitations.invitation_accept, name="invitation-accept"),
]

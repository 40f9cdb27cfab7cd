from django.urls import path

from relais.programme.views import attendance, public, staff

app_name = "programme"

urlpatterns = [
    # Public agenda (no login)
    path("agenda/", public.agenda, name="agenda"),
    path("agenda.ics", public.agenda_ics, name="agenda-ics"),
    path("agenda/evenements/<int:pk>/", public.agenda_event, name="agenda-event"),
    path("agenda/seances/<int:pk>/inscription/", public.agenda_register, name="agenda-register"),
    path("agenda/seances/<uuid:uid>/avis/", public.session_survey, name="session-survey"),
    path("agenda/lieux/<slug:slug>/", public.agenda_place, name="agenda-place"),
    path("agenda/lieux/<slug:slug>.ics", public.place_ics, name="place-ics"),
    path("agenda/lieux/<slug:slug>/widget/", public.agenda_widget, name="agenda-widget"),
    path("agenda/inscriptions/<str:token>/", public.registration_manage, name="registration-manage"),
    path(
        "agenda/inscriptions/<str:token>/confirmer/", public.registration_confirm, name="registration-confirm"
    ),
    path("agenda/inscriptions/<str:token>/annuler/", public.registration_cancel, name="registration-cancel"),
    path(
        "agenda/inscriptions/<str:token>/sans-rappel/",
        public.registration_opt_out,
        name="registration-opt-out",
    ),
    path("agenda/inscriptions/<str:token>/avis/", public.survey, name="survey"),
    path("agenda/calendriers/<str:token>.ics", public.facilitator_ics, name="facilitator-ics"),
    # Team pages
    path("programme/", staff.programme_home, name="home"),
    path("programme/ateliers/", staff.workshop_list, name="workshop-list"),
    path("programme/lieux/<slug:slug>/ateliers/nouveau/", staff.workshop_create, name="workshop-create"),
    path("programme/ateliers/<int:pk>/", staff.workshop_detail, name="workshop-detail"),
    path("programme/ateliers/<int:pk>/modifier/", staff.workshop_update, name="workshop-update"),
    path("programme/lieux/<slug:slug>/evenements/nouveau/", staff.event_create, name="event-create"),
    path("programme/evenements/<int:pk>/", staff.event_detail, name="event-detail"),
    path("programme/evenements/<int:pk>/modifier/", staff.event_update, name="event-update"),
    path("programme/evenements/<int:pk>/affiche.pdf", attendance.event_poster, name="event-poster"),
    path("programme/evenements/<int:pk>/seances/nouvelle/", staff.session_create, name="session-create"),
    path("programme/seances/<int:pk>/", staff.session_detail, name="session-detail"),
    path("programme/seances/<int:pk>/modifier/", staff.session_update, name="session-update"),
    path("programme/seances/<int:pk>/annuler/", staff.session_cancel, name="session-cancel"),
    path("programme/seances/<int:pk>/inscrire/", attendance.desk_register, name="desk-register"),
    path("programme/seances/<int:pk>/pointage/", attendance.session_check_in, name="session-check-in"),
    path("programme/seances/<int:pk>/cloturer/", attendance.attendance_close, name="attendance-close"),
    path("programme/seances/<int:pk>/emargement.pdf", attendance.sign_in_sheet, name="sign-in-sheet"),
    path(
        "programme/inscriptions/<int:pk>/<slug:action>/",
        attendance.registration_action,
        name="registration-action",
    ),
    path("programme/pointage/<str:token>/", attendance.check_in_scan, name="check-in-scan"),
    path(
        "programme/lieux/<slug:slug>/programme-<int:year>-<int:month>.pdf",
        attendance.monthly_programme,
        name="monthly-programme",
    ),
    path("programme/indicateurs/", attendance.indicator_list, name="indicators"),
    path("programme/mon-agenda/", attendance.my_calendar, name="my-calendar"),
]

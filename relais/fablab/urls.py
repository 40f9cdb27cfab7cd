from django.urls import path

from relais.fablab.views import authorisations, bookings, incidents, loans, machines, maintenance, stock

app_name = "fablab"

PLACE = "fablab/lieux/<slug:place_slug>/"
MACHINE = PLACE + "machines/<slug:slug>/"

urlpatterns = [
    path("fablab/", machines.home, name="home"),
    path("fablab/reservations/", bookings.booking_list, name="booking-list"),
    path("fablab/reservations/<int:pk>/", bookings.booking_detail, name="booking-detail"),
    path("fablab/reservations/<int:pk>/annuler/", bookings.booking_cancel, name="booking-cancel"),
    path("fablab/reservations/<int:pk>/deplacer/", bookings.booking_move, name="booking-move"),
    path("fablab/reservations/<int:pk>/utilisation/", bookings.booking_usage, name="booking-usage"),
    path("fablab/reservations/<int:pk>/aide/", bookings.booking_assistance, name="booking-assistance"),
    path("fablab/agenda/<str:token>.ics", bookings.booking_feed, name="booking-feed"),
    path("fablab/habilitations/", authorisations.authorisation_mine, name="authorisation-mine"),
    path(
        "fablab/habilitations/<int:pk>/retirer/",
        authorisations.authorisation_revoke,
        name="authorisation-revoke",
    ),
    path("fablab/quiz/<slug:category_slug>/", authorisations.quiz_take, name="quiz-take"),
    path("fablab/maintenance/ordres/<int:pk>/", maintenance.order_detail, name="order-detail"),
    path("fablab/maintenance/ordres/<int:pk>/planifier/", maintenance.order_schedule, name="order-schedule"),
    path("fablab/maintenance/ordres/<int:pk>/modifier/", maintenance.order_update, name="order-update"),
    path("fablab/maintenance/ordres/<int:pk>/cloturer/", maintenance.order_close, name="order-close"),
    path("fablab/maintenance/ordres/<int:pk>/annuler/", maintenance.order_cancel, name="order-cancel"),
    path(PLACE, machines.place_dashboard, name="place-dashboard"),
    path(PLACE + "maintenance/", maintenance.maintenance_list, name="maintenance-list"),
    path(PLACE + "maintenance/plans/nouveau/", maintenance.plan_create, name="plan-create"),
    path(PLACE + "maintenance/ordres/nouveau/", maintenance.order_create, name="order-create"),
    path(PLACE + "calendrier/", machines.place_calendar, name="place-calendar"),
    path(PLACE + "habilitations/", authorisations.authorisation_list, name="authorisation-list"),
    path(PLACE + "habilitations/accorder/", authorisations.authorisation_grant, name="authorisation-grant"),
    path(PLACE + "formations/", authorisations.training_list, name="training-list"),
    path(PLACE + "indisponibilites/", authorisations.unavailability_list, name="unavailability-list"),
    path(
        PLACE + "indisponibilites/<int:pk>/supprimer/",
        authorisations.unavailability_delete,
        name="unavailability-delete",
    ),
    path(PLACE + "machines/", machines.machine_list, name="machine-list"),
    path(PLACE + "machines/nouvelle/", machines.machine_create, name="machine-create"),
    path(MACHINE, machines.machine_detail, name="machine-detail"),
    path(MACHINE + "modifier/", machines.machine_update, name="machine-update"),
    path(MACHINE + "etat/", machines.machine_state, name="machine-state"),
    path(MACHINE + "calendrier/", machines.machine_calendar, name="machine-calendar"),
    path(MACHINE + "reserver/", bookings.booking_create, name="booking-create"),
    path(MACHINE + "signaler/", incidents.incident_report, name="incident-report"),
    path(MACHINE + "signaler/merci/", incidents.incident_thanks, name="incident-thanks"),
    path(PLACE + "stock/", stock.stock_list, name="stock-list"),
    path(PLACE + "prets/", loans.loan_list, name="loan-list"),
    path(PLACE + "prets/liste-de-colisage/", loans.packing_list, name="packing-list"),
    path(PLACE + "prets/<int:pk>/", loans.item_history, name="item-history"),
    path(PLACE + "prets/<int:pk>/preter/", loans.loan_checkout, name="loan-checkout"),
    path("fablab/prets/<int:pk>/retour/", loans.loan_return, name="loan-return"),
    path(PLACE + "stock/liste-de-courses.<str:export>", stock.shopping_list, name="shopping-list"),
    path(PLACE + "etiquettes.pdf", incidents.machine_labels, name="machine-labels"),
]

from django.urls import reverse

from relais.fablab import maintenance
from relais.fablab.models import MaintenanceOrder, MaintenancePlan


def test_maintenance_list_access(client_for, fabmanager, volunteer, outsider, machine):
    url = reverse("fablab:maintenance-list", args=[machine.place.slug])
    MaintenancePlan.objects.create(machine=machine, title="Graisser", interval=3, checklist="Graisser")

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(volunteer).get(url).status_code == 403
    assert "Graisser" in client_for(fabmanager).get(url).content.decode()


def test_plan_create_page(fabmanager_client, machine):
    url = reverse("fablab:plan-create", args=[machine.place.slug])

    refused = fabmanager_client.post(
        url,
        {
            "machine": machine.pk,
            "title": "Sans rythme",
            "checklist": "A",
            "interval_unit": "months",
            "duration_minutes": 60,
        },
    )
    saved = fabmanager_client.post(
        url,
        {
            "machine": machine.pk,
            "title": "Graisser",
            "checklist": "A",
            "interval": 2,
            "interval_unit": "months",
            "duration_minutes": 60,
        },
    )

    assert refused.status_code == 200 and 'value="Sans rythme"' in refused.content.decode()
    assert saved.status_code == 303
    assert MaintenancePlan.objects.get().title == "Graisser"


def test_corrective_order_close_page_requires_checklist(fabmanager_client, fabmanager, machine):
    created = fabmanager_client.post(
        reverse("fablab:order-create", args=[machine.place.slug]),
        {"machine": machine.pk, "title": "Courroie", "checklist": "Changer la courroie\nTester"},
    )
    order = MaintenanceOrder.objects.get()
    url = reverse("fablab:order-close", args=[order.pk])

    refused = fabmanager_client.post(url, {"ticked": ["0"], "time_spent_minutes": "20"})
    closed = fabmanager_client.post(url, {"ticked": ["0", "1"], "time_spent_minutes": "20", "cost": "12.50"})

    assert created.status_code == 303
    assert refused.status_code == 200 and "Tester" in refused.content.decode()
    assert closed.status_code == 303
    order.refresh_from_db()
    assert order.state == "done"


def test_order_detail_hidden_from_outsiders(client_for, outsider, fabmanager, machine):
    order = maintenance.order_create(machine=machine, actor=fabmanager, title="Courroie")

    assert client_for(outsider).get(order.get_absolute_url()).status_code == 404


def test_order_schedule_update_and_cancel_pages(fabmanager_client, fabmanager, machine, frozen_now):
    order = maintenance.order_create(machine=machine, actor=fabmanager, title="Courroie")

    scheduled = fabmanager_client.post(
        reverse("fablab:order-schedule", args=[order.pk]),
        {"start": "2026-12-03T09:00", "end": "2026-12-03T11:00"},
    )
    updated = fabmanager_client.post(
        reverse("fablab:order-update", args=[order.pk]), {"state": "waiting_parts", "parts": "ordered"}
    )
    detail = fabmanager_client.get(order.get_absolute_url())
    cancelled = fabmanager_client.post(reverse("fablab:order-cancel", args=[order.pk]), {"reason": "Doublon"})

    assert scheduled.status_code == updated.status_code == cancelled.status_code == 303
    assert "Courroie" in detail.content.decode()
    order.refresh_from_db()
    assert order.state == "cancelled" and order.window is None


def test_plan_create_with_procedure_photo(fabmanager_client, machine, tmp_path, settings):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "white").save(buffer, "PNG")
    fabmanager_client.post(
        reverse("fablab:plan-create", args=[machine.place.slug]),
        {
            "machine": machine.pk,
            "title": "Lentille",
            "checklist": "A",
            "interval": 1,
            "interval_unit": "months",
            "duration_minutes": 30,
            "photo": SimpleUploadedFile("lentille.png", buffer.getvalue(), "image/png"),
        },
    )

    assert MaintenancePlan.objects.get().photo.name.startswith(f"fablab/procedures/{machine.pk}/")


def test_maintenance_page_shows_place_indicators(fabmanager_client, machine, fabmanager):
    order = maintenance.order_create(machine=machine, actor=fabmanager, title="Courroie")
    maintenance.order_close(order=order, actor=fabmanager, ticked=[], time_spent_minutes=10)

    response = fabmanager_client.get(reverse("fablab:maintenance-list", args=[machine.place.slug]))

    assert response.context["summary"]["failures"] == 1
    assert response.context["indicators"][0].mttr_hours is not None

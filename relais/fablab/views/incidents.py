import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from relais.core.htmx import redirect_after_post
from relais.core.ratelimit import client_address
from relais.fablab import access, incidents
from relais.fablab.forms import IncidentForm
from relais.fablab.models import Machine


def report_url(machine: Machine) -> str:
    return settings.SITE_URL + reverse("fablab:incident-report", args=[machine.place.slug, machine.slug])


def qr_svg_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


@require_http_methods(["GET", "POST"])
def incident_report(request, place_slug, slug):
    """Public page behind the QR code on the machine: no sign-in needed."""
    machine = access.get_machine_public(place_slug, slug)
    form = IncidentForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            incidents.incident_report(
                machine=machine,
                address=client_address(request),
                description=data["description"],
                severity=data["severity"],
                contact=data["contact"],
                photo=data["photo"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages)
            else:
                form.add_error(None, error)
        else:
            return redirect_after_post(request, reverse("fablab:incident-thanks", args=[place_slug, slug]))
    return render(request, "fablab/incident_report.html", {"machine": machine, "form": form})


@require_GET
def incident_thanks(request, place_slug, slug):
    machine = access.get_machine_public(place_slug, slug)
    return render(request, "fablab/incident_thanks.html", {"machine": machine})


@login_required
@require_GET
def machine_labels(request, place_slug):
    """A printable sheet (PDF) of QR labels, one per machine, leading to the report form."""
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    place = access.get_place_for_manager(request, place_slug)
    labels = [
        {"machine": machine, "url": report_url(machine), "qr": qr_svg_uri(report_url(machine))}
        for machine in Machine.objects.for_place(place).active().select_related("place")
    ]
    html = render_to_string("fablab/pdf/labels.html", {"place": place, "labels": labels})
    response = HttpResponse(
        HTML(string=html, base_url=settings.SITE_URL).write_pdf(), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="etiquettes-{place.slug}.pdf"'
    return response

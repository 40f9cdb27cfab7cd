from django.utils import translation

from relais.core.templatetags.relais_core import opening_hours_lines, phone_display


def test_opening_hours_lines_reads_days_and_times_in_french():
    with translation.override("fr"):
        lines = opening_hours_lines("Tu-Fr 09:00-12:00,13:30-18:00; Sa 09:00-12:30; Su off")

    assert lines == [
        "Du mardi au vendredi : 09:00–12:00, 13:30–18:00",
        "Samedi : 09:00–12:30",
        "Dimanche : fermé",
    ]


def test_opening_hours_lines_gives_up_on_syntax_it_does_not_know():
    assert opening_hours_lines("Mo-Fr 09:00-18:00; PH off") is None
    assert opening_hours_lines("") is None


def test_phone_display_spaces_french_numbers_only():
    assert phone_display("+33326771234") == "03 26 77 12 34"
    assert phone_display("+3226771234") == "+3226771234"


def test_public_place_page_shows_readable_hours_and_phone(client, place):
    place.opening_hours = "Mo-Fr 09:00-17:00"
    place.phone = "+33326771234"
    place.save()

    page = client.get(place.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Du lundi au vendredi : 09:00–17:00" in page
    assert ">03 26 77 12 34</a>" in page

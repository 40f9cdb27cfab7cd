import pytest


@pytest.fixture
def place_form_data():
    """A complete, valid POST body for the place form; override keys to make it invalid."""

    def make(**overrides):
        data = {
            "name": "Espace numérique Orgeval",
            "slug": "",
            "pivot": "21510454800023",
            "typologies": ["MUNI", "BIB"],
            "parent_structure": "",
            "source": "Ville test",
            "address": "12 bis rue Leclercq",
            "address_complement": "",
            "postcode": "51100",
            "commune": "Reims",
            "insee_code": "51454",
            "latitude": "49.2535",
            "longitude": "4.0333",
            "phone": "+33326771234",
            "emails": "contact@orgeval.test\naccueil@orgeval.test",
            "websites": "https://orgeval.test",
            "opening_hours": "Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00",
            "appointment_url": "",
            "acceslibre_url": "",
            "summary": "Ateliers et aide aux démarches.",
            "description": "",
            "services": ["Aide aux démarches administratives"],
            "support_modes": ["Accompagnement individuel"],
            "access_modes": ["Se présenter"],
            "fees": ["Gratuit"],
            "specific_publics": [],
            "specific_support": [],
            "national_programmes": ["Conseillers numériques"],
            "trainings_labels": [],
            "other_trainings_labels": "",
            "itinerance": ["Fixe"],
            "is_visible": "on",
            "is_active": "on",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return make

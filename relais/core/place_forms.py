"""Forms of the places and organisations pages.

They live apart from `relais.core.forms`, which the form renderer imports before the models are ready.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from relais.core.forms import MultipleChoiceJSONField, SplitLinesField
from relais.core.models import Organisation, Place
from relais.core.vocabularies import place_choices, structure_typologies


def formfield_assuming_https(field, **kwargs):
    """Model fields to form fields, with web addresses typed without a scheme read as https://."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


def _vocabulary_field(schema_name: str, label) -> MultipleChoiceJSONField:
    return MultipleChoiceJSONField(label=label, choices=place_choices(schema_name), required=False)


SLUG_HELP = _(
    "Used in web addresses: lowercase letters, digits and hyphens. Left empty, it is made from the name."
)

PLACE_SECTIONS = [
    (_("Identity"), ["organisation", "name", "slug", "pivot", "typologies", "parent_structure", "source"]),
    (
        _("Address"),
        ["address", "address_complement", "postcode", "commune", "insee_code", "latitude", "longitude"],
    ),
    (
        _("Contact and opening hours"),
        ["phone", "emails", "websites", "opening_hours", "appointment_url", "acceslibre_url"],
    ),
    (_("Presentation"), ["summary", "description"]),
    (
        _("Services and support"),
        ["services", "support_modes", "access_modes", "fees", "specific_publics", "specific_support"],
    ),
    (
        _("Programmes, labels and itinerance"),
        ["national_programmes", "trainings_labels", "other_trainings_labels", "itinerance"],
    ),
    (_("Publication"), ["is_visible", "is_active"]),
]


class PlaceForm(forms.ModelForm):
    """Every field of the national places schema; the schema's vocabularies as checkboxes."""

    typologies = MultipleChoiceJSONField(
        label=_("Type of structure"),
        required=False,
        help_text=_("National typology of the structure (data·inclusion): tick every type that applies."),
    )
    emails = SplitLinesField(
        label=_("Contact emails"), required=False, help_text=_("One email address per line.")
    )
    websites = SplitLinesField(
        label=_("Websites and social networks"),
        required=False,
        help_text=_("One web address per line, starting with https://."),
    )
    services = _vocabulary_field("services", _("Services"))
    support_modes = _vocabulary_field("modalites_accompagnement", _("Kinds of support"))
    access_modes = _vocabulary_field("modalites_acces", _("How to come"))
    fees = _vocabulary_field("frais_a_charge", _("Fees"))
    specific_publics = _vocabulary_field(
        "publics_specifiquement_adresses", _("Publics specifically addressed")
    )
    specific_support = _vocabulary_field("prise_en_charge_specifique", _("Specific support"))
    itinerance = _vocabulary_field("itinerance", _("Fixed or itinerant"))
    national_programmes = _vocabulary_field("dispositif_programmes_nationaux", _("National programmes"))
    trainings_labels = _vocabulary_field("formations_labels", _("Trainings and labels"))

    class Meta:
        model = Place
        formfield_callback = formfield_assuming_https
        fields = [name for _title, names in PLACE_SECTIONS for name in names]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["typologies"].choices = [
            (code, f"{label} ({code})") for code, label in structure_typologies()
        ]
        self.fields["slug"].required = False
        self.fields["slug"].help_text = SLUG_HELP
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations

    def sections(self):
        """(title, bound fields) for each section, skipping fields this form does not have."""
        return [
            (title, [self[name] for name in names if name in self.fields]) for title, names in PLACE_SECTIONS
        ]

    def service_data(self) -> dict:
        """Cleaned values for `place_create` / `place_update` (the organisation is passed apart)."""
        return {name: value for name, value in self.cleaned_data.items() if name != "organisation"}


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        formfield_callback = formfield_assuming_https
        fields = ["name", "slug", "pivot", "kind", "parent", "website", "email"]

    def __init__(self, *args, networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = SLUG_HELP
        if networks is not None:
            self.fields["parent"].queryset = networks

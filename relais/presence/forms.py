from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.core.forms import SplitLinesField
from relais.presence.models import Subject
from relais.presence.services import MAX_PAGES


class OrganisationSubjectForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, max_length=500, assume_scheme="https")
    social_links = SplitLinesField(
        label=_("Social networks"), required=False, help_text=_("One address per line.")
    )

    class Meta:
        model = Subject
        fields = [
            "place",
            "name",
            "website",
            "social_links",
            "address",
            "postcode",
            "commune",
            "phone",
            "email",
            "siret",
            "osm_id",
            "is_public_body",
            "monthly_reaudit",
        ]

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = self.fields["place"].queryset.filter(pk__in=[p.pk for p in places])


class TerritorySubjectForm(forms.ModelForm):
    insee_codes = SplitLinesField(
        label=_("INSEE codes of the communes"), required=False, help_text=_("One code per line, e.g. 51454.")
    )

    class Meta:
        model = Subject
        fields = ["place", "name", "insee_codes", "members", "monthly_reaudit"]
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        place_ids = [p.pk for p in places]
        self.fields["place"].queryset = self.fields["place"].queryset.filter(pk__in=place_ids)
        self.fields["members"].queryset = Subject.objects.organisations().filter(place__in=place_ids)
        self.fields["members"].required = False


class TerritoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Table of organisations"),
        help_text=_(
            "CSV, XLSX or ODS with a header row: nom, site_web, reseaux_sociaux, adresse, code_postal, "
            "commune, telephone, courriel, siret, osm, organisme_public."
        ),
    )


class AuditStartForm(forms.Form):
    pages = forms.IntegerField(
        label=_("Pages to read per site"),
        min_value=1,
        max_value=MAX_PAGES,
        initial=5,
        help_text=_("The home page and up to this number of pages in all."),
    )


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    indicator = forms.ChoiceField(label=_("Indicator followed"))
    target = forms.FloatField(label=_("Target (out of 100)"), min_value=1, max_value=100)
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = list(indicators)

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due_on

"""Forms of the mediation desk: they validate and clean input; the rules live in services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.core.models import Place
from relais.mediation import crcn
from relais.mediation.models import Beneficiary, Tag
from relais.mediation.vocabularies import (
    ADMINISTRATIVE_THEMES,
    MAX_DURATION,
    MIN_DURATION,
    ActivityKind,
    AgeBracket,
    Autonomy,
    Equipment,
    PlaceType,
    ReferralStructure,
    Sex,
    SocialStatus,
    Theme,
    WorkshopLevel,
)

MEDIATION_THEME_CHOICES = [
    (code, label) for code, label in Theme.choices if code not in ADMINISTRATIVE_THEMES
]
ADMINISTRATIVE_THEME_CHOICES = [
    (code, label) for code, label in Theme.choices if code in ADMINISTRATIVE_THEMES
]


def _as_queryset(places):
    if isinstance(places, list | tuple):
        return Place.objects.filter(pk__in=[place.pk for place in places]).select_related("organisation")
    return places


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ActivityForm(forms.Form):
    """Fields shared by the individual and the collective entry."""

    place = PlaceChoiceField(label=_("Place"), queryset=None, empty_label=None)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    duration = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=MIN_DURATION,
        max_value=MAX_DURATION,
        widget=forms.NumberInput(attrs={"list": "durations", "step": 5, "inputmode": "numeric"}),
    )
    place_type = forms.ChoiceField(
        label=_("Where"), choices=PlaceType.choices, initial=PlaceType.LIEU_ACTIVITE
    )
    themes = forms.MultipleChoiceField(
        label=_("Digital-mediation themes"),
        choices=MEDIATION_THEME_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    administrative_themes = forms.MultipleChoiceField(
        label=_("Administrative procedures"),
        choices=ADMINISTRATIVE_THEME_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only with the theme “Help with administrative procedures”."),
    )
    procedure_name = forms.CharField(
        label=_("Name of the administrative procedure"), max_length=200, required=False
    )
    equipment = forms.MultipleChoiceField(
        label=_("Equipment used"),
        choices=Equipment.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    tags = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("labels", "Tags"),
        queryset=Tag.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Storing sensitive data (health, passwords, religion, etc.) is forbidden."),
    )

    def __init__(self, *args, places, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = _as_queryset(places)
        self.fields["tags"].queryset = tags
        if len(places) == 1:
            self.fields["place"].widget = forms.HiddenInput()
            self.fields["place"].required = False
            self.only_place = places[0]
        else:
            self.only_place = None

    def clean_place(self):
        return self.cleaned_data.get("place") or self.only_place

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return date

    def clean(self):
        data = super().clean()
        themes = list(data.get("themes") or []) + list(data.get("administrative_themes") or [])
        if not themes and "themes" not in self.errors:
            self.add_error("themes", _("Choose at least one theme."))
        data["all_themes"] = themes
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "place": data["place"],
            "date": data["date"],
            "duration": data["duration"],
            "place_type": data["place_type"],
            "themes": data["all_themes"],
            "procedure_name": data["procedure_name"],
            "equipment": data["equipment"],
            "tags": list(data["tags"]),
            "notes": data["notes"],
        }


class IndividualActivityForm(ActivityForm):
    kind = ActivityKind.INDIVIDUAL
    beneficiary = forms.ModelChoiceField(
        label=_("Followed beneficiary"),
        queryset=Beneficiary.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=_("Anonymous person"),
    )
    already_helped = forms.BooleanField(
        label=_("I have already helped this person"),
        required=False,
        help_text=_("Keeps the count of new beneficiaries right for anonymous people."),
    )
    autonomy = forms.ChoiceField(
        label=_("Autonomy of the beneficiary"),
        choices=[("", _("Not assessed"))] + Autonomy.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    referred = forms.BooleanField(label=_("Referred to another structure"), required=False)
    referral_structure = forms.ChoiceField(
        label=_("Structure referred to"), choices=[("", "—")] + ReferralStructure.choices, required=False
    )
    age_bracket = forms.ChoiceField(
        label=_("Age bracket"), choices=[("", "—")] + AgeBracket.choices, required=False
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—")] + Sex.choices, required=False)
    social_status = forms.ChoiceField(
        label=_("Social status"), choices=[("", "—")] + SocialStatus.choices, required=False
    )

    def __init__(self, *args, beneficiaries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if beneficiaries is not None:
            self.fields["beneficiary"].queryset = beneficiaries

    def clean(self):
        data = super().clean()
        if data.get("referred") and not data.get("referral_structure"):
            self.add_error("referral_structure", _("Choose the structure the person was referred to."))
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        values = super().service_values()
        values.update(
            kind=self.kind,
            beneficiary=data["beneficiary"],
            already_helped=data["already_helped"],
            autonomy=data["autonomy"],
            referred=data["referred"],
            referral_structure=data["referral_structure"],
        )
        if data["beneficiary"] is None:
            values.update(
                age_bracket=data["age_bracket"], sex=data["sex"], social_status=data["social_status"]
            )
        return values


class CollectiveActivityForm(ActivityForm):
    kind = ActivityKind.COLLECTIVE
    workshop_title = forms.CharField(label=_("Workshop title"), max_length=200, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=[("", "—")] + WorkshopLevel.choices, required=False)
    participants = forms.ModelMultipleChoiceField(
        label=_("Followed participants"),
        queryset=Beneficiary.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    anonymous_total = forms.IntegerField(
        label=_("Anonymous participants"), min_value=0, initial=0, required=False
    )
    anonymous_already_helped = forms.IntegerField(
        label=_("of whom already helped before"), min_value=0, initial=0, required=False
    )

    def __init__(self, *args, beneficiaries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if beneficiaries is not None:
            self.fields["participants"].queryset = beneficiaries
        for prefix, choices in (("age_bracket", AgeBracket), ("sex", Sex), ("social_status", SocialStatus)):
            for code, label in choices.choices:
                self.fields[f"{prefix}__{code}"] = forms.IntegerField(
                    label=label, min_value=0, required=False
                )

    def headcount_groups(self):
        groups = [
            ("age_bracket", _("By age bracket")),
            ("sex", _("By sex")),
            ("social_status", _("By status")),
        ]
        return [
            (title, [self[name] for name in self.fields if name.startswith(f"{prefix}__")])
            for prefix, title in groups
        ]

    def clean(self):
        data = super().clean()
        if not data.get("participants") and not data.get("anonymous_total"):
            self.add_error("participants", _("Enter at least one participant, followed or anonymous."))
        return data

    def service_values(self) -> dict:
        data = self.cleaned_data
        values = super().service_values()
        headcounts = {
            "total": data.get("anonymous_total") or 0,
            "already_helped": data.get("anonymous_already_helped") or 0,
        }
        for prefix in ("age_bracket", "sex", "social_status"):
            headcounts[prefix] = {
                name.split("__", 1)[1]: data[name]
                for name in self.fields
                if name.startswith(f"{prefix}__") and data.get(name)
            }
        values.update(
            kind=self.kind,
            workshop_title=data["workshop_title"],
            level=data["level"],
            participants=list(data["participants"]),
            anonymous_participants=headcounts,
        )
        return values


def activity_initial(values: dict) -> dict:
    """Form initial values from `activity_values` (an existing or duplicated activity)."""
    initial = dict(values)
    themes = values.get("themes", [])
    initial["themes"] = [code for code in themes if code not in ADMINISTRATIVE_THEMES]
    initial["administrative_themes"] = [code for code in themes if code in ADMINISTRATIVE_THEMES]
    headcounts = values.get("anonymous_participants") or {}
    initial["anonymous_total"] = headcounts.get("total", 0)
    initial["anonymous_already_helped"] = headcounts.get("already_helped", 0)
    for prefix in ("age_bracket", "sex", "social_status"):
        for code, count in (headcounts.get(prefix) or {}).items():
            initial[f"{prefix}__{code}"] = count
    return initial


class ActivityFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", pgettext_lazy("filter choice", "All"))] + ActivityKind.choices,
        required=False,
    )
    theme = forms.ChoiceField(
        label=_("Theme"),
        choices=[("", pgettext_lazy("filter choice", "All"))] + Theme.choices,
        required=False,
    )
    place = forms.ModelChoiceField(
        label=_("Place"), queryset=None, required=False, empty_label=pgettext_lazy("filter choice", "All")
    )
    author = forms.ModelChoiceField(
        label=_("Mediator"), queryset=None, required=False, empty_label=pgettext_lazy("filter choice", "All")
    )
    tag = forms.ModelChoiceField(
        label=_("Tag"), queryset=None, required=False, empty_label=pgettext_lazy("filter choice", "All")
    )
    beneficiary = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, places, authors, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = _as_queryset(places)
        self.fields["author"].queryset = authors
        self.fields["author"].label_from_instance = lambda user: user.get_full_name() or user.email
        self.fields["tag"].queryset = tags


class BeneficiaryForm(forms.ModelForm):
    allow_duplicate = forms.BooleanField(
        label=_("This is another person: create the file anyway"), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Beneficiary
        fields = [
            "first_name",
            "last_name",
            "phone",
            "email",
            "birth_year",
            "sex",
            "social_status",
            "age_bracket",
            "commune_insee",
            "commune_name",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "age_bracket": _("Only when the birth year is unknown; otherwise it is computed."),
            "phone": _("e.g. 06 12 34 56 78"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].widget.attrs.update(min=1900, max=timezone.localdate().year)

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("The birth year cannot be in the future."))
        return year

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MergeForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("File to merge into this one"),
        queryset=Beneficiary.objects.none(),
        help_text=_("Its activities and assessments move here; the file is then emptied."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = candidates
        self.fields["source"].label_from_instance = lambda b: f"{b} ({b.birth_year or '—'}, {b.phone or '—'})"


class TagForm(forms.ModelForm):
    scope = forms.ChoiceField(label=_("Shared with"), choices=())

    class Meta:
        model = Tag
        fields = ["name", "description"]

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scopes


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, XLSX or ODS)"))
    place = PlaceChoiceField(label=_("Place"), queryset=None, empty_label=None)

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = _as_queryset(places)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".ods")):
            raise forms.ValidationError(_("Expected a .csv, .xlsx or .ods file."))
        return upload


class AssessmentForm(forms.Form):
    """Four "can you…" statements per competence, each answered no / with help / yes."""

    ANSWER_CHOICES = [(crcn.NO, _("No")), (crcn.WITH_HELP, _("With help")), (crcn.YES, _("Yes"))]

    def __init__(self, *args, competences=crcn.COMPETENCES, **kwargs):
        super().__init__(*args, **kwargs)
        self.competences = competences
        for competence in competences:
            for index, statement in enumerate(competence.statements):
                self.fields[f"c{competence.code}_{index}"] = forms.ChoiceField(
                    label=statement, choices=self.ANSWER_CHOICES, widget=forms.RadioSelect, required=False
                )

    def sections(self):
        for domain in crcn.DOMAINS:
            items = []
            for competence in self.competences:
                if competence.domain == domain.number:
                    items.append((competence, [self[f"c{competence.code}_{i}"] for i in range(4)]))
            if items:
                yield domain, items

    def answers(self) -> dict[str, list[str]]:
        result = {}
        for competence in self.competences:
            values = [self.cleaned_data.get(f"c{competence.code}_{i}") or "" for i in range(4)]
            if any(values):
                result[competence.code] = [value or crcn.NO for value in values]
        return result

    def clean(self):
        data = super().clean()
        if not self.errors and not self.answers():
            raise forms.ValidationError(_("Answer at least one statement."))
        return data

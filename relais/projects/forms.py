"""Forms of the projects app: they validate and clean input only; services do the writing."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.projects.models import (
    Availability,
    BudgetLine,
    ContributorProfile,
    CoordinationActivity,
    DocumentationStep,
    EventOutput,
    Partner,
    PartnerContact,
    Project,
    ProjectEvent,
    Skill,
    TeamRole,
)
from relais.projects.partners import IMPORT_FORMATS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SkillsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Skill.objects.all())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Partner.Kind.choices]
    )
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        required=False,
        queryset=Skill.objects.all(),
        empty_label=_("All skills"),
        to_field_name="slug",
    )
    commune = forms.CharField(label=_("Commune or INSEE code"), required=False)
    availability = forms.ChoiceField(
        label=_("Availability"), required=False, choices=[("", _("Any availability")), *Availability.choices]
    )
    contact = forms.BooleanField(label=_("Only those who agree to be contacted"), required=False)


class PartnerForm(forms.ModelForm):
    skills = SkillsField(label=_("Skills offered"))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    contact_first_name = forms.CharField(
        label=_("Contact person: first name"), required=False, max_length=100
    )
    contact_last_name = forms.CharField(label=_("Contact person: last name"), required=False, max_length=100)
    contact_job_title = forms.CharField(label=_("Contact person: job title"), required=False, max_length=120)
    contact_email = forms.EmailField(label=_("Contact person: email"), required=False)
    contact_phone = forms.CharField(label=_("Contact person: phone"), required=False, max_length=20)

    class Meta:
        model = Partner
        fields = [
            "place",
            "name",
            "kind",
            "description",
            "commune",
            "insee_code",
            "latitude",
            "longitude",
            "email",
            "phone",
            "website",
            "skills",
            "resources",
            "availability",
            "availability_note",
            "is_listed",
            "accepts_contact",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "resources": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["place"].empty_label = None
        contact = self.instance.primary_contact if self.instance.pk else None
        if contact:
            for name in ("first_name", "last_name", "job_title", "email", "phone"):
                self.fields[f"contact_{name}"].initial = getattr(contact, name)

    def clean(self):
        data = super().clean()
        first, last = data.get("contact_first_name"), data.get("contact_last_name")
        others = any(data.get(f"contact_{name}") for name in ("job_title", "email", "phone"))
        if (first or last or others) and not (first and last):
            self.add_error("contact_last_name", _("Give the contact person's first and last names."))
        return data

    def contact_data(self) -> dict:
        return {
            name: self.cleaned_data[f"contact_{name}"]
            for name in ("first_name", "last_name", "job_title", "email", "phone")
        }


class PartnerImportForm(forms.Form):
    place = forms.ModelChoiceField(
        label=_("Place that maintains these entries"), queryset=None, empty_label=None
    )
    file = forms.FileField(
        label=pgettext_lazy("attachment", "File"),
        help_text=_("CSV (UTF-8, “;” or “,”), XLSX or ODS. The first line holds the column names."),
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(tuple(IMPORT_FORMATS)):
            raise forms.ValidationError(_("Unsupported file type: send a CSV, XLSX or ODS file."))
        return upload


class SkillForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = ["name", "description"]

    def validate_unique(self):
        """Uniqueness is checked by the service, case-insensitively."""


class ProjectForm(forms.ModelForm):
    needed_skills = SkillsField(label=_("Skills needed"))

    class Meta:
        model = Project
        fields = ["place", "title", "summary", "status", "starts_on", "ends_on", "needed_skills"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        if places is None:
            del self.fields["place"]
        else:
            self.fields["place"].queryset = places
            self.fields["place"].empty_label = None


class BriefForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [*Project.BRIEF_FIELDS]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in Project.BRIEF_FIELDS}


class CanvasForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [*Project.CANVAS_FIELDS]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in Project.CANVAS_FIELDS}


class DocumentationForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["materials", "machines_used", "licence"]
        widgets = {
            "materials": forms.Textarea(attrs={"rows": 3}),
            "machines_used": forms.Textarea(attrs={"rows": 2}),
        }


class BudgetLineForm(forms.Form):
    """The amount is text so that “1 234,50” is accepted; the service explains any other value."""

    kind = forms.ChoiceField(label=_("Kind"), choices=BudgetLine.Kind.choices)
    label = forms.CharField(label=_("Label"), max_length=200)
    amount = forms.CharField(
        label=_("Amount (€)"), max_length=30, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("Funder, supplier, own funds, in-kind contribution…"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=BudgetLine.Status.choices)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)


class MemberForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class InvitationForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Proposed role"), choices=TeamRole.choices, initial=TeamRole.CONTRIBUTION
    )
    message = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class StepForm(forms.ModelForm):
    class Meta:
        model = DocumentationStep
        fields = ["title", "text", "photo", "photo_alt"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class ProjectEventForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=ProjectEvent.Format.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    start_at = forms.DateTimeField(label=_("Start"), widget=DATETIME)
    end_at = forms.DateTimeField(label=_("End"), widget=DATETIME)
    capacity = forms.IntegerField(label=_("Capacity"), required=False, min_value=1)
    is_published = forms.BooleanField(label=_("Show on the public agenda"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        if data.get("start_at") and data.get("end_at") and data["end_at"] <= data["start_at"]:
            self.add_error("end_at", _("The end must be after the start."))
        return data


class EventLinkForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Event of the programme"), queryset=None)
    format = forms.ChoiceField(label=_("Format"), choices=ProjectEvent.Format.choices)

    prefix = "lien"  # shown on the same page as the creation form, whose field ids it must not repeat

    def __init__(self, *args, project, **kwargs):
        from relais.programme.models import Event

        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = (
            Event.objects.filter(place=project.place)
            .exclude(project_links__project=project)
            .order_by("-created_at")
        )


class OutputForm(forms.ModelForm):
    class Meta:
        model = EventOutput
        fields = ["kind", "title", "text", "file"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class ContributorProfileForm(forms.ModelForm):
    skills = SkillsField(label=_("Skills you offer"))

    class Meta:
        model = ContributorProfile
        fields = [
            "skills",
            "commune",
            "insee_code",
            "availability",
            "availability_note",
            "is_listed",
            "accepts_contact",
        ]


class CoordinationActivityForm(forms.ModelForm):
    class Meta:
        model = CoordinationActivity
        fields = ["place", "kind", "date", "duration_minutes", "project", "partners", "notes"]
        widgets = {
            "date": DATE,
            "partners": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, places, projects, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["place"].empty_label = None
        self.fields["project"].queryset = projects
        self.fields["partners"].queryset = partners
        self.fields["date"].initial = timezone.localdate


class ContactForm(forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["first_name", "last_name", "job_title", "email", "phone", "is_primary"]

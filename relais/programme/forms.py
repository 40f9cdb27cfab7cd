"""Forms of the programme: they validate and clean input; services apply the rules."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from relais.core.forms import MultipleChoiceJSONField
from relais.core.models import Place
from relais.programme import vocabularies
from relais.programme.models import Event, Level, RegistrationMode, Series, Session, SurveyAnswer, Workshop


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class WorkshopForm(forms.ModelForm):
    themes = MultipleChoiceJSONField(label=_("Themes"), choices=vocabularies.THEMES, required=False)
    competences = MultipleChoiceJSONField(
        label=_("CRCN competences"), choices=vocabularies.CRCN_COMPETENCES, required=False
    )
    publics = MultipleChoiceJSONField(
        label=_("Target public"), choices=vocabularies.public_choices, required=False
    )

    class Meta:
        model = Workshop
        fields = [
            "title",
            "description",
            "themes",
            "level",
            "competences",
            "publics",
            "public_notes",
            "duration_minutes",
            "default_capacity",
            "accessibility_notes",
            "fees",
            "fee_conditions",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
        }


class EventForm(forms.ModelForm):
    themes = MultipleChoiceJSONField(label=_("Themes"), choices=vocabularies.THEMES, required=False)
    publics = MultipleChoiceJSONField(
        label=_("Target public"), choices=vocabularies.public_choices, required=False
    )

    class Meta:
        model = Event
        fields = [
            "workshop",
            "kind",
            "title",
            "description",
            "themes",
            "publics",
            "level",
            "fees",
            "fee_conditions",
            "accessibility_notes",
            "registration_mode",
            "reminder_hours",
            "is_published",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"title": _("Leave empty to use the workshop's title.")}

    def __init__(self, *args, place: Place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(place=place, is_active=True)
        self.fields["title"].required = False
        self.fields["level"].choices = [("", _("Not specified")), *Level.choices]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("title") and not cleaned.get("workshop"):
            self.add_error("title", _("Give a title, or choose a workshop from the catalogue."))
        return cleaned


class SessionTimesMixin(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), widget=TimeInput())

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day and start and end:
            cleaned["start_at"] = timezone.make_aware(datetime.combine(day, start))
            cleaned["end_at"] = timezone.make_aware(datetime.combine(day, end))
            if cleaned["end_at"] <= cleaned["start_at"]:
                self.add_error("end_time", _("The session must end after it starts."))
        return cleaned


class SessionForm(SessionTimesMixin):
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    room = forms.CharField(label=_("Room"), max_length=120, required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=0, required=False, help_text=_("Leave empty for no limit.")
    )
    registration_mode = forms.ChoiceField(label=_("Registration"), choices=RegistrationMode.choices)
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, places, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places
        self.fields["facilitators"].queryset = facilitators


class SessionCreateForm(SessionForm):
    frequency = forms.ChoiceField(
        label=_("Repeat"), choices=[("", _("Does not repeat")), *Series.Frequency.choices], required=False
    )
    until = forms.DateField(label=_("Until (included)"), required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("frequency") and not cleaned.get("until"):
            self.add_error("until", _("Say until when the sessions repeat."))
        if cleaned.get("until") and cleaned.get("day") and cleaned["until"] <= cleaned["day"]:
            self.add_error("until", _("The last date must come after the first session."))
        if cleaned.get("until"):
            cleaned["until"] = datetime.combine(cleaned["until"], time(23, 59))
        return cleaned


class SessionUpdateForm(SessionForm):
    scope = forms.ChoiceField(
        label=_("Apply to"),
        choices=[("this", _("This session only")), ("following", _("This session and the following ones"))],
        initial="this",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        if not session.series_id:
            del self.fields["scope"]


class SessionCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason given to the registered people"), max_length=250, required=False)
    scope = forms.ChoiceField(
        label=_("Cancel"),
        choices=[("this", _("This session only")), ("following", _("This session and the following ones"))],
        initial="this",
        widget=forms.RadioSelect,
    )


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("First and last name"), max_length=150)
    email = forms.CharField(
        label=_("Email"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to confirm, and a reminder."),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("E.g. 06 12 34 56 78. Give an email or a phone number (or both)."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my name and contact details are kept to manage this registration."),
        required=True,
        error_messages={"required": _("Consent is needed to register: we only use it for this session.")},
    )


class DeskRegistrationForm(RegistrationForm):
    beneficiary = forms.ModelChoiceField(
        label=_("Followed beneficiary"),
        queryset=None,
        required=False,
        help_text=_("Optional: links the registration to the person's file."),
    )
    note = forms.CharField(label=_("Note for the team"), max_length=250, required=False)

    def __init__(self, *args, beneficiaries, **kwargs):
        """`beneficiaries` is None for someone who may not see the place's beneficiary files."""
        super().__init__(*args, **kwargs)
        if beneficiaries is None:
            del self.fields["beneficiary"]
        else:
            self.fields["beneficiary"].queryset = beneficiaries
        self.fields["name"].required = False
        self.fields["consent"].label = _(
            "The person agrees that their details are kept to manage this registration."
        )

    def clean(self):
        cleaned = super().clean()
        beneficiary = cleaned.get("beneficiary")
        if beneficiary is not None:
            cleaned["name"] = (
                cleaned.get("name") or f"{beneficiary.first_name} {beneficiary.last_name}".strip()
            )
            cleaned["email"] = cleaned.get("email") or beneficiary.email
            cleaned["phone"] = cleaned.get("phone") or beneficiary.phone
        if not cleaned.get("name"):
            self.add_error("name", _("Give a name, so that the team knows who is coming."))
        return cleaned


class SurveyForm(forms.ModelForm):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the session, from 0 (not at all) to 10 (fully)?"),
        choices=[(value, str(value)) for value in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    recommendation = forms.TypedChoiceField(
        label=_("Would you recommend it to someone close to you, from 0 (no way) to 10 (certainly)?"),
        choices=[("", _("I prefer not to say")), *[(value, str(value)) for value in range(11)]],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SurveyAnswer
        fields = ["satisfaction", "goal_reached", "recommendation", "comment"]
        widgets = {"goal_reached": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 3})}


class AgendaFilterForm(forms.Form):
    place = forms.ModelChoiceField(
        label=_("Place"), queryset=Place.objects.none(), required=False, empty_label=_("All places")
    )
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    public = forms.ChoiceField(label=_("Public"), required=False)
    date = forms.DateField(label=_("From"), required=False, widget=DateInput())
    free_seats = forms.BooleanField(label=_("With free seats"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.visible().order_by("name")
        self.fields["theme"].choices = [("", _("All themes")), *vocabularies.THEMES]
        self.fields["public"].choices = [("", _("Everyone")), *vocabularies.public_choices()]


class IndicatorFilterForm(forms.Form):
    place = forms.ModelChoiceField(
        label=_("Place"), queryset=Place.objects.none(), required=False, empty_label=_("All my places")
    )
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The end of the period must come after its start."))
        return cleaned

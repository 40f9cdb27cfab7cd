from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from relais.fablab.models import (
    Authorisation,
    Category,
    Consumable,
    IncidentReport,
    LendableItem,
    Loan,
    Machine,
    MachineState,
    MaintenanceOrder,
    MaintenancePlan,
    StockMovement,
    Unavailability,
)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def _datetime_field(label):
    return forms.DateTimeField(label=label, widget=LocalDateTimeInput())


class MachineForm(forms.ModelForm):
    class Meta:
        model = Machine
        fields = [
            "name",
            "slug",
            "category",
            "description",
            "photo",
            "photo_description",
            "safety_rules",
            "protective_equipment",
            "consumable_unit",
            "is_public",
            "requires_authorisation",
            "booking_horizon_days",
            "min_booking_minutes",
            "max_booking_minutes",
            "weekly_quota_minutes",
            "cancellation_deadline_hours",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "safety_rules": forms.Textarea(attrs={"rows": 4}),
            "protective_equipment": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        self.instance.place = place

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = Machine.objects.filter(place=self.place, slug=slug).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another machine of this place already uses this short name."))
        return slug

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_booking_minutes"), cleaned.get("max_booking_minutes")
        if low is not None and high is not None and high < low:
            self.add_error(
                "max_booking_minutes", _("The maximum length must be at least the minimum length.")
            )
        return cleaned


class MachineStateForm(forms.Form):
    state = forms.ChoiceField(label=_("New state"), choices=MachineState.choices)
    reason = forms.CharField(
        label=_("Why"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the machine's history and sent to the people whose bookings are affected."),
    )


class BookingForm(forms.Form):
    start = _datetime_field(_("Start"))
    end = _datetime_field(_("End"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class StaffBookingForm(BookingForm):
    person = forms.EmailField(
        label=_("Book for (email address)"),
        required=False,
        help_text=_("Leave empty to book for yourself. The person needs an account."),
    )
    override = forms.BooleanField(
        label=_("Override the booking rules"),
        required=False,
        help_text=_(
            "Opening hours, horizon, length and quota are not checked. Authorisation, closures and "
            "overlaps always are."
        ),
    )

    def clean_person(self):
        email = self.cleaned_data["person"].strip().lower()
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account uses this email address."))
        return user


class MoveForm(forms.Form):
    start = _datetime_field(_("New start"))
    end = _datetime_field(_("New end"))


class UsageForm(forms.Form):
    minutes_used = forms.IntegerField(label=_("Time used (minutes)"), min_value=1, max_value=24 * 60)
    quantity = forms.DecimalField(
        label=_("Quantity consumed"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    material = forms.CharField(label=_("Material"), max_length=120, required=False)
    notes = forms.CharField(label=_("Remarks"), max_length=500, required=False)

    consumable = forms.ModelChoiceField(
        label=_("Taken from the stock of"),
        queryset=Consumable.objects.none(),
        required=False,
        help_text=_("The quantity consumed is taken off this supply's stock."),
    )

    def __init__(self, *args, unit: str = "", place=None, **kwargs):
        super().__init__(*args, **kwargs)
        if place is not None:
            self.fields["consumable"].queryset = Consumable.objects.filter(place=place, is_active=True)
        if unit:
            self.fields["quantity"].label = _("Quantity consumed (%(unit)s)") % {"unit": unit}


class AuthorisationGrantForm(forms.Form):
    person = forms.EmailField(label=_("Person (email address of their account)"))
    machine = forms.ModelChoiceField(label=_("Machine"), queryset=Machine.objects.none(), required=False)
    category = forms.ModelChoiceField(
        label=_("Or every machine of a category"), queryset=Category.objects.all(), required=False
    )
    evidence = forms.ChoiceField(label=_("Evidence"), choices=Authorisation.Evidence.choices)
    evidence_note = forms.CharField(label=_("Details of the evidence"), max_length=300, required=False)

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["machine"].queryset = Machine.objects.for_place(place).active()

    def clean_person(self):
        email = self.cleaned_data["person"].strip().lower()
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account uses this email address."))
        return user

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("machine")) == bool(cleaned.get("category")):
            raise forms.ValidationError(_("Choose a machine or a category, not both."))
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class UnavailabilityForm(forms.Form):
    machine = forms.ModelChoiceField(
        label=_("Machine"),
        queryset=Machine.objects.none(),
        required=False,
        empty_label=_("Every machine of the place"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Unavailability.Kind.choices)
    start = _datetime_field(_("Start"))
    end = _datetime_field(_("End"))
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["machine"].queryset = Machine.objects.for_place(place).active()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] <= cleaned["start"]:
            self.add_error("end", _("The end must come after the start."))
        return cleaned


class QuizForm(forms.Form):
    def __init__(self, *args, quiz, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(quiz.questions.all())
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=list(enumerate(question.choices)),
                coerce=int,
                widget=forms.RadioSelect,
            )

    def answers(self) -> dict[int, int]:
        return {question.pk: self.cleaned_data[f"question_{question.pk}"] for question in self.questions}


class TrainingForm(forms.Form):
    workshop = forms.ModelChoiceField(label=_("Workshop of the programme"), queryset=None)
    machines = forms.ModelMultipleChoiceField(
        label=_("Machines covered"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    category = forms.ModelChoiceField(
        label=_("Or every machine of a category"), queryset=Category.objects.all(), required=False
    )

    def __init__(self, *args, place, **kwargs):
        from relais.programme.models import Workshop

        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(place=place, is_active=True)
        self.fields["machines"].queryset = Machine.objects.for_place(place).active()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("machines") and not cleaned.get("category"):
            raise forms.ValidationError(_("Choose the machines or the category this training covers."))
        return cleaned


class MaintenancePlanForm(forms.ModelForm):
    class Meta:
        model = MaintenancePlan
        fields = [
            "machine",
            "title",
            "interval",
            "interval_unit",
            "usage_hours",
            "checklist",
            "procedure",
            "photo",
            "duration_minutes",
        ]
        widgets = {
            "checklist": forms.Textarea(attrs={"rows": 4}),
            "procedure": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["machine"].queryset = Machine.objects.for_place(place).active()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("interval") and not cleaned.get("usage_hours"):
            raise forms.ValidationError(_("Give a calendar interval, a number of hours of use, or both."))
        return cleaned


class CorrectiveOrderForm(forms.Form):
    machine = forms.ModelChoiceField(label=_("Machine"), queryset=Machine.objects.none())
    title = forms.CharField(label=_("What is wrong"), max_length=200)
    description = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(
        label=_("To do by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    checklist = forms.CharField(
        label=_("Checklist"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One step per line; each must be ticked to close."),
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["machine"].queryset = Machine.objects.for_place(place).active()

    def clean_checklist(self):
        return [line.strip() for line in self.cleaned_data["checklist"].splitlines() if line.strip()]


class OrderScheduleForm(forms.Form):
    start = _datetime_field(_("Start"))
    end = _datetime_field(_("End"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] <= cleaned["start"]:
            self.add_error("end", _("The end must come after the start."))
        return cleaned


class OrderUpdateForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            (s.value, s.label) for s in MaintenanceOrder.State if s.value in MaintenanceOrder.OPEN_STATES
        ],
    )
    parts = forms.ChoiceField(label=_("Parts"), choices=MaintenanceOrder.Parts.choices)
    parts_note = forms.CharField(label=_("Parts details"), max_length=300, required=False)


class OrderCloseForm(forms.Form):
    ticked = forms.TypedMultipleChoiceField(
        label=_("Checklist"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    time_spent_minutes = forms.IntegerField(label=_("Time spent (minutes)"), min_value=1)
    cost = forms.DecimalField(
        label=_("Cost (€)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticked"].choices = [(index, item["step"]) for index, item in enumerate(order.checklist)]
        if not order.checklist:
            del self.fields["ticked"]


class IncidentForm(forms.Form):
    description = forms.CharField(
        label=_("What happened"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    severity = forms.ChoiceField(
        label=_("Can the machine still be used?"),
        choices=IncidentReport.Severity.choices,
        widget=forms.RadioSelect,
    )
    photo = forms.ImageField(
        label=_("Photo (optional)"), required=False, help_text=_("JPEG, PNG or WebP, 5 MB at most.")
    )
    contact = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        help_text=_("To be told when it is fixed. Used for nothing else."),
    )
    # Left empty by people; robots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This field must stay empty."))
        return ""


class ConsumableForm(forms.ModelForm):
    class Meta:
        model = Consumable
        fields = ["name", "unit", "supplier", "unit_cost", "reorder_threshold"]

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.place = place

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if (
            Consumable.objects.filter(place=self.instance.place, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("This supply is already in the list."))
        return name


class MovementForm(forms.Form):
    consumable = forms.ModelChoiceField(label=_("Supply"), queryset=Consumable.objects.none())
    kind = forms.ChoiceField(
        label=_("Movement"),
        choices=[(k.value, k.label) for k in StockMovement.Kind if k.value in ("purchase", "use", "loss")],
    )
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consumable"].queryset = Consumable.objects.filter(place=place, is_active=True)


class InventoryForm(forms.Form):
    consumable = forms.ModelChoiceField(label=_("Supply"), queryset=Consumable.objects.none())
    counted = forms.DecimalField(
        label=_("Counted on the shelf"), min_value=0, max_digits=12, decimal_places=2
    )

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consumable"].queryset = Consumable.objects.filter(place=place, is_active=True)


class TransferForm(forms.Form):
    consumable = forms.ModelChoiceField(label=_("Supply"), queryset=Consumable.objects.none())
    to_place = forms.ModelChoiceField(label=_("To the place"), queryset=Consumable.objects.none())
    quantity = forms.DecimalField(
        label=_("Quantity"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )

    def __init__(self, *args, place, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consumable"].queryset = Consumable.objects.filter(place=place, is_active=True)
        self.fields["to_place"].queryset = places.exclude(pk=place.pk)


class LendableItemForm(forms.ModelForm):
    class Meta:
        model = LendableItem
        fields = ["name", "description", "accessories"]
        widgets = {"accessories": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, place, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.place = place


class CheckoutForm(forms.Form):
    borrower_kind = forms.ChoiceField(
        label=_("Lent to"), choices=Loan.BorrowerKind.choices, widget=forms.RadioSelect
    )
    borrower = forms.CharField(label=_("Who or which event"), max_length=200)
    email = forms.EmailField(
        label=_("Contact email"), required=False, help_text=_("Reminded there if it is late.")
    )
    due_on = forms.DateField(label=_("To bring back on"), widget=forms.DateInput(attrs={"type": "date"}))
    accessories = forms.MultipleChoiceField(
        label=_("Accessories lent"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accessories"].choices = [(name, name) for name in item.accessory_lines()]
        self.initial.setdefault("accessories", item.accessory_lines())


class ReturnForm(forms.Form):
    accessories = forms.MultipleChoiceField(
        label=_("Accessories brought back"), required=False, widget=forms.CheckboxSelectMultiple
    )
    condition = forms.ChoiceField(
        label=_("Condition"), choices=Loan.Condition.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("Remarks"), max_length=300, required=False)

    def __init__(self, *args, loan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accessories"].choices = [(name, name) for name in loan.accessories_out]

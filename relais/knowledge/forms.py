"""Forms of the knowledge app: they validate and clean input; services do the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from relais.core.forms import MultipleChoiceJSONField
from relais.core.models import Place
from relais.knowledge.models import Article, Contribution, Decision, Resource
from relais.knowledge.models.community import ReportReason
from relais.knowledge.vocabularies import CRCN_COMPETENCES, THEMES, Audience, Level

HONEYPOT_FIELD = "site_web"


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by keyboard); robots fill it in."""

    site_web = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT_FIELD))


class ArticleForm(forms.ModelForm):
    themes = MultipleChoiceJSONField(label=_("Themes"), choices=THEMES, required=False)
    competences = MultipleChoiceJSONField(
        label=_("CRCN competences"), choices=CRCN_COMPETENCES, required=False
    )
    note = forms.CharField(
        label=_("What changed"),
        required=False,
        max_length=250,
        help_text=_("Kept with the version, for the team."),
    )

    class Meta:
        model = Article
        fields = [
            "place",
            "kind",
            "title",
            "summary",
            "body",
            "status",
            "licence",
            "credit",
            "themes",
            "competences",
            "audience",
            "level",
            "duration_minutes",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places if places is not None else Place.objects.none()
        if self.instance.pk:
            del self.fields["place"]


class ResourceForm(forms.ModelForm):
    themes = MultipleChoiceJSONField(label=_("Themes"), choices=THEMES, required=False)
    competences = MultipleChoiceJSONField(
        label=_("CRCN competences"), choices=CRCN_COMPETENCES, required=False
    )
    upload = forms.FileField(
        label=_("File to send"),
        help_text=_("PDF, image (PNG, JPEG, GIF, WebP), slides or document (OpenDocument, Office)."),
    )

    class Meta:
        model = Resource
        fields = [
            "place",
            "title",
            "description",
            "article",
            "status",
            "licence",
            "credit",
            "themes",
            "competences",
            "audience",
            "level",
        ]

    def __init__(self, *args, places=None, **kwargs):
        super().__init__(*args, **kwargs)
        places = places if places is not None else Place.objects.none()
        self.fields["place"].queryset = places
        self.fields["article"].queryset = Article.objects.filter(place__in=places).order_by("title")
        if self.instance.pk:
            del self.fields["place"]
            self.fields["upload"].required = False
            self.fields["upload"].help_text = _("Leave empty to keep the current file.")


class ContributionForm(HoneypotMixin, forms.ModelForm):
    source_url = forms.URLField(
        label=_("Source"),
        required=False,
        assume_scheme="https",
        help_text=_("Where it comes from, if online."),
    )
    upload = forms.FileField(
        label=_("File to send"),
        required=False,
        help_text=_("A photo (PNG, JPEG, GIF, WebP) or, for a dataset, a CSV file in UTF-8."),
    )
    schema = forms.CharField(
        label=_("Table Schema (optional, datasets only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Paste a Table Schema in JSON; without one, the columns' types are inferred from the file."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree to the publication of my contribution under the licence I chose, with the credit I gave."
        ),
    )

    class Meta:
        model = Contribution
        fields = [
            "kind",
            "place",
            "title",
            "body",
            "licence",
            "credit",
            "contact_name",
            "contact_email",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.visible().order_by("name")
        self.fields["kind"].widget = forms.RadioSelect(choices=Contribution.Kind.choices)


class ContributionReviseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text or description"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    upload = forms.FileField(
        label=_("New file"), required=False, help_text=_("Leave empty to keep your file.")
    )
    schema = forms.CharField(
        label=_("Table Schema (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ContributionDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("publish", _("Publish")),
            ("request_changes", _("Ask for changes")),
            ("reject", _("Reject")),
        ],
    )
    message = forms.CharField(
        label=_("Message to the contributor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to ask for changes or to reject: say what to change, or why."),
    )


class CommentForm(HoneypotMixin, forms.Form):
    author_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    author_email = forms.EmailField(
        label=_("Your email (not published)"),
        required=False,
        help_text=_("Used only to tell you about a moderation decision."),
    )
    body = forms.CharField(label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None and user.is_authenticated:
            del self.fields["author_name"]
            del self.fields["author_email"]
        else:
            self.fields["author_name"].required = True


class ReportForm(HoneypotMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this content?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    details = forms.CharField(
        label=pgettext_lazy("report details", "Details"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the reason is “Other”."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ReportReason.OTHER and not (cleaned.get("details") or "").strip():
            self.add_error("details", _("Say what is wrong with this content."))
        return cleaned


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect
    )
    statement = forms.CharField(
        label=_("Statement of reasons"),
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Which rule applies and why. The author receives this text."),
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should the decision change?"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False, choices=[("", _("All themes")), *THEMES])
    competence = forms.ChoiceField(
        label=_("CRCN competence"), required=False, choices=[("", _("All competences")), *CRCN_COMPETENCES]
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *Level.choices]
    )
    audience = forms.ChoiceField(
        label=_("Audience"), required=False, choices=[("", _("All audiences")), *Audience.choices]
    )

    def apply(self, queryset, text_fields: tuple[str, ...]):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.search(data["q"], text_fields)
        if data["theme"]:
            queryset = queryset.with_theme(data["theme"])
        if data["competence"]:
            queryset = queryset.filter(competences__icontains=f'"{data["competence"]}"')
        if data["level"]:
            queryset = queryset.filter(level=data["level"])
        if data["audience"]:
            queryset = queryset.filter(audience=data["audience"])
        return queryset


class FeedSourceForm(forms.Form):
    title = forms.CharField(label=_("Name"), max_length=200)
    url = forms.URLField(label=_("Feed address (RSS or Atom)"), max_length=500, assume_scheme="https")
    owner = forms.ChoiceField(label=pgettext_lazy("watch source", "Followed by"))

    def __init__(self, *args, places=None, networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f"place:{p.pk}", p.name) for p in places or []]
        choices += [(f"network:{n.pk}", _("Network: %(name)s") % {"name": n.name}) for n in networks or []]
        self.fields["owner"].choices = choices
        self._places = {str(p.pk): p for p in places or []}
        self._networks = {str(n.pk): n for n in networks or []}

    def owner_kwargs(self) -> dict:
        kind, pk = self.cleaned_data["owner"].split(":", 1)
        if kind == "place":
            return {"place": self._places[pk], "organisation": None}
        return {"place": None, "organisation": self._networks[pk]}


class OpmlImportForm(FeedSourceForm):
    title = None
    url = None
    opml = forms.FileField(label=_("OPML file"))


class ItemTagForm(forms.Form):
    tags = forms.CharField(
        label=pgettext_lazy("labels", "Tags"),
        required=False,
        max_length=400,
        help_text=_("Separated by commas."),
    )

    def tag_list(self) -> list[str]:
        return [tag for tag in self.cleaned_data["tags"].split(",") if tag.strip()]


class ItemShareForm(forms.Form):
    note = forms.CharField(label=_("Note for the team"), required=False, max_length=500)

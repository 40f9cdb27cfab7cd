from django import forms
from django.utils.translation import gettext_lazy as _

from relais.stats.filters import LongSelect


class _ScopeForm(forms.Form):
    # A national coordinator chooses among thousands of places: the list comes with a search box.
    scope = forms.ChoiceField(
        label=_("Place or network"), widget=LongSelect(search_label=_("Search a place or network"))
    )

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes = scopes
        self.fields["scope"].choices = [(key, label) for key, (label, _obj) in scopes.items()]

    def clean_scope(self):
        return self.scopes[self.cleaned_data["scope"]][1]


class ShareLinkForm(_ScopeForm):
    title = forms.CharField(label=_("Title of the public page"), max_length=200)
    field_order = ["title", "scope"]


class ReportSubscriptionForm(_ScopeForm):
    email = forms.EmailField(label=_("E-mail of the recipient"))
    field_order = ["email", "scope"]

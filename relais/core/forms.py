"""Form rendering shared by every app: accessible field markup (see templates/django/forms/field.html)."""

from django import forms
from django.forms.renderers import TemplatesSetting


class RelaisBoundField(forms.BoundField):
    """Links each widget to its hint and to its error message, so screen readers announce both."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if self.errors and not widget.is_hidden and not self.use_fieldset and self.auto_id:
            described = attrs.get("aria-describedby", "")
            attrs["aria-describedby"] = f"{described} {self.auto_id}_error".strip()
        return attrs


class RelaisRenderer(TemplatesSetting):
    bound_field_class = RelaisBoundField


class MultipleChoiceJSONField(forms.TypedMultipleChoiceField):
    """A JSON list of codes edited as checkboxes."""

    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        return value or []


class SplitLinesField(forms.CharField):
    """A JSON list of strings edited one per line (emails, web addresses)."""

    widget = forms.Textarea(attrs={"rows": 2})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        return [line.strip() for line in value.replace("|", "\n").splitlines() if line.strip()]

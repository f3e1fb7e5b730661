"""How every form of the project renders: Finnish labels end without Django's colon."""

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


class LabelWithoutColon(BoundField):
    """A label without a colon ("Vuosi", not "Vuosi:"), as Finnish forms write it."""

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        return super().label_tag(contents, attrs, "" if label_suffix is None else label_suffix, tag)


class FormRenderer(DjangoTemplates):
    """Django's own renderer, giving every form's fields labels without a colon (the admin's
    too, which Django would otherwise end with one)."""

    bound_field_class = LabelWithoutColon

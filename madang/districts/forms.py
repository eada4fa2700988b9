from django import forms
from django.utils.translation import gettext_lazy as _

from madang.core.forms import CleanTextFormMixin


class VisionForm(CleanTextFormMixin, forms.Form):
    text = forms.CharField(label=_("자치구 비전"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))

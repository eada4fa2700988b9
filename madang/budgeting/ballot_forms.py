"""Forms of the ballots part: the ballot, a paper ballot, the operators' channel scores.

They only read input; the ballot rules (N picks, money, minimum share, heading, phase) are the
service's, inside its lock, so a form never decides what is stored."""

from django import forms
from django.utils.translation import gettext_lazy as _

from madang.core.forms import CleanTextFormMixin

from .ballot_models import ChannelScore


def _project_label(project) -> str:
    return f"{project.title} ({project.final_cost:,}원)" if project.final_cost else project.title


class BallotForm(CleanTextFormMixin, forms.Form):
    projects = forms.TypedMultipleChoiceField(
        label=_("투표할 사업"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.project_rows = list(projects)
        self.fields["projects"].choices = [(p.pk, _project_label(p)) for p in self.project_rows]

    def chosen(self):
        ids = set(self.cleaned_data.get("projects") or [])
        return [p for p in self.project_rows if p.pk in ids]


class OfflineBallotForm(CleanTextFormMixin, forms.Form):
    name = forms.CharField(label=_("투표자 이름"), max_length=50)
    birth_date = forms.DateField(
        label=_("생년월일"),
        help_text=_("예: 1980-05-17"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    projects = forms.TypedMultipleChoiceField(
        label=_("투표지에 표시한 사업"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("메모 (투표소 등)"), max_length=200, required=False)

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["projects"].choices = [(p.pk, _project_label(p)) for p in projects]


class ChannelScoresForm(CleanTextFormMixin, forms.Form):
    """One text box per project and operator-scored channel (empty = no score)."""

    def __init__(self, *args, projects=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.rows = []
        for project in projects:
            cells = []
            for channel, label in ChannelScore.Channel.choices:
                name = f"s_{project.pk}_{channel}"
                value = current.get((project.pk, channel))
                self.fields[name] = forms.CharField(
                    label=f"{project.title} · {label}",
                    required=False,
                    max_length=20,
                    initial="" if value is None else f"{value.normalize():f}",
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
                )
                cells.append(name)
            self.rows.append((project, [self[name] for name in cells]))

    def scores(self) -> dict:
        out = {}
        for name, value in self.cleaned_data.items():
            _s, pk, channel = name.split("_", 2)
            out[(int(pk), channel)] = value
        return out

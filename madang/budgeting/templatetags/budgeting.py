from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def won(value) -> str:
    """An amount in won with thousands separators: 30,000,000원 (empty for no amount)."""
    if value is None or value == "":
        return _("미정")
    return _("%(amount)s원") % {"amount": intcomma(int(value), use_l10n=False)}


@register.filter
def percent_of(part, whole) -> int:
    try:
        return round(int(part or 0) * 100 / int(whole)) if whole else 0
    except (TypeError, ValueError):
        return 0

# KERNEL-GUARD: removed once kernel-content (core.markdown, the `markdown` filter) is merged
from django import template
from django.utils.html import escape, linebreaks
from django.utils.safestring import mark_safe

register = template.Library()

try:
    from madang.core.markdown import render_markdown
except ImportError:

    def render_markdown(text):
        return mark_safe(linebreaks(escape(text)))


register.filter("markdown", render_markdown)

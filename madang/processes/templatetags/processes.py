"""`{% process_timeline process %}`: the phases of a process as an accessible timeline.

{% load processes %}
{% process_timeline process %}            {# now #}
{% process_timeline process heading=False %}
"""

from django import template

from madang.processes.selectors import process_timeline as timeline_steps

register = template.Library()


@register.inclusion_tag("processes/_timeline.html")
def process_timeline(process, at=None, heading=True):
    return {"process": process, "steps": timeline_steps(process, at), "heading": heading}

from django import template

register = template.Library()

WIDGET_CLASSES = {
    "select": "krds-form-select",
    "selectmultiple": "krds-form-select",
    "textarea": "krds-input",
    "checkbox": "",
    "radio": "",
    "file": "krds-input",
}


@register.simple_tag
def krds_widget(field):
    """Render a bound field's widget with the KRDS class for its kind (labels stay in the template)."""
    widget = field.field.widget
    kind = getattr(widget, "input_type", None) or widget.__class__.__name__.lower()
    css = WIDGET_CLASSES.get(kind, "krds-input")
    attrs = {"class": " ".join(filter(None, [widget.attrs.get("class", ""), css]))} if css else {}
    return field.as_widget(attrs=attrs)


@register.filter(name="markdown")
def markdown_filter(value):
    """`{{ body|markdown }}`: the text rendered by `core.markdown.render_markdown` (sanitised)."""
    from madang.core.markdown import render_markdown

    return render_markdown(value or "")

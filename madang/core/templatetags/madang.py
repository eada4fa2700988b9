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


@register.inclusion_tag("includes/follow_button.html", takes_context=True)
def follow_button(context, obj):
    """팔로우 / 팔로우 취소 with the follower count (two small queries: use it on detail pages)."""
    from django.contrib.contenttypes.models import ContentType

    from madang.core.follows import follower_count, is_following

    request = context.get("request")
    user = getattr(request, "user", None)
    district = getattr(request, "district", None) or getattr(obj, "district", None)
    return {
        "obj": obj,
        "district": district,
        "ct_id": ContentType.objects.get_for_model(type(obj)).pk,
        "following": is_following(user, obj),
        "count": follower_count(obj),
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("includes/report_button.html", takes_context=True)
def report_button(context, obj):
    """A link to the report form of `obj` (no query)."""
    from django.contrib.contenttypes.models import ContentType

    request = context.get("request")
    district = getattr(request, "district", None) or getattr(obj, "district", None)
    return {
        "obj": obj,
        "district": district,
        "ct_id": ContentType.objects.get_for_model(type(obj)).pk,
        "next": request.get_full_path() if request is not None else "",
    }

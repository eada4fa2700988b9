from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for load balancers. 200 when healthy, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:
        database = "error"
    healthy = database == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": {"database": database}},
        status=200 if healthy else 503,
    )


def page_not_found(request, exception, template_name="404.html"):
    from django.shortcuts import render

    from .exceptions import NotFound

    message = str(exception) if isinstance(exception, NotFound) else ""
    return render(request, template_name, {"message": message}, status=404)


def _static_error_page(template_name: str, status: int, fallback: str):
    """An error page from a template that needs no request, context processor or database query."""
    from django.http import HttpResponse
    from django.template import TemplateDoesNotExist, loader

    try:
        body = loader.get_template(template_name).render()
    except TemplateDoesNotExist:
        body = f"<!doctype html><title>{fallback}</title><h1>{fallback}</h1>"
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name="500.html"):
    """handler500: the Korean error page. Never touches the database (it may be what failed) and never
    shows a traceback or settings (DEBUG is off wherever people other than the developer look)."""
    return _static_error_page(template_name, 500, "Server Error (500)")


def bad_request(request, exception, template_name="400.html"):
    """handler400: the Korean "bad request" page, rendered like the 500 page."""
    return _static_error_page(template_name, 400, "Bad Request (400)")


# --- one shape for "POST → service → DomainError → message → redirect" ----------------------------


def _resolve(target, result):
    return target(result) if callable(target) else target


def form_action(
    request,
    form,
    action,
    *,
    success,
    redirect_to,
    error_field=None,
):
    """Run `action(cleaned_data)` for a valid POSTed form.

    Returns a redirect to `redirect_to` (a URL, or a function of the action's result) with the
    `success` message (text, or a function of the result), or None: the form is unbound or invalid,
    or the service refused with a DomainError, whose Korean message is then on the form
    (on `error_field(error)` when given, a non-field error otherwise). The caller renders the page.
    """
    from django.contrib import messages
    from django.shortcuts import redirect

    from .services import DomainError

    if request.method != "POST" or not form.is_bound or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except DomainError as error:
        field = error_field(error) if error_field else None
        form.add_error(field if field in form.fields else None, error.message)
        return None
    messages.success(request, _resolve(success, result))
    return redirect(_resolve(redirect_to, result))


def post_action(request, action, *, success, redirect_to, error_redirect_to=None):
    """A button that POSTs (leave, delete): run `action()`, say how it went, redirect
    (to `error_redirect_to`, when given, if the service refused)."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from .services import DomainError

    try:
        result = action()
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(error_redirect_to or _resolve(redirect_to, None))
    messages.success(request, _resolve(success, result))
    return redirect(_resolve(redirect_to, result))


def post_data(request, files: bool = False):
    """The POSTed data to bind a form with (an empty POST still binds, so it shows its errors)."""
    if request.method != "POST":
        return (None, None) if files else None
    return (request.POST, request.FILES) if files else request.POST

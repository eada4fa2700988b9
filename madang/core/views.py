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

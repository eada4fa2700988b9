from functools import wraps

from django.core.exceptions import PermissionDenied

from madang.districts.selectors import district_get


def district_view(perm: str | None = None):
    """Resolve the `district` URL slug into request.district (404 in Korean if unknown) and,
    with `perm`, require that `rules` permission on the district."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, district: str, *args, **kwargs):
            request.district = district_get(slug=district)
            if perm is not None:
                if not request.user.is_authenticated:
                    from django.contrib.auth.views import redirect_to_login

                    return redirect_to_login(request.get_full_path())
                if not request.user.has_perm(perm, request.district):
                    raise PermissionDenied
            return view(request, request.district, *args, **kwargs)

        return wrapper

    return decorator

import functools

from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    district = getattr(request, "district", None)

    def district_perms():
        user = getattr(request, "user", None)
        if district is None or user is None or not user.is_authenticated:
            return {}
        return {
            "manage_roles": user.has_perm("accounts.manage_roles", district),
            "view_audit_log": user.has_perm("districts.view_audit_log", district),
            "change_vision": user.has_perm("districts.change_vision", district),
            "moderate": user.has_perm("core.moderate", district),
        }

    @functools.cache  # a template calls it; counted (or read from the cache) once per page
    def unread_notifications():
        from .selectors import notifications_unread_count

        return notifications_unread_count(getattr(request, "user", None))

    return {
        # `site_name` is overwritten by Django's auth views (LoginView, password reset) with the
        # request's host name; the layout uses `madang_name`, which nothing else sets
        "madang_name": settings.MADANG["SITE_NAME"],
        "site_name": settings.MADANG["SITE_NAME"],
        "unread_notifications": unread_notifications,
        "current_district": district,
        "district_perms": SimpleLazyObject(district_perms),
    }

from django.db.models import QuerySet

from .models import RoleAssignment, User


def role_list(*, district) -> QuerySet[RoleAssignment]:
    """Roles held in a district, people first by name."""
    return (
        RoleAssignment.objects.in_district(district)
        .select_related("user", "granted_by")
        .order_by("role", "user__display_name", "user_id")
    )


def user_get_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()

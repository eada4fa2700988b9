from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetingConfig(AppConfig):
    name = "madang.budgeting"
    label = "budgeting"
    verbose_name = _("주민참여예산")

    def ready(self) -> None:
        from . import registry

        registry.register()

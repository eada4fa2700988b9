from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "madang.residents"
    label = "residents"
    verbose_name = _("주민 확인·추첨")

    def ready(self):
        from . import registry, rules  # noqa: F401

        registry.register()

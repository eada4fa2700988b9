from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "madang.processes"
    label = "processes"
    verbose_name = _("참여 과정")

    def ready(self):
        from madang.core import registry

        from .demo import load_demo

        registry.register_demo_loader("processes", load_demo, order=150)

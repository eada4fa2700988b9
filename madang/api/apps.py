from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "madang.api"
    label = "api"
    verbose_name = "API"

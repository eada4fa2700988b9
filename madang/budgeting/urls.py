from django.urls import path  # noqa: F401

from . import ballot_urls

app_name = "budgeting"

urlpatterns = [
    *ballot_urls.urlpatterns,
]

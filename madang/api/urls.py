from django.urls import include, path
from rest_framework.routers import DefaultRouter

from madang.processes.api import ProcessViewSet

from . import network, views

app_name = "api"

router = DefaultRouter()
router.register("cities", views.CityViewSet, basename="city")
router.register("districts", views.DistrictViewSet, basename="district")
router.register("programs", views.ProgramViewSet, basename="program")

district_router = DefaultRouter(trailing_slash=True)
district_router.include_root_view = False
district_router.register("organisations", network.OrganisationViewSet, basename="organisation")
district_router.register("persons", network.PersonViewSet, basename="person")
district_router.register("ties", network.TieViewSet, basename="tie")
district_router.register("resources", network.ResourceViewSet, basename="resource")
district_router.register("processes", ProcessViewSet, basename="process")

urlpatterns = [
    *router.urls,
    path("<slug:district>/network/stats/", network.NetworkStatsView.as_view(), name="network-stats"),
    path("<slug:district>/", include(district_router.urls)),
]

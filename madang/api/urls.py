from django.urls import include, path
from rest_framework.routers import DefaultRouter

from madang.arenas import api as arenas_api
from madang.budgeting import api as budgeting_api
from madang.budgeting import ballot_api as budgeting_ballot_api
from madang.districts import api as districts_api
from madang.forums import api as forums_api
from madang.network import api as network_api
from madang.processes.api import ProcessViewSet
from madang.proposals import api as proposals_api
from madang.residents import api as residents_api

app_name = "api"

router = DefaultRouter()
router.register("cities", districts_api.CityViewSet, basename="city")
router.register("districts", districts_api.DistrictViewSet, basename="district")
router.register("programs", districts_api.ProgramViewSet, basename="program")

district_router = DefaultRouter(trailing_slash=True)
district_router.include_root_view = False
district_router.register("organisations", network_api.OrganisationViewSet, basename="organisation")
district_router.register("persons", network_api.PersonViewSet, basename="person")
district_router.register("ties", network_api.TieViewSet, basename="tie")
district_router.register("resources", network_api.ResourceViewSet, basename="resource")
district_router.register("processes", ProcessViewSet, basename="process")
district_router.register("forum-boards", forums_api.BoardViewSet, basename="forum-board")
district_router.register("topics", forums_api.TopicViewSet, basename="topic")
district_router.register("budgeting/cycles", budgeting_api.CycleViewSet, basename="budget-cycle")
district_router.register(
    r"budgeting/cycles/(?P<cycle>[0-9]+)/projects", budgeting_api.ProjectViewSet, basename="budget-project"
)
district_router.register("residents/draws", residents_api.DrawViewSet, basename="residents-draw")
district_router.register("arenas", arenas_api.ArenaViewSet, basename="arena")
district_router.register("proposals", proposals_api.ProposalViewSet, basename="proposal")

urlpatterns = [
    *router.urls,
    path("<slug:district>/network/stats/", network_api.NetworkStatsView.as_view(), name="network-stats"),
    path(
        "<slug:district>/residents/processes/<slug:slug>/verification/",
        residents_api.VerificationView.as_view(),
        name="residents-verification",
    ),
    path(
        "<slug:district>/budgeting/cycles/<int:pk>/ballot/",
        budgeting_ballot_api.BallotView.as_view(),
        name="budget-ballot",
    ),
    path(
        "<slug:district>/budgeting/cycles/<int:pk>/results/",
        budgeting_ballot_api.ResultsView.as_view(),
        name="budget-results",
    ),
    path("<slug:district>/", include(district_router.urls)),
]

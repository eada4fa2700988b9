from django.urls import path

from . import views

app_name = "network"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/export.<str:fmt>", views.export_directory, name="export"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/join/", views.organisation_join, name="organisation_join"),
    path("organisations/<int:pk>/ties/new/", views.tie_create, name="tie_create"),
    path("ties/<int:pk>/delete/", views.tie_delete, name="tie_delete"),
    path("people/", views.person_list, name="person_list"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("me/", views.my_profile, name="my_profile"),
    path("me/export/", views.my_profile_export, name="my_profile_export"),
    path("me/delete/", views.my_profile_delete, name="my_profile_delete"),
    path("apply/", views.membership_apply, name="apply"),
    path("memberships/", views.membership_manage, name="membership_manage"),
    path("memberships/<int:pk>/decide/", views.membership_decide, name="membership_decide"),
    path("memberships/<int:pk>/leave/", views.membership_leave, name="membership_leave"),
    path("review/", views.review_queue, name="review"),
    path("review/organisations/<int:pk>/", views.organisation_decide, name="organisation_decide"),
    path("review/affiliations/<int:pk>/", views.affiliation_decide, name="affiliation_decide"),
    path("review/ties/<int:pk>/", views.tie_decide, name="tie_decide"),
    path("settings/", views.network_settings, name="settings"),
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/new/", views.committee_create, name="committee_create"),
    path("committees/<int:pk>/", views.committee_detail, name="committee_detail"),
    path("resources/", views.resource_list, name="resource_list"),
    path("resources/new/", views.resource_create, name="resource_create"),
    path("resources/<int:pk>/", views.resource_detail, name="resource_detail"),
    path("resources/<int:pk>/edit/", views.resource_edit, name="resource_edit"),
    path("analytics/", views.analytics, name="analytics"),
    path("search/", views.search, name="search"),
    path("import/", views.import_upload, name="import"),
    path("import/<int:batch>/", views.import_preview, name="import_preview"),
    path("import/<int:batch>/progress/", views.import_progress, name="import_progress"),
]

from django.urls import path

from . import ballot_urls, views

app_name = "budgeting"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.cycle_create, name="cycle_create"),
    path("<slug:slug>/", views.cycle_detail, name="cycle"),
    path("<slug:slug>/settings/", views.cycle_settings, name="settings"),
    path("<slug:slug>/headings/new/", views.heading_create, name="heading_create"),
    path("<slug:slug>/headings/<int:pk>/edit/", views.heading_edit, name="heading_edit"),
    path("<slug:slug>/headings/<int:pk>/delete/", views.heading_delete, name="heading_delete"),
    path("<slug:slug>/projects/", views.project_list, name="project_list"),
    path("<slug:slug>/projects/new/", views.project_create, name="project_create"),
    path("<slug:slug>/projects/export.<str:fmt>", views.export, name="export"),
    path("<slug:slug>/projects/<int:pk>/", views.project_detail, name="project"),
    path("<slug:slug>/projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<slug:slug>/projects/<int:pk>/withdraw/", views.project_withdraw, name="project_withdraw"),
    path("<slug:slug>/projects/<int:pk>/status/", views.project_status, name="project_status"),
    path("<slug:slug>/projects/<int:pk>/progress/", views.project_progress, name="project_progress"),
    path("<slug:slug>/projects/<int:pk>/review/", views.project_review, name="project_review"),
    path("<slug:slug>/projects/<int:pk>/screen/", views.project_screen, name="project_screen"),
    path("<slug:slug>/projects/<int:pk>/attachments/", views.project_attach, name="project_attach"),
    path("<slug:slug>/review/", views.review_queue, name="review_queue"),
    path("<slug:slug>/shortlist/", views.shortlist, name="shortlist"),
    path("<slug:slug>/committee/", views.committee, name="committee"),
    path("<slug:slug>/committee/<int:pk>/remove/", views.committee_remove, name="committee_remove"),
    *ballot_urls.urlpatterns,
]

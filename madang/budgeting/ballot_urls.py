"""URLs of the ballots part, under /<district>/budgeting/<slug>/ (included by `budgeting.urls`)."""

from django.urls import path

from . import ballot_views as views

urlpatterns = [
    path("<slug:slug>/vote/", views.vote_home, name="vote"),
    path("<slug:slug>/vote/<int:heading>/", views.ballot_edit, name="ballot"),
    path("<slug:slug>/vote/<int:heading>/total/", views.ballot_total, name="ballot_total"),
    path("<slug:slug>/results/", views.results, name="results"),
    path("<slug:slug>/results/export.<str:fmt>", views.results_export, name="results_export"),
    path("<slug:slug>/results/publish/", views.results_publish, name="results_publish"),
    path("<slug:slug>/turnout/", views.turnout, name="turnout"),
    path("<slug:slug>/offline/", views.offline_home, name="offline"),
    path("<slug:slug>/offline/<int:heading>/", views.offline_entry, name="offline_entry"),
    path("<slug:slug>/scores/", views.channel_scores, name="channel_scores"),
]

from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("overdue/", views.overdue, name="overdue"),
    path("inbox/", views.inbox, name="inbox"),
    path("manage/", views.manage, name="manage"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/support/", views.support, name="support"),
    path("<int:pk>/message/", views.message, name="message"),
    path("<int:pk>/stage/", views.stage, name="stage"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/review/", views.review, name="review"),
    path("processes/<int:pk>/tiers/", views.tiers, name="tiers"),
    path("tiers/<int:pk>/delete/", views.tier_delete, name="tier_delete"),
    path("assignments/<int:pk>/assign/", views.assign, name="assign"),
    path("assignments/<int:pk>/answer/", views.answer, name="answer"),
]

from django.urls import path

from . import views

app_name = "forums"

# included at "<slug:district>/" (before the districts' catch-all)
urlpatterns = [
    path("gongnon/", views.overview, name="overview"),
    path("forums/", views.board_list, name="board_list"),
    path("forums/boards/new/", views.board_create, name="board_create"),
    path("forums/boards/<int:pk>/", views.board_detail, name="board_detail"),
    path("forums/boards/<int:pk>/topics/new/", views.topic_create, name="topic_create"),
    path("forums/boards/<int:pk>/offline/new/", views.offline_create, name="offline_create"),
    path("forums/topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("forums/topics/<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("forums/topics/<int:pk>/close/", views.topic_close, name="topic_close"),
    path("forums/topics/<int:pk>/history/", views.topic_history, name="topic_history"),
    path("forums/topics/<int:pk>/like/", views.topic_like, name="topic_like"),
    path("forums/topics/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("forums/comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("forums/comments/<int:pk>/history/", views.comment_history, name="comment_history"),
    path("forums/comments/<int:pk>/like/", views.comment_like, name="comment_like"),
    path("forums/review/", views.review_queue, name="review"),
    path("forums/review/topics/<int:pk>/", views.topic_decide, name="topic_decide"),
    path("forums/review/comments/<int:pk>/", views.comment_decide, name="comment_decide"),
]

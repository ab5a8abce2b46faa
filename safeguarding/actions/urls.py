from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("my-actions/", views.my_actions, name="my-actions"),
    path(
        "reviews/<id:review_pk>/recommendations/new/",
        views.recommendation_add,
        name="recommendation-add",
    ),
    path("recommendations/<id:pk>/", views.recommendation_detail, name="recommendation-detail"),
    path("recommendations/<id:pk>/edit/", views.recommendation_edit, name="recommendation-edit"),
    path(
        "recommendations/<id:recommendation_pk>/actions/new/", views.action_add, name="action-add"
    ),
    path("actions/<id:pk>/", views.action_detail, name="action-detail"),
    path("actions/<id:pk>/edit/", views.action_edit, name="action-edit"),
]

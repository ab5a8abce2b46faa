from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("new/", views.review_create, name="create"),
    path("incomplete/", views.incomplete_list, name="incomplete"),
    path("<id:pk>/", views.review_detail, name="detail"),
    path("<id:pk>/edit/", views.review_edit, name="edit"),
    path("<id:pk>/dissemination/", views.dissemination_add, name="dissemination-add"),
]

from django.urls import path

from . import people_views as views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_add, name="add"),
    path("<id:pk>/", views.person_detail, name="detail"),
    path("<id:pk>/edit/", views.person_edit, name="edit"),
    path("<id:pk>/reset-two-factor/", views.person_reset_two_factor, name="reset-two-factor"),
    path("<id:pk>/unlock/", views.person_unlock, name="unlock"),
]

from django.urls import path

from . import views

app_name = "timescales"
urlpatterns = [
    path("targets/", views.partnership_list, name="partnerships"),
    path("targets/<id:pk>/", views.partnership_targets, name="partnership"),
    path("targets/<id:pk>/new/", views.target_add, name="target-add"),
    path("targets/local/<id:target_pk>/edit/", views.target_edit, name="target-edit"),
    path("targets/local/<id:target_pk>/remove/", views.target_remove, name="target-remove"),
]

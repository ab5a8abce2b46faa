from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("", views.search, name="search"),
    path("recurring/", views.recurring, name="recurring"),
    path("recurring/<id:pk>/", views.recurring_group, name="recurring-group"),
]

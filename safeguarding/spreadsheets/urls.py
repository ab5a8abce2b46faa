from django.urls import path

from . import views

app_name = "spreadsheets"
urlpatterns = [
    path("", views.home, name="home"),
    path("upload/", views.upload, name="upload"),
    path("export/", views.export, name="export"),
    path("imports/<id:pk>/", views.result, name="result"),
    path("imports/<id:pk>/columns/", views.mapping, name="mapping"),
    path("imports/<id:pk>/table/", views.table, name="table"),
    path("imports/<id:pk>/choices/", views.choices_file, name="choices"),
    path("imports/<id:pk>/values/", views.values, name="values"),
    path("imports/<id:pk>/check/", views.check, name="check"),
    path("imports/<id:pk>/commit/", views.commit, name="commit"),
    path("imports/<id:pk>/update-existing/", views.update_existing, name="update-existing"),
]

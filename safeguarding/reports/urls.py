from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("briefing/<id:pk>/", views.briefing, name="briefing"),
]

from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("themes/", views.themes, name="themes"),
    path("recommendations-and-actions/", views.progress, name="progress"),
    path("data-completeness/", views.completeness, name="completeness"),
    path("domestic-homicide-reviews/", views.dhr, name="dhr"),
    path("themes-and-learning/", views.learning_report, name="report"),
    path("records/reviews/", views.review_records, name="reviews"),
    path("records/actions/", views.action_records, name="actions"),
]

from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("reviews/<id:review_pk>/documents/new/", views.upload, name="upload"),
    path("documents/<id:pk>/", views.detail, name="detail"),
    path("documents/<id:pk>/progress/", views.progress, name="progress"),
    path("documents/<id:pk>/download/", views.download, name="download"),
    path("documents/<id:pk>/confirm-all/", views.confirm_all, name="confirm-all"),
    path("draft-recommendations/<id:pk>/edit/", views.draft_edit, name="draft-edit"),
    path("draft-recommendations/<id:pk>/confirm/", views.draft_confirm, name="draft-confirm"),
    path("draft-recommendations/<id:pk>/discard/", views.draft_discard, name="draft-discard"),
    path("documents/<id:pk>/themes/", views.theme_decisions, name="theme-decisions"),
    path("theme-suggestions/<id:pk>/", views.suggestion_decide, name="suggestion-decide"),
]

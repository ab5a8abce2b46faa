from django.http import HttpResponse
from django.urls import include, path

from . import converters, views

converters.register()

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", lambda request: HttpResponse("ok", content_type="text/plain"), name="health"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("", include("safeguarding.accounts.urls")),
    path("reviews/", include("safeguarding.reviews.urls")),
    path("", include("safeguarding.actions.urls")),
    path("audit/", include("safeguarding.audit.urls")),
    path("spreadsheets/", include("safeguarding.spreadsheets.urls")),
    path("search/", include("safeguarding.search.urls")),
    path("", include("safeguarding.documents.urls")),
    path("", include("safeguarding.timescales.urls")),
    path("people/", include("safeguarding.accounts.people_urls")),
    path("dashboard/", include("safeguarding.dashboard.urls")),
    path("reports/", include("safeguarding.reports.urls")),
]

handler404 = "safeguarding.views.not_found"
handler403 = "safeguarding.views.forbidden"
handler500 = "safeguarding.views.server_error"

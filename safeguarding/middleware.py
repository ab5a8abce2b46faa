"""Response headers for pages that show case data, and the service's own 404 page."""

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, get_resolver, resolve
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Nothing the application serves may be kept by a browser or a shared cache.

    Every page and download is about safeguarding cases or the people who work on them, so
    all of them are ``no-store`` unless a view has set its own Cache-Control. Static files
    are answered by WhiteNoise before this runs and keep their long cache lifetimes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


class NotFoundPageMiddleware:
    """The service's own "Page not found" page, with DEBUG on as well.

    With DEBUG off Django already answers a 404 with ``handler404``. With DEBUG on (as
    ``make run`` runs) it would show its technical page, which lists every URL pattern of
    the service; a 404 gets the service's page instead. Other errors keep Django's
    technical pages in development (a 500 still shows its traceback)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.DEBUG:
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as error:
                return self._not_found(request, error)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG and isinstance(exception, Http404):
            return self._not_found(request, exception)
        return None

    @staticmethod
    def _not_found(request, exception):
        handler = get_resolver(getattr(request, "urlconf", None)).resolve_error_handler(404)
        return handler(request, exception)

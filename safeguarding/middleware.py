"""Response headers for pages that show case data."""

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

import pytest

from safeguarding.search import vectors


@pytest.fixture(autouse=True)
def search_index(settings):
    """A fresh in-process vector index for each test, refreshed on every search; the fast
    static encoder unless a test asks for another."""
    settings.SEARCH_ENCODER = "static"
    settings.SEARCH_REFRESH_SECONDS = 0
    vectors.reset()
    yield
    vectors.reset()

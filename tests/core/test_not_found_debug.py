"""With DEBUG on (as ``make run`` runs) a 404 is still the service's own page: Django's
technical 404 page would list every URL pattern of the service."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.conftest import sign_in

TECHNICAL = ("Using the URLconf defined in", "URL patterns", "DEBUG = True", "urlpatterns")


def _is_service_page(response):
    page = response.content.decode()
    return (
        response.status_code == 404
        and "<h1>Page not found</h1>" in page
        and "If you typed the web address, check it is correct." in page
        and not any(marker in page for marker in TECHNICAL)
    )


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_an_unknown_address_gets_the_service_page_with_debug_on(client, people):
    sign_in(client, people["icb_a"])
    response = client.get("/no-such-page/here/")
    assert _is_service_page(response)
    assert "reviews/" not in response.content.decode().split("<main", 1)[-1].split("</main>")[0]


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_a_missing_or_out_of_scope_record_gets_the_service_page_with_debug_on(
    client, people, orgs, review_factory
):
    other = review_factory(partnership=orgs["partnership_b"])
    sign_in(client, people["icb_a"])
    assert _is_service_page(client.get(reverse("reviews:detail", args=[99999999])))
    assert _is_service_page(client.get(reverse("reviews:detail", args=[other.pk])))


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_a_missing_slash_still_redirects_and_signed_out_people_still_sign_in(client, people):
    response = client.get("/no-such-page")
    assert response.status_code == 302 and reverse("accounts:sign-in") in response.url
    sign_in(client, people["icb_a"])
    assert client.get(reverse("reviews:list").rstrip("/")).status_code == 301


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_with_debug_off_the_page_is_the_same(client, people):
    sign_in(client, people["icb_a"])
    assert _is_service_page(client.get("/no-such-page/here/"))

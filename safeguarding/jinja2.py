"""The Jinja2 environment: NHS.UK frontend macros, url() and static()."""

import re

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader
from markupsafe import Markup

from safeguarding import presenters
from safeguarding.accounts.scope import scope_for


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


_POST_FORM = re.compile(r'(<form\b[^>]*\bmethod="post"[^>]*>)', re.IGNORECASE)


def csrf_in_post_forms(html, csrf_input):
    """Put the CSRF token in every POST form of already rendered HTML.

    For the NHS.UK header macro, whose sign-out form has no place for a hidden field."""
    return Markup(_POST_FORM.sub(lambda m: m.group(1) + str(csrf_input), str(html)))  # noqa: S704


def environment(**options):
    loader = options.pop("loader")
    options.pop("undefined", None)
    options.pop("autoescape", None)
    env = Environment(
        autoescape=True,
        loader=ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja", "templates")]),
        undefined=ChainableUndefined,
        extensions=["jinja2.ext.do"],
        **options,
    )
    env.globals.update(
        {
            "url": url,
            "static": static,
            "get_messages": get_messages,
            "scope_for": scope_for,
            "settings": settings,
            "p": presenters,
        }
    )
    env.filters.update(
        {
            "date": presenters.format_date,
            "partial_date": presenters.format_partial_date,
            "date_as_known": presenters.review_date,
            "datetime": presenters.format_datetime,
            "csrf_in_post_forms": csrf_in_post_forms,
        }
    )
    return env

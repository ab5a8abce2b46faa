"""The Jinja2 environment: NHS.UK frontend macros, url() and static()."""

from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from safeguarding import presenters
from safeguarding.accounts.scope import scope_for


def url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


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
            "datetime": presenters.format_datetime,
        }
    )
    return env

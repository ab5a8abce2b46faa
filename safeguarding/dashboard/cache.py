"""The published figures of a dashboard page, and their charts, cached (issue 19).

Django's cache framework (``settings.CACHES``: each process's memory, or Redis when
``REDIS_URL`` is set). What is cached is what ``services.page_figures`` publishes, so
suppression has already been applied: a cached value never holds a suppressed count. The key
(``page_key``) holds everything the figures depend on:

* the person's scope, from the one gate (``accounts.scope.scope_for``): level, organisation,
  region and the partnerships an organisation sees, so one ICB never gets another's figures;
* whether suppression applies to them (``services.suppress_for``);
* the page and the filters' normalised parameters, and today's date (clocks and overdue
  actions are worked out against today);
* the facts version (``services.facts_version``), a row changed in the same transaction as
  every fact refresh (``refresh_figures``, ``refresh_reviews`` after a save), so every web
  process stops using the old figures when the facts change;
* ``CODE``: ``CODE_VERSION`` and a fingerprint of the dashboard's (and the charts') code,
  so a deploy that changes how figures are worked out or drawn never reads old entries.

Entries also expire after ``settings.DASHBOARD_CACHE_SECONDS`` (names of organisations and
themes are read with the figures and change without a fact refresh). See
docs/dashboard-suppression.md ("Cached figures").
"""

import hashlib
import json
import logging
import pickle
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from safeguarding.accounts.scope import scope_for

from . import presenters, services

logger = logging.getLogger(__name__)

#: Raise when a change the fingerprint cannot see changes the figures (e.g. in templates or
#: another app's labels).
CODE_VERSION = 1


def _fingerprint():
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(str(CODE_VERSION).encode())
    for path in sorted([*here.glob("*.py"), *(here.parent / "charts").glob("**/*.py")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{CODE_VERSION}-{digest.hexdigest()[:12]}"


CODE = _fingerprint()


def page_key(scope, suppress, page, filters, today, version):
    """The cache key of a page's published figures: everything they depend on."""
    parts = {
        "code": CODE,
        "page": page,
        "facts": version,
        "today": today.isoformat(),
        "suppress": bool(suppress),
        "scope": [
            scope.level,
            scope.organisation_id,
            scope.region_id,
            sorted(scope.partnership_ids),
        ],
        "filters": sorted((k, str(v)) for k, v in filters.params().items()),
    }
    raw = json.dumps(parts, sort_keys=True)
    return f"dashboard:{page}:{hashlib.sha256(raw.encode()).hexdigest()}"


@dataclass
class Page:
    key: str
    published: list
    hit: bool


def _storable(published):
    """Without the figure's link function (a closure, and already used: the links are in
    ``hrefs``), so it can be pickled."""
    return replace(published, figure=replace(published.figure, href=None))


def _set(key, value):
    try:
        cache.set(key, value, settings.DASHBOARD_CACHE_SECONDS)
    except (pickle.PicklingError, TypeError, AttributeError):
        logger.exception("Dashboard cache: %s could not be stored", key)


def page_figures(user, page, filters, today=None):
    """``services.page_figures``, from the cache when the same figures were published
    before to the same scope, filters and facts. One query (the facts version) on a hit."""
    today = today or timezone.localdate()
    version = services.facts_version()  # first: the figures are at least this new
    key = page_key(scope_for(user), services.suppress_for(user), page, filters, today, version)
    published = cache.get(key)
    if published is not None:
        return Page(key, published, hit=True)
    published = [_storable(p) for p in services.page_figures(user, page, filters, today=today)]
    _set(key, published)
    return Page(key, published, hit=False)


def page_blocks(entry, page):
    """``presenters.blocks`` (the charts, the slow part of a page) for a cached ``Page``,
    cached under the same key."""
    key = f"{entry.key}:blocks"
    blocks = cache.get(key) if entry.hit else None
    if blocks is None:
        blocks = presenters.blocks(entry.published, page)
        _set(key, blocks)
    return blocks

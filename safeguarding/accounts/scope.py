"""The one gate: what a signed-in person may see and change.

A person's scope is worked out once per request (``scope_for``) and every query of
safeguarding data starts from a ``visible_to(user)`` queryset method that uses it.
"""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Scope:
    level: str  # "organisation", "region", "national" or "none"
    role: str
    organisation_id: int | None = None
    region_id: int | None = None
    partnership_ids: frozenset = frozenset()

    @property
    def can_edit(self):
        return self.role in {"data_input", "admin"}

    @property
    def is_admin(self):
        return self.role == "admin"

    def review_q(self, prefix=""):
        """A filter on reviews (or, with a prefix, on things that belong to a review)."""
        if self.level == "national":
            return Q()
        if self.level == "region" and self.region_id:
            return Q(**{f"{prefix}region_id": self.region_id})
        if self.level == "organisation" and self.organisation_id:
            return Q(**{f"{prefix}icb_id": self.organisation_id}) | Q(
                **{f"{prefix}partnership_id__in": sorted(self.partnership_ids)}
            )
        return Q(pk__in=[])

    def may_own(self, organisation):
        """Whether records may be created for this partnership or ICB by this person."""
        if not self.can_edit or organisation is None:
            return False
        if self.level == "national":
            return True
        if self.level == "region":
            return organisation.region_id == self.region_id
        return organisation.pk == self.organisation_id or organisation.pk in self.partnership_ids


NO_SCOPE = Scope(level="none", role="")


def scope_for(user):
    """Compute (once, then cache on the user object) the scope of a person."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    cached = getattr(user, "_scope", None)
    if cached is not None:
        return cached
    partnership_ids = frozenset()
    if user.scope_level == "organisation" and user.organisation_id:
        from safeguarding.organisations.models import Organisation

        ids = set(
            Organisation.objects.filter(members=user.organisation_id).values_list("pk", flat=True)
        )
        if user.organisation.kind == Organisation.Kind.PARTNERSHIP:
            ids.add(user.organisation_id)
        partnership_ids = frozenset(ids)
    scope = Scope(
        level=user.scope_level,
        role=user.role,
        organisation_id=user.organisation_id,
        region_id=user.region_id,
        partnership_ids=partnership_ids,
    )
    user._scope = scope
    return scope


class ScopedQuerySet:
    """Mixin for querysets of safeguarding data: ``visible_to(user)`` is the gate."""

    scope_prefix = ""

    def visible_to(self, user):
        return self.filter(scope_for(user).review_q(self.scope_prefix))

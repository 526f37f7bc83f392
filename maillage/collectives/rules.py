"""Who may do what in a collective. The role matrix is written out in docs/permissions.md.

Every predicate takes (user, collective). A person's roles are read once per
request and kept on the user object.
"""

import rules

from .models import ROLE_RANK, Membership, NetworkCoordinator, Role


def role_in(user, collective):
    """The person's active role in the collective, or None."""
    if collective is None or not user.is_authenticated:
        return None
    cache = user.__dict__.setdefault("_maillage_roles", {})
    if collective.pk not in cache:
        cache[collective.pk] = (
            Membership.objects.active()
            .filter(user=user, collective=collective)
            .values_list("role", flat=True)
            .first()
        )
    return cache[collective.pk]


def forget_roles(user):
    """Call after changing someone's membership inside the same request."""
    user.__dict__.pop("_maillage_roles", None)
    user.__dict__.pop("_maillage_networks", None)
    user.__dict__.pop("_maillage_orgs", None)


def organisations_of(user, collective):
    """The pks of the organisations ``user`` represents in ``collective``
    (``Membership.organisation`` of their active membership), read once a request and
    kept on the user object. Premises tenants, catalogue structures, referrals, employer
    groups and the foundation's round-ups all ask this one question."""
    if collective is None or not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_maillage_orgs", {})
    if collective.pk not in cache:
        cache[collective.pk] = frozenset(
            Membership.objects.active()
            .filter(user=user, collective=collective, organisation__isnull=False)
            .values_list("organisation_id", flat=True)
        )
    return cache[collective.pk]


def _at_least(minimum):
    @rules.predicate(name=f"is_{minimum}_or_above")
    def predicate(user, collective):
        role = role_in(user, collective)
        return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[minimum]

    return predicate


is_observer_or_above = _at_least(Role.OBSERVER)
is_member_or_above = _at_least(Role.MEMBER)
is_facilitator_or_above = _at_least(Role.FACILITATOR)
is_coordinator = _at_least(Role.COORDINATOR)
is_in_collective = is_observer_or_above


def in_any(user, collectives):
    """Whether the person is an active member (any role) of one of ``collectives``."""
    return any(is_in_collective(user, c) for c in collectives if c is not None)


def _own_collective(obj):
    return (obj.collective,)


# Every role a person can hold on one object (a group's facilitator, a project's pilot,
# a meeting's secretary...), by name: tests/test_ended_memberships.py walks them all.
OBJECT_ROLES = {}


def object_role(name, holds, *, collectives=_own_collective):
    """A predicate for a role held on one object, which counts only while the person is
    an active member of the object's collective (or of one of ``collectives(obj)``).

    ``holds(user, obj)`` says whether the object names the person in that role; it is
    asked only of active members. So ending a membership ends, at once and in this one
    place, the rights of every role the person held in the collective, while the objects
    keep who held them. Every object-level role of the project is made here.
    """

    @rules.predicate(name=name)
    def predicate(user, obj):
        if obj is None or not user.is_authenticated:
            return False
        return in_any(user, collectives(obj)) and bool(holds(user, obj))

    OBJECT_ROLES[name] = predicate
    return predicate


def cached_holds(cache_name, lookup):
    """``holds`` for ``object_role`` that asks ``lookup(user, obj)`` once per object and
    request (the answer is kept on the user object, like the roles)."""

    def holds(user, obj):
        cache = user.__dict__.setdefault(cache_name, {})
        if obj.pk not in cache:
            cache[obj.pk] = lookup(user, obj)
        return cache[obj.pk]

    return holds


@rules.predicate
def coordinates_network(user, network):
    """Whether the person is an active coordinator of ``network`` (see
    NetworkCoordinator): read once per request and kept on the user object."""
    if network is None or not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_maillage_networks", None)
    if cache is None:
        cache = set(
            NetworkCoordinator.objects.active()
            .filter(user=user)
            .values_list("network_id", flat=True)
        )
        user.__dict__["_maillage_networks"] = cache
    return network.pk in cache


@rules.predicate
def is_staff(user):
    return user.is_authenticated and user.is_staff


@rules.predicate
def is_public_collective(user, collective):
    return collective is not None and collective.is_public


@rules.predicate
def is_logged_in(user):
    return user.is_authenticated


rules.add_perm("collectives.view_collective", is_public_collective | is_in_collective)
rules.add_perm("collectives.view_members", is_in_collective)
rules.add_perm("collectives.view_member_contacts", is_coordinator)
rules.add_perm("collectives.change_collective", is_coordinator)
rules.add_perm("collectives.manage_organisations", is_coordinator)
rules.add_perm("collectives.invite", is_coordinator)
rules.add_perm("collectives.manage_requests", is_coordinator)
rules.add_perm("collectives.manage_members", is_coordinator)
rules.add_perm(
    "collectives.request_to_join", is_logged_in & is_public_collective & ~is_in_collective
)
rules.add_perm("collectives.leave", is_in_collective)
rules.add_perm("collectives.add_collective", is_logged_in)
# A network (the predicates take (user, network)): its coordinators run its network
# consultations and name other coordinators; staff name a network's first one.
rules.add_perm("collectives.coordinate_network", coordinates_network)
rules.add_perm("collectives.name_network_coordinator", coordinates_network | is_staff)

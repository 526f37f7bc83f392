"""The permission matrix: every URL, every persona, the answer each must get.

``world`` (tests/conftest.py) has a PRIVATE collective with a coordinator, a
facilitator, a member and an observer; the outsider belongs to another
collective. A few URLs are checked again on a PUBLIC collective, where
outsiders and anonymous visitors may read the presentation page.
docs/permissions.md is the same matrix in words.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from maillage.collectives.models import Membership, MembershipRequest, Visibility

from .actions import matrix_actions, matrix_planning
from .api import matrix_pages as matrix_api_pages
from .consultations import (
    matrix_live,
    matrix_network,
    matrix_rounds,
    matrix_setup,
    matrix_synthesis,
    matrix_territory,
)
from .employers import matrix_agreements as matrix_employers_agreements
from .employers import matrix_needs as matrix_employers_needs
from .employers import matrix_pooling as matrix_employers_pooling
from .employment import matrix_after as matrix_employment_after
from .employment import matrix_cafe as matrix_employment_cafe
from .employment import matrix_operations as matrix_employment_operations
from .employment import matrix_rotations as matrix_employment_rotations
from .events import matrix_manage as matrix_events_manage
from .events import matrix_public as matrix_events_public
from .factories import InvitationFactory, UserFactory
from .former import add_former, grant_every_role, snapshot
from .fund import matrix_bank as matrix_fund_bank
from .fund import matrix_campaigns as matrix_fund_campaigns
from .fund import matrix_grants as matrix_fund_grants
from .fund import matrix_matching as matrix_fund_matching
from .fund import matrix_receipts as matrix_fund_receipts
from .meetings import matrix_calendar, matrix_meetings, matrix_minutes
from .opendata import matrix_opendata
from .orientation import matrix_catalogue, matrix_questionnaire
from .orientation import matrix_referrals as matrix_orientation_referrals
from .permission_helpers import LOGIN, PERSONAS, everyone, in_collective, logged_in
from .premises import matrix_bookings as matrix_premises_bookings
from .premises import matrix_economics as matrix_premises_economics
from .premises import matrix_requests as matrix_premises_requests
from .premises import matrix_sites, matrix_tenancy
from .premises import matrix_statements as matrix_premises_statements
from .privacy import matrix_privacy
from .projects import matrix_board, matrix_exports, matrix_kanban, matrix_public
from .projects import matrix_gantt as matrix_projects_gantt
from .projects import matrix_gantt_exports as matrix_projects_gantt_exports
from .security import assert_security_headers
from .trace import matrix_trace


def collective(w):
    return [w.collective.slug]


def text(w):
    return [w.collective.slug, w.text.pk]


def target_membership(w):
    return [w.collective.slug, Membership.objects.get(user=w.member).pk]


def invitation(w):
    return [
        w.collective.slug,
        InvitationFactory(collective=w.collective, invited_by=w.coordinator).pk,
    ]


def membership_request(w):
    request = MembershipRequest.objects.create(collective=w.collective, user=UserFactory())
    return [w.collective.slug, request.pk]


def invitation_token(w):
    from maillage.collectives.services import invitation_token as make

    return [make(InvitationFactory(collective=w.collective, invited_by=w.coordinator))]


# name: (method, args builder or None, POST data, expected status by persona)
MATRIX = {
    "core:home": ("get", None, None, everyone(200)),
    "core:dashboard": ("get", None, None, logged_in(200)),
    "core:guide": ("get", None, None, logged_in(403)),
    "core:set_language": ("post", None, {"language": "en", "next": "/"}, everyone(302)),
    # The proxy's probes answer everyone (no account, nothing secret in them).
    "core:healthz": ("get", None, None, everyone(200)),
    "core:readyz": ("get", None, None, everyone(200)),
    # The metrics go by address or token, not by account: the test client's 127.0.0.1 is
    # allowed, so everyone gets 200 here; another address gets 404 (tests/core/test_metrics.py).
    "core:metrics": ("get", None, None, everyone(200)),
    "accounts:login": ("get", None, None, {**everyone(302), "anonymous": 200}),
    "accounts:logout": ("post", None, {}, everyone(302)),
    "accounts:signup": ("get", None, None, {**everyone(302), "anonymous": 200}),
    "accounts:profile": ("get", None, None, logged_in(200)),
    "accounts:password_reset": ("get", None, None, everyone(200)),
    "accounts:password_reset_done": ("get", None, None, everyone(200)),
    "accounts:password_reset_confirm": (
        "get",
        lambda w: ["MQ", "set-password"],
        None,
        everyone(200),
    ),
    "accounts:password_reset_complete": ("get", None, None, everyone(200)),
    # The public collectives' list: for everyone; private ones never appear in it.
    "collectives:list": ("get", None, None, everyone(200)),
    "collectives:create": ("get", None, None, logged_in(200)),
    "collectives:detail": ("get", collective, None, in_collective(200, anonymous=404)),
    "collectives:edit": ("get", collective, None, in_collective(200, minimum="coordinator")),
    "collectives:organisations": ("get", collective, None, in_collective(200)),
    "collectives:members": ("get", collective, None, in_collective(200)),
    "collectives:change_role": (
        "post",
        target_membership,
        {"role": "facilitator"},
        in_collective(302, minimum="coordinator"),
    ),
    "collectives:end_membership": (
        "post",
        target_membership,
        {"reason": ""},
        in_collective(302, minimum="coordinator"),
    ),
    "collectives:invite": ("get", collective, None, in_collective(200, minimum="coordinator")),
    "collectives:revoke_invitation": (
        "post",
        invitation,
        {},
        in_collective(302, minimum="coordinator"),
    ),
    # A private collective takes no requests; its members have nothing to ask.
    "collectives:join": ("get", collective, None, in_collective(403, below=403)),
    "collectives:leave": ("get", collective, None, in_collective(200)),
    "collectives:requests": ("get", collective, None, in_collective(200, minimum="coordinator")),
    "collectives:accept_request": (
        "post",
        membership_request,
        {},
        in_collective(302, minimum="coordinator"),
    ),
    "collectives:refuse_request": (
        "post",
        membership_request,
        {"reason": "Hors du territoire"},
        in_collective(302, minimum="coordinator"),
    ),
    "collectives:invitation": ("get", invitation_token, None, everyone(200)),
    "collectives:network": ("get", lambda w: [w.network.slug], None, everyone(200)),
    "governance:create": ("get", collective, None, in_collective(200, minimum="facilitator")),
    "governance:text": ("get", text, None, in_collective(200, anonymous=404)),
    "governance:edit": ("get", text, None, in_collective(200, minimum="facilitator")),
    "governance:history": ("get", text, None, in_collective(200)),
    "governance:compare": ("get", text, {"de": 1, "a": 1}, in_collective(200)),
    "audit:log": ("get", collective, None, in_collective(200, minimum="coordinator")),
}

# On a public collective, the presentation reaches everyone and outsiders may ask to join.
PUBLIC_MATRIX = {
    "collectives:detail": (
        "get",
        collective,
        None,
        in_collective(200, anonymous=200, outsider=200),
    ),
    "governance:text": ("get", text, None, in_collective(200, anonymous=200, outsider=200)),
    "collectives:organisations": ("get", collective, None, in_collective(200, outsider=200)),
    "collectives:members": ("get", collective, None, in_collective(200, outsider=403)),
    "governance:history": ("get", text, None, in_collective(200, outsider=403)),
    "collectives:join": ("get", collective, None, in_collective(403, outsider=200)),
    "collectives:edit": (
        "get",
        collective,
        None,
        in_collective(200, outsider=403, minimum="coordinator"),
    ),
    "collectives:invite": (
        "get",
        collective,
        None,
        in_collective(200, outsider=403, minimum="coordinator"),
    ),
    "collectives:requests": (
        "get",
        collective,
        None,
        in_collective(200, outsider=403, minimum="coordinator"),
    ),
    "collectives:change_role": (
        "post",
        target_membership,
        {"role": "facilitator"},
        in_collective(302, outsider=403, minimum="coordinator"),
    ),
    "collectives:leave": ("get", collective, None, in_collective(200, outsider=403)),
    "governance:edit": ("get", text, None, in_collective(200, outsider=403, minimum="facilitator")),
    "audit:log": ("get", collective, None, in_collective(200, outsider=403, minimum="coordinator")),
}

# The URLs of consultations, meetings and actions, kept beside their tests.
for _area in (
    matrix_api_pages,
    matrix_live,
    matrix_network,
    matrix_rounds,
    matrix_setup,
    matrix_synthesis,
    matrix_territory,
    matrix_meetings,
    matrix_minutes,
    matrix_calendar,
    matrix_actions,
    matrix_planning,
    matrix_board,
    matrix_kanban,
    matrix_exports,
    matrix_public,
    matrix_projects_gantt,
    matrix_events_public,
    matrix_events_manage,
    matrix_trace,
    matrix_premises_statements,
    matrix_sites,
    matrix_tenancy,
    matrix_premises_requests,
    matrix_premises_economics,
    matrix_premises_bookings,
    matrix_orientation_referrals,
    matrix_catalogue,
    matrix_questionnaire,
    matrix_employment_cafe,
    matrix_employment_after,
    matrix_employment_operations,
    matrix_employment_rotations,
    matrix_employers_pooling,
    matrix_employers_needs,
    matrix_employers_agreements,
    matrix_fund_receipts,
    matrix_fund_campaigns,
    matrix_fund_grants,
    matrix_fund_matching,
    matrix_fund_bank,
    matrix_opendata,
    matrix_privacy,
    matrix_projects_gantt_exports,
):
    MATRIX.update(_area.MATRIX)
    PUBLIC_MATRIX.update(_area.PUBLIC_MATRIX)


@pytest.fixture
def network_world(world):
    from .factories import NetworkFactory

    world.network = NetworkFactory()
    world.collective.networks.add(world.network)
    return world


@pytest.fixture
def former_world(network_world):
    return add_former(network_world)


def _call(client, world, name, spec, persona):
    method, builder, data, expected = spec
    person = world.persona(persona)
    if person is not None:
        client.force_login(person)
    url = reverse(name, args=builder(world) if builder else [])
    send = client.get if method == "get" else client.post
    return url, send(url, data or {}), expected[persona]


# Pages reached with a registration's secret key, which answer without an account.
KEY_PAGES = dict.fromkeys(["events:confirm", "events:cancel", "events:delete"], "/inscriptions/")
KEY_PAGES.update(matrix_employment_cafe.KEY_PAGES)
# Employment's personal links (a recruiter's, a job seeker's) send back to the link's page.
KEY_PAGES.update(dict.fromkeys(matrix_employment_rotations.LINK_PAGES, "/emploi/"))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_private_collective_matrix(client, network_world, name, persona):
    url, response, expected = _call(client, network_world, name, MATRIX[name], persona)
    assert response.status_code == expected, f"{persona} on {url}"
    assert b"INVALID_TEMPLATE_VARIABLE" not in response.content
    assert_security_headers(response, url)
    if persona == "anonymous" and expected == 302:
        if name in KEY_PAGES:
            # A registrant's own link: the key is the credential, no account needed.
            assert response["Location"].startswith(KEY_PAGES[name]), response["Location"]
        elif name not in {"core:set_language", "accounts:logout"}:
            assert response["Location"].startswith(LOGIN), response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(PUBLIC_MATRIX))
def test_public_collective_matrix(client, world, name, persona):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    url, response, expected = _call(client, world, name, PUBLIC_MATRIX[name], persona)
    assert response.status_code == expected, f"{persona} on {url}"
    assert_security_headers(response, url)


@pytest.mark.parametrize("persona", matrix_network.NETWORK_PERSONAS)
@pytest.mark.parametrize("name", sorted(matrix_network.NETWORK_MATRIX))
def test_network_consultation_matrix(client, db, name, persona):
    """A network consultation (tests/consultations/matrix_network.py): its network's
    coordinators run it, each territory's coordinators and facilitators their part;
    nobody else ever reads the raw notes of territory X's group."""
    world = matrix_network.build_network_world()
    spec = matrix_network.NETWORK_MATRIX[name]
    url, response, expected = _call(client, world, name, spec, persona)
    assert response.status_code == expected, f"{persona} on {url}"
    content = response.content.decode()
    assert "INVALID_TEMPLATE_VARIABLE" not in content
    assert_security_headers(response, url)
    if persona not in matrix_network.SEES_X_NOTES:
        assert matrix_network.SECRET_X not in content, f"{persona} on {url}"
    elif name == "consultations:wall":
        assert matrix_network.SECRET_X in content
        assert matrix_network.SECRET_Y not in content


REFUSED = {403, 404, 405}


def _as_former(client, world, name, spec):
    """Every role granted on every object of the collective, the membership ended:
    the former member gets what the outsider gets, by GET and by POST alike, and a
    refused request changes nothing."""
    method, builder, data, expected = spec
    url = reverse(name, args=builder(world) if builder else [])
    grant_every_role(world, world.former)
    client.force_login(world.former)
    for send in ("get", "post") if method == "get" else ("post", "get"):
        before = snapshot()
        response = getattr(client, send)(url, data or {})
        if send == method:
            assert response.status_code == expected["outsider"], f"former, {send} {url}"
        elif expected["outsider"] not in REFUSED:
            continue  # a page open to everyone: the other method is not for the matrix
        else:
            assert response.status_code in REFUSED, f"former, {send} {url}"
        if response.status_code in REFUSED:
            assert snapshot() == before, f"former, {send} {url} changed something"


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_ended_membership_matrix(client, former_world, name):
    _as_former(client, former_world, name, MATRIX[name])


@pytest.mark.parametrize("name", sorted(PUBLIC_MATRIX))
def test_ended_membership_public_matrix(client, former_world, name):
    former_world.collective.visibility = Visibility.PUBLIC
    former_world.collective.save()
    _as_former(client, former_world, name, PUBLIC_MATRIX[name])


def _names(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_is_in_the_matrix():
    """Every page; the API's operations have their own matrix (tests/api/)."""
    pages = {name for name in _names(get_resolver()) if not name.startswith("api:")}
    assert sorted(pages) == sorted(MATRIX)


def test_private_data_never_shows_to_an_outsider(client, world):
    """An outsider trying every object id of another collective sees nothing of it."""
    client.force_login(world.outsider)
    for url in [
        reverse("collectives:detail", args=[world.collective.slug]),
        reverse("collectives:members", args=[world.collective.slug]),
        reverse("governance:text", args=[world.collective.slug, world.text.pk]),
        reverse("governance:text", args=[world.other.slug, world.text.pk]),
        reverse("governance:history", args=[world.other.slug, world.text.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert world.text.body not in response.content.decode()
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert world.collective.name not in dashboard and world.other.name in dashboard


def test_member_emails_are_for_coordinators_only(client, world):
    url = reverse("collectives:members", args=[world.collective.slug])
    client.force_login(world.member)
    assert world.observer.email not in client.get(url).content.decode()
    client.force_login(world.coordinator)
    assert world.observer.email in client.get(url).content.decode()

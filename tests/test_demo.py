"""`manage.py load_demo`: the demo data it loads, the logins it prints, and that it runs twice."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse

from maillage.accounts.models import User
from maillage.actions.models import Action, ActionOwner
from maillage.audit.models import AuditEvent
from maillage.collectives.models import (
    Collective,
    Invitation,
    Membership,
    MembershipRequest,
    Network,
    Organisation,
    RequestStatus,
    Role,
    Visibility,
)
from maillage.collectives.services import current_charter
from maillage.demo.accounts import DEMO_PASSWORD, LOGINS
from maillage.events.models import Event, Programme, Registration
from maillage.governance.models import GovernanceText, GovernanceTextVersion, TextKind
from maillage.meetings.models import Invitee, Meeting, MinutesVersion

from .factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SLUGS = ["gt-rte-geneve", "pcpe-93", "ptce-sicoval", "co-acte", "socialup"]
# Two local teams of the TOGETHER network, territories of its SPIRAL consultation.
TERRITORY_SLUGS = ["coresponsabilite-braine", "coresponsabilite-mulhouse"]
MAIN_LOGIN = "camille.martin@example.org"

# Every table the command writes to, many-to-many links included.
MODELS = [
    User,
    Network,
    Organisation,
    Collective,
    Collective.organisations.through,
    Collective.networks.through,
    Membership,
    Invitation,
    MembershipRequest,
    GovernanceText,
    GovernanceTextVersion,
    AuditEvent,
    Meeting,
    Invitee,
    Action,
    ActionOwner,
    MinutesVersion,
]


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {model._meta.label: model.objects.count() for model in MODELS}


def login_request():
    return RequestFactory().post(reverse("accounts:login"))


def test_creates_the_five_collectives_and_the_network():
    load_demo()

    collectives = {c.slug: c for c in Collective.objects.filter(slug__in=SLUGS)}
    assert sorted(collectives) == sorted(SLUGS)
    rte = collectives["gt-rte-geneve"]
    assert (rte.short_name, rte.region, rte.visibility) == ("GT RTE Genève", "GE", "public")
    pcpe = collectives["pcpe-93"]
    assert (pcpe.short_name, pcpe.region, pcpe.visibility) == ("PCPE 93", "93", "private")
    for stream in ("cafés de l'emploi", "recrutement", "groupements d'employeurs", "laboratoire"):
        assert stream in pcpe.description
    ptce = collectives["ptce-sicoval"]
    assert ptce.region == "31"
    assert ptce.requires_charter_agreement
    assert ptce.visibility == Visibility.PUBLIC
    assert collectives["socialup"].visibility == Visibility.PUBLIC

    network = Network.objects.get(slug="together")
    assert "SPIRAL" in network.description
    assert sorted(network.collectives.values_list("slug", flat=True)) == sorted(
        ["co-acte", *TERRITORY_SLUGS]
    )
    assert collectives["co-acte"].visibility == Visibility.PUBLIC


def test_the_network_has_coordinators_and_its_spiral_consultation_territories():
    from maillage.collectives.models import NetworkCoordinator
    from maillage.consultations.models import Consultation
    from maillage.consultations.rules_territory import coordinates_territory

    load_demo()

    network = Network.objects.get(slug="together")
    coordinators = NetworkCoordinator.objects.active().filter(network=network)
    assert sorted(c.user.email for c in coordinators) == [
        "anne.schmitt@example.org",
        "ioana.popescu@example.org",
    ]
    consultation = Consultation.objects.get(collective__slug="co-acte")
    assert consultation.network == network
    territories = {
        group.name: group.territory
        for group in consultation.groups.select_related("territory")
        if group.territory
    }
    assert sorted(t.slug for t in territories.values()) == TERRITORY_SLUGS
    for name, territory in territories.items():
        group = consultation.groups.get(name=name)
        [facilitator] = group.facilitators.all()
        assert facilitator.memberships.filter(collective=territory).exists()
        lead = Membership.objects.get(collective=territory, role=Role.COORDINATOR).user
        assert coordinates_territory(lead, consultation, territory)
        added = AuditEvent.objects.get(action="consultations.group_added", object_id=str(group.pk))
        assert added.actor == lead  # set up by the territory's coordinator


def test_links_the_real_organisations():
    load_demo()

    rte = Collective.objects.get(slug="gt-rte-geneve")
    names = set(rte.organisations.values_list("name", flat=True))
    assert len(names) == 9
    assert {
        "Hospice général",
        "Ville de Meyrin",
        "Fondation Zoein",
        "ATD Quart Monde",
        "Réalise",
        "Ville de Genève",
        "Université de Genève",
    } <= names
    assert any(name.startswith("Office cantonal de l'emploi") for name in names)
    assert any(name.startswith("Après-GE") for name in names)

    pcpe = Collective.objects.get(slug="pcpe-93").organisations.values_list("name", flat=True)
    assert {"Plaine Commune", "Département de la Seine-Saint-Denis", "Emmaüs Connect"} <= set(pcpe)
    ptce = Collective.objects.get(slug="ptce-sicoval").organisations.values_list("name", flat=True)
    assert "GENIES" in ptce
    assert any(name.startswith("Sicoval") for name in ptce)
    coacte = Collective.objects.get(slug="co-acte").organisations.values_list("name", flat=True)
    assert {"Association internationale TOGETHER", "Ville de Mulhouse"} <= set(coacte)

    # An organisation in two collectives is one row, shared.
    hospice = Organisation.objects.get(name="Hospice général")
    assert set(hospice.collectives.values_list("slug", flat=True)) == {"gt-rte-geneve", "socialup"}
    assert Organisation.objects.filter(name__iexact="Université de Genève").count() == 1


def test_every_collective_has_six_to_twelve_people_in_every_role():
    load_demo()

    for collective in Collective.objects.filter(slug__in=SLUGS):
        active = Membership.objects.active().filter(collective=collective)
        # The Sicoval PTCE's shared premises bring a representative of each tenant.
        most = 24 if collective.slug == "ptce-sicoval" else 12
        assert 6 <= active.count() <= most, collective.slug
        assert set(active.values_list("role", flat=True)) == set(Role.values), collective.slug
        # Most people represent one of the collective's organisations.
        represented = active.exclude(organisation=None)
        assert represented.count() > active.count() / 2
        organisations = set(collective.organisations.all())
        assert {m.organisation for m in represented} <= organisations
    people = User.objects.filter(memberships__collective__slug__in=SLUGS).distinct()
    assert all(person.email.endswith("@example.org") for person in people)


def test_the_main_login_coordinates_one_collective_and_belongs_to_another():
    load_demo()

    camille = User.objects.get(email=MAIN_LOGIN)
    assert camille.display_name == "Camille Martin"
    roles = dict(
        Membership.objects.active().filter(user=camille).values_list("collective__slug", "role")
    )
    assert roles == {"gt-rte-geneve": Role.COORDINATOR, "pcpe-93": Role.MEMBER}


def test_demo_logins_authenticate_with_the_shared_password():
    load_demo()

    for _label, email, _what in LOGINS:
        user = authenticate(login_request(), username=email, password=DEMO_PASSWORD)
        assert user is not None, email
        assert user.email == email
    assert authenticate(login_request(), username=MAIN_LOGIN, password="wrong password") is None


def test_the_main_login_reaches_a_dashboard_with_two_collectives(client):
    load_demo()

    response = client.post(
        reverse("accounts:login"),
        {"username": MAIN_LOGIN, "password": DEMO_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("core:dashboard")
    page = response.content.decode()
    assert "Groupe de travail Revenu de transition écologique Genève" in page
    assert "Pôle citoyen pour l&#x27;emploi 93" in page


def test_the_raison_detre_has_three_versions_by_different_people():
    load_demo()

    text = GovernanceText.objects.get(collective__slug="gt-rte-geneve", kind=TextKind.RAISON_DETRE)
    versions = list(text.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]
    assert text.version == 3
    assert len({v.author_id for v in versions}) == 3
    assert text.current_version().body == text.body
    assert "Sophie Swaton" in versions[0].body
    assert "coopérative" not in versions[0].body
    assert "coopérative" in versions[1].body
    assert all(v.comment for v in versions)
    kinds = set(
        GovernanceText.objects.filter(collective__slug="gt-rte-geneve").values_list(
            "kind", flat=True
        )
    )
    assert kinds == {TextKind.RAISON_DETRE, TextKind.VISION, TextKind.MISSION, TextKind.VALUES}
    # Every collective has at least two texts, each with its first version.
    for slug in SLUGS:
        texts = GovernanceText.objects.filter(collective__slug=slug)
        assert texts.count() >= 2, slug
        assert all(t.versions.filter(number=1).exists() for t in texts)


BY_LINK = {
    "employment.seeker_registered",
    "employment.meeting_outcome_recorded",
    # A donor without an account: a gift promised, a standing order started.
    "fund.gift_pledged",
    "fund.monthly_started",
}


def test_every_audit_log_tells_how_the_collective_came_about():
    load_demo()

    for collective in Collective.objects.filter(slug__in=SLUGS):
        events = AuditEvent.objects.for_collective(collective)
        actions = set(events.values_list("action", flat=True))
        assert {
            "collective.created",
            "collective.organisation_added",
            "governance.text_created",
        } <= actions, collective.slug
        assert events.filter(action="collective.organisation_added").count() == (
            collective.organisations.count()
        )
        # Everything is done by someone, except what people without an account do
        # through their personal link or a public form: a job seeker registering, a
        # recruiter noting the outcome of a meeting at a job café, a donor giving.
        assert not events.filter(actor=None).exclude(action__in=BY_LINK).exists()
    rte = set(
        AuditEvent.objects.filter(collective__slug="gt-rte-geneve").values_list("action", flat=True)
    )
    assert {
        "governance.text_updated",
        "membership.role_changed",
        "membership.ended",
        "invitation.sent",
    } <= rte
    ptce = set(
        AuditEvent.objects.filter(collective__slug="ptce-sicoval").values_list("action", flat=True)
    )
    assert {"membership_request.created", "membership_request.accepted"} <= ptce


def test_a_request_an_invitation_and_a_departure_wait_to_be_seen():
    load_demo()

    ptce = Collective.objects.get(slug="ptce-sicoval")
    pending = MembershipRequest.objects.get(collective=ptce, status=RequestStatus.PENDING)
    assert pending.user.email == "lucas.fabre@example.org"
    assert pending.message
    charter = current_charter(ptce)
    assert charter.number == 2
    assert pending.charter_version == charter
    accepted = MembershipRequest.objects.get(collective=ptce, status=RequestStatus.ACCEPTED)
    assert Membership.objects.active().filter(collective=ptce, user=accepted.user).exists()

    invitation = Invitation.objects.get(collective__slug="gt-rte-geneve")
    assert invitation.is_open and not invitation.is_expired
    assert invitation.email == "ines.moreau@example.org"
    assert invitation.invited_by.email == MAIN_LOGIN
    assert not User.objects.filter(email=invitation.email).exists()

    left = Membership.objects.past().get(collective__slug="gt-rte-geneve")
    assert left.end_reason
    assert left.end_date >= left.start_date
    assert not Membership.objects.active().filter(user=left.user).exists()

    promoted = Membership.objects.active().get(
        collective__slug="gt-rte-geneve", user__email="julien.rochat@example.org"
    )
    assert promoted.role == Role.FACILITATOR


def test_prints_how_to_log_in():
    output = load_demo()

    assert "http://127.0.0.1:8000/comptes/connexion/" in output
    assert DEMO_PASSWORD in output
    for role in ("Coordination", "Animation", "Membre", "Observation"):
        assert role in output
    assert MAIN_LOGIN in output
    assert "/invitation/" in output


def test_a_second_run_creates_nothing_and_still_prints_the_logins():
    load_demo()
    before = counts()
    assert all(before.values()), before

    output = load_demo()

    assert counts() == before
    assert "déjà chargées" in output
    assert MAIN_LOGIN in output
    assert DEMO_PASSWORD in output


def test_reuses_people_and_organisations_that_already_exist():
    camille = UserFactory(email=MAIN_LOGIN, display_name="Camille M.")
    hospice = OrganisationFactory(name="Hospice général", slug="hg")
    zoein = OrganisationFactory(name="Fondation ZOEIN", slug="fondation-zoein")

    load_demo()

    assert User.objects.filter(email__iexact=MAIN_LOGIN).get() == camille
    assert Organisation.objects.filter(name__iexact="Hospice général").get() == hospice
    assert Organisation.objects.filter(slug="fondation-zoein").get() == zoein
    rte = Collective.objects.get(slug="gt-rte-geneve")
    assert {hospice, zoein} <= set(rte.organisations.all())
    assert Membership.objects.get(collective=rte, user=camille).organisation == hospice


def test_completes_a_partly_loaded_demo_without_duplicates():
    load_demo()
    before = counts()
    socialup = Collective.objects.get(slug="socialup")
    # Only the collective (and what hangs on it) is gone; its people stay.
    AuditEvent.objects.filter(collective=socialup).delete()
    Registration.objects.filter(event__collective=socialup).delete()
    Event.objects.filter(collective=socialup).delete()
    Programme.objects.filter(collective=socialup).delete()
    GovernanceText.objects.filter(collective=socialup).delete()
    Membership.objects.filter(collective=socialup).delete()
    socialup.delete()

    output = load_demo()

    assert "SocialUp" in output
    assert counts() == before


def test_refuses_the_production_settings(settings):
    settings.SETTINGS_MODULE = "maillage.settings.production"

    with pytest.raises(CommandError):
        load_demo()
    assert not Collective.objects.exists()

    load_demo("--allow-production")
    assert Collective.objects.count() == len(SLUGS) + len(TERRITORY_SLUGS)


def test_the_spiral_network_consultation_has_a_published_and_a_draft_territory():
    from maillage.consultations.models import Consultation, TerritorySynthesis

    load_demo()
    spiral = Consultation.objects.get(title__startswith="Le bien-être")
    assert spiral.network_id is not None
    published = TerritorySynthesis.objects.filter(consultation=spiral, published_at__isnull=False)
    assert published.count() == 1
    drafts = spiral.themes.filter(group=None, territory__isnull=False).exclude(
        territory__in=published.values("territory")
    )
    assert drafts.exists()


def test_prints_how_to_try_the_api_and_both_ways_work(client):
    """The demo prints a curl without a token, how to make one, and a curl with it: the
    first answers the public collectives, the second the Geneva group's actions."""
    import re

    from maillage.api import services as api_services
    from maillage.collectives.models import Collective

    output = load_demo()
    assert "/comptes/jetons/" in output
    urls = re.findall(r"curl (?:-H \"Authorization: Bearer mlg_…\" )?(http://\S+)", output)
    assert len(urls) == 2, output
    public, with_token = (url.replace("http://127.0.0.1:8000", "") for url in urls)
    answer = client.get(public).json()
    assert answer["count"] == Collective.objects.public().count() > 0
    person = User.objects.get(email=MAIN_LOGIN)
    geneva = Collective.objects.get(slug="gt-rte-geneve")
    _, token = api_services.create_token(person, name="essai", collectives=[geneva])
    assert client.get(with_token).status_code == 401  # actions are for members: a token
    listed = client.get(with_token, headers={"Authorization": f"Bearer {token}"}).json()
    assert listed["count"] == geneva.actions.count() > 0

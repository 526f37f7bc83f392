import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.collectives import services
from maillage.collectives.models import (
    Collective,
    Invitation,
    Membership,
    MembershipRequest,
    Organisation,
    RequestStatus,
    Visibility,
)
from maillage.governance.models import TextKind

from .factories import (
    CollectiveFactory,
    GovernanceTextFactory,
    OrganisationFactory,
    UserFactory,
)
from .htmx import htmx_post

pytestmark = pytest.mark.django_db


def test_create_a_collective_from_the_form(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post(
        reverse("collectives:create"),
        {
            "name": "Pôle citoyen pour l'emploi 93",
            "short_name": "PCPE 93",
            "territory": "Seine-Saint-Denis",
            "region": "93",
            "description": "Quatre chantiers pour l'emploi.",
            "visibility": Visibility.PRIVATE,
            "languages": ["fr"],
        },
    )
    collective = Collective.objects.get()
    assert response["Location"] == collective.get_absolute_url()
    assert Membership.objects.get(collective=collective).user == person


def test_the_collective_form_explains_missing_fields_and_keeps_the_rest(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("collectives:create"), {"name": "", "short_name": "PCPE", "visibility": "secret"}
    )
    form = response.context["form"]
    assert set(form.errors) == {"name", "territory", "visibility"}
    assert form["short_name"].value() == "PCPE"
    assert not Collective.objects.exists()


def test_home_groups_members_by_organisation(client, world):
    client.force_login(world.observer)
    response = client.get(reverse("collectives:detail", args=[world.collective.slug]))
    groups = dict(response.context["organisation_groups"])
    assert [m.user for m in groups[world.organisation]] == [world.member]
    individuals = {m.user for m in response.context["individuals"]}
    assert individuals == {world.coordinator, world.facilitator, world.observer}
    page = response.content.decode()
    assert "Hospice général" in page and world.text.title in page.replace("&#x27;", "'")


def test_invite_form_bad_and_duplicate_addresses(client, world):
    client.force_login(world.coordinator)
    url = reverse("collectives:invite", args=[world.collective.slug])
    response = client.post(url, {"email": "pas une adresse", "role": "member"})
    assert response.context["form"].errors["email"]
    response = client.post(
        url, {"email": world.member.email, "role": "member", "message": "Bienvenue"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert response.context["form"]["message"].value() == "Bienvenue"
    assert client.post(url, {"email": "neuf@example.org", "role": "member"}).status_code == 302
    response = client.post(url, {"email": "neuf@example.org", "role": "observer"})
    assert response.context["form"].errors["email"]
    assert Invitation.objects.filter(collective=world.collective).count() == 1


def test_invite_offers_only_the_collectives_organisations(client, world):
    OrganisationFactory(name="Organisation étrangère")
    client.force_login(world.coordinator)
    url = reverse("collectives:invite", args=[world.collective.slug])
    choices = list(client.get(url).context["form"].fields["organisation"].queryset)
    assert choices == [world.organisation]


def test_invitation_link_lets_a_newcomer_open_an_account_and_join(client, world):
    invitation = services.invite(
        actor=world.coordinator, collective=world.collective, email="neuve@example.org"
    )
    url = reverse("collectives:invitation", args=[services.invitation_token(invitation)])
    page = client.get(url)
    assert page.context["signup_form"]["email"].value() == "neuve@example.org"
    response = client.post(
        url,
        {
            "email": "intrus@example.org",  # ignored: the address is the invited one
            "display_name": "Nina Roux",
            "password1": "un mot de passe solide",
            "password2": "un mot de passe solide",
        },
    )
    assert response["Location"] == world.collective.get_absolute_url()
    membership = Membership.objects.get(collective=world.collective, user__display_name="Nina Roux")
    assert membership.user.email == "neuve@example.org"
    # The link has been used: a second visit explains it.
    again = client.get(url)
    assert again.status_code == 410
    assert (
        "déjà été utilisée" in again.content.decode()
        or "already been used" in again.content.decode()
    )


def test_a_broken_invitation_link_gets_a_clear_page(client):
    response = client.get(reverse("collectives:invitation", args=["abc:def"]))
    assert response.status_code == 410
    assert response.context["error"].code == "invalid"


def test_join_with_charter_then_coordinator_accepts_with_htmx(client, world):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.requires_charter_agreement = True
    world.collective.save()
    GovernanceTextFactory(collective=world.collective, kind=TextKind.CHARTER, title="Charte")
    client.force_login(world.outsider)
    url = reverse("collectives:join", args=[world.collective.slug])
    response = client.post(url, {"message": "Je représente une association."})
    assert response.status_code == 200
    assert response.context["form"].errors["agrees_to_charter"]
    assert response.context["form"]["message"].value() == "Je représente une association."
    assert not MembershipRequest.objects.exists()
    response = client.post(
        url, {"message": "Je représente une association.", "agrees_to_charter": "on"}
    )
    assert response.status_code == 302
    request = MembershipRequest.objects.get()

    client.force_login(world.coordinator)
    accept = reverse("collectives:accept_request", args=[world.collective.slug, request.pk])
    partial = htmx_post(client, accept).content.decode()
    row, _, rest = partial.strip().partition("</li>")
    assert row.startswith(f'<li class="request" id="request-{request.pk}">')
    # The answer's message goes to the page's live region, out of band.
    assert 'hx-swap-oob="innerHTML:#messages"' in rest and "est désormais membre" in rest
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    # The swapped row is the row a fresh page shows (but for the focus it takes).
    page = client.get(reverse("collectives:requests", args=[world.collective.slug]))
    fresh = row.replace(' tabindex="-1" autofocus', "") + "</li>"
    assert fresh in page.content.decode()


def test_refusing_without_a_reason_keeps_the_request_and_says_why(client, world):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    request = services.request_to_join(user=world.outsider, collective=world.collective)
    client.force_login(world.coordinator)
    url = reverse("collectives:refuse_request", args=[world.collective.slug, request.pk])
    response = htmx_post(client, url, {"reason": ""})
    assert 'aria-invalid="true"' in response.content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_adding_organisations(client, world):
    client.force_login(world.coordinator)
    url = reverse("collectives:organisations", args=[world.collective.slug])
    response = client.post(url, {"name": "  Ville   de Meyrin ", "kind": "public_body"})
    assert response.status_code == 302
    meyrin = Organisation.objects.get(name="Ville de Meyrin")
    assert world.collective.organisations.filter(pk=meyrin.pk).exists()
    # The same name again: a clear message, no second organisation.
    response = client.post(url, {"name": "ville de meyrin"})
    assert "already takes part" in str(response.context["form"].errors) or "participe déjà" in str(
        response.context["form"].errors
    )
    assert Organisation.objects.filter(name__iexact="ville de meyrin").count() == 1
    response = client.post(url, {})
    assert response.context["form"].non_field_errors()
    assert AuditEvent.objects.filter(action="collective.organisation_added").count() == 1


def test_members_cannot_add_organisations(client, world):
    client.force_login(world.member)
    url = reverse("collectives:organisations", args=[world.collective.slug])
    assert client.get(url).context["form"] is None
    assert client.post(url, {"name": "Fondation Zoein"}).status_code == 403
    assert not Organisation.objects.filter(name="Fondation Zoein").exists()


def test_ending_a_membership_keeps_it_in_the_history(client, world):
    client.force_login(world.coordinator)
    membership = Membership.objects.get(user=world.member)
    url = reverse("collectives:end_membership", args=[world.collective.slug, membership.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "form" in confirm.context
    membership.refresh_from_db()
    assert membership.is_active  # asking is not ending
    client.post(url, {"reason": "Fin de mandat"})
    page = client.get(reverse("collectives:members", args=[world.collective.slug]))
    assert [m.user for m in page.context["past_members"]] == [world.member]
    assert "Fin de mandat" in page.content.decode()
    # The former member no longer sees the private collective.
    client.force_login(world.member)
    assert client.get(world.collective.get_absolute_url()).status_code == 404


def test_the_audit_log_lists_changes_for_coordinators(client, world):
    services.change_role(
        actor=world.coordinator,
        membership=Membership.objects.get(user=world.observer),
        role="member",
    )
    client.force_login(world.coordinator)
    response = client.get(reverse("audit:log", args=[world.collective.slug]))
    events = list(response.context["page"])
    assert events[0].action == "membership.role_changed"
    assert events[0].actor == world.coordinator
    # Another collective's events never show here.
    assert all(event.collective_id == world.collective.pk for event in events)


def _png():
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_settings_change_with_a_logo_is_audited(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.coordinator)
    url = reverse("collectives:edit", args=[world.collective.slug])
    data = {
        "name": world.collective.name,
        "short_name": "RTE Genève",
        "territory": "Genève",
        "region": "GE",
        "description": "Groupe de travail",
        "visibility": "public",
        "languages": ["fr", "de"],
        "logo": SimpleUploadedFile("logo.png", _png(), content_type="image/png"),
    }
    assert client.post(url, data).status_code == 302
    world.collective.refresh_from_db()
    assert world.collective.short_name == "RTE Genève" and world.collective.is_public
    assert world.collective.logo.name.startswith("logos/")
    event = AuditEvent.objects.get(action="collective.updated")
    assert ("visibility", "private", "public") in event.changes()
    # Not an image: refused with a message, nothing changed.
    data["logo"] = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    data["short_name"] = "Autre"
    response = client.post(url, data)
    assert response.context["form"].errors["logo"]
    world.collective.refresh_from_db()
    assert world.collective.short_name == "RTE Genève"


def test_organisations_of_other_private_collectives_stay_unknown(client, world):
    hidden = OrganisationFactory(name="Fondation privée")
    world.other.organisations.add(hidden)  # the coordinator is not in world.other
    public = CollectiveFactory(public=True)
    shown = OrganisationFactory(name="Ville de Meyrin")
    public.organisations.add(shown)
    client.force_login(world.coordinator)
    form = client.get(reverse("collectives:organisations", args=[world.collective.slug]))
    choices = list(form.context["form"].fields["existing"].queryset)
    assert choices == [shown]

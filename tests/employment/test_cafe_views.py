"""The job café's pages: the registration on a phone-sized form without JavaScript,
the seeker's link (their data only, download, deletion), profile views recorded,
what the coordinator sees."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from maillage.employment import services_cafe as services
from maillage.employment import services_seekers as seeker_services
from maillage.employment.models import ProfileView, Seeker, Wish

from .setting_cafe import PDF, build_cafe, pdf, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def registration_data(made, **more):
    first, second = made.recruiters[:2]
    return {
        "name": "Awa Diallo",
        "email": "awa@example.org",
        "phone": "06 12 34 56 78",
        "wishes_text": "Préparation de commandes",
        "availability": "Lundi au vendredi",
        "mobility": "public_transport",
        "referrer": "mission_locale",
        "referrer_detail": "Mission locale de Clichy",
        "needs": "",
        f"wish_{first.pk}": "3",
        f"wish_{second.pk}": "1",
        "consent": "on",
        "website": "",
    } | more


def test_the_registration_form_works_without_javascript(client, world):
    made = build_cafe(world, seekers=0)
    url = reverse("employment:register", args=[made.cafe.event_id])
    page = client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<script" not in html.split("</header>")[-1].split("<footer")[0]  # plain HTML form
    assert 'enctype="multipart/form-data"' in html and "Very much" in html
    assert services.default_consent_text() in html
    response = client.post(url, registration_data(made) | {"cv": pdf()}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "employment:register_sent", args=[made.cafe.event_id]
    )
    seeker = Seeker.objects.get(cafe=made.cafe)
    assert (seeker.name, seeker.email, seeker.referrer) == (
        "Awa Diallo",
        "awa@example.org",
        "mission_locale",
    )
    assert seeker.consents and seeker.cv
    weights = dict(Wish.objects.filter(seeker=seeker).values_list("recruiter_id", "weight"))
    assert weights == {made.recruiters[0].pk: 3, made.recruiters[1].pk: 1}


def test_registering_twice_says_the_same_and_makes_one_row(client, world):
    made = build_cafe(world, seekers=0)
    url = reverse("employment:register", args=[made.cafe.event_id])
    for _ in range(2):
        response = client.post(url, registration_data(made), follow=True)
        assert "Check the e-mail at awa@example.org" in response.content.decode()
    assert Seeker.objects.filter(cafe=made.cafe).count() == 1


def test_a_cv_that_is_not_a_pdf_shows_a_message_and_keeps_what_was_typed(client, world):
    made = build_cafe(world, seekers=0)
    url = reverse("employment:register", args=[made.cafe.event_id])
    fake = pdf(b"PK\x03\x04 a word file", name="cv.pdf")
    response = client.post(url, registration_data(made) | {"cv": fake})
    html = response.content.decode()
    assert response.status_code == 400
    assert "This CV is not a PDF file" in html
    assert 'value="Awa Diallo"' in html and 'value="Préparation de commandes"' in html
    assert f'name="wish_{made.recruiters[0].pk}" value="3"' in html.replace(" checked", "")
    assert "Choose your CV again" in html
    assert not Seeker.objects.exists()


def test_the_public_event_page_of_a_job_cafe_links_to_its_form(client, world):
    made = build_cafe(world, seekers=0)
    event = made.cafe.event
    html = client.get(event.get_absolute_url()).content.decode()
    assert reverse("employment:register", args=[event.pk]) in html
    assert reverse("events:register", args=[event.collective.slug, event.pk]) not in html


def test_a_seekers_link_shows_only_their_data(client, world):
    made = build_cafe(world, seekers=2)
    mine, theirs = made.seekers
    html = client.get(reverse("employment:seeker_page", args=[mine.key])).content.decode()
    assert mine.name in html and mine.email in html
    assert theirs.name not in html and theirs.email not in html
    assert not ProfileView.objects.exists()  # the seeker reading their own page


def test_a_wrong_or_erased_key_is_a_404(client, world):
    made = build_cafe(world, seekers=1)
    assert client.get(reverse("employment:seeker_page", args=["nope"])).status_code == 404
    seeker_services.erase_seeker(seeker=made.seekers[0])
    url = reverse("employment:seeker_page", args=[made.seekers[0].key])
    assert client.get(url).status_code == 404


def test_the_profile_and_cv_views_are_recorded(client, world):
    made = build_cafe(world, seekers=1)
    seeker = made.seekers[0]
    seeker.cv.save("cv.pdf", pdf(), save=True)
    client.force_login(world.facilitator)
    args = [world.collective.slug, made.cafe.event_id, seeker.pk]
    assert client.get(reverse("employment:seeker", args=args)).status_code == 200
    response = client.get(reverse("employment:seeker_cv", args=args))
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    views = list(ProfileView.objects.order_by("at", "pk").values_list("seeker", "user", "what"))
    assert views == [
        (seeker.pk, world.facilitator.pk, "profile"),
        (seeker.pk, world.facilitator.pk, "cv"),
    ]
    # The seeker sees who read their profile.
    html = client.get(reverse("employment:seeker_page", args=[seeker.key])).content.decode()
    assert world.facilitator.display_name in html


def test_the_coordinator_sees_counts_not_names(client, world):
    made = build_cafe(world, seekers=2)
    client.force_login(world.coordinator)
    html = client.get(made.cafe.get_absolute_url()).content.decode()
    assert "Personne 1" not in html and "Personne 2" not in html
    client.force_login(world.facilitator)
    html = client.get(
        reverse("employment:seekers", args=[world.collective.slug, made.cafe.event_id])
    ).content.decode()
    assert "Personne 1" in html and "Personne 2" in html


def test_the_download_holds_the_seekers_data(client, world):
    made = build_cafe(world, seekers=1)
    seeker = made.seekers[0]
    seeker_services.log_profile_view(seeker=seeker, recruiter=made.recruiters[0])
    response = client.get(reverse("employment:seeker_data", args=[seeker.key]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["name"] == "Personne 1"
    assert data["profile"]["email"] == "personne1@example.org"
    assert data["consent"]["text"] == seeker.consent_text
    assert [wish["recruiter"] for wish in data["wishes"]] == [
        "Employeur 1",
        "Employeur 2",
        "Employeur 3",
    ]
    assert data["meetings"] == [] and data["outcomes"] == [] and data["follow_ups"] == []
    assert data["profile_views"][0]["by"] == "Employeur 1"
    assert data["profile_views"][0]["as"] == "recruiter"


def test_delete_asks_first_then_erases(client, world):
    made = build_cafe(world, seekers=1)
    seeker = made.seekers[0]
    url = reverse("employment:seeker_delete", args=[seeker.key])
    assert "cannot be undone" in client.get(url).content.decode()
    seeker.refresh_from_db()
    assert seeker.erased_at is None
    response = client.post(url)
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert seeker.erased_at is not None and seeker.name == "—" and seeker.email == ""


def test_consent_withdrawn_from_the_link(client, world):
    made = build_cafe(world, seekers=1)
    seeker = made.seekers[0]
    client.post(reverse("employment:seeker_consent", args=[seeker.key]), {"consent": "no"})
    seeker.refresh_from_db()
    assert not seeker.consents


def test_the_cv_replaced_from_the_link_must_be_a_pdf(client, world):
    made = build_cafe(world, seekers=1)
    seeker = made.seekers[0]
    url = reverse("employment:seeker_cv_upload", args=[seeker.key])
    response = client.post(url, {"cv": pdf(b"not a pdf")}, follow=True)
    assert "This CV is not a PDF file" in response.content.decode()
    seeker.refresh_from_db()
    assert not seeker.cv
    client.post(url, {"cv": pdf()})
    seeker.refresh_from_db()
    assert seeker.cv
    client.post(reverse("employment:seeker_cv_delete", args=[seeker.key]))
    seeker.refresh_from_db()
    assert not seeker.cv


def test_the_profile_is_changed_from_the_link(client, world):
    made = build_cafe(world, seekers=1)
    seeker = made.seekers[0]
    url = reverse("employment:seeker_profile", args=[seeker.key])
    data = {"name": "Personne Un", "wishes_text": "Vente", f"wish_{made.recruiters[2].pk}": "2"}
    assert client.post(url, data).status_code == 302
    seeker.refresh_from_db()
    assert (seeker.name, seeker.wishes_text) == ("Personne Un", "Vente")
    assert list(seeker.wishes.values_list("recruiter", "weight")) == [(made.recruiters[2].pk, 2)]


def test_check_in_on_the_day(client, world):
    made = build_cafe(world, seekers=1)
    seeker = made.seekers[0]
    client.force_login(world.facilitator)
    args = [world.collective.slug, made.cafe.event_id, seeker.pk]
    client.post(reverse("employment:check_in", args=args), {"status": "arrived"})
    seeker.refresh_from_db()
    assert seeker.status == "arrived" and seeker.arrived_at is not None


def test_registration_by_a_seeker_registered_through_the_service(world):
    made = build_cafe(world, seekers=0)
    assert register(made).already is False


def test_the_events_page_of_a_job_cafe_offers_to_set_it_up(client, world):
    from ..events.setting import build_event

    event = build_event(world, public=False, kind="job_cafe")
    client.force_login(world.facilitator)
    page = client.get(reverse("events:event_manage", args=[world.collective.slug, event.pk]))
    setup = reverse("employment:cafe_setup", args=[world.collective.slug, event.pk])
    assert setup in page.content.decode()
    data = {"rotations": "5", "minutes_per_rotation": "8", "seats": "3", "first_round": "14:30"}
    assert client.post(setup, data).status_code == 302
    assert (event.cafe.rotations, event.cafe.seats) == (5, 3)
    other = build_event(world, public=False)
    page = client.get(reverse("events:event_manage", args=[world.collective.slug, other.pk]))
    assert "emploi/cafes" not in page.content.decode()


def test_the_collectives_page_links_to_employment(client, world):
    url = reverse("collectives:detail", args=[world.collective.slug])
    home = reverse("employment:home", args=[world.collective.slug])
    client.force_login(world.member)
    assert home not in client.get(url).content.decode()
    client.force_login(world.coordinator)
    assert home in client.get(url).content.decode()  # always, to start
    build_cafe(world, public=False, seekers=0)
    client.force_login(world.member)
    assert home in client.get(url).content.decode()


def test_a_private_collectives_cafe_takes_registrations_by_its_address_only(client, world):
    """The hub's collective is private: its café's form answers at its address (the
    prescribers hand it out), while its event page and agenda stay private, and a draft
    café or another kind of event has no such form."""
    from maillage.events import services as event_services

    from ..events.setting import build_event

    made = build_cafe(world, public=False, seekers=0)
    event = made.cafe.event
    form = client.get(reverse("employment:register", args=[event.pk]))
    assert form.status_code == 200 and event.title in form.content.decode()
    public_page = reverse("events:event", args=[world.collective.slug, event.pk])
    assert client.get(public_page).status_code == 404
    draft = build_cafe(world, public=False, seekers=0, publish=False)
    assert client.get(reverse("employment:register", args=[draft.cafe.event_id])).status_code == 404
    round_table = build_event(world, public=False)
    assert client.get(reverse("employment:register", args=[round_table.pk])).status_code == 404
    event_services.cancel_event(actor=world.coordinator, event=event)
    # A cancelled café takes no registration.
    data = {"name": "Awa Traoré", "email": "awa@example.org", "consent": "on"}
    client.post(reverse("employment:register", args=[event.pk]), data)
    assert not Seeker.objects.filter(email="awa@example.org").exists()

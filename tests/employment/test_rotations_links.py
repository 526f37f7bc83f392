"""The recruiter's page by their personal link (phone first): their schedule, only the
consenting seekers of their own café, each profile and CV view logged, an outcome
recorded with or without htmx; another café's meeting cannot be changed with a
recruiter's key. The link personas: own key, another café's key, a wrong key."""

from types import SimpleNamespace

import lxml.html
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from maillage.employment.models import ProfileView, Seeker, Slot
from maillage.employment.services_rotations import plan_rotations

from ..htmx import htmx_post
from ..test_htmx_fragments import normalised, swapped_elements
from .setting import build_cafe

pytestmark = pytest.mark.django_db


def planned(world, **options):
    made = build_cafe(world, **options)
    plan_rotations(actor=world.facilitator, cafe=made.cafe)
    return made


def other_cafe(world):
    """A café of another collective (the world's ``other``, where the outsider is a
    member and organises it), with its own people."""
    twin = SimpleNamespace(**vars(world))
    twin.collective = world.other
    twin.coordinator = twin.facilitator = world.outsider
    made = build_cafe(twin, recruiters=2, seekers=2, public=False)
    Seeker.objects.filter(cafe=made.cafe).update(name="Autre Personne")
    for number, recruiter in enumerate(made.recruiters):
        recruiter.name = f"Autre employeur {number + 1}"
        recruiter.save(update_fields=["name"])
    plan_rotations(actor=world.outsider, cafe=made.cafe)
    return made


def test_the_recruiter_sees_only_consenting_seekers_of_their_café_and_each_view_is_logged(
    client, world
):
    made = planned(world)
    recruiter = made.recruiters[0]
    private = made.seekers[0]
    Seeker.objects.filter(pk=private.pk).update(consented_at=None, name="Secrète Discrète")
    other = other_cafe(world)
    page = client.get(reverse("employment:recruiter_page", args=[recruiter.key]))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Secrète" not in content and "Autre" not in content
    assert "Personne" in content  # first names of the consenting seekers
    assert "Personne 2" not in content  # first names only
    logged = set(
        ProfileView.objects.filter(recruiter=recruiter).values_list("seeker_id", flat=True)
    )
    assert logged == {s.pk for s in made.seekers[1:]}
    assert not ProfileView.objects.filter(seeker__cafe=other.cafe).exists()
    # Their schedule: every meeting of theirs, with three buttons each.
    mine = Slot.objects.filter(recruiter=recruiter).count()
    assert mine and content.count('name="outcome"') == 3 * mine
    # The one who did not consent is "a job seeker" in the schedule, without a profile.
    if Slot.objects.filter(recruiter=recruiter, seeker=private).exists():
        assert "A job seeker" in content or "Une personne" in content


def test_the_cv_is_served_to_the_café_s_recruiters_and_logged(client, world):
    made = build_cafe(world)
    seeker = made.seekers[0]
    seeker.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    url = reverse("employment:recruiter_seeker_cv", args=[made.recruiters[0].key, seeker.pk])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        ProfileView.objects.filter(seeker=seeker, recruiter=made.recruiters[0], what="cv").count()
        == 1
    )
    # Without consent, or from another café's recruiter: 404, nothing logged.
    other = other_cafe(world)
    url = reverse("employment:recruiter_seeker_cv", args=[other.recruiters[0].key, seeker.pk])
    assert client.get(url).status_code == 404
    Seeker.objects.filter(pk=seeker.pk).update(consented_at=None)
    url = reverse("employment:recruiter_seeker_cv", args=[made.recruiters[0].key, seeker.pk])
    assert client.get(url).status_code == 404
    assert ProfileView.objects.filter(what="cv").count() == 1


def test_the_recruiter_records_an_outcome_without_javascript(client, world):
    made = planned(world)
    slot = Slot.objects.filter(recruiter=made.recruiters[0]).first()
    url = reverse("employment:meeting_outcome", args=[made.recruiters[0].key, slot.pk])
    response = client.post(url, {"outcome": "interview"}, follow=True)
    assert response.status_code == 200
    slot.refresh_from_db()
    assert slot.outcome == "interview"
    assert 'aria-pressed="true"' in response.content.decode()
    # A value that is not offered changes nothing and says so.
    response = client.post(url, {"outcome": "peut-être"}, follow=True)
    slot.refresh_from_db()
    assert slot.outcome == "interview"
    with translation.override("fr"):
        said = gettext("Choose one of the outcomes offered.")
    assert said != "Choose one of the outcomes offered."  # translated
    assert [str(m) for m in response.context["messages"]] == [said]


def test_with_htmx_the_meeting_updates_in_place(client, world):
    """The answer is the meeting's element as the page reloaded shows it, and the
    message goes out of band to the page's live region."""
    made = planned(world)
    recruiter = made.recruiters[0]
    slot = Slot.objects.filter(recruiter=recruiter).first()
    url = reverse("employment:meeting_outcome", args=[recruiter.key, slot.pk])
    response = htmx_post(client, url, {"outcome": "follow_up"})
    assert response.status_code == 200 and b"<html" not in response.content
    slot.refresh_from_db()
    assert slot.outcome == "follow_up"
    swapped = swapped_elements(response)
    assert [element.get("id") for element in swapped] == [f"meeting-{slot.pk}"]
    assert 'hx-swap-oob="innerHTML:#messages"' in response.content.decode()
    page = client.get(reverse("employment:recruiter_page", args=[recruiter.key]))
    found = lxml.html.document_fromstring(page.content.decode()).get_element_by_id(
        f"meeting-{slot.pk}"
    )
    assert normalised(swapped[0], focus=False) == normalised(found, focus=False)
    assert "is-chosen" in normalised(found)
    # A refused value answers with the meeting unchanged and the message, not a page.
    response = htmx_post(client, url, {"outcome": "peut-être"})
    assert response.status_code == 200 and b"<html" not in response.content
    assert 'role="alert"' in response.content.decode()
    slot.refresh_from_db()
    assert slot.outcome == "follow_up"


def test_another_café_s_meeting_cannot_be_changed_with_a_recruiter_s_key(client, world):
    made = planned(world)
    other = other_cafe(world)
    theirs = Slot.objects.filter(cafe=other.cafe).first()
    colleague = Slot.objects.filter(cafe=made.cafe).exclude(recruiter=made.recruiters[0]).first()
    for slot in (theirs, colleague):
        url = reverse("employment:meeting_outcome", args=[made.recruiters[0].key, slot.pk])
        assert client.post(url, {"outcome": "no"}).status_code == 404
        slot.refresh_from_db()
        assert slot.outcome == ""


@pytest.mark.parametrize("persona", ["own", "other", "wrong"])
def test_recruiter_link_personas(client, world, persona):
    made = planned(world)
    Seeker.objects.filter(cafe=made.cafe).update(name="Zélie Martin")
    other = other_cafe(world)
    key = {
        "own": made.recruiters[0].key,
        "other": other.recruiters[0].key,
        "wrong": "pas-une-cle-valide",
    }[persona]
    mine = Slot.objects.filter(recruiter=made.recruiters[0]).first()
    page = client.get(reverse("employment:recruiter_page", args=[key]))
    outcome = client.post(
        reverse("employment:meeting_outcome", args=[key, mine.pk]), {"outcome": "no"}
    )
    cv = client.get(reverse("employment:recruiter_seeker_cv", args=[key, made.seekers[0].pk]))
    mine.refresh_from_db()
    if persona == "own":
        assert page.status_code == 200 and "Zélie" in page.content.decode()
        assert outcome.status_code == 302 and mine.outcome == "no"
        assert cv.status_code == 404  # no CV was sent
    elif persona == "other":
        # Their own page, which shows nothing of this café.
        assert page.status_code == 200 and "Zélie" not in page.content.decode()
        assert outcome.status_code == 404 and mine.outcome == ""
        assert cv.status_code == 404
    else:
        assert page.status_code == 404
        assert outcome.status_code == 404 and mine.outcome == ""
        assert cv.status_code == 404


@pytest.mark.parametrize("persona", ["own", "other", "wrong"])
def test_seeker_link_personas(client, world, persona):
    made = planned(world)
    other = other_cafe(world)
    key = {
        "own": made.seekers[0].key,
        "other": other.seekers[0].key,
        "wrong": "pas-une-cle-valide",
    }[persona]
    response = client.get(reverse("employment:seeker_rounds", args=[key]))
    if persona == "wrong":
        assert response.status_code == 404
        return
    assert response.status_code == 200
    content = response.content.decode()
    if persona == "own":
        names = set(
            Slot.objects.filter(seeker=made.seekers[0]).values_list("recruiter__name", flat=True)
        )
        assert names and all(name in content for name in names)
    else:
        assert not any(
            r.name in content
            for r in made.recruiters
            if r.name not in {x.name for x in other.recruiters}
        )

"""The job café's services: setting up, recruiters, registration (once per address,
consent with its text, the CV's checks), the seeker's own changes and the erasure."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.employment import services_cafe as services
from maillage.employment import services_seekers as seeker_services
from maillage.employment.models import Cafe, Seeker, SeekerStatus

from ..events.setting import build_event
from .setting_cafe import PDF, build_cafe, pdf, register

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_job_cafe_is_set_up_from_an_event_of_its_kind_only(world):
    event = build_event(world, kind="job_cafe")
    cafe = services.set_up_cafe(actor=world.coordinator, event=event, rotations=5, seats=3)
    assert (cafe.rotations, cafe.seats) == (5, 3)
    assert services.set_up_cafe(actor=world.coordinator, event=event) == cafe  # once
    other = build_event(world)
    with pytest.raises(DomainError, match="job café"):
        services.set_up_cafe(actor=world.coordinator, event=other)
    assert not Cafe.objects.filter(event=other).exists()


def test_update_cafe_refuses_a_number_out_of_range(world):
    made = build_cafe(world)
    with pytest.raises(DomainError) as refused:
        services.update_cafe(actor=world.facilitator, cafe=made.cafe, seats=0)
    assert refused.value.field == "seats"
    services.update_cafe(actor=world.facilitator, cafe=made.cafe, rotations=8, consent_text="Oui")
    made.cafe.refresh_from_db()
    assert (made.cafe.rotations, made.cafe.consent_text) == (8, "Oui")


def test_recruiters_and_offers(world):
    made = build_cafe(world, recruiters=1, seekers=0)
    recruiter = services.add_recruiter(
        actor=world.coordinator, cafe=made.cafe, name="Stef", sectors="Logistique", tables=2
    )
    with pytest.raises(DomainError, match="already has a recruiter"):
        services.add_recruiter(actor=world.coordinator, cafe=made.cafe, name="Stef")
    offer = services.add_offer(
        actor=world.coordinator, recruiter=recruiter, title="Préparateur", contract="cdi", hours=35
    )
    with pytest.raises(DomainError) as refused:
        services.add_offer(actor=world.coordinator, recruiter=recruiter, title="X", contract="")
    assert refused.value.field == "contract"
    services.set_recruiter_present(actor=world.facilitator, recruiter=recruiter, present=False)
    recruiter.refresh_from_db()
    assert recruiter.present is False
    services.remove_offer(actor=world.coordinator, offer=offer)
    services.remove_recruiter(actor=world.coordinator, recruiter=recruiter)
    assert list(made.cafe.recruiters.values_list("name", flat=True)) == ["Employeur 1"]


def test_registering_twice_gives_one_row_and_resends_the_link_at_most_once_an_hour(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    made = build_cafe(world, seekers=0)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(made)
        again = register(made, name="Autre nom", email="INSCRITE1@example.org")
    assert again.pk == first.pk and again.already is True and first.already is False
    assert Seeker.objects.filter(cafe=made.cafe).count() == 1
    assert Seeker.objects.get().name == "Inscrite 1"  # nothing changed
    assert len(mailoutbox) == 1  # the link went with the registration, not again
    with django_capture_on_commit_callbacks(execute=True):
        register(made, now=timezone.now() + timedelta(hours=2))
    assert len(mailoutbox) == 2
    assert first.key in mailoutbox[1].body


def test_consent_is_recorded_with_its_exact_text(world):
    made = build_cafe(world, seekers=0)
    seeker = register(made)
    assert seeker.consents
    assert seeker.consent_text == services.default_consent_text()
    made.cafe.consent_text = "Je montre mon profil aux recruteurs de Clichy."
    made.cafe.save()
    other = register(made, number=2)
    assert other.consent_text == "Je montre mon profil aux recruteurs de Clichy."
    without = register(made, number=3, consent=False)
    assert not without.consents and without.consent_text == ""


def test_a_cv_that_is_not_a_pdf_is_refused_and_nothing_is_stored(world):
    made = build_cafe(world, seekers=0)
    with pytest.raises(DomainError) as refused:
        register(made, cv=pdf(b"GIF89a not a pdf", name="cv.pdf"))
    assert refused.value.field == "cv"
    assert "not a PDF" in refused.value.message
    assert not Seeker.objects.exists()


def test_a_cv_too_large_is_refused(world, settings):
    settings.EMPLOYMENT_CV_MAX_BYTES = 100
    made = build_cafe(world, seekers=0)
    with pytest.raises(DomainError, match="too large") as refused:
        register(made, cv=pdf(PDF + b"x" * 200))
    assert refused.value.field == "cv"
    assert not Seeker.objects.exists()


def test_a_pdf_cv_is_stored_under_a_random_name(world):
    made = build_cafe(world, seekers=0)
    seeker = register(made, cv=pdf())
    assert seeker.cv.name.startswith("employment/cv/") and "mon-cv" not in seeker.cv.name
    with seeker.cv.open("rb") as stored:
        assert stored.read() == PDF


def test_registrations_follow_the_event(world):
    made = build_cafe(world, seekers=0)
    event = made.cafe.event
    event.registrations_closed_at = timezone.now()
    event.save()
    with pytest.raises(DomainError, match="closed"):
        register(made)


def test_withdrawing_consent_hides_the_profile_at_once(world):
    made = build_cafe(world, seekers=1)
    seeker = made.seekers[0]
    seeker_services.set_consent(seeker=seeker, consent=False)
    seeker.refresh_from_db()
    assert not seeker.consents
    consenting = Seeker.objects.filter(cafe=made.cafe, consented_at__isnull=False)
    assert not consenting.exists()


def test_the_seekers_changes_update_their_last_activity(world):
    made = build_cafe(world, seekers=1)
    seeker = made.seekers[0]
    later = timezone.now() + timedelta(days=3)
    seeker_services.keep_data(seeker=seeker, now=later)
    seeker.refresh_from_db()
    assert seeker.last_activity_at == later
    assert seeker.keep_until == (later + timedelta(days=365)).date()


def test_erase_keeps_the_row_without_personal_data(world):
    made = build_cafe(world, seekers=0)
    seeker = register(made, cv=pdf(), phone="06 12 34 56 78")
    path = seeker.cv.path
    seeker_services.erase_seeker(seeker=seeker)
    seeker.refresh_from_db()
    assert (seeker.name, seeker.email, seeker.phone, seeker.wishes_text) == ("—", "", "", "")
    assert not seeker.cv and not seeker.consents and seeker.erased_at is not None
    import os

    assert not os.path.exists(path)
    assert Seeker.objects.filter(cafe=made.cafe).count() == 1  # still counted


def test_the_log_never_names_a_seeker(world):
    made = build_cafe(world, seekers=0)
    seeker = register(made)
    services.check_in(actor=world.facilitator, seeker=seeker, status=SeekerStatus.ARRIVED)
    seeker_services.erase_seeker(seeker=seeker)
    for event in AuditEvent.objects.filter(action__startswith="employment.seeker"):
        text = f"{event.object_repr} {event.before} {event.after}"
        assert "Inscrite" not in text and "inscrite1" not in text


def test_periodic_erasure_respects_keep_until(world, settings):
    settings.EMPLOYMENT_SEEKER_RETENTION_DAYS = 30
    made = build_cafe(world, seekers=3)
    old = timezone.now() - timedelta(days=40)
    Seeker.objects.filter(cafe=made.cafe).update(last_activity_at=old)
    kept, gone, recent = made.seekers
    Seeker.objects.filter(pk=kept.pk).update(keep_until=timezone.now().date() + timedelta(days=5))
    Seeker.objects.filter(pk=recent.pk).update(last_activity_at=timezone.now())
    assert seeker_services.erase_inactive_seekers() == 1
    erased = set(Seeker.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {gone.pk}
    assert seeker_services.erase_inactive_seekers() == 0


def test_walk_in_needs_a_name_only(world):
    made = build_cafe(world, seekers=0)
    seeker = services.add_walk_in(actor=world.facilitator, cafe=made.cafe, name="Sans inscription")
    assert seeker.status == SeekerStatus.ARRIVED and seeker.email == ""
    with pytest.raises(DomainError):
        services.add_walk_in(actor=world.facilitator, cafe=made.cafe, name="  ")


def test_a_recruiters_bad_contact_address_is_refused_on_its_own_field(world):
    made = build_cafe(world, seekers=0)
    with pytest.raises(DomainError) as refused:
        services.add_recruiter(
            actor=world.facilitator, cafe=made.cafe, name="RATP", contact_email="pas-une-adresse"
        )
    assert refused.value.field == "contact_email"
    recruiter = services.add_recruiter(
        actor=world.facilitator, cafe=made.cafe, name="RATP", contact_email=""
    )
    assert recruiter.contact_email == ""

import pytest
from django.urls import reverse

from maillage.audit.models import AuditEvent
from maillage.core.errors import ConflictError, DomainError
from maillage.governance import services
from maillage.governance.diff import compare
from maillage.governance.models import GovernanceText, GovernanceTextVersion, TextKind

from .factories import MembershipFactory
from .htmx import htmx_get

pytestmark = pytest.mark.django_db


def test_each_edit_makes_a_version_and_an_audit_entry(world):
    text = services.update_text(
        actor=world.facilitator,
        text=world.text,
        title="Pourquoi nous sommes là",
        body="Pour un revenu de transition écologique à Genève.",
        base_version=1,
        comment="Titre plus direct",
    )
    assert text.version == 2
    versions = list(text.versions.order_by("number").values_list("number", "title", "author"))
    assert versions == [
        (1, "Notre raison d'être", world.coordinator.pk),
        (2, "Pourquoi nous sommes là", world.facilitator.pk),
    ]
    event = AuditEvent.objects.get(action="governance.text_updated")
    assert event.actor == world.facilitator
    assert event.before["title"] == "Notre raison d'être"
    assert event.after["title"] == "Pourquoi nous sommes là"


def test_a_save_from_an_old_version_is_refused_and_nothing_is_overwritten(world):
    """Two people opened version 1; the first saves, the second gets a conflict."""
    services.update_text(
        actor=world.coordinator, text=world.text, title="Titre A", body="Texte A", base_version=1
    )
    with pytest.raises(
        ConflictError, match="Coordinateur·rice RTE a enregistré une nouvelle version"
    ) as exc:
        services.update_text(
            actor=world.facilitator,
            text=world.text,
            title="Titre B",
            body="Texte B",
            base_version=1,
        )
    assert exc.value.code == "conflict"
    world.text.refresh_from_db()
    assert (world.text.title, world.text.body, world.text.version) == ("Titre A", "Texte A", 2)
    assert GovernanceTextVersion.objects.filter(text=world.text).count() == 2


def test_the_edit_page_shows_the_conflict_and_keeps_the_typed_text(client, world):
    url = reverse("governance:edit", args=[world.collective.slug, world.text.pk])
    client.force_login(world.facilitator)
    form = client.get(url).context["form"]
    assert form.initial["base_version"] == 1
    services.update_text(
        actor=world.coordinator, text=world.text, title="Titre A", body="Texte A", base_version=1
    )
    response = client.post(
        url, {"title": "Titre B", "body": "Mon texte à moi", "base_version": 1, "comment": ""}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Mon texte à moi" in page  # what the person typed is still there
    assert "Texte A" in page  # beside the current text
    assert response.context["form"]["base_version"].value() == 2
    world.text.refresh_from_db()
    assert world.text.body == "Texte A"
    # Saving again, knowingly, from the current version works.
    response = client.post(
        url, {"title": "Titre B", "body": "Mon texte à moi", "base_version": 2, "comment": ""}
    )
    assert response.status_code == 302
    world.text.refresh_from_db()
    assert (world.text.body, world.text.version) == ("Mon texte à moi", 3)


def test_empty_or_unchanged_texts_are_refused(world):
    with pytest.raises(DomainError, match="Le texte est vide") as exc:
        services.update_text(
            actor=world.coordinator, text=world.text, title="T", body="  \n ", base_version=1
        )
    assert exc.value.field == "body"
    with pytest.raises(DomainError, match="Rien n'a changé"):
        services.update_text(
            actor=world.coordinator,
            text=world.text,
            title=world.text.title,
            body=world.text.body,
            base_version=1,
        )
    assert world.text.versions.count() == 1


def test_one_text_per_kind_but_free_texts_may_repeat(world):
    with pytest.raises(DomainError, match="a déjà un texte de ce type"):
        services.create_text(
            actor=world.coordinator,
            collective=world.collective,
            kind=TextKind.RAISON_DETRE,
            title="Autre",
            body="Autre",
        )
    for title in ("Compte-rendu fondateur", "Glossaire"):
        services.create_text(
            actor=world.coordinator,
            collective=world.collective,
            kind=TextKind.FREE,
            title=title,
            body="…",
        )
    assert GovernanceText.objects.filter(collective=world.collective).count() == 3


def test_compare_marks_added_and_removed_words():
    paragraphs = compare(
        "Nous voulons un revenu.\nDeuxième.", "Nous voulons un revenu digne.\nDeuxième."
    )
    assert [[(s.kind, s.text) for s in p] for p in paragraphs] == [
        [("same", "Nous voulons un "), ("removed", "revenu."), ("added", "revenu digne.")],
        [("same", "Deuxième.")],
    ]


def test_compare_page_shows_both_versions(client, world):
    services.update_text(
        actor=world.coordinator,
        text=world.text,
        title=world.text.title,
        body="Nous nous réunissons pour un revenu de transition écologique et solidaire.",
        base_version=1,
    )
    client.force_login(world.member)
    url = reverse("governance:compare", args=[world.collective.slug, world.text.pk])
    response = client.get(url, {"de": 1, "a": 2})
    assert response.status_code == 200
    assert "écologique et solidaire.</ins>" in response.content.decode()
    # htmx asks for the comparison alone; it is the same fragment as in the full page.
    partial = htmx_get(client, url, {"de": 1, "a": 2})
    fragment = partial.content.decode().strip()
    assert fragment.startswith('<div id="comparison"')
    assert fragment in response.content.decode()


def test_compare_with_unknown_versions_says_so(client, world):
    client.force_login(world.member)
    url = reverse("governance:compare", args=[world.collective.slug, world.text.pk])
    response = client.get(url, {"de": "x", "a": 99}, follow=True)
    assert response.redirect_chain[-1][0].endswith("/versions/")
    assert any("compare" in str(m) or "comparer" in str(m) for m in response.context["messages"])


def test_a_member_of_another_collective_cannot_edit_by_guessing_ids(client, world):
    other_coordinator = MembershipFactory(coordinator=True, collective=world.other).user
    client.force_login(other_coordinator)
    # The text belongs to world.collective; addressing it through the other collective fails.
    url = reverse("governance:edit", args=[world.other.slug, world.text.pk])
    assert client.post(url, {"title": "x", "body": "y", "base_version": 1}).status_code == 404
    world.text.refresh_from_db()
    assert world.text.version == 1


def test_compare_shows_a_rewritten_phrase_as_one_change_not_confetti():
    old = "l'adhésion à des personnes qui portent un projet utile à la transition"
    new = "l'adhésion à une structure qui mutualise les compétences et les outils"
    [paragraph] = compare(old, new)
    kinds = [(s.kind, s.text.strip()) for s in paragraph]
    assert kinds == [
        ("same", "l'adhésion à"),
        ("removed", "des personnes qui portent un projet utile à la transition"),
        ("added", "une structure qui mutualise les compétences et les outils"),
    ]

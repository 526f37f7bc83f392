"""Comments on an action: the services' rules, the history, and the action's page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from maillage.actions import services
from maillage.actions.models import ActionComment
from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError

from ..factories import make_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(world):
    return make_action(
        collective=world.collective,
        title="Préparer le budget",
        owners=[world.member],
        due_date=timezone.localdate() + timedelta(days=7),
        created_by=world.coordinator,
    )


def detail(world, action):
    return reverse("actions:detail", args=[world.collective.slug, action.pk])


def add_url(world, action):
    return reverse("actions:comment_add", args=[world.collective.slug, action.pk])


def archive_url(world, action, comment):
    return reverse("actions:comment_archive", args=[world.collective.slug, action.pk, comment.pk])


# ---------------------------------------------------------------------------- services


def test_a_member_comments_and_the_history_records_it(world, action):
    comment = services.add_action_comment(actor=world.member, action=action, text=" Bloqué ")
    assert comment.text == "Bloqué" and comment.author == world.member
    assert AuditEvent.objects.filter(
        action="actions.comment_added", object_type="actions.action", object_id=str(action.pk)
    ).exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write something before sending the comment."),
        (" \n ", "Write something before sending the comment."),
        ("z" * 2001, "A comment is at most 2000 characters long; this one has 2001."),
    ],
)
def test_an_empty_or_too_long_comment_is_refused(world, action, text, message):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.add_action_comment(actor=world.member, action=action, text=text)
    assert refused.value.message == message and refused.value.field == "text"
    assert not ActionComment.objects.exists()


def test_observers_and_outsiders_cannot_comment(world, action):
    for person in (world.observer, world.outsider):
        with translation.override("en"), pytest.raises(DomainError) as refused:
            services.add_action_comment(actor=person, action=action, text="Bonjour")
        assert refused.value.message == "Only members of the collective can comment."


def test_only_the_author_or_a_coordinator_archives_a_comment(world, action):
    comment = services.add_action_comment(actor=world.facilitator, action=action, text="Attente")
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.archive_action_comment(actor=world.member, comment=comment)
    assert refused.value.message == "Only its author or a coordinator can archive this comment."
    services.archive_action_comment(actor=world.coordinator, comment=comment)
    comment.refresh_from_db()
    assert comment.archived_at is not None
    assert ActionComment.objects.filter(pk=comment.pk).exists()
    assert AuditEvent.objects.filter(action="actions.comment_archived").count() == 1


# ------------------------------------------------------------------------------- pages


def test_the_page_lists_comments_oldest_first_and_hides_archived_ones(client, english, action):
    services.add_action_comment(actor=english.facilitator, action=action, text="Premier point")
    services.add_action_comment(actor=english.member, action=action, text="Second point")
    gone = services.add_action_comment(actor=english.member, action=action, text="Retiré")
    services.archive_action_comment(actor=english.member, comment=gone)
    client.force_login(english.observer)
    html = client.get(detail(english, action)).content.decode()
    assert html.index("Premier point") < html.index("Second point")
    assert "Retiré" not in html
    assert english.facilitator.display_name in html and "<time datetime=" in html
    # Observers read only.
    assert add_url(english, action) not in html and "/archiver/" not in html


def test_members_comment_and_archive_only_their_own(client, english, action):
    theirs = services.add_action_comment(actor=english.facilitator, action=action, text="A")
    client.force_login(english.member)
    response = client.post(add_url(english, action), {"text": "La salle est libre"}, follow=True)
    html = response.content.decode()
    assert "Your comment is added." in html and "La salle est libre" in html
    mine = ActionComment.objects.get(author=english.member)
    assert archive_url(english, action, mine) in html
    assert archive_url(english, action, theirs) not in html
    assert client.post(archive_url(english, action, theirs)).status_code == 403
    theirs.refresh_from_db()
    assert theirs.archived_at is None
    html = client.post(archive_url(english, action, mine), follow=True).content.decode()
    assert "The comment is archived." in html and "La salle est libre" not in html


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  ", "Write something before sending the comment."),
        ("w" * 2001, "A comment is at most 2000 characters long; this one has 2001."),
    ],
)
def test_a_refused_comment_keeps_what_was_typed(client, english, action, text, message):
    client.force_login(english.coordinator)
    response = client.post(add_url(english, action), {"text": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and f">\n{text}</textarea>" in html
    # The edit form is still there for those who may change the action.
    assert "Edit the action" in html
    assert not ActionComment.objects.exists()


def test_a_coordinator_archives_anyones_comment(client, english, action):
    comment = services.add_action_comment(actor=english.member, action=action, text="Hors sujet")
    client.force_login(english.coordinator)
    assert (
        archive_url(english, action, comment)
        in client.get(detail(english, action)).content.decode()
    )
    client.post(archive_url(english, action, comment))
    assert ActionComment.objects.get(pk=comment.pk).archived_at is not None

"""Comments and links on a project's page, archiving a work stream, giving up a need.

Services first (their rules and the history they leave), then the pages: what each
persona sees, refused input kept with its message, and the history entries.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from maillage.audit.models import AuditEvent
from maillage.core.errors import DomainError
from maillage.projects import services
from maillage.projects.models import Need, ProjectComment, ProjectLink, WorkStream

from .test_board import detail_url, page, url

pytestmark = pytest.mark.django_db


def history(project):
    return list(
        AuditEvent.objects.filter(
            object_type="projects.project", object_id=str(project.pk)
        ).values_list("action", flat=True)
    )


# ---------------------------------------------------------------------------- services


def test_a_member_comments_and_the_history_records_it(world, board):
    comment = services.add_project_comment(
        actor=world.member, project=board.project, text="  La salle est trouvée.\r\nMerci !  "
    )
    assert comment.text == "La salle est trouvée.\nMerci !"
    assert comment.author == world.member and comment.archived_at is None
    assert "projects.comment_added" in history(board.project)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write something before sending the comment."),
        ("   \n\t ", "Write something before sending the comment."),
        ("x" * 2001, "A comment is at most 2000 characters long; this one has 2001."),
    ],
)
def test_an_empty_or_too_long_comment_is_refused(world, board, text, message):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.add_project_comment(actor=world.member, project=board.project, text=text)
    assert refused.value.message == message and refused.value.field == "text"
    assert not ProjectComment.objects.exists()


def test_a_comment_of_exactly_the_maximum_length_is_accepted(world, board):
    comment = services.add_project_comment(
        actor=world.member, project=board.project, text="x" * 2000
    )
    assert len(comment.text) == 2000


def test_observers_and_outsiders_cannot_comment(world, board):
    for person in (world.observer, world.outsider):
        with translation.override("en"), pytest.raises(DomainError) as refused:
            services.add_project_comment(actor=person, project=board.project, text="Bonjour")
        assert refused.value.message == "Only members of the collective can comment."


def test_only_the_author_or_a_coordinator_archives_a_comment(world, board):
    comment = services.add_project_comment(
        actor=world.facilitator, project=board.project, text="À discuter"
    )
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.archive_project_comment(actor=world.member, comment=comment)
    assert refused.value.message == "Only its author or a coordinator can archive this comment."
    comment.refresh_from_db()
    assert comment.archived_at is None
    services.archive_project_comment(actor=world.facilitator, comment=comment)
    comment.refresh_from_db()
    assert comment.archived_at is not None
    assert ProjectComment.objects.filter(pk=comment.pk).exists()  # hidden, not deleted
    with translation.override("en"), pytest.raises(DomainError) as twice:
        services.archive_project_comment(actor=world.coordinator, comment=comment)
    assert twice.value.message == "This comment is already archived."
    other = services.add_project_comment(actor=world.member, project=board.project, text="Oui")
    services.archive_project_comment(actor=world.coordinator, comment=other)
    assert history(board.project).count("projects.comment_archived") == 2


def test_a_link_needs_a_kind_a_title_and_a_full_web_address(world, board):
    project = board.project
    cases = [
        ({"kind": "podcast"}, "kind", "Choose what kind of link it is."),
        ({"title": " "}, "title", "Give the link a title."),
        ({"url": ""}, "url", "Give the link's web address."),
        (
            {"url": "example org"},
            "url",
            "“example org” is not a web address: write it in full, e.g. https://example.org/page.",
        ),
        ({"url": "javascript:alert(1)"}, "url", None),
        ({"url": "https://example.org/" + "a" * 200}, "url", None),
    ]
    for change, field, message in cases:
        data = {"kind": "document", "title": "Rapport", "url": "https://example.org/r.pdf"}
        with translation.override("en"), pytest.raises(DomainError) as refused:
            services.add_link(actor=world.member, project=project, **(data | change))
        assert refused.value.field == field
        if message:
            assert refused.value.message == message
    assert not ProjectLink.objects.exists()


def test_a_link_is_added_then_archived_and_both_are_in_the_history(world, board):
    link = services.add_link(
        actor=world.member,
        project=board.project,
        kind="video",
        title="Le film",
        url=" https://example.org/film ",
    )
    assert (link.kind, link.url) == ("video", "https://example.org/film")
    services.archive_link(actor=world.member, link=link)
    link.refresh_from_db()
    assert link.archived_at is not None
    with translation.override("en"), pytest.raises(DomainError) as twice:
        services.archive_link(actor=world.member, link=link)
    assert twice.value.message == "This link is already archived."
    events = history(board.project)
    assert "projects.link_added" in events and "projects.link_archived" in events


# ------------------------------------------------------------------------------- pages


def test_the_project_page_lists_comments_oldest_first_with_author_and_date(client, english, board):
    project = board.project
    services.add_project_comment(actor=english.facilitator, project=project, text="Premier mot")
    services.add_project_comment(actor=english.member, project=project, text="Second mot")
    hidden = services.add_project_comment(actor=english.member, project=project, text="Effacé")
    services.archive_project_comment(actor=english.member, comment=hidden)
    html = page(client, english.observer, detail_url(english, project))
    assert html.index("Premier mot") < html.index("Second mot")
    assert "Effacé" not in html
    assert english.facilitator.display_name in html and "<time datetime=" in html
    # Observers read, without the form or archive buttons.
    assert 'name="text"' not in html
    assert reverse("projects:comment_add", args=[english.collective.slug, project.pk]) not in html
    assert "comment_archive" not in html and "/commentaires/" not in html


def test_members_see_the_form_and_archive_only_their_own_comments(client, english, board):
    project = board.project
    theirs = services.add_project_comment(actor=english.facilitator, project=project, text="A")
    mine = services.add_project_comment(actor=english.member, project=project, text="B")
    html = page(client, english.member, detail_url(english, project))
    # "Add a comment" opens the form of its own page, loaded when opened.
    assert f'hx-get="{url(english, "comment_add", project)}"' in html
    form = page(client, english.member, url(english, "comment_add", project))
    assert 'name="text"' in form and "Send the comment" in form
    assert f'action="{url(english, "comment_add", project)}"' in form
    assert url(english, "comment_archive", project, mine.pk) in html
    assert url(english, "comment_archive", project, theirs.pk) not in html
    coordinator = page(client, english.coordinator, detail_url(english, project))
    assert url(english, "comment_archive", project, theirs.pk) in coordinator


def test_a_comment_through_the_page_appears_in_the_history(client, english, board):
    project = board.project
    client.force_login(english.member)
    response = client.post(url(english, "comment_add", project), {"text": "Rendez-vous lundi"})
    assert response.status_code == 302
    html = client.get(detail_url(english, project)).content.decode()
    assert "Your comment is added." in html and "Rendez-vous lundi" in html
    timeline = html[html.index('id="history-title"') :]
    assert "Comment added" in timeline


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Write something before sending the comment."),
        ("y" * 2001, "A comment is at most 2000 characters long; this one has 2001."),
    ],
)
def test_a_refused_comment_keeps_what_was_typed(client, english, board, text, message):
    client.force_login(english.member)
    response = client.post(url(english, "comment_add", board.project), {"text": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f">\n{text}</textarea>" in html
    assert not ProjectComment.objects.exists()


def test_a_plain_member_cannot_archive_someone_elses_comment(client, english, board):
    comment = services.add_project_comment(
        actor=english.facilitator, project=board.project, text="À garder"
    )
    client.force_login(english.member)
    response = client.post(url(english, "comment_archive", board.project, comment.pk))
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.archived_at is None


def test_the_author_archives_their_comment_through_the_page(client, english, board):
    comment = services.add_project_comment(actor=english.member, project=board.project, text="Oups")
    client.force_login(english.member)
    response = client.post(url(english, "comment_archive", board.project, comment.pk), follow=True)
    html = response.content.decode()
    assert "The comment is archived." in html and "Oups" not in html
    assert ProjectComment.objects.get(pk=comment.pk).archived_at is not None


def test_pilots_add_and_archive_links_on_the_page(client, english, board):
    project = board.project
    observer = page(client, english.observer, detail_url(english, project))
    assert url(english, "link_add", project) not in observer
    client.force_login(english.member)
    html = client.post(
        url(english, "link_add", project),
        {"kind": "website", "title": "Le site des cafés", "url": "https://example.org/cafes"},
        follow=True,
    ).content.decode()
    assert "The link is added." in html
    assert (
        '<a href="https://example.org/cafes" rel="noopener noreferrer">Le site des cafés</a>'
        in (html)
    )
    link = ProjectLink.objects.get()
    assert url(english, "link_archive", project, link.pk) in html
    html = client.post(url(english, "link_archive", project, link.pk), follow=True)
    html = html.content.decode()
    above, timeline = html.split('id="history-title"')
    assert "The link is archived." in above and "https://example.org/cafes" not in above
    assert "Link added to a project" in timeline and "Link archived" in timeline


def test_a_bad_web_address_is_refused_and_what_was_typed_is_kept(client, english, board):
    client.force_login(english.member)
    response = client.post(
        url(english, "link_add", board.project),
        {"kind": "video", "title": "Notre vidéo", "url": "www example"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a web address: write it in full" in html
    assert 'value="www example"' in html and 'value="Notre vidéo"' in html
    assert '<option value="video" selected>' in html
    assert not ProjectLink.objects.exists()


def test_a_need_is_given_up_and_leaves_the_open_list(client, english, board):
    project = board.project
    html = page(client, english.member, detail_url(english, project))
    assert "Give up" in html and "Mark as met" in html
    assert 'name="met" value="0"' in html
    assert "Give up" not in page(client, english.observer, detail_url(english, project))
    client.force_login(english.member)
    html = client.post(
        url(english, "need_close", project, board.call.pk), {"met": "0"}, follow=True
    ).content.decode()
    need = Need.objects.get(pk=board.call.pk)
    assert need.archived_at is not None and need.met_at is None
    assert "The need is given up" in html
    assert "Accueillir les personnes" not in html[: html.index('id="history-title"')]
    assert "No open need." in html
    closed = AuditEvent.objects.get(action="projects.need_closed", object_id=str(project.pk))
    assert closed.after["met"] is False


def test_a_need_marked_as_met_is_recorded_as_met(client, english, board):
    client.force_login(english.member)
    client.post(url(english, "need_close", board.project, board.call.pk), {"met": "1"})
    need = Need.objects.get(pk=board.call.pk)
    assert need.met_at is not None and need.archived_at is None
    closed = AuditEvent.objects.get(action="projects.need_closed")
    assert closed.after["met"] is True


# ------------------------------------------------------------------------- work streams


def stream_url(world, name, stream):
    return reverse(f"projects:{name}", args=[world.collective.slug, stream.pk])


def test_the_edit_page_offers_archiving_with_a_warning(client, english, board):
    html = page(
        client, english.coordinator, stream_url(english, "work_stream_edit", board.streams[0])
    )
    assert stream_url(english, "work_stream_archive", board.streams[0]) in html
    assert "An archived work stream leaves the board" in html


def test_a_work_stream_with_projects_is_not_archived(client, english, board):
    stream = board.streams[0]
    client.force_login(english.coordinator)
    response = client.post(stream_url(english, "work_stream_archive", stream), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == stream_url(english, "work_stream_edit", stream)
    assert "This work stream still holds projects: move or archive them first." in html
    assert WorkStream.objects.get(pk=stream.pk).archived_at is None


def test_an_empty_work_stream_is_archived_and_leaves_the_board(client, english, board):
    empty = services.create_work_stream(
        actor=english.coordinator, collective=english.collective, title="Chantier dormant"
    )
    client.force_login(english.coordinator)
    response = client.post(stream_url(english, "work_stream_archive", empty), follow=True)
    html = response.content.decode()
    assert "is archived: it stays in the history" in html
    assert WorkStream.objects.get(pk=empty.pk).archived_at is not None
    board_html = page(
        client, english.coordinator, reverse("projects:board", args=[english.collective.slug])
    )
    assert "Chantier dormant" not in board_html
    assert AuditEvent.objects.filter(
        action="projects.work_stream_archived", object_id=str(empty.pk)
    ).exists()


def test_members_cannot_archive_a_work_stream(client, english, board):
    empty = services.create_work_stream(
        actor=english.coordinator, collective=english.collective, title="Chantier dormant"
    )
    client.force_login(english.member)
    assert client.post(stream_url(english, "work_stream_archive", empty)).status_code == 403
    assert WorkStream.objects.get(pk=empty.pk).archived_at is None

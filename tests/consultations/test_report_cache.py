"""The report's documents are made once and kept until the report changes (core.downloads):
anonymous visitors asking for the same PDF again and again cost a few queries, not
a new PDF each time. Readers who may see more never get a document made for
readers who see less, and the other way round; nor one in another language."""

import io

import docx
import pytest
from django.core.cache import caches
from django.test import Client, override_settings

from maillage.collectives.models import Visibility
from maillage.consultations import documents, services

from ..factories import ParticipantFactory
from .test_report import COMMITTED, finished, url  # noqa: F401 - the finished workshop fixture


@pytest.fixture
def builds(monkeypatch):
    """How many times each document was written, and the report read for it."""
    counts = {"report": 0, "pdf": 0, "docx": 0, "csv": 0}
    read = documents.report_content

    def counted_report(*args, **kwargs):
        counts["report"] += 1
        return read(*args, **kwargs)

    monkeypatch.setattr(documents, "report_content", counted_report)
    for extension, name in [("pdf", "report_pdf"), ("docx", "report_docx"), ("csv", "data_csv")]:
        write = getattr(documents, name)

        def counted(report, write=write, extension=extension):
            counts[extension] += 1
            return write(report)

        monkeypatch.setattr(documents, name, counted)
    return counts


@pytest.fixture
def public(world, finished):  # noqa: F811
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    return finished


def words(response):
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def as_(world, persona):
    client = Client()
    if persona != "anonymous":
        client.force_login(world.persona(persona))
    return client


@pytest.mark.parametrize("extension", ["pdf", "docx", "csv"])
def test_a_second_request_does_not_make_the_document_again(world, public, builds, extension):
    visitor = Client()
    name = {"pdf": "report_pdf", "docx": "report_docx", "csv": "data_csv"}[extension]
    first = visitor.get(url(public, name))
    again = [Client().get(url(public, name)) for _ in range(3)]
    assert first.status_code == 200 and first.content
    assert builds[extension] == 1 and builds["report"] == 1
    for response in again:
        assert response.status_code == 200
        assert response.content == first.content
        assert response["ETag"] == first["ETag"]
        assert response["Content-Disposition"] == first["Content-Disposition"]


def test_the_browser_that_has_it_gets_304_and_visitors_may_share_it(world, public, builds):
    visitor = Client()
    first = visitor.get(url(public, "report_pdf"))
    assert first["Cache-Control"] == "public, no-cache"
    assert "Cookie" in first["Vary"] and "Accept-Language" in first["Vary"]
    again = visitor.get(url(public, "report_pdf"), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert builds["pdf"] == 1
    member = as_(world, "member").get(url(public, "report_pdf"))
    assert member["Cache-Control"] == "private, no-cache"


CHANGES = {
    "a new vote": lambda world, workshop, round_: services.cast_vote(
        participant=ParticipantFactory(group=workshop.group),
        round_=round_,
        statement=round_.statements.first(),
        choice=-1,
    ),
    "a vote changed": lambda world, workshop, round_: services.cast_vote(
        participant=round_.votes.first().participant,
        round_=round_,
        statement=round_.votes.first().statement,
        choice=0,
        comment="Plus tard",
    ),
    "a renamed theme": lambda world, workshop, round_: services.update_theme(
        actor=world.facilitator,
        theme=(theme := workshop.consultation.themes.get(title="Logement")),
        title="Habitat",
        statement=theme.statement,
        base_version=theme.version,
    ),
    "a hidden note": lambda world, workshop, round_: services.hide_note(
        actor=world.facilitator, note=workshop.notes[0], reason="Doublon"
    ),
    "a question reworded": lambda world, workshop, round_: services.update_question(
        actor=world.facilitator,
        question=workshop.questions[0],
        text="Qu'est-ce qui compte pour vous ?",
        kind=workshop.questions[0].kind,
    ),
    "a round closed": lambda world, workshop, round_: services.close_round(
        actor=world.facilitator, round_=round_
    ),
    "a new participant": lambda world, workshop, round_: ParticipantFactory(
        group=workshop.other_group
    ),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_change_of_the_content_gives_a_new_document(world, workshop, builds, change):
    """For those who run the consultation, whose report shows an open round too."""
    consultation = workshop.consultation
    housing = services.create_theme(
        actor=world.facilitator, group=workshop.group, title="Logement", statement="Un toit"
    )
    services.move_note(
        actor=world.facilitator, note=workshop.notes[0], theme=housing, base_version=None
    )
    round_ = consultation.rounds.get(number=2)
    services.add_statements_from_themes(
        actor=world.facilitator, consultation=consultation, themes=[housing], round_=round_
    )
    services.open_round(actor=world.facilitator, round_=round_)
    services.cast_vote(
        participant=workshop.participant,
        round_=round_,
        statement=round_.statements.first(),
        choice=1,
    )
    facilitator = as_(world, "facilitator")
    before = facilitator.get(url(workshop, "data_csv"))
    assert facilitator.get(url(workshop, "data_csv")).content == before.content
    assert builds["csv"] == 1

    CHANGES[change](world, workshop, round_)
    after = facilitator.get(url(workshop, "data_csv"))
    assert builds["csv"] == 2, change
    assert after["ETag"] != before["ETag"]
    if change != "a new participant":  # counted in the PDF and Word reports, not the CSV
        assert after.content != before.content


def test_publishing_the_synthesis_gives_visitors_a_new_document(world, public, builds):
    consultation = public.consultation
    consultation.synthesis_published_at = None  # as before the facilitator published it
    consultation.save(update_fields=["synthesis_published_at"])
    before = Client().get(url(public, "data_csv"))
    assert public.notes[0].text not in before.content.decode("utf-8-sig")
    services.publish_synthesis(actor=world.facilitator, consultation=consultation)
    after = Client().get(url(public, "data_csv"))
    assert public.notes[0].text in after.content.decode("utf-8-sig")
    assert builds["csv"] == 2


def test_readers_of_different_rights_never_share_a_document(world, public, builds):
    """A visitor, a member (who sees who committed) and a facilitator (who runs the
    consultation) each get their own; two people of the same rights share one."""
    seen = {}
    for persona in ["anonymous", "member", "facilitator", "coordinator", "observer"]:
        seen[persona] = as_(world, persona).get(url(public, "report_docx"))
        assert seen[persona].status_code == 200, persona
    etags = {persona: response["ETag"] for persona, response in seen.items()}
    assert len({etags["anonymous"], etags["member"], etags["facilitator"]}) == 3
    assert etags["coordinator"] == etags["facilitator"]  # the same rights: one document
    assert etags["observer"] == etags["member"]
    assert builds["docx"] == 3
    assert COMMITTED in words(seen["member"]) and COMMITTED in words(seen["facilitator"])
    assert COMMITTED not in words(seen["anonymous"])
    # Asking again, in any order, makes nothing new and mixes nothing up.
    for persona in ["facilitator", "anonymous", "member"]:
        again = as_(world, persona).get(url(public, "report_docx"))
        assert again["ETag"] == etags[persona]
        assert (COMMITTED in words(again)) == (persona != "anonymous")
    assert builds["docx"] == 3


def test_the_language_is_part_of_the_key(world, public, builds):
    french = Client().get(url(public, "report_pdf"), headers={"Accept-Language": "fr"})
    english = Client().get(url(public, "report_pdf"), headers={"Accept-Language": "en"})
    assert french["Content-Language"] == "fr" and english["Content-Language"] == "en"
    assert french["ETag"] != english["ETag"]
    assert builds["pdf"] == 2
    assert b"/Lang (en)" in english.content and b"/Lang (fr)" in french.content
    assert (
        Client().get(url(public, "report_pdf"), headers={"Accept-Language": "en"})["ETag"]
        == english["ETag"]
    )
    assert builds["pdf"] == 2


def test_documents_are_kept_in_files_that_every_process_shares(world, public, tmp_path):
    """One machine (no REDIS_URL) keeps them in files under VAR_DIR, the folder made with
    the first; several nodes keep them in Redis (tests/test_shared_cache.py)."""
    from django.conf import settings

    from maillage.settings import base

    on_one_machine = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": base.VAR_DIR / "cache" / "documents",
        "TIMEOUT": base.DOCUMENTS_CACHE_SECONDS,
    }
    if not base.REDIS_URL:
        assert base.CACHES["documents"]["BACKEND"] == on_one_machine["BACKEND"]
        assert base.CACHES["documents"]["LOCATION"] == on_one_machine["LOCATION"]
    folder = tmp_path / "cache" / "documents"
    files = {**on_one_machine, "LOCATION": folder}
    with override_settings(CACHES={**settings.CACHES, "documents": files}):
        assert not folder.exists()
        first = Client().get(url(public, "report_pdf"))
        assert folder.is_dir() and any(folder.iterdir())
        caches["documents"].close()
        # Another process opens the same folder: it finds the document there.
        del caches["documents"]
        kept = caches["documents"].get(first["ETag"].strip('"'))
        assert kept == first.content

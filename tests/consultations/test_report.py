"""The consultation's report: the page, its PDF and Word versions, and the raw data."""

import csv
import datetime
import html
import io
import re

import docx
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from maillage.collectives.models import Visibility
from maillage.consultations import documents, services

from ..factories import ParticipantFactory

# Nobody's name may appear: the workshop's participants, and the panel below.
NAMES = ["Alex", "Sam", "Zéphyrine", "Barnabé"]
COMMITTED = "Camille Dupuis"


def fr(message):
    with translation.override("fr"):
        return translation.gettext(message)


def no_name_in(text):
    for name in NAMES:
        assert not re.search(rf"\b{name}\b", text), name


@pytest.fixture
def finished(world, workshop):
    """The workshop with its synthesis, a closed vote round and a commitment."""
    actor = world.facilitator
    consultation = workshop.consultation
    housing = services.create_theme(
        actor=actor, group=workshop.group, title="Logement", statement="Un toit pour chacun"
    )
    for note in workshop.notes[:2]:
        services.move_note(actor=actor, note=note, theme=housing, base_version=None)
    services.hide_note(actor=actor, note=workshop.notes[2], reason="Hors sujet")
    quiet = services.create_theme(
        actor=actor, group=workshop.other_group, title="Calme", statement="Moins de bruit"
    )
    services.move_note(actor=actor, note=workshop.other_note, theme=quiet, base_version=None)
    services.merge_themes(
        actor=actor,
        consultation=consultation,
        themes=[housing, quiet],
        title="Cadre de vie",
        statement="Un cadre de vie sain",
    )
    pledge = services.post_note(
        participant=workshop.participant,
        question=workshop.questions[2],
        text="=SOMME(A1:A9) je peux animer un repair café",
    )
    services.make_commitment(
        actor=actor,
        note=pledge,
        text="Animer un repair café",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        person_name=COMMITTED,
    )
    round_ = consultation.rounds.get(number=2)
    statements = services.add_statements_from_themes(
        actor=actor, consultation=consultation, themes=[housing, quiet], round_=round_
    )
    services.open_round(actor=actor, round_=round_)
    panel = [
        ParticipantFactory(group=workshop.group, display_name=f"Zéphyrine {n}") for n in range(3)
    ] + [ParticipantFactory(group=workshop.other_group, display_name="Barnabé")]
    for participant, choice in zip(panel, [1, 1, 1, -1], strict=True):
        services.cast_vote(
            participant=participant,
            round_=round_,
            statement=statements[0],
            choice=choice,
            comment="Urgent" if choice == 1 else "",
        )
    services.cast_vote(participant=panel[0], round_=round_, statement=statements[1], choice=0)
    services.close_round(actor=actor, round_=round_)
    rating = services.add_round(
        actor=actor, consultation=consultation, title="Notation", kind="rate"
    )
    services.set_round_statements(actor=actor, round_=rating, statements=statements)
    services.open_round(actor=actor, round_=rating)
    for participant, value in zip(panel, [9, 8, 7, 2], strict=True):
        services.cast_vote(
            participant=participant, round_=rating, statement=statements[0], rating=value
        )
    services.close_round(actor=actor, round_=rating)
    services.publish_synthesis(actor=actor, consultation=consultation)
    services.close_consultation(
        actor=actor, consultation=consultation, conclusions="Nous reprenons en septembre."
    )
    consultation.refresh_from_db()
    return workshop


def url(workshop, name):
    consultation = workshop.consultation
    return reverse(f"consultations:{name}", args=[consultation.collective.slug, consultation.pk])


def report_for(workshop, **kwargs):
    return documents.report_content(workshop.consultation, **kwargs)


def test_the_report_page_tells_the_whole_consultation_without_names(client, world, finished):
    client.force_login(world.member)
    response = client.get(url(finished, "report"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Comprendre ce qui nous réunit",  # purpose
        escape(finished.questions[0].text),
        "Plainpalais",
        "Carouge",
        "Logement",
        "Un toit pour chacun",
        escape(finished.notes[0].text),
        "Cadre de vie",  # shared across groups, with where it comes from
        "Logement (Plainpalais); Calme (Carouge)",
        "Animer un repair café",
        COMMITTED,  # members see who committed
        "Nous reprenons en septembre.",
        "75",  # 3 of the 4 votes agree with the first statement
        "Urgent",
    ]:
        assert text in page, text
    assert finished.notes[2].text not in page  # hidden
    assert page.count('role="img"') == 3  # two bars, one distribution (one statement unrated)
    no_name_in(page)


def test_the_synthesis_waits_for_its_publication_except_for_those_who_run_it(
    client, world, workshop
):
    theme = services.create_theme(
        actor=world.facilitator, group=workshop.group, title="Logement", statement="Un toit"
    )
    services.move_note(
        actor=world.facilitator, note=workshop.notes[0], theme=theme, base_version=None
    )
    client.force_login(world.member)
    page = client.get(url(workshop, "report")).content.decode()
    assert fr("The synthesis is not published yet.") in html.unescape(page)
    assert "Un toit" not in page and escape(workshop.notes[0].text) not in page
    client.force_login(world.facilitator)
    page = client.get(url(workshop, "report")).content.decode()
    assert "Un toit" in page and escape(workshop.notes[0].text) in page


def test_visitors_of_a_public_collective_read_it_without_who_committed(world, finished):
    world.collective.visibility = Visibility.PUBLIC
    world.collective.save()
    page = Client().get(url(finished, "report")).content.decode()
    assert "Animer un repair café" in page and COMMITTED not in page
    no_name_in(page)


def test_the_pdf(client, world, finished):
    client.force_login(world.member)
    response = client.get(url(finished, "report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="pourquoi-sommes-nous-la.pdf"'
    content = response.content
    assert content.startswith(b"%PDF") and len(content) > 5000
    assert b"/Title (Pourquoi sommes-nous l" in content
    assert b"Vera" in content  # the embedded font that has the accents
    # The PDF draws the same outline as the Word document: check what it says.
    with translation.override("fr"):
        blocks = list(documents._outline(report_for(finished, show_people=True)))
    texts = " ".join(str(value) for _, value in blocks)
    for text in ["Un toit pour chacun", finished.notes[0].text, "Animer un repair café"]:
        assert text in texts
    assert ("h1", fr("Conclusions")) in blocks
    assert any(kind == "agree_table" for kind, _ in blocks)
    assert any(kind == "rating_table" for kind, _ in blocks)
    no_name_in(texts)


def test_the_pdf_of_a_consultation_with_nothing_yet(client, world):
    from .workshop import build_workshop

    workshop = build_workshop(world)
    client.force_login(world.facilitator)
    response = client.get(url(workshop, "report_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_word_document(client, world, finished):
    client.force_login(world.member)
    response = client.get(url(finished, "report_docx"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pourquoi-sommes-nous-la.docx"'
    document = docx.Document(io.BytesIO(response.content))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == "Pourquoi sommes-nous là ?"
    for heading in [fr("Questions"), fr("Themes"), "Logement", fr("Rounds"), fr("Conclusions")]:
        assert heading in headings, heading
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert finished.notes[0].text in paragraphs
    assert "Nous reprenons en septembre." in paragraphs
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Un toit pour chacun" in cells and "Carouge" in cells
    assert finished.notes[2].text not in paragraphs
    no_name_in(paragraphs + "\n".join(cells).replace(COMMITTED, ""))


def test_the_raw_data(client, world, finished):
    client.force_login(world.member)
    response = client.get(url(finished, "data_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="pourquoi-sommes-nous-la.csv"'
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    notes = [row for row in rows if row["record"] == "note"]
    assert len(notes) == 4  # the hidden note is left out
    first = next(row for row in notes if row["text"] == finished.notes[0].text)
    assert (first["group"], first["theme"]) == ("Plainpalais", "Logement")
    assert first["question"] == finished.questions[0].text and first["created_at"]
    pledge = next(row for row in notes if "repair" in row["text"])
    assert pledge["text"].startswith("'=SOMME")  # not a formula in a spreadsheet
    votes = [row for row in rows if row["record"] == "statement"]
    agree = next(
        row for row in votes if row["round"] == "2" and row["text"] == "Un toit pour chacun"
    )
    assert (agree["votes"], agree["agree"], agree["disagree"], agree["pass"]) == (
        "4",
        "3",
        "1",
        "0",
    )
    rated = next(
        row for row in votes if row["round"] == "3" and row["text"] == "Un toit pour chacun"
    )
    assert (rated["median"], rated["consensus"], rated["share_7_9"]) == ("7.5", "no", "0.75")
    no_name_in(text)
    assert COMMITTED not in text


def test_open_rounds_stay_out_of_the_documents_until_they_close(client, world, workshop):
    round_ = workshop.consultation.rounds.get(number=2)
    statement = services.add_statement(
        actor=world.facilitator,
        consultation=workshop.consultation,
        text="Un lieu partagé",
        rounds=[round_],
    )
    services.open_round(actor=world.facilitator, round_=round_)
    services.cast_vote(
        participant=workshop.participant, round_=round_, statement=statement, choice=1
    )
    client.force_login(world.member)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(url(workshop, "data_csv")).content.decode("utf-8-sig"))
        )
    )
    assert [row for row in rows if row["record"] == "statement"] == []
    client.force_login(world.facilitator)
    rows = list(
        csv.DictReader(
            io.StringIO(client.get(url(workshop, "data_csv")).content.decode("utf-8-sig"))
        )
    )
    assert [row["agree"] for row in rows if row["record"] == "statement"] == ["1"]

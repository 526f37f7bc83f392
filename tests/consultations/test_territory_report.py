"""The report of a network consultation has a section per territory, in every
format of the document layer (report_territory)."""

import pytest
from django.urls import reverse
from django.utils import translation

from maillage.consultations import documents, services
from maillage.consultations.documents import report_content, report_document
from maillage.consultations.models import RoundKind
from maillage.documents import render_docx, render_odt, render_pdf
from tests.documents.sample import docx_text, odt_text, pdf_text

from .territory import build_network_consultation


@pytest.fixture
def closed(world):
    """The network consultation with an agree round voted on and closed."""
    net = build_network_consultation(world)
    c = net.consultation
    services.close_round(actor=world.facilitator, round_=c.rounds.get(number=1))
    round_ = services.add_round(
        actor=world.facilitator, consultation=c, title="Vote du réseau", kind=RoundKind.AGREE
    )
    statement = services.add_statement(
        actor=world.facilitator, consultation=c, text="Des bus le soir", rounds=[round_]
    )
    services.open_round(actor=world.facilitator, round_=round_)
    for participant, choice in zip(net.participants, (1, -1, 1), strict=True):
        services.cast_vote(
            participant=participant, round_=round_, statement=statement, choice=choice
        )
    services.close_round(actor=world.facilitator, round_=round_)
    return net


@pytest.mark.parametrize(
    "render, read",
    [(render_pdf, pdf_text), (render_docx, docx_text), (render_odt, odt_text)],
    ids=["pdf", "docx", "odt"],
)
def test_every_format_has_a_section_per_territory(closed, render, read):
    with translation.override("en"):
        text = read(render(report_document(report_content(closed.consultation, full=True))))
    assert "Territories" in text
    north = text[text.index("Annemasse", text.index("Territories")) :]
    # Annemasse: its groups with their counts, its draft, its figures.
    assert "Annemasse centre" in north and "Annemasse gare" in north
    assert "The territory's synthesis is not published yet." in north
    assert "2 participants answered, of 2 who could." in north
    south = north[north.index("Lausanne") :]
    # Lausanne: its published synthesis' theme, said in its group, and its figures.
    assert "Se déplacer" in south and "Said in: Lausanne ouest" in south
    assert "1 participant answered, of 1 who could." in south


def test_a_draft_territory_theme_stays_out_of_the_report(closed):
    with translation.override("en"):
        text = docx_text(
            render_docx(report_document(report_content(closed.consultation, full=True)))
        )
    assert "Se loger" not in text  # Annemasse's synthesis is a draft


def test_a_workshop_outside_a_network_has_no_territories_section(closed):
    closed.consultation.network = None
    closed.consultation.save(update_fields=["network"])
    with translation.override("en"):
        text = docx_text(
            render_docx(report_document(report_content(closed.consultation, full=True)))
        )
    assert "Territories" not in text


def test_publishing_a_territory_changes_the_report_documents(closed, world):
    fingerprint = documents.report_fingerprint(closed.consultation, full=True)
    from maillage.consultations import services_territory

    services_territory.publish_territory_synthesis(
        actor=closed.north_coordinator, consultation=closed.consultation, territory=closed.north
    )
    assert documents.report_fingerprint(closed.consultation, full=True) != fingerprint


def test_the_pdf_download_carries_the_territories(client, closed, world):
    client.force_login(world.facilitator)
    c = closed.consultation
    response = client.get(reverse("consultations:report_pdf", args=[c.collective.slug, c.pk]))
    assert response.status_code == 200
    assert "Lausanne ouest" in pdf_text(response.content)

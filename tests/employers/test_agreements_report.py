"""The feasibility report's figures on the built group (tests/employers/setting.py)
after a term-time run and a job kept, computed by hand; the DOCX and the PDF say them.

The term-time week holds mornings (16 h), evenings (8 h), wednesdays (9 h), cleaning
(7.5 h) and saturday (4 h): 44.5 h in 5 needs. The run makes one job of 33 h (the
first three, CAP AEPE); cleaning and saturday stay out for "skill" (11.5 h). The job is
kept with a BAFA holder, who needs the 1 800 € training to early childhood."""

import io
from decimal import Decimal

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from maillage.employers import documents_report, figures, pooling_data
from maillage.employers.models import Job, OfferStatus, Reason, Run, RunStatus, Week

from .setting_agreements import build_agreements

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run_and_keep(world):
    made = build_agreements(world)
    group = made.group
    run = pooling_data.execute(Run.objects.create(group=group, week=Week.TERM, time_limit=2))
    assert run.status == RunStatus.DONE
    proposal = run.jobs.get()
    needs = made.made.needs
    assert set(proposal.needs.all()) == {needs["mornings"], needs["evenings"], needs["wednesdays"]}
    job = Job.objects.create(
        group=group,
        title="Animatrice et auxiliaire",
        qualification=proposal.qualification,
        hourly_cost=Decimal("22.00"),
        holder_qualification=made.made.qualifications["bafa"],
        kept_from=proposal,
    )
    job.needs.set(proposal.needs.all())
    return made, run, job


def test_the_needs_declared(world):
    made, _run, _job = run_and_keep(world)
    report = figures.report(made.group)
    assert (report.needs.count, report.needs.hours) == (6, 62.0)
    by_member = {line.label: (line.count, line.hours) for line in report.needs.by_member}
    assert by_member == {
        "Hospice général": (2, 11.5),
        "Crèche parentale Les P'tits Loups": (1, 16.0),
        "Ligue de l'enseignement 93": (3, 34.5),
    }
    by_family = {
        (line.label, line.detail): (line.count, line.hours) for line in report.needs.by_family
    }
    assert by_family == {
        ("Agent d'entretien", "All year"): (2, 11.5),
        ("Animateur périscolaire", "School term"): (2, 17.0),
        ("Animateur périscolaire", "School holidays"): (1, 17.5),
        ("Auxiliaire petite enfance", "All year"): (1, 16.0),
    }


def test_the_jobs_proposed_and_why_needs_stay_out(world):
    made, _run, _job = run_and_keep(world)
    report = figures.report(made.group)
    assert report.holidays is None
    term = report.term
    assert (term.needs_count, term.hours_declared) == (5, 44.5)
    assert (term.jobs, term.hours_in_jobs) == (1, 33.0)
    assert (term.full_time, term.full_time_share) == (0, 0.0)  # 33 h < 35 h
    assert term.placed_share == 74.2  # 33 / 44.5
    assert term.average_before == 8.9  # 44.5 h / 5 needs
    assert term.average_after == 33.0
    assert [(line.label, line.count, line.hours) for line in term.uncovered] == [
        (str(Reason.SKILL.label), 2, 11.5)
    ]
    # Posts before: 16, 8, 9, 7.5, 4 h; after: the 33 h job, 7.5 and 4 h left out.
    assert report.distribution == [
        ("under 8 h", 2, 2),
        ("8 to under 16 h", 2, 0),
        ("16 to under 24 h", 1, 0),
        ("24 to under 35 h", 0, 1),
        ("35 h (full time)", 0, 0),
    ]


def test_the_jobs_kept_shares_and_training(world):
    made, _run, _job = run_and_keep(world)
    report = figures.report(made.group)
    (kept,) = report.kept
    assert (kept.term_hours, kept.holiday_hours) == (33.0, 16.0)  # mornings all year
    assert kept.annual_hours == 33 * 36 + 16 * 11  # 1364 h
    assert [t.name for t in kept.trainings] == ["Accueil du jeune enfant"]
    assert kept.training_cost == Decimal("1800.00")
    members = {line.name: line for line in report.members}
    creche = members["Crèche parentale Les P'tits Loups"]
    leisure = members["Ligue de l'enseignement 93"]
    assert (creche.term_hours, creche.holiday_hours, creche.annual_hours) == (16, 16, 752)
    assert (leisure.term_hours, leisure.holiday_hours, leisure.annual_hours) == (17, 0, 612)
    assert creche.annual_cost == Decimal("16544.00")  # 752 h × 22 €
    assert leisure.annual_cost == Decimal("13464.00")  # 612 h × 22 €
    assert creche.training_cost == Decimal("992.38")  # 1 800 × 752 / 1 364
    assert leisure.training_cost == Decimal("807.62")  # 1 800 × 612 / 1 364
    assert "Hospice général" not in members


def test_the_agreement_totals(world):
    made, _run, _job = run_and_keep(world)
    report = figures.report(made.group)
    totals = report.agreements
    assert (totals.lendings_signed, totals.lendings_draft) == (1, 1)
    assert totals.lending_hours == Decimal("250.00")  # the signed one: 25 weeks × 10 h
    assert totals.lending_amount == Decimal("5375.00")
    assert (totals.offers, totals.offer_hours) == (2, 60)
    assert (totals.offers_given, totals.given_hours) == (1, 20)
    made.offer.status = OfferStatus.WITHDRAWN
    made.offer.save()
    assert figures.report(made.group).agreements.offers == 1


def test_the_report_reads_in_a_few_queries(world, django_assert_max_num_queries):
    made, _run, _job = run_and_keep(world)
    with django_assert_max_num_queries(30):
        figures.report(made.group)


def _texts(report):
    document = docx.Document(io.BytesIO(documents_report.report_docx(report)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_docx_and_the_pdf_say_the_figures(world):
    made, _run, _job = run_and_keep(world)
    report = figures.report(made.group)
    docx_text = _texts(report)
    pdf = PdfReader(io.BytesIO(documents_report.report_pdf(report)))
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    for text in (docx_text, pdf_text):
        assert "Feasibility study" in text
        assert "6 needs declared by the members, 62 hours a week in all." in text
        assert "74.2 %" in text  # hours placed
        assert "8.9" in text and "33" in text  # average before and after
        assert "992.38 €" in text and "807.62 €" in text  # training shared
        assert "16,544.00 €" in text  # the crèche's cost a year
        assert "5,375.00 €" in text  # lending paid back
        assert str(Reason.SKILL.label) in text.replace("\n", " ")


def test_the_report_page_and_downloads(client, world):
    made, _run, _job = run_and_keep(world)
    client.force_login(world.coordinator)
    slug = world.collective.slug
    page = client.get(reverse("employers:report", args=[slug]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    content = page.content.decode()
    assert 'role="img"' in content and 'id="distribution"' in content
    assert "992.38" in content or "992,38" in content
    docx_response = client.get(reverse("employers:report_docx", args=[slug]))
    assert docx_response["Content-Type"].startswith("application/vnd.openxmlformats")
    docx.Document(io.BytesIO(docx_response.content))
    pdf_response = client.get(reverse("employers:report_pdf", args=[slug]))
    assert pdf_response.content.startswith(b"%PDF")
    client.force_login(world.member)
    assert client.get(reverse("employers:report", args=[slug])).status_code == 403

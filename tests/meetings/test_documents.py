"""The minutes' content and its documents (DOCX, ODT, PDF) and web page."""

import io
import json
import re
import shutil
import subprocess
from datetime import timedelta

import docx
import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from odf import teletype
from odf import text as odf_text
from odf.opendocument import load as load_odt
from PIL import Image
from pypdf import PdfReader

from maillage.actions.models import Action
from maillage.governance.diff import compare
from maillage.meetings import documents
from maillage.meetings.minutes import build_content, content_text
from maillage.meetings.models import (
    AgendaItem,
    Announcement,
    Decision,
    DecisionStatus,
    Invitee,
    ItemStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
)
from tests.factories import ConsultationFactory, GroupFactory, ThemeFactory, make_action

from .setting import record_attendance

REPRESENTED = "represented by Jeanne Martin, aussi membre du comité"


@pytest.fixture
def content(setting):
    record_attendance(setting)
    with translation.override("en"):
        return build_content(setting.meeting)


def flat(text):
    return " ".join(text.split())


def docx_text(data):
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return flat("\n".join(parts))


def odt_text(data):
    return flat(teletype.extractText(load_odt(io.BytesIO(data)).text))


def pdf_text(data):
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def expected_phrases(setting):
    """What every version of the minutes must say about the setting."""
    world_member = setting.invitees["member"].name
    return [
        "Hospice général",
        f"{world_member}, {REPRESENTED}",
        "Ville de Genève",
        "Léa Invitée",
        setting.invitees["coordinator"].name,
        setting.invitees["observer"].name,
        setting.decision.text,
        setting.action.title,
        setting.action.due_date.strftime("%Y"),
        "Tour de table",
        "Forum de l'économie sociale et solidaire",
    ]


# ---------------------------------------------------------------------------- content


def test_participants_are_grouped_by_organisation_with_those_without_one_last(setting, content):
    groups = content["participants"]
    assert [g["organisation"] for g in groups] == [
        "Hospice général",
        "Ville de Genève",
        "Without organisation",
    ]
    member = setting.invitees["member"]
    assert [p["text"] for p in groups[0]["people"]] == [f"{member.name}, {REPRESENTED}"]
    assert groups[0]["people"][0]["represented"] is True
    assert [p["name"] for p in groups[1]["people"]] == ["Léa Invitée"]
    assert groups[1]["people"][0]["guest"] is True
    assert sorted(p["name"] for p in groups[2]["people"]) == sorted(
        [setting.invitees["coordinator"].name, setting.invitees["facilitator"].name]
    )
    assert [p["name"] for p in content["excused"]] == [setting.invitees["observer"].name]
    assert content["absent"] == []
    assert content["attendance_recorded"] is True


def test_before_attendance_is_recorded_nobody_is_listed_as_present(setting):
    with translation.override("en"):
        content = build_content(setting.meeting)
    assert content["participants"] == [] and content["excused"] == []
    assert content["attendance_recorded"] is False


def test_the_decision_is_in_its_item_and_the_action_has_its_owner_and_due_date(setting, content):
    first, second = content["items"]
    assert (first["number"], first["title"], first["time_slot"]) == (
        1,
        "Tour de table",
        "14:00–14:45",
    )
    assert first["put_forward_by"] == "Coordination"
    assert first["decisions"] == []
    assert second["put_forward_by"] == setting.invitees["member"].name
    assert second["decisions"] == [
        {
            "id": setting.decision.pk,
            "text": setting.decision.text,
            "status": DecisionStatus.ADOPTED,
            "status_label": "Adopted",
        }
    ]
    assert content["other_decisions"] == []
    [action] = content["actions"]
    assert action["title"] == "Rédiger un projet de charte"
    assert action["owner"] == setting.invitees["member"].name
    assert action["due_date_iso"] == setting.action.due_date.isoformat()
    assert action["status_label"] == "To do"
    assert action["decision"] == setting.decision.text


def test_times_are_in_the_meetings_time_zone(setting, content):
    assert content["start_time"] == "14:00" and content["end_time"] == "17:00"
    assert content["when"].endswith("14:00–17:00")
    assert content["starts_at"] == setting.meeting.local_start.isoformat()
    assert content["starts_at"][-6:] in {"+01:00", "+02:00"}
    assert content["where"] == setting.meeting.where()
    assert content["objectives"] == [
        "Se présenter",
        "Définir notre raison d'être",
        "Choisir les prochains chantiers",
    ]
    assert content["facilitators"] == [setting.invitees["facilitator"].name]
    assert content["secretary"] == setting.invitees["coordinator"].name


def test_no_email_address_is_in_the_content(setting, content):
    serialised = json.dumps(content, ensure_ascii=False)
    assert "@" not in serialised
    for invitee in Invitee.objects.filter(meeting=setting.meeting):
        assert invitee.email and invitee.email not in serialised


def test_a_name_typed_as_an_address_is_not_shown(setting):
    record_attendance(setting)
    Invitee.objects.filter(pk=setting.guest.pk).update(name="lea@example.org")
    with translation.override("en"):
        content = build_content(setting.meeting)
    assert "@" not in json.dumps(content)
    assert "Invited person" in [p["name"] for g in content["participants"] for p in g["people"]]


def test_the_content_survives_json_as_an_approved_version_keeps_it(content):
    assert json.loads(json.dumps(content)) == content


def test_only_accepted_items_appear_and_decisions_of_others_are_kept_apart(setting, world):
    proposed = AgendaItem.objects.create(
        meeting=setting.meeting,
        position=3,
        title="Proposé mais pas retenu",
        status=ItemStatus.PROPOSED,
    )
    declined = AgendaItem.objects.create(
        meeting=setting.meeting, position=4, title="Écarté", status=ItemStatus.DECLINED
    )
    Decision.objects.create(
        meeting=setting.meeting,
        item=declined,
        text="Reporter la question du budget.",
        status=DecisionStatus.DEFERRED,
        created_by=world.coordinator,
    )
    Decision.objects.create(
        meeting=setting.meeting, text="Adopter le calendrier.", created_by=world.coordinator
    )
    with translation.override("en"):
        content = build_content(setting.meeting)
    titles = [item["title"] for item in content["items"]]
    assert titles == ["Tour de table", "Notre raison d'être"]
    assert proposed.title not in json.dumps(content, ensure_ascii=False)
    assert [(d["text"], d["status_label"]) for d in content["other_decisions"]] == [
        ("Reporter la question du budget.", "Deferred"),
        ("Adopter le calendrier.", "Adopted"),
    ]


def test_actions_are_ordered_by_due_date(setting, world):
    make_action(
        collective=world.collective,
        title="Réserver la salle",
        owners=[world.coordinator],
        due_date=timezone.localdate() + timedelta(days=3),
        meeting=setting.meeting,
        created_by=world.coordinator,
    )
    Action.objects.create(
        collective=world.collective,
        title="Sans échéance",
        meeting=setting.meeting,
        created_by=world.coordinator,
    )
    content = build_content(setting.meeting)
    assert [a["title"] for a in content["actions"]] == [
        "Réserver la salle",
        "Rédiger un projet de charte",
        "Sans échéance",
    ]
    assert content["actions"][-1]["owner"] == "" and content["actions"][-1]["due_date"] == ""


def test_the_next_meeting_is_the_first_planned_one_that_follows(setting, world):
    meeting = setting.meeting

    def following(title, days, **fields):
        return Meeting.objects.create(
            collective=world.collective,
            kind=MeetingKind.WORKING_GROUP,
            title=title,
            starts_at=meeting.starts_at + timedelta(days=days),
            ends_at=meeting.starts_at + timedelta(days=days, hours=2),
            place="Ville de Genève",
            previous=meeting,
            created_by=world.coordinator,
            **fields,
        )

    following("Annulée", 10, status=MeetingStatus.CANCELLED)
    following("Plus tard", 40)
    following("Groupe de travail charte", 30)
    content = build_content(meeting)
    assert content["next_meeting"]["title"] == "Groupe de travail charte"
    assert content["next_meeting"]["place"] == "Ville de Genève"
    assert "14:00–16:00" in content["next_meeting"]["date"]


def test_the_workshop_synthesis_takes_the_themes_shared_across_groups(setting, world):
    consultation = ConsultationFactory(
        collective=world.collective, created_by=world.coordinator, title="Atelier raison d'être"
    )
    group = GroupFactory(consultation=consultation, name="Table 1")
    ThemeFactory(
        group=group,
        consultation=consultation,
        title="Thème de la table",
        statement="Dit à la table 1.",
        created_by=world.coordinator,
    )
    Meeting.objects.filter(pk=setting.meeting.pk).update(consultation=consultation)
    # Until the workshop's synthesis is published, the minutes name the workshop only.
    content = build_content(setting.meeting)
    assert content["consultation"]["published"] is False
    assert content["consultation"]["themes"] == []
    consultation.synthesis_published_at = timezone.now()
    consultation.save()
    content = build_content(setting.meeting)
    # Without a synthesis of syntheses, every theme.
    assert content["consultation"]["title"] == "Atelier raison d'être"
    assert content["consultation"]["themes"] == [
        {"title": "Thème de la table", "statement": "Dit à la table 1.", "group": "Table 1"}
    ]
    ThemeFactory(
        group=None,
        consultation=consultation,
        title="Un revenu pour l'emploi local",
        order=2,
        statement="Soutenir des activités utiles.",
        created_by=world.coordinator,
    )
    ThemeFactory(
        group=None,
        consultation=consultation,
        title="Apprendre ensemble",
        order=1,
        statement="Apprendre en faisant.",
        created_by=world.coordinator,
    )
    content = build_content(setting.meeting)
    assert [t["title"] for t in content["consultation"]["themes"]] == [
        "Apprendre ensemble",
        "Un revenu pour l'emploi local",
    ]


def test_the_content_is_read_in_a_constant_number_of_queries(setting, world):
    consultation = ConsultationFactory(collective=world.collective, created_by=world.coordinator)
    ThemeFactory(group=None, consultation=consultation, created_by=world.coordinator)
    Meeting.objects.filter(pk=setting.meeting.pk).update(consultation=consultation)
    record_attendance(setting)

    def count():
        with CaptureQueriesContext(connection) as queries:
            build_content(setting.meeting)
        return len(queries)

    before = count()
    for n in range(3):
        item = AgendaItem.objects.create(
            meeting=setting.meeting,
            position=10 + n,
            title=f"Point {n}",
            proposed_by=world.facilitator,
        )
        decision = Decision.objects.create(
            meeting=setting.meeting, item=item, text=f"Décision {n}", created_by=world.member
        )
        make_action(
            collective=world.collective,
            title=f"Action {n}",
            owners=[world.observer],
            meeting=setting.meeting,
            decision=decision,
            created_by=world.coordinator,
        )
        Announcement.objects.create(
            meeting=setting.meeting, title=f"Annonce {n}", shared_by=world.member
        )
        Invitee.objects.create(
            meeting=setting.meeting,
            name=f"Invité {n}",
            email=f"i{n}@example.org",
            organisation=world.organisation,
            attendance="present",
        )
        ThemeFactory(group=None, consultation=consultation, created_by=world.coordinator)
    assert count() == before
    assert before <= 12


def test_the_minutes_state_is_told(setting):
    with translation.override("en"):
        assert build_content(setting.meeting)["minutes"]["label"] == "Draft version 1"
        minutes = setting.minutes
        minutes.status, minutes.number = MinutesStatus.APPROVED, 2
        minutes.approved_at = timezone.now()
        minutes.save()
        state = build_content(setting.meeting)["minutes"]
    assert state["approved"] is True and state["number"] == 2
    assert state["label"].startswith("Approved version 2 on ")
    assert state["approved_on"] in state["label"]


def test_labels_are_in_the_language_of_the_moment(setting):
    record_attendance(setting)
    with translation.override("en"):
        english = build_content(setting.meeting)
    assert english["kind_label"] == "Plenary session"
    assert english["participants"][-1]["organisation"] == "Without organisation"
    assert english["language"] == "en"


# ------------------------------------------------------------------------- plain text


def test_a_change_of_notes_shows_as_words_added_and_removed(setting):
    before = content_text(build_content(setting.meeting))
    AgendaItem.objects.filter(pk=setting.items[0].pk).update(
        notes="Chaque organisation présente ses projets envers le revenu de transition."
    )
    after = content_text(build_content(setting.meeting))
    assert "Tour de table" in before and setting.decision.text in before
    segments = [segment for paragraph in compare(before, after) for segment in paragraph]
    removed = " ".join(s.text for s in segments if s.kind == "removed")
    added = " ".join(s.text for s in segments if s.kind == "added")
    assert "attentes" in removed and "attentes" not in added
    assert "projets" in added and "projets" not in removed
    assert "Rédiger un projet de charte" in " ".join(s.text for s in segments if s.kind == "same")


# -------------------------------------------------------------------------- documents


def test_the_word_document(setting, content):
    with translation.override("en"):
        data = documents.minutes_docx(content)
    text = docx_text(data)
    for phrase in expected_phrases(setting):
        assert phrase in text, phrase
    assert "@" not in text
    document = docx.Document(io.BytesIO(data))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[:4] == ["Minutes", "Agenda", "Actions", "Announcements"]
    agenda = document.tables[1]
    assert [c.text for c in agenda.rows[0].cells] == [
        "Item",
        "Put forward by",
        "Descriptions / solutions / decisions",
    ]
    decided = agenda.rows[2].cells[2].text
    assert setting.decision.text in decided and "Decision (Adopted):" in decided
    actions = document.tables[2]
    assert [c.text for c in actions.rows[1].cells][1:3] == [
        setting.invitees["member"].name,
        content["actions"][0]["due_date"],
    ]


def test_the_opendocument_text(setting, content):
    with translation.override("en"):
        data = documents.minutes_odt(content)
    text = odt_text(data)
    for phrase in expected_phrases(setting):
        assert phrase in text, phrase
    assert "@" not in text
    document = load_odt(io.BytesIO(data))
    headings = [
        (h.getAttribute("outlinelevel"), teletype.extractText(h))
        for h in document.getElementsByType(odf_text.H)
    ]
    assert headings[:3] == [("1", "Agenda"), ("1", "Actions"), ("1", "Announcements")]
    from odf.table import Table

    assert len(document.getElementsByType(Table)) == 3


def test_the_pdf(setting, content):
    with translation.override("en"):
        data = documents.minutes_pdf(content)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for phrase in (
        "Hospice général",
        "Léa Invitée",
        "Jeanne Martin",
        "Rédiger un projet de charte",
    ):
        assert phrase in text, phrase
    # Long sentences may wrap inside a table cell: compare without spaces.
    squeezed = re.sub(r"\s+", "", text)
    for phrase in expected_phrases(setting):
        assert re.sub(r"\s+", "", phrase) in squeezed, phrase
    assert "@" not in text
    assert "Draft version 1" in text


def test_the_pdfs_first_page_is_drawn(tmp_path, content):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    source = tmp_path / "minutes.pdf"
    source.write_bytes(documents.minutes_pdf(content))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(source), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    [png] = list(tmp_path.glob("page*.png"))
    image = Image.open(png).convert("L")
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert image.size[0] > 300
    assert dark > 500  # text and table lines, not a blank page
    assert histogram[255] > dark  # mostly paper


def test_headings_and_labels_come_from_the_catalogue(setting, content):
    with translation.override("en"):
        texts = {
            "docx": docx_text(documents.minutes_docx(content)),
            "odt": odt_text(documents.minutes_odt(content)),
            "pdf": pdf_text(documents.minutes_pdf(content)),
        }
    for name, text in texts.items():
        for label in (
            "Minutes",
            "Date and place",
            "Participants",
            "Excused",
            "Purpose of the meeting",
            "Objectives",
            "Format",
            "Agenda",
            "Put forward by",
            "Actions",
            "By when",
            "Announcements",
        ):
            assert label in text, (name, label)


def test_everything_optional_is_written_when_present(setting, world):
    record_attendance(setting)
    consultation = ConsultationFactory(
        collective=world.collective,
        created_by=world.coordinator,
        title="Atelier raison d'être",
        synthesis_published_at=timezone.now(),
    )
    ThemeFactory(
        group=None,
        consultation=consultation,
        title="Un revenu pour l'emploi local",
        statement="Soutenir des activités utiles.",
        created_by=world.coordinator,
    )
    Meeting.objects.filter(pk=setting.meeting.pk).update(
        consultation=consultation,
        next_steps="Envoyer le projet de charte.",
        annexes="Présentation https://example.org/presentation.pdf\nListe des organisations",
    )
    Meeting.objects.create(
        collective=world.collective,
        kind=MeetingKind.WORKING_GROUP,
        title="Groupe charte",
        starts_at=setting.meeting.starts_at + timedelta(days=30),
        ends_at=setting.meeting.starts_at + timedelta(days=30, hours=2),
        previous=setting.meeting,
        created_by=world.coordinator,
    )
    with translation.override("en"):
        content = build_content(setting.meeting)
        texts = [
            docx_text(documents.minutes_docx(content)),
            odt_text(documents.minutes_odt(content)),
            re.sub(r"\s+", "", pdf_text(documents.minutes_pdf(content))),
        ]
    assert content["annexes"] == [
        {"title": "Présentation", "link": "https://example.org/presentation.pdf"},
        {"title": "Liste des organisations", "link": ""},
    ]
    for text in texts:
        for phrase in (
            "Next steps",
            "Envoyer le projet de charte.",
            "Next meeting",
            "Groupe charte",
            "Annexes",
            "https://example.org/presentation.pdf",
            "Workshop synthesis",
            "Un revenu pour l'emploi local",
            "Soutenir des activités utiles.",
        ):
            assert phrase.replace(" ", "") in text.replace(" ", ""), phrase


def test_file_names(setting, content):
    day = setting.meeting.local_start.date().isoformat()
    with translation.override("en"):
        name = documents.filename(content, "pdf")
    assert name.startswith(f"minutes-{day}-seance-pleniere") and name.endswith(".pdf")
    approved = {**content, "minutes": {**content["minutes"], "approved": True, "number": 3}}
    with translation.override("en"):
        assert documents.filename(approved, "odt").endswith("-v3.odt")


# ---------------------------------------------------------------------------- the page


def test_the_page_content_is_an_accessible_table_layout(setting, content):
    with translation.override("en"):
        html = render_to_string("meetings/minutes/page_content.html", {"content": content})
    assert "INVALID_TEMPLATE_VARIABLE" not in html
    assert html.count("<caption") == 3
    assert '<th scope="col">Put forward by</th>' in html.replace(' class="minutes-col-who"', "")
    assert 'scope="row"' in html
    for phrase in ("Hospice général", "Léa Invitée", "Rédiger un projet de charte"):
        assert phrase in html
    assert "Jeanne Martin, aussi membre du comité" in html
    assert "Le groupe adopte le principe d&#x27;une charte commune." in html
    assert "@" not in html


def test_a_meeting_with_nothing_recorded_yet_still_makes_documents(world):
    meeting = Meeting.objects.create(
        collective=world.collective,
        kind=MeetingKind.STEERING,
        title="Comité de pilotage",
        starts_at=timezone.now() + timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=2, hours=1),
        created_by=world.coordinator,
    )
    with translation.override("en"):
        content = build_content(meeting)
        texts = [
            docx_text(documents.minutes_docx(content)),
            odt_text(documents.minutes_odt(content)),
            pdf_text(documents.minutes_pdf(content)),
        ]
    assert content["items"] == [] and content["actions"] == [] and content["next_meeting"] is None
    assert content["minutes"]["label"] == "Draft version 1"  # no Minutes row yet
    for text in texts:
        assert "Comité de pilotage" in text
        assert "No agenda item." in text and "No action." in text
        assert "Attendance has not been recorded yet." in text

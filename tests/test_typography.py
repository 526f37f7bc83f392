"""French typography everywhere: the checker of tests/typography.py finds the common
slips, and finds none in the French catalogue, in the demo's pages and documents read
by its coordinators and by visitors, or in the e-mails the demo sends; the helpers of
maillage.core.typography mend what a name or an amount puts in a sentence."""

import csv
import html
import io
import re
import subprocess
import tempfile
from collections import Counter, deque
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from maillage.collectives.models import Membership, Role
from maillage.core import typography
from maillage.core.content import render, summarise
from maillage.core.mail import queue_email

from .test_translations import LOCALE, read_po
from .typography import KINDS, html_slips, html_text, slips

SLUGS = ["gt-rte-geneve", "pcpe-93", "ptce-sicoval", "co-acte", "socialup"]


# ---------------------------------------------------------------------------- the checker


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Lieu : Genève", "space before punctuation"),
        ("Qui vient ?", "space before punctuation"),
        ("Lieu\n: Genève", "space before punctuation"),
        ("Lieu: Genève", "no space before punctuation"),
        ("Vraiment!", "no space before punctuation"),
        ("« Bonjour\u00a0»", "guillemets"),
        ("«\u00a0Bonjour »", "guillemets"),
        ("la réponse de Aurélie", "elision"),
        ("le compte-rendu de une réunion", "elision"),
        ("les membres de Le Pôle", "elision"),
        ("Aucun organisation", "agreement"),
        ("aucun réunion prévue", "agreement"),
        ("l’événement", "curly apostrophe"),
        ("3 000.00 EUR", "amount"),
        ("25\u00a0000 CHF", "amount"),
        ("1200.50 €", "amount"),
        ("60 % des votes", "percent"),
        ("à 60%.", "percent"),
    ],
)
def test_the_checker_finds_each_slip(text, kind):
    assert kind in KINDS
    assert [found for found, _excerpt in slips(text)] == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "Lieu\u00a0: Genève\u00a0; demain\u00a0! Qui\u00a0?",
        "Lieu\u202f: Genève",
        "de 14:30 à 16:00, ratio 3:2",
        "https://example.org/page?x=1, mailto:a@example.org",
        "«\u00a0Bonjour\u00a0»",
        "la réponse d'Aurélie, du Groupe de travail, de Paul, de 12 personnes",
        "de onze heures, de Hugues",
        "Aucune organisation, aucun groupe",
        "l'événement",
        "3\u00a0000,00\u00a0EUR, 25\u00a0000\u00a0CHF, 12\u00a0€",
        "60\u00a0%, 5\u202f%",
    ],
)
def test_the_checker_leaves_good_french_alone(text):
    assert slips(text) == []


def test_the_checker_reads_text_nodes_only():
    page = (
        '<html lang="fr"><head><title>Réunion\u00a0: bilan</title>'
        "<style>a:hover { color: red; }</style><script>x = a ? b : c;</script></head>"
        '<body><a href="https://example.org/?a=1" class="x:y">Lien</a>'
        "<code>key: value</code><pre>a ; b</pre>"
        '<span lang="en">Note: English</span>'
        "<p>Ordre du jour<strong>\u00a0:</strong> point</p>"
        '<button aria-label="Archiver : x">A</button></body></html>'
    )
    assert "Réunion\u00a0: bilan" in html_text(page)
    assert [kind for kind, _ in html_slips(page)] == ["space before punctuation"]
    # Where HTML breaks a line in the source, the page shows a breaking space.
    assert [kind for kind, _ in html_slips("<p>Lieu\n  :</p>")] == ["space before punctuation"]
    assert [kind for kind, _ in html_slips("<li>Lieu</li><li>Genève</li>")] == []


# ---------------------------------------------------------------------------- the helpers


def test_de_elides_before_a_vowel_or_a_mute_h():
    assert typography.de("Aurélie") == "d'Aurélie"
    assert typography.de("Émilie Sarrat") == "d'Émilie Sarrat"
    assert typography.de("Hélène Bordes") == "d'Hélène Bordes"
    assert typography.de("Paul") == "de Paul"
    assert typography.de("Hugo Lemaire") == "de Hugo Lemaire"
    assert typography.de("Yasmine") == "de Yasmine"


def test_elide_mends_the_name_put_after_de_in_french_only():
    with translation.override("fr"):
        assert typography.elide("Membres de Aurore") == "Membres d'Aurore"
        assert typography.elide("Mur de Atelier 1") == "Mur d'Atelier 1"
        assert typography.elide("Membres de Le Pôle emploi") == "Membres du Pôle emploi"
        assert typography.elide("Membres de Les Amis") == "Membres des Amis"
        assert typography.elide("Membres de Paul, de onze") == "Membres de Paul, de onze"
        safe = typography.elide(render("Réponse de **Aurélie**"))
        assert safe == "<p>Réponse de <strong>Aurélie</strong></p>"
        assert hasattr(typography.elide(render("Mur de Atelier")), "__html__")
    with translation.override("en"):
        assert typography.elide("Casa de Alba") == "Casa de Alba"


def test_one_line_keeps_a_typed_no_break_space():
    assert typography.one_line("  Séance\u00a0:\n la   suite ") == "Séance\u00a0: la suite"
    assert typography.one_line("a \u00a0: b") == "a\u00a0: b"
    assert typography.one_line("a\u00a0\n: b") == "a : b"
    assert typography.one_line(None) == ""


def test_amounts_and_colons_follow_the_language():
    with translation.override("fr"):
        assert typography.amount(Decimal("25000"), "EUR") == "25\u00a0000\u00a0EUR"
        assert typography.amount(Decimal("1234.5"), "CHF") == "1\u00a0234,50\u00a0CHF"
        # A statement's amounts keep their cents, whole or not.
        assert typography.amount(Decimal("405"), "CHF", cents=True) == "405,00\u00a0CHF"
        assert typography.labelled("Lieu", "Genève") == "Lieu\u00a0: Genève"
    with translation.override("en"):
        assert typography.amount(Decimal("25000"), "EUR") == "25,000\u00a0EUR"
        assert typography.labelled("Place", "Geneva") == "Place: Geneva"


def test_truncated_texts_keep_their_no_break_spaces():
    text = "Une question\u00a0: comment « vivre\u00a0» ? " * 10
    assert "question\u00a0: comment" in typography.truncate_words(text, 5)
    assert typography.truncate_words("a b c", 2) == "a b…"
    assert typography.truncate_words("a b", 2) == "a b"
    summary = summarise(render("Un café\u00a0: des recruteurs. " * 30))
    assert "café&nbsp;: des" in summary and summary.endswith("…</p>")


@pytest.mark.django_db
def test_an_email_subject_keeps_its_no_break_spaces(
    monkeypatch, django_capture_on_commit_callbacks
):
    rendered = {
        "x_subject.txt": "Rappel\u00a0:\n  Atelier\u00a0: la suite\n",
        "x.txt": "",
        "x.html": "",
    }
    monkeypatch.setattr("maillage.core.mail.render_to_string", lambda name, context: rendered[name])
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(template="x", to="a@example.org", context={}, language="fr")
    assert mail.outbox[0].subject == "Rappel\u00a0: Atelier\u00a0: la suite"


# --------------------------------------------------------------------------- the catalogue


def test_every_french_message_of_the_catalogue_is_well_set():
    found = []
    for msgid, msgstrs, _flags in read_po(LOCALE / "fr" / "LC_MESSAGES" / "django.po"):
        for msgstr in msgstrs.values():
            text = html.unescape(re.sub(r"<[^>]+>", "", msgstr))
            # A number in place of each placeholder, as the reader sees it: "1 %".
            text = re.sub(r"%\(\w+\)[sd]", "1", text).replace("%%", "%")
            found += [(kind, msgid[:60], excerpt) for kind, excerpt in slips(text)]
    assert found == []


# ------------------------------------------------------------------- the demo, as it is read

DOCUMENTS = (".pdf", ".docx", ".odt", ".csv", ".xlsx", ".atom")
NOT_PAGES = DOCUMENTS + (".ics",)
NOT_FOLLOWED = ("/comptes/deconnexion/", "/langue/", "/admin/", "/static/", "/media/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.links.append(href.split("#")[0])


def _shape(url):
    """Addresses that differ only by their numbers or their collective show the same page."""
    parts = urlsplit(url)
    keys = sorted(pair.split("=")[0] for pair in parts.query.split("&") if pair)
    path = re.sub(r"/collectifs/[^/]+/", "/collectifs/C/", parts.path)
    return re.sub(r"\d+", "N", path) + "?" + "&".join(keys)


def crawl(client, starts, within, *, shapes, limit=200, per_shape=2):
    """The pages reached from ``starts`` by following links inside ``within``, at most
    ``per_shape`` of a kind (counted in ``shapes``); and the documents they link to."""
    queue, seen = deque(starts), set(starts)
    pages, documents = {}, set()
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        pages[url] = response.content.decode()
        parser = _Links()
        parser.feed(pages[url])
        for href in parser.links:
            if not href.startswith("/") or href.startswith("//") or href in seen:
                continue
            seen.add(href)
            path = urlsplit(href).path
            if path.endswith(DOCUMENTS):
                documents.add(href)
            elif (
                not path.endswith(NOT_PAGES)
                and not href.startswith(NOT_FOLLOWED)
                and href.startswith(within)
                and shapes[_shape(href)] < per_shape
            ):
                shapes[_shape(href)] += 1
                queue.append(href)
    return pages, documents


class _DrawnText:
    """What the PDF writers give ReportLab to draw, as text: pdftotext would read a
    no-break space back as a plain one."""

    def __init__(self, monkeypatch):
        from reportlab.pdfgen.canvas import Canvas
        from reportlab.platypus.paragraph import Paragraph

        self.parts = []
        paragraph = Paragraph.__init__

        def record_paragraph(this, text, *args, **kwargs):
            self.parts.append(html.unescape(re.sub(r"<[^>]+>", "", str(text))))
            return paragraph(this, text, *args, **kwargs)

        monkeypatch.setattr(Paragraph, "__init__", record_paragraph)
        for name in ("drawString", "drawRightString", "drawCentredString"):
            draw = getattr(Canvas, name)

            def record_string(this, x, y, text, *args, _draw=draw, **kwargs):
                self.parts.append(str(text))
                return _draw(this, x, y, text, *args, **kwargs)

            monkeypatch.setattr(Canvas, name, record_string)

    def take(self):
        text, self.parts = "\n".join(self.parts), []
        return text


def document_text(url, content):
    """The words of a DOCX, ODT, XLSX, CSV or Atom document."""
    path = urlsplit(url).path
    if path.endswith(".docx"):
        from docx import Document

        document = Document(io.BytesIO(content))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join(parts)
    if path.endswith(".odt"):
        from odf import teletype
        from odf import text as odf_text
        from odf.opendocument import load

        document = load(io.BytesIO(content))
        blocks = document.getElementsByType(odf_text.H) + document.getElementsByType(odf_text.P)
        return "\n".join(teletype.extractText(block) for block in blocks)
    if path.endswith(".xlsx"):
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(content))
        cells = (c for sheet in book.worksheets for row in sheet.iter_rows() for c in row)
        return "\n".join(c.value for c in cells if isinstance(c.value, str))
    if path.endswith(".csv"):
        # The cells' text: the separator (a semicolon in the French variant) is syntax.
        delimiter = ";" if "sep=semicolon" in url else ","
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter)
        return "\n".join(cell for row in rows for cell in row)
    if path.endswith(".atom"):
        return html_text(html.unescape(content.decode()))
    raise AssertionError(url)


def pdf_words(content):
    """pdftotext's reading of a PDF: the words are there, whatever the spaces."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(content)
        fh.flush()
        command = ["pdftotext", "-enc", "UTF-8", fh.name, "-"]
        return subprocess.run(command, capture_output=True, check=True).stdout.decode()


def _load_demo():
    call_command("load_demo", stdout=StringIO())


@pytest.mark.django_db
def test_the_demo_pages_and_documents_have_no_slip(client, monkeypatch):
    _load_demo()
    drawn = _DrawnText(monkeypatch)
    found, pages_read, documents_read, shapes = [], 0, Counter(), Counter()

    def check(where, text):
        found.extend((kind, where, excerpt) for kind, excerpt in slips(text))

    def read(pages, documents):
        nonlocal pages_read
        for url, page in pages.items():
            # A history's before and after values are the data as recorded (the
            # history words them), not a sentence of the site.
            page = re.sub(r"<(del|ins)\b.*?</\1>", "", page, flags=re.S)
            check(url, html_text(page))
        pages_read += len(pages)
        for url in sorted(documents):
            caches["documents"].clear()  # each document drawn, not served from the cache
            response = client.get(url)
            assert response.status_code == 200, url
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            if urlsplit(url).path.endswith(".pdf"):
                check(url, drawn.take())
                assert len(pdf_words(content).split()) > 20, url
            else:
                check(url, document_text(url, content))
            documents_read[urlsplit(url).path.rsplit(".", 1)[1]] += 1

    # Each collective as its coordinator reads it (in French, the demo's language).
    for slug in SLUGS:
        coordinator = (
            Membership.objects.active()
            .filter(collective__slug=slug, role=Role.COORDINATOR)
            .order_by("pk")
            .first()
            .user
        )
        assert coordinator.language == "fr"
        client.force_login(coordinator)
        starts = ["/tableau-de-bord/", f"/collectifs/{slug}/"]
        within = (f"/collectifs/{slug}/", "/mes-actions/", "/mon-travail/", "/agenda/", "/reseaux/")
        read(*crawl(client, starts, within, shapes=shapes))
        client.logout()

    # A visitor: the public pages, a registrant's own page, a guest's answer page.
    from maillage.events.models import Registration
    from maillage.meetings.models import Invitee

    client.cookies["django_language"] = "fr"
    starts = ["/", "/participer/", *[f"/collectifs/{slug}/" for slug in SLUGS]]
    starts.append(Registration.objects.exclude(email="").order_by("pk").first().get_absolute_url())
    starts.append(Invitee.objects.order_by("pk").first().get_rsvp_url())
    read(
        *crawl(
            client,
            starts,
            ("/collectifs/", "/inscriptions/", "/reunions/reponse/"),
            shapes=Counter(),
        )
    )

    assert pages_read > 120
    assert set(documents_read) == {"pdf", "docx", "odt", "xlsx", "csv", "atom"}
    assert found == [], "\n".join(map(repr, dict.fromkeys(found)))


@pytest.mark.django_db
def test_the_demo_emails_have_no_slip(client, django_capture_on_commit_callbacks):
    from maillage.actions import services as actions
    from maillage.events import services as events
    from maillage.events.models import Event, Registration, RegistrationStatus
    from maillage.meetings import services as meetings
    from maillage.meetings.models import Meeting

    with django_capture_on_commit_callbacks(execute=True):
        # The demo itself: minutes to review and approved, registrations, a report, a
        # waiting list, an invitation and requests to join.
        _load_demo()
        now = timezone.now()

        # A meeting to come: invitations, a change, a reminder, then its cancellation.
        meeting = Meeting.objects.filter(starts_at__gt=now).order_by("starts_at").first()
        actor = meeting.facilitators.first() or meeting.collective.memberships.first().user
        meeting.invitees.update(invited_at=None)
        meetings.send_invitations(actor=actor, meeting=meeting)
        meeting.refresh_from_db()
        meetings.update_meeting(
            actor=actor, meeting=meeting, base_version=meeting.version, room="Salle des fêtes"
        )
        meetings.send_reminder(Meeting.objects.get(pk=meeting.pk))
        meetings.cancel_meeting(
            actor=actor, meeting=Meeting.objects.get(pk=meeting.pk), reason="Salle indisponible"
        )

        # An event to come: one more registration, the same address again, a change,
        # a seat for the first person waiting, the reminder, then its cancellation.
        event = Event.objects.published().filter(starts_at__gt=now).order_by("starts_at").first()
        organiser = event.organisers.first()
        elise = {"name": "Élise Morel", "email": "elise.morel@example.org"}
        events.register(event=event, **elise)
        events.register(event=event, **elise, now=now + timedelta(hours=2))
        event.refresh_from_db()
        events.update_event(
            actor=organiser, event=event, base_version=event.version, place="Salle des fêtes"
        )
        waiting = Registration.objects.filter(status=RegistrationStatus.WAITING).first()
        full = waiting.event
        organiser = full.organisers.first()
        events.set_capacity(actor=organiser, event=full, capacity=full.capacity + 1)
        waiting.refresh_from_db()
        if waiting.status == RegistrationStatus.WAITING:
            events.promote(actor=organiser, registration=waiting)
        event.refresh_from_db()
        events.send_reminders(now=event.starts_at - timedelta(hours=2))
        events.cancel_event(actor=organiser, event=Event.objects.get(pk=event.pk))

        # The weekly actions digest, and a password reset.
        actions.send_digests(today=timezone.localdate())
        client.cookies["django_language"] = "fr"
        client.post(reverse("accounts:password_reset"), {"email": "camille.martin@example.org"})

    templates = {
        "Inscription confirmée",
        "Déjà inscrit·e",
        "Une place pour vous",
        "Liste d'attente",
        "Modifié\u00a0:",
        "Annulé\u00a0:",
        "Rappel\u00a0:",
        "Ce qui s'est passé",
        "Invitation\u00a0:",
        "Modifiée\u00a0:",
        "Annulée\u00a0:",
        "Brouillon de compte-rendu",
        "Compte-rendu approuvé",
        "Invitation à rejoindre",
        "demande à rejoindre",
        "Votre demande d'adhésion",
        "Vos actions de la semaine",
        "mot de passe",
    }
    subjects = [message.subject for message in mail.outbox]
    assert {t for t in templates if any(t in subject for subject in subjects)} == templates

    found = []
    for message in mail.outbox:
        texts = [message.subject, message.body]
        texts += [html_text(body) for body, mime in message.alternatives if mime == "text/html"]
        for text in texts:
            found += [(kind, message.subject, ex) for kind, ex in slips(text)]
    assert found == []

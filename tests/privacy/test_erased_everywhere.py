"""After an account is deleted, the person's name and e-mail address appear nowhere: in no
page any remaining coordinator reaches from the dashboard and the collectives' pages (and
the files those pages offer: CSV, JSON, calendars, PDF, DOCX, ODT, XLSX), in no list of the
API read with a coordinator's token, in no open-data file.

It runs on the demo, with the person who holds the most roles. It needs every app's eraser
(each app's privacy.py): until the apps that hold personal data have registered theirs,
it says which are missing and is skipped."""

import io
import zipfile
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from maillage.accounts.models import User
from maillage.api import services as api_services
from maillage.audit.models import AuditEvent
from maillage.collectives.models import Collective, Membership, Role
from maillage.collectives.privacy import sole_coordinator_of
from maillage.core import personal
from maillage.privacy import services

pytestmark = pytest.mark.django_db

# The apps whose models hold personal data (docs/privacy.md): each must have its eraser.
APPS_WITH_PERSONAL_DATA = {
    "accounts",
    "audit",
    "collectives",
    "governance",
    "api",
    "consultations",
    "meetings",
    "actions",
    "projects",
    "events",
    "premises",
    "orientation",
    "employment",
    "employers",
    "fund",
}
PAGES_PER_COORDINATOR = 300
SKIP = ("/static/", "/media/", "/comptes/deconnexion/", "/langue/", "/i18n/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.found.append(href)


def _text(response):
    """What a response says, as text: pages and data as they are, office files and PDF
    by their text."""
    kind = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in kind:
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    if content[:2] == b"PK":  # DOCX, ODT, XLSX, ZIP: every XML, CSV or JSON member
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith((".xml", ".csv", ".json", ".txt", ".md"))
            )
    return content.decode("utf-8", "replace")


def _internal(href, here):
    href = urldefrag(href)[0]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not href.startswith("/"):
        return None
    if href.startswith(SKIP):
        return None
    return href


def _crawl(client, starts):
    """GET every page reachable from ``starts`` within the site; yields (url, text)."""
    seen, queue = set(starts), deque(starts)
    while queue and len(seen) <= PAGES_PER_COORDINATOR:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            continue
        text = _text(response)
        yield url, text
        if "text/html" in response.get("Content-Type", ""):
            parser = Links()
            parser.feed(text)
            for href in parser.found:
                link = _internal(href, url)
                if link and link not in seen:
                    seen.add(link)
                    queue.append(link)


def _list_routes():
    def walk(resolver, prefix=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from walk(pattern, namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield prefix + pattern.name

    return sorted(name for name in walk(get_resolver()) if name.startswith("api:"))


def _reverse(name, **kwargs):
    """The route's address, or None where it takes other arguments (or does not exist yet)."""
    try:
        return reverse(name, **kwargs)
    except NoReverseMatch:
        return None


def _most_roles():
    """The demo person with the most roles (memberships, then log entries), who can leave:
    they are nowhere the only coordinator."""
    people = (
        User.objects.filter(is_active=True)
        .annotate(roles=Count("memberships", filter=Q(memberships__end_date=None)))
        .order_by("-roles", "pk")
    )
    for person in people[:20]:
        if not sole_coordinator_of(person) and AuditEvent.objects.filter(actor=person).exists():
            return person
    return people.first()


def test_an_erased_person_appears_nowhere(client):
    missing = sorted(APPS_WITH_PERSONAL_DATA - set(personal.ERASERS))
    if missing:
        pytest.skip(f"Apps without their eraser yet (their privacy.py): {missing}")
    call_command("load_demo", stdout=io.StringIO())
    person = _most_roles()
    name, email = person.display_name, person.email
    from maillage.demo.accounts import DEMO_PASSWORD

    # The search finds the person while they are there: their collective's members' page.
    witness = (
        User.objects.filter(
            memberships__collective__in=Collective.objects.of_member(person),
            memberships__role=Role.COORDINATOR,
            memberships__end_date=None,
        )
        .exclude(pk=person.pk)
        .first()
    )
    client.force_login(witness)
    shared = Collective.objects.of_member(person).filter(memberships__user=witness).first()
    before = _text(client.get(reverse("collectives:members", args=[shared.slug])))
    assert name in before and email in before
    client.logout()

    services.delete_account(user=person, password=DEMO_PASSWORD)

    found = []

    def check(where, text):
        for value in (name, email):
            if value.lower() in text.lower():
                found.append(f"{value!r} in {where}")

    coordinators = User.objects.filter(
        memberships__role=Role.COORDINATOR, memberships__end_date=None, is_active=True
    ).distinct()
    lists = _list_routes()
    pages = api_reads = 0
    for coordinator in coordinators:
        client.force_login(coordinator)
        theirs = list(Collective.objects.of_member(coordinator))
        starts = [reverse("core:dashboard"), reverse("accounts:profile")] + [
            c.get_absolute_url() for c in theirs
        ]
        for url, text in _crawl(client, starts):
            pages += 1
            check(f"{url} as {coordinator.pk}", text)
        client.logout()
        _token, secret = api_services.create_token(coordinator, name="crawl", collectives=theirs)
        auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        for route in (r for r in lists if r.endswith("-list")):
            for collective in theirs:
                url = _reverse(route, kwargs={"slug": collective.slug}) or _reverse(route)
                if url is None:
                    continue
                response = client.get(url, {"page_size": 100}, **auth)
                if response.status_code != 200:
                    continue
                api_reads += 1
                check(f"{url} (API)", _text(response))
                # Each row's own page, and the registrations of each event.
                for row in response.json()["results"][:10]:
                    key = row.get("id")
                    if key is None:
                        continue
                    for name_of, kwargs in (
                        (route[: -len("-list")] + "-detail", {"slug": collective.slug, "pk": key}),
                        ("api:registration-list", {"slug": collective.slug, "event": key}),
                    ):
                        if route != "api:event-list" and name_of == "api:registration-list":
                            continue
                        detail = _reverse(name_of, kwargs=kwargs)
                        answer = client.get(detail, **auth) if detail else None
                        if answer is not None and answer.status_code == 200:
                            api_reads += 1
                            check(f"{detail} (API)", _text(answer))
    for collective in Collective.objects.public():
        for route in ("opendata:zip", "opendata:collective"):
            url = _reverse(route, args=[collective.slug])
            if url is None:
                continue
            response = client.get(url)
            if response.status_code == 200:
                check(f"{url} (open data)", _text(response))
    assert Membership.objects.filter(user=person, end_date=None).count() == 0
    # Not a vacuous search: many pages and API answers were read.
    assert pages > 200 and api_reads > 50, (pages, api_reads)
    assert found == []

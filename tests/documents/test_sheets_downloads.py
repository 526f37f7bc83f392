"""Every page that offers a CSV offers its ";" variant for French spreadsheets, on the
same address with ``?sep=semicolon``: its own file name and cache entry, and a
sentence that says the files are UTF-8 with a byte order mark."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from ..consultations.workshop import build_workshop
from ..premises.test_statements_views import two_tenants
from ..premises.test_statements_views import url as premises_url
from ..projects.setting import build_board

pytestmark = pytest.mark.django_db

SENTENCE = "UTF-8 avec une marque d'ordre des octets"


def rows(response, delimiter):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_the_boards_two_csvs(client, world):
    build_board(world)
    client.force_login(world.member)
    address = reverse("projects:export_csv", args=[world.collective.slug])
    with translation.override("fr"):
        plain = client.get(address)
        french = client.get(address + "?sep=semicolon")
        page = client.get(reverse("projects:board", args=[world.collective.slug]))
    assert plain["Content-Disposition"].endswith('.csv"')
    assert french["Content-Disposition"].endswith('-fr.csv"')
    assert plain["ETag"] != french["ETag"]
    assert rows(plain, ",")[0] == rows(french, ";")[0]
    assert ";" in french.content.decode() and rows(french, ";")[0][0] == "Chantier"
    html = page.content.decode()
    assert f'href="{address}?sep=semicolon"' in html
    assert "CSV pour Excel en français (points-virgules)" in html and SENTENCE in html


def test_a_statements_two_csvs(client, world):
    premises, ours, _theirs, _other = two_tenants(world)
    client.force_login(world.member)
    address = premises_url("statement_csv", premises, ours.pk)
    with translation.override("fr"):
        plain = client.get(address).content.decode("utf-8-sig")
        french = client.get(address + "?sep=semicolon")
        page = client.get(premises_url("statement", premises, ours.pk)).content.decode()
    assert "405.00" in plain
    assert french["Content-Disposition"].endswith('-fr.csv"')
    assert "405,00" in french.content.decode("utf-8-sig")
    assert f'href="{address}?sep=semicolon"' in page and SENTENCE in page


def test_a_reports_two_csvs(client, world):
    consultation = build_workshop(world).consultation
    client.force_login(world.member)
    args = [world.collective.slug, consultation.pk]
    address = reverse("consultations:data_csv", args=args)
    with translation.override("fr"):
        plain = client.get(address)
        french = client.get(address + "?sep=semicolon")
        page = client.get(reverse("consultations:report", args=args)).content.decode()
    assert rows(plain, ",")[0] == rows(french, ";")[0]
    assert french["Content-Disposition"].endswith('-fr.csv"')
    assert f'href="{address}?sep=semicolon"' in page and SENTENCE in page

"""The reconciliation's pages (maillage/fund/views_bank.py) as the treasurer uses them:
a statement uploaded, the review with its suggestions, a line matched or set aside;
refusals shown in the form, in French, with nothing lost and nothing changed."""

import html
import secrets
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from maillage.fund import ledger, services_bank, services_gifts
from maillage.fund.models import Gift, GiftStatus
from maillage.fund.models_bank import BankLine, BankStatement, LineStatus

from .statements.build import camt

pytestmark = pytest.mark.django_db


@pytest.fixture
def treasurer(client, fund):
    client.force_login(fund.world.facilitator)
    return client


def _url(fund, name, *args):
    return reverse(f"fund:{name}", args=[fund.world.collective.slug, *args])


def _upload(client, fund, data, name="releve.xml"):
    return client.post(
        _url(fund, "statement_import"),
        {"file": SimpleUploadedFile(name, data, content_type="text/xml")},
    )


def test_upload_matches_and_says_so_in_french(treasurer, fund):
    today = timezone.localdate()
    data = camt(
        [
            {"amount": "50.00", "booked_on": today, "reference": fund.pledged.reference},
            {"amount": "33.00", "booked_on": today, "name": "Quelqu'un", "bank_ref": "Z"},
        ]
    )
    response = _upload(treasurer, fund, data)
    statement = BankStatement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url(fund, "statement", statement.pk)
    page = treasurer.get(response["Location"])
    text = page.content.decode()
    assert (
        "Relevé importé\u00a0: 2 nouvelles lignes, 1 rapprochée de son don, 1 à vérifier." in text
    )
    assert fund.pledged.reference in text
    assert "par référence" in text
    listing = treasurer.get(_url(fund, "statements")).content.decode()
    assert "releve.xml" in listing and "1 ligne à vérifier" in listing
    assert ledger.check(fund.foundation).ok


def test_a_bad_file_is_refused_in_the_form(treasurer, fund):
    response = _upload(
        treasurer, fund, b"date;montant;devise\n02/03/2026;10;EUR\n32/13/2026;1;EUR\n"
    )
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "Ligne 3\u00a0: la date «\u00a032/13/2026\u00a0» n'est pas une date" in text
    assert 'id="id_file_error"' in text
    assert not BankStatement.objects.exists()
    again = _upload(treasurer, fund, camt([{"amount": "1.00", "booked_on": "2026-03-02"}]))
    assert again.status_code == 302
    twice = _upload(treasurer, fund, camt([{"amount": "1.00", "booked_on": "2026-03-02"}]))
    assert twice.status_code == 400
    assert "Ce fichier a déjà été importé le" in twice.content.decode()
    assert BankStatement.objects.count() == 1


def _in_review(fund, amount="42.00", name="Camille Martin"):
    services_bank.import_statement(
        actor=fund.world.facilitator,
        foundation=fund.foundation,
        file_name=f"{secrets.token_hex(3)}.xml",
        data=camt([{"amount": amount, "booked_on": timezone.localdate(), "name": name}]),
    )
    return BankLine.objects.get(status=LineStatus.REVIEW, amount=amount)


def test_review_suggests_the_same_amount_first_then_the_name(treasurer, fund):
    other = services_gifts.pledge_gift(
        foundation=fund.foundation,
        campaign=fund.campaign,
        name="Zoé Keller",
        email="zoe@example.org",
        amount="42",
        currency="EUR",
    )
    line = _in_review(fund)  # 42 from Camille Martin: Zoé's 42 first, then Camille's 50
    text = treasurer.get(_url(fund, "review")).content.decode()
    assert f'id="review-{line.pk}"' in text
    assert text.index(other.reference) < text.index(fund.pledged.reference)


def test_match_by_hand_from_the_review(treasurer, fund):
    line = _in_review(fund)
    response = treasurer.post(_url(fund, "line_match", line.pk), {"gift": fund.pledged.pk})
    assert response.status_code == 302 and response["Location"] == _url(fund, "review")
    gift = Gift.objects.get(pk=fund.pledged.pk)
    assert gift.status == GiftStatus.RECEIVED and str(gift.amount) == "42.00"
    assert BankLine.objects.get(pk=line.pk).matched_how == "hand"
    assert ledger.check(fund.foundation).ok


def test_match_by_reference_typed_and_refusals(treasurer, fund):
    line = _in_review(fund)
    unknown = treasurer.post(_url(fund, "line_match", line.pk), {"reference": "RF00 1234"})
    assert unknown.status_code == 400
    assert "Aucun don de la fondation n'a la référence" in html.unescape(unknown.content.decode())
    assert 'value="RF00 1234"' in unknown.content.decode()  # nothing lost
    empty = treasurer.post(_url(fund, "line_match", line.pk), {})
    assert empty.status_code == 400
    assert "Choisissez le don promis" in empty.content.decode()
    spaced = fund.pledged.reference.lower()
    done = treasurer.post(_url(fund, "line_match", line.pk), {"reference": spaced})
    assert done.status_code == 302
    assert Gift.objects.get(pk=fund.pledged.pk).status == GiftStatus.RECEIVED


def test_set_aside_and_back(treasurer, fund):
    line = _in_review(fund)
    refused = treasurer.post(_url(fund, "line_ignore", line.pk), {"reason": ""})
    assert refused.status_code == 400
    assert BankLine.objects.get(pk=line.pk).status == LineStatus.REVIEW
    done = treasurer.post(_url(fund, "line_ignore", line.pk), {"reason": "Frais remboursés"})
    assert done.status_code == 302
    assert BankLine.objects.get(pk=line.pk).status == LineStatus.IGNORED
    page = treasurer.get(_url(fund, "statement", line.statement_id)).content.decode()
    assert "Pas un don" in page and "Remettre à vérifier" in page
    back = treasurer.post(_url(fund, "line_unignore", line.pk))
    assert back.status_code == 302
    assert BankLine.objects.get(pk=line.pk).status == LineStatus.REVIEW


def test_pages_change_nothing_on_get(treasurer, fund):
    line = _in_review(fund)
    for name, args in (
        ("statements", ()),
        ("statement_import", ()),
        ("statement", (line.statement_id,)),
        ("review", ()),
        ("line_match", (line.pk,)),
        ("line_ignore", (line.pk,)),
    ):
        assert treasurer.get(_url(fund, name, *args)).status_code == 200
    assert BankLine.objects.get(pk=line.pk).status == LineStatus.REVIEW
    assert treasurer.get(_url(fund, "line_unignore", line.pk)).status_code == 405


def test_old_lines_come_first_in_review(treasurer, fund):
    services_bank.import_statement(
        actor=fund.world.facilitator,
        foundation=fund.foundation,
        file_name="a.xml",
        data=camt(
            [
                {"amount": "3.00", "booked_on": timezone.localdate(), "bank_ref": "new"},
                {
                    "amount": "4.00",
                    "booked_on": timezone.localdate() - timedelta(days=3),
                    "bank_ref": "old",
                },
            ]
        ),
    )
    text = treasurer.get(_url(fund, "review")).content.decode()
    assert text.index("4,00") < text.index("3,00")

"""The foundation's pages for everyone (views_public): a campaign's page, the gift form
and its matching preview (htmx and without JavaScript), the donor's page with its QR
code, and the transparency page; plus the QR codes' payloads (qr.py)."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from maillage.collectives.models import Visibility
from maillage.fund import ledger, qr, services_gifts
from maillage.fund.models import Gift, GiftStatus, Method

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(fund):
    fund.world.collective.visibility = Visibility.PUBLIC
    fund.world.collective.save()
    return fund


def _shown_and_anonymous(fund):
    """A shown donor and an anonymous one, both received."""
    shown = services_gifts.pledge_gift(
        foundation=fund.foundation,
        campaign=fund.campaign,
        name="Awa Diallo",
        email="awa@example.org",
        amount="40",
        currency="EUR",
        shown=True,
        message="Pour le territoire",
    )
    services_gifts.receive_gift(
        actor=fund.world.facilitator, gift=shown, received_on=shown.pledged_at.date()
    )
    return shown


# ------------------------------------------------------------------ QR payloads


def test_the_epc_payload_line_by_line():
    text = qr.epc_payload(
        name="Fondation territoriale citoyenne",
        iban="FR76 3000 6000 0112 3456 7890 189",
        amount=Decimal("50"),
        reference="RF18539007547034",
        bic="BNPAFRPPXXX",
    )
    assert text.split("\n") == [
        "BCD",
        "002",
        "1",
        "SCT",
        "BNPAFRPPXXX",
        "Fondation territoriale citoyenne",
        "FR7630006000011234567890189",
        "EUR50.00",
        "",
        "RF18539007547034",
    ]
    assert len(text.encode("utf-8")) <= 331


def test_the_gifts_girocode_and_swiss_bill(fund):
    kind, text = qr.payload(fund.foundation, fund.pledged)
    lines = text.split("\n")
    assert kind == "epc"
    assert lines[6] == fund.foundation.iban_eur
    assert lines[7] == "EUR50.00"
    assert lines[9] == fund.pledged.reference and lines[9].startswith("RF")
    chf = services_gifts.pledge_gift(
        foundation=fund.foundation,
        name="Lena Favre",
        email="lena@example.ch",
        amount="75.50",
        currency="CHF",
    )
    kind, text = qr.payload(fund.foundation, chf)
    lines = text.split("\r\n") if "\r\n" in text else text.split("\n")
    assert kind == "swiss"
    assert lines[0] == "SPC"
    assert lines[3] == fund.foundation.iban_chf
    assert "75.50" in lines and "CHF" in lines
    assert "QRR" in lines and chf.reference in lines
    drawing = qr.gift_svg(fund.foundation, chf)
    assert drawing.startswith("<svg") and 'role="img"' in drawing
    assert "<title" in drawing and "style=" not in drawing


def test_no_code_without_the_accounts(fund):
    fund.foundation.iban_eur = ""
    assert qr.gift_svg(fund.foundation, fund.pledged) is None


# ------------------------------------------------------------------ the campaign's page


def test_the_campaign_page_names_only_shown_donors(client, public):
    fund = public
    _shown_and_anonymous(fund)
    response = client.get(
        reverse("fund:campaign", args=[fund.world.collective.slug, fund.campaign.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Awa Diallo" in page and "Pour le territoire" in page
    # Louis Bernard gave anonymously (received); Camille Martin is shown but has not paid.
    assert "Louis Bernard" not in page and "Camille Martin" not in page
    assert "@example.org" not in page
    assert "<progress" in page
    figures = ledger.figures(fund.foundation, campaign=fund.campaign)
    assert figures.received == Decimal("190.00") and figures.matched == Decimal("140.00")


def test_a_draft_is_never_public(client, public):
    url = reverse("fund:campaign", args=[public.world.collective.slug, public.draft.pk])
    assert client.get(url).status_code == 404
    client.force_login(public.world.member)
    assert client.get(url).status_code == 404
    client.force_login(public.world.coordinator)
    assert client.get(url).status_code == 200


# ------------------------------------------------------------------ giving


def _give_url(fund):
    return reverse("fund:give", args=[fund.world.collective.slug, fund.campaign.pk])


def test_a_gift_by_transfer_without_an_account(client, public, django_capture_on_commit_callbacks):
    fund = public
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _give_url(fund),
            {
                "name": "Nadia Benali",
                "email": "nadia@example.org",
                "amount": "1 000,50",
                "shown": "anonymous",
                "message": "",
                "wants_receipt": "on",
                "address": "3 rue Voltaire\n93100 Montreuil",
                "method": Method.TRANSFER,
            },
        )
    gift = Gift.objects.get(donor__email="nadia@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("fund:pledge", args=[gift.key])
    assert gift.amount == Decimal("1000.50") and gift.status == GiftStatus.PLEDGED
    assert not gift.shown and gift.currency == "EUR"
    assert ledger.check(fund.foundation).ok
    (message,) = mail.outbox
    assert gift.reference in message.body and gift.key in message.body
    page = client.get(response["Location"]).content.decode()
    assert gift.reference in page and 'role="img"' in page
    svg = client.get(reverse("fund:pledge_qr", args=[gift.key]))
    assert svg["Content-Type"].startswith("image/svg+xml")


@pytest.mark.parametrize(
    ("amount", "words"),
    [("-10", "more than zero"), ("2000000", "check the amount"), ("abc", "as a number")],
)
def test_a_bad_amount_keeps_what_was_typed(client, public, amount, words, english):
    gifts = Gift.objects.count()
    client.force_login(public.world.member)
    response = client.post(
        _give_url(public),
        {
            "name": "Nadia",
            "email": "nadia@example.org",
            "amount": amount,
            "shown": "shown",
            "message": "Courage",
            "method": Method.TRANSFER,
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert words in page and "Courage" in page and "nadia@example.org" in page
    assert Gift.objects.count() == gifts


def test_the_matching_preview_with_htmx_and_without(client, public):
    fund = public
    data = {"amount": "80", "preview": "1", "name": "", "email": ""}
    partial = client.post(_give_url(fund), data, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    text = partial.content.decode()
    assert text.lstrip().startswith('<div id="matching-preview"')
    assert "Hospice général" in text
    assert "80,00" in text or "80.00" in text
    full = client.post(_give_url(fund), {**data, "amount": "500"})
    page = full.content.decode()
    assert full.status_code == 200 and "<html" in page
    assert "100,00" in page or "100.00" in page  # capped at 100 per gift
    assert Gift.objects.filter(donor__email="").count() == 0
    assert 'class="error"' not in page  # nothing submitted yet
    # The fragment htmx swaps in is the same part of the page reloaded without JS.
    reloaded = client.post(_give_url(fund), data).content.decode()
    start = reloaded.index('<div id="matching-preview"')
    assert reloaded[start : start + len(text.strip())] == text.strip()


def test_no_gift_once_the_campaign_closed(client, public):
    fund = public
    fund.campaign.status = "closed"
    fund.campaign.save()
    gifts = Gift.objects.count()
    response = client.post(
        _give_url(fund),
        {
            "name": "N",
            "email": "n@example.org",
            "amount": "10",
            "shown": "anonymous",
            "method": Method.TRANSFER,
        },
    )
    assert response.status_code == 400
    assert Gift.objects.count() == gifts


# ------------------------------------------------------------------ transparency


def test_transparency_names_only_shown_donors_and_no_amount_per_donor(client, public):
    fund = public
    _shown_and_anonymous(fund)
    response = client.get(reverse("fund:transparency", args=[fund.world.collective.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Awa Diallo" in page
    assert "Louis Bernard" not in page and "Camille Martin" not in page
    assert "@example.org" not in page
    # The project is not public: its title is for the members only.
    title = fund.board.other_project.title.replace("'", "&#x27;")
    assert title not in page
    client.force_login(fund.world.observer)
    assert (
        title
        in client.get(
            reverse("fund:transparency", args=[fund.world.collective.slug])
        ).content.decode()
    )


def test_a_gift_to_one_of_several_projects(client, public):
    from maillage.fund.models import CampaignNeed
    from maillage.projects import services as projects

    fund = public
    need = projects.add_need(
        actor=fund.world.coordinator,
        project=fund.board.project,
        kind="funding",
        description="Cafés de l'emploi",
        amount="2000",
        currency="EUR",
    )
    CampaignNeed.objects.create(campaign=fund.campaign, need=need)
    page = client.get(_give_url(fund)).content.decode()
    assert 'name="project"' in page
    response = client.post(
        _give_url(fund),
        {
            "name": "Yanis",
            "email": "yanis@example.org",
            "amount": "25",
            "project": fund.board.project.pk,
            "shown": "anonymous",
            "method": Method.TRANSFER,
        },
    )
    assert response.status_code == 302
    gift = Gift.objects.get(donor__email="yanis@example.org")
    assert gift.project == fund.board.project
    assert ledger.figures(fund.foundation, project=fund.board.project).pledged == Decimal("25.00")


def test_a_public_foundation_of_a_private_collective(client, fund, world):
    """A private collective may publish its foundation: anyone then reads its open
    campaigns, gives, reads the open calls and the transparency page; its members'
    pages stay closed, and nothing else of the collective shows."""
    slug = world.collective.slug
    campaign = reverse("fund:campaign", args=[slug, fund.campaign.pk])
    public_pages = [
        campaign,
        reverse("fund:give", args=[slug, fund.campaign.pk]),
        reverse("fund:transparency", args=[slug]),
    ]
    assert world.collective.visibility == Visibility.PRIVATE
    for url in public_pages:
        assert client.get(url).status_code == 302, url  # to the login page
    fund.foundation.public = True
    fund.foundation.save(update_fields=["public"])
    for url in public_pages:
        assert client.get(url).status_code == 200, url
    draft = reverse("fund:campaign", args=[slug, fund.draft.pk])
    assert client.get(draft).status_code in (302, 403, 404)
    members_pages = [
        reverse("fund:home", args=[slug]),
        reverse("fund:gifts", args=[slug]),
        reverse("fund:ledger", args=[slug]),
    ]
    for url in members_pages:
        assert client.get(url).status_code in (302, 403), url
    client.force_login(world.outsider)
    for url in members_pages:
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("collectives:detail", args=[slug])).status_code == 404
    # A gift without an account, in the private collective's foundation.
    client.logout()
    response = client.post(
        reverse("fund:give", args=[slug, fund.campaign.pk]),
        {
            "name": "Inès Moreau",
            "email": "ines.moreau@example.org",
            "amount": "25",
            "shown": "anonymous",
            "method": Method.TRANSFER,
        },
    )
    assert response.status_code == 302
    assert Gift.objects.filter(donor__email="ines.moreau@example.org").exists()

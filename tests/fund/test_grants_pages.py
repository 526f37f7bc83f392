"""Grants' pages: what each person sees and does by the forms; a refused form keeps
what was typed and says why; the results never show a member's own scores."""

import html
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.fund import ledger
from maillage.fund import services_grants as grants
from maillage.fund.models import (
    Application,
    ApplicationStatus,
    CallStatus,
    Disbursement,
    GrantCall,
    GrantDecision,
    Score,
)


def _url(fund, name, *args):
    return reverse(f"fund:{name}", args=[fund.world.collective.slug, *args])


def _text(response):
    return html.unescape(response.content.decode())


def test_the_committee_scores_by_the_form_and_sees_means_only(client, fund):
    w = fund.world
    utility, feasibility = fund.criteria
    client.force_login(w.member)
    page = client.get(_url(fund, "application", fund.application.pk))
    assert f'name="criterion_{utility.pk}"' in _text(page)
    data = {f"criterion_{utility.pk}": "4", f"criterion_{feasibility.pk}": "9"}
    refused = client.post(_url(fund, "score", fund.application.pk), data)
    assert refused.status_code == 400
    assert "La note la plus haute est 5." in _text(refused)
    assert 'value="4"' in _text(refused)  # what was typed stays
    assert not Score.objects.exists()
    data[f"criterion_{feasibility.pk}"] = "2"
    done = client.post(_url(fund, "score", fund.application.pk), data, follow=True)
    assert "Vos notes sont enregistrées" in _text(done)
    client.force_login(w.coordinator)
    grants.score(
        actor=w.coordinator, application=fund.application, values={utility: 1, feasibility: 5}
    )
    page = _text(client.get(_url(fund, "call", fund.call.pk)))
    results = page.split('id="results-table"')[1].split("</table>")[0]
    assert ">2,50<" in results and ">3,50<" in results  # the means of (4, 1) and (2, 5)
    # No member's own score is shown (the member's 4, the coordinator's 5).
    assert ">4<" not in results and ">5<" not in results


def test_a_conflict_is_declared_and_the_form_goes(client, fund):
    w = fund.world
    client.force_login(w.member)
    response = client.post(
        _url(fund, "conflict_declare", fund.application.pk), {"reason": "Ma sœur"}, follow=True
    )
    assert "Conflit d'intérêts enregistré" in _text(response)
    assert 'id="score-form"' not in _text(response)
    refused = client.post(_url(fund, "score", fund.application.pk), {})
    assert refused.status_code == 403


def test_applying_by_the_form_keeps_what_was_typed(client, fund):
    w = fund.world
    today = timezone.localdate()
    GrantCall.objects.filter(pk=fund.call.pk).update(
        status=CallStatus.OPEN, closes_on=today + timedelta(days=5)
    )
    client.force_login(w.member)
    data = {
        "title": "Recyclerie",
        "summary": "Une recyclerie de quartier.",
        "budget_use": "Location du local.",
        "amount": "2 000",
    }
    refused = client.post(_url(fund, "apply", fund.call.pk), data)
    assert refused.status_code == 400
    assert "au plus 1\u00a0500,00\u00a0EUR" in _text(refused)
    assert "Une recyclerie de quartier." in _text(refused)
    assert not Application.objects.filter(applicant=w.member).exists()
    data["amount"] = "1 000,50"
    response = client.post(_url(fund, "apply", fund.call.pk), data)
    made = Application.objects.get(applicant=w.member)
    assert response.status_code == 302
    assert response["Location"] == _url(fund, "application", made.pk)
    assert made.amount == Decimal("1000.50")
    mine = _text(client.get(_url(fund, "my_applications")))
    assert "Recyclerie" in mine and fund.application.title not in mine


def test_a_draft_call_is_for_the_coordinators(client, fund):
    w = fund.world
    GrantCall.objects.filter(pk=fund.call.pk).update(status=CallStatus.DRAFT)
    client.force_login(w.member)
    assert client.get(_url(fund, "call", fund.call.pk)).status_code == 404
    assert fund.call.title not in _text(client.get(_url(fund, "calls")))
    client.force_login(w.coordinator)
    assert client.get(_url(fund, "call", fund.call.pk)).status_code == 200


def test_the_coordinator_creates_and_opens_a_call(client, fund):
    w = fund.world
    client.force_login(w.coordinator)
    today = timezone.localdate()
    response = client.post(
        _url(fund, "call_add"),
        {
            "title": "Coup de pouce été",
            "description": "Pour les projets de l'été.",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=30)).isoformat(),
            "budget": "4000",
            "currency": "EUR",
            "max_amount": "800",
            "committee": [w.member.pk],
        },
    )
    call = GrantCall.objects.get(title="Coup de pouce été")
    assert response["Location"] == _url(fund, "call", call.pk)
    refused = client.post(_url(fund, "call_open", call.pk), follow=True)
    assert "au moins un critère" in _text(refused)
    client.post(
        _url(fund, "criterion_add", call.pk),
        {"label": "Emploi créé", "help": "", "weight": "2", "max_score": "5"},
    )
    client.post(_url(fund, "call_open", call.pk))
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    assert list(call.criteria.values_list("label", "weight")) == [("Emploi créé", 2)]


@pytest.mark.parametrize("amount", ["1300", "-4", "douze"])
def test_a_refused_decision_keeps_the_form(client, fund, amount):
    client.force_login(fund.world.coordinator)
    response = client.post(
        _url(fund, "decide", fund.application.pk),
        {"outcome": "granted", "amount": amount, "reasons": "Bien."},
    )
    assert response.status_code == 400
    assert 'class="error"' in _text(response)
    assert not GrantDecision.objects.exists()
    assert ledger.check(fund.foundation).ok


def test_decide_then_pay_by_the_forms(client, fund):
    w = fund.world
    client.force_login(w.coordinator)
    client.post(
        _url(fund, "decide", fund.application.pk),
        {"outcome": "granted", "amount": "1000", "reasons": "Projet solide."},
    )
    fund.application.refresh_from_db()
    assert fund.application.status == ApplicationStatus.GRANTED
    client.force_login(w.facilitator)
    refused = client.post(
        _url(fund, "disburse", fund.application.pk),
        {"amount": "1200", "paid_on": timezone.localdate().isoformat()},
    )
    assert refused.status_code == 400
    assert "1\u00a0000,00\u00a0EUR" in _text(refused)
    client.post(
        _url(fund, "disburse", fund.application.pk),
        {"amount": "400", "paid_on": timezone.localdate().isoformat(), "note": "Premier"},
    )
    assert Disbursement.objects.get().amount == Decimal("400.00")
    assert ledger.check(fund.foundation).ok
    client.force_login(w.observer)
    page = _text(client.get(_url(fund, "application", fund.application.pk)))
    assert "Premier" in page and "Rédiger un rapport" in page

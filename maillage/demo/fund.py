"""The hub's citizen territorial foundation: « Fondation territoriale citoyenne du PCPE 93 ».

The Pôle citoyen pour l'emploi 93's third work stream (« Mobiliser les citoyens et
capitaliser ») builds a foundation that funds projects creating activity or bringing
people back to work. The demo shows it a few weeks into its first campaign:

- the foundation (French tax receipts for an organisation of general interest, a euro
  account), with Fatou Diallo (the hub's facilitator) as treasurer;
- a project of the board, « Diagnostic territorial de l'économie circulaire » (public),
  whose 20,000 € funding need the campaign raises, with a news item;
- a company's matching fund (the Crédit Coopératif, used as an example: it doubles gifts
  up to 200 € a gift, 300 € a donor, 5,000 € in all);
- gifts of all kinds from invented people at example.org: transfers promised with their
  reference, some shown and some anonymous, with messages; a company's gift; cash at the
  hub's job café; two standing orders; Aurore's "arrondi solidaire" on its payroll with
  its first monthly total;
- a bank statement (camt.053, written here) that pays most of the promised transfers by
  reference, two by name only, and leaves an unknown transfer for review;
- receipts for three gifts (Cerfa n° 11580);
- a « Coup de pouce » call for applications being reviewed: a rubric of three criteria,
  a committee of three, two applications, a declared conflict of interest, scores, one
  grant decided, half of it paid, and an interim report.

Everything goes through the app's services, as the coordinators, the treasurer, donors
and applicants would. Running it again creates nothing: the foundation is looked up by
its collective.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from maillage.collectives import services as collective_services
from maillage.collectives.models import Organisation
from maillage.events.models import Event
from maillage.fund import (
    services_bank,
    services_campaigns,
    services_gifts,
    services_grants,
    services_grants_decisions,
    services_matching,
    services_receipts,
    services_recurring,
)
from maillage.fund.models import DonorKind, Foundation, FundingMode, Outcome
from maillage.projects import services as project_services
from maillage.projects.models import WorkStream

NAME = "Fondation territoriale citoyenne du PCPE 93"
IBAN = "FR7630006000011234567890189"
NBSP = "\u00a0"

# (name, e-mail, postal address, amount, shown, message, received by the statement:
# "ref" with its reference, "name" without it, None: still promised)
GIFTS = [
    (
        "Claire Vasseur",
        "claire.vasseur@example.org",
        "14 rue Étienne-Marcel\n93100 Montreuil",
        "50",
        True,
        "Pour que le réemploi crée des emplois ici.",
        "ref",
    ),
    (
        "Mehdi Ouali",
        "mehdi.ouali@example.org",
        "3 allée des Tilleuls\n93170 Bagnolet",
        "120",
        False,
        "",
        "ref",
    ),
    (
        "Sophie Renaud",
        "sophie.renaud@example.org",
        "22 avenue Jean-Jaurès\n93500 Pantin",
        "30",
        True,
        f"Bravo au pôle{NBSP}!",
        "ref",
    ),
    (
        "Thierry Lambert",
        "thierry.lambert@example.org",
        "5 rue de Paris\n93260 Les Lilas",
        "250",
        False,
        "",
        "ref",
    ),
    (
        "Aïcha Benyahia",
        "aicha.benyahia@example.org",
        "9 rue Hoche\n93140 Bondy",
        "20",
        True,
        "Un petit don, mais de bon cœur.",
        "ref",
    ),
    (
        "Julien Carré",
        "julien.carre@example.org",
        "41 rue Sadi-Carnot\n93130 Noisy-le-Sec",
        "75",
        False,
        "",
        "ref",
    ),
    (
        "Nathalie Petit",
        "nathalie.petit@example.org",
        "2 place de la Mairie\n93310 Le Pré-Saint-Gervais",
        "40",
        True,
        "",
        "name",
    ),
    (
        "Omar Diakité",
        "omar.diakite@example.org",
        "17 rue Pierre-Brossolette\n93230 Romainville",
        "60",
        False,
        "",
        "name",
    ),
    (
        "Élodie Marchand",
        "elodie.marchand@example.org",
        "8 boulevard Chanzy\n93100 Montreuil",
        "100",
        True,
        "Pour la Seine-Saint-Denis qui répare.",
        None,
    ),
    ("Lucien Faure", "lucien.faure@example.org", "", "35", False, "", None),
]


def load(person, collective, today=None):
    """The foundation of ``collective`` (the hub), made once; None without the hub."""
    if collective is None:
        return None
    existing = Foundation.objects.filter(collective=collective).first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    boss, treasurer = person("sebastien"), person("fatou")
    with transaction.atomic():
        foundation = _foundation(boss, treasurer, collective)
        campaign, project = _campaign(person, boss, foundation, today)
        _matching(boss, foundation, campaign, today)
        gifts = _gifts(boss, treasurer, foundation, campaign, today)
        _statement(treasurer, foundation, gifts, today)
        _receipts(treasurer, gifts)
        _grants(person, boss, treasurer, foundation, project, today)
    return foundation


def _foundation(boss, treasurer, collective):
    foundation = services_campaigns.create_foundation(
        actor=boss,
        collective=collective,
        name=NAME,
        purpose=(
            "Financer, en complément des dispositifs publics et privés, les projets qui créent "
            "de l'activité économique ou ramènent des personnes vers l'emploi en "
            "Seine-Saint-Denis."
        ),
        address="Maison de l'emploi\n12 rue de la République\n93100 Montreuil",
    )
    return services_campaigns.change_foundation(
        actor=boss,
        foundation=foundation,
        name=NAME,
        purpose=foundation.purpose,
        address=foundation.address,
        public=True,
        fr_receipts=True,
        signatory="Fatou Diallo, trésorière",
        creditor_name=NAME,
        creditor_address="12 rue de la République\n93100 Montreuil\nFR",
        iban_eur=IBAN,
        bic_eur="BNPAFRPPXXX",
        treasurers=[treasurer],
    )


def _campaign(person, boss, foundation, today):
    collective = foundation.collective
    stream = WorkStream.objects.filter(
        collective=collective, title="Développer l'emploi sur le territoire"
    ).first() or project_services.create_work_stream(
        actor=boss, collective=collective, title="Développer l'emploi sur le territoire"
    )
    project = project_services.create_project(
        actor=boss,
        work_stream=stream,
        title="Diagnostic territorial de l'économie circulaire",
        pilots=[person("amina"), person("hugo")],
        content=(
            "Repérer les flux de matières du territoire (textile, mobilier, équipements "
            "numériques, bois), les acteurs du réemploi et de la réparation, et les emplois "
            "qu'ils pourraient créer pour les personnes accompagnées par le pôle."
        ),
        status="feasibility",
        phase="Diagnostic",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=240),
        public=True,
    )
    need = project_services.add_need(
        actor=boss,
        project=project,
        kind="funding",
        description="Le diagnostic territorial : étude des flux, entretiens, restitution publique.",
        amount="20000",
        currency="EUR",
        approached="Département de la Seine-Saint-Denis, ADEME",
    )
    campaign = services_campaigns.create_campaign(
        actor=boss,
        foundation=foundation,
        title="Un diagnostic de l'économie circulaire pour l'emploi",
        needs=[need],
        currency="EUR",
        starts_on=today - timedelta(days=21),
        ends_on=today + timedelta(days=39),
        mode=FundingMode.KEEP,
        description=(
            "Vingt mille euros pour savoir où le réemploi, la réparation et le recyclage "
            "peuvent créer des emplois durables à Est Ensemble, et commencer par eux."
        ),
    )
    campaign = services_campaigns.open_campaign(actor=boss, campaign=campaign)
    services_campaigns.add_news(
        actor=boss,
        campaign=campaign,
        project=project,
        title="Premiers entretiens avec les ressourceries",
        body=(
            "Les pilotes ont rencontré trois ressourceries et une régie de quartier : "
            "toutes cherchent des valoristes et des réparateurs formés."
        ),
    )
    return campaign, project


def _organisation(actor, collective, name, kind):
    existing = Organisation.objects.filter(name__iexact=name).first()
    if existing is not None and collective.organisations.filter(pk=existing.pk).exists():
        return existing
    return collective_services.add_organisation(
        actor=actor, collective=collective, organisation=existing, name=name, kind=kind
    )


def _matching(boss, foundation, campaign, today):
    company = _organisation(boss, foundation.collective, "Crédit Coopératif", "company")
    return services_matching.create_matching_fund(
        actor=boss,
        foundation=foundation,
        funder=company,
        name="Abondement du Crédit Coopératif",
        ratio=Decimal("1"),
        currency="EUR",
        total=Decimal("5000"),
        starts_on=today - timedelta(days=21),
        cap_per_gift=Decimal("200"),
        cap_per_donor=Decimal("300"),
        cap_per_project=Decimal("5000"),
        campaigns=[campaign],
    )


def _gifts(boss, treasurer, foundation, campaign, today):
    made = {}
    for name, email, address, amount, shown, message, how in GIFTS:
        gift = services_gifts.pledge_gift(
            foundation=foundation,
            campaign=campaign,
            name=name,
            email=email,
            address=address,
            amount=amount,
            currency="EUR",
            shown=shown,
            message=message,
        )
        made[name] = (gift, how)
    company = services_gifts.pledge_gift(
        foundation=foundation,
        campaign=campaign,
        name="Les Ateliers du Bocage 93 (entreprise d'insertion)",
        email="contact.ateliers@example.org",
        address="30 rue de la Fraternité\n93230 Romainville",
        kind=DonorKind.ORGANISATION,
        amount="2000",
        currency="EUR",
        shown=True,
        message="Pour le réemploi du matériel informatique.",
    )
    made["company"] = (company, "ref")
    cafe = Event.objects.filter(collective=foundation.collective).order_by("starts_at").first()
    for name, amount in (("Marie-Claire Dubois", "20"), ("", "15"), ("", "10")):
        services_gifts.record_cash_gift(
            actor=treasurer,
            foundation=foundation,
            campaign=campaign,
            amount=amount,
            currency="EUR",
            received_on=today - timedelta(days=6),
            name=name,
            address="4 rue Voltaire\n93100 Montreuil" if name else "",
            event=cafe,
            shown=bool(name),
        )
    for name, email, amount in (
        ("Rachid Haddad", "rachid.haddad@example.org", "15"),
        ("Gisèle Moreau", "gisele.moreau@example.org", "10"),
    ):
        services_recurring.start_monthly(
            foundation=foundation,
            campaign=campaign,
            name=name,
            email=email,
            address="",
            amount=amount,
            currency="EUR",
            shown=False,
            starts_on=today,
        )
    aurore = _organisation(boss, foundation.collective, "Aurore", "association")
    programme = services_recurring.create_round_up(
        actor=boss,
        foundation=foundation,
        organisation=aurore,
        name="Arrondi solidaire sur salaire chez Aurore",
        currency="EUR",
        campaign=campaign,
    )
    # The programme starts this month: Aurore reported its first total (61 employees).
    report = services_recurring.report_round_up(
        actor=treasurer, programme=programme, month=today, total="143.27", participants=61
    )
    made["round-up"] = (services_recurring.gift_of(report), "ref")
    made["round-up programme"] = (programme, None)
    return made


def _statement(treasurer, foundation, gifts, today):
    """A camt.053.001.08 statement of the euro account: the promised gifts marked "ref"
    paid with their reference, those marked "name" without it (found by amount and
    name), the first month of the round-up, and an unknown transfer."""
    entries = []
    for key, (gift, how) in gifts.items():
        if how is None or not hasattr(gift, "amount"):
            continue
        reference = gift.reference or gifts["round-up programme"][0].reference
        name = gift.donor.name.upper() if gift.donor else "AURORE"
        entries.append((gift.amount, name, reference if how == "ref" else "", key))
    entries.append((Decimal("45.00"), "M. J. LEROY", "", "unknown"))
    booked = (today - timedelta(days=2)).isoformat()
    body = []
    for number, (amount, name, reference, _key) in enumerate(entries):
        remittance = (
            f"<Strd><CdtrRefInf><Ref>{reference}</Ref></CdtrRefInf></Strd>"
            if reference
            else "<Ustrd>DON FONDATION CITOYENNE</Ustrd>"
        )
        body.append(
            f'<Ntry><Amt Ccy="EUR">{amount:.2f}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
            f"<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>{booked}</Dt></BookgDt>"
            f"<AcctSvcrRef>DEMO-{today:%Y%m}-{number:04d}</AcctSvcrRef><NtryDtls><TxDtls>"
            f"<RltdPties><Dbtr><Pty><Nm>{name}</Nm></Pty></Dbtr></RltdPties>"
            f"<RmtInf>{remittance}</RmtInf></TxDtls></NtryDtls></Ntry>"
        )
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>DEMO-{today:%Y%m%d}</MsgId></GrpHdr><Stmt><Id>DEMO-{today:%Y%m%d}</Id>"
        f"<Acct><Id><IBAN>{IBAN}</IBAN></Id></Acct>"
        + "".join(body)
        + "</Stmt></BkToCstmrStmt></Document>"
    ).encode()
    return services_bank.import_statement(
        actor=treasurer, foundation=foundation, file_name=f"releve-{today:%Y-%m-%d}.xml", data=data
    )


def _receipts(treasurer, gifts):
    for key in ("Claire Vasseur", "Thierry Lambert", "company"):
        gift, _how = gifts[key]
        gift.refresh_from_db()
        services_receipts.issue_receipt(actor=treasurer, gift=gift)


def _grants(person, boss, treasurer, foundation, project, today):
    call = services_grants.create_call(
        actor=boss,
        foundation=foundation,
        title="Coup de pouce",
        description=(
            "Un coup de pouce de 300\u00a0€ à 1\u202f500\u00a0€ pour une personne qui démarre "
            "une activité ou revient vers l'emploi : matériel, formation courte, permis, "
            "premier stock. "
            "Candidature en ligne, réponse du comité en trois semaines."
        ),
        opens_on=today - timedelta(days=28),
        closes_on=today + timedelta(days=14),
        budget=Decimal("10000"),
        currency="EUR",
        max_amount=Decimal("1500"),
        committee=[boss, treasurer, person("olivier")],
    )
    for label, help_text, weight in (
        ("Utilité sociale", "Ce que le coup de pouce change pour la personne et autour d'elle.", 2),
        ("Faisabilité", "Le plan, le budget, les appuis déjà trouvés.", 1),
        ("Ancrage local", "Les liens avec le territoire et les structures du pôle.", 1),
    ):
        services_grants.add_criterion(
            actor=boss, call=call, label=label, help=help_text, weight=weight
        )
    services_grants.open_call(actor=boss, call=call)
    bikes = services_grants.apply(
        actor=person("hugo"),
        call=call,
        title="Atelier mobile de réparation de vélos",
        summary=(
            "Un triporteur équipé pour réparer les vélos au pied des immeubles de Bondy, "
            "tenu par deux personnes accompagnées par le pôle."
        ),
        budget_use="Outils, pièces de première nécessité et assurance de la première année.",
        amount=Decimal("1200"),
    )
    sewing = services_grants.apply(
        actor=person("camille"),
        call=call,
        title="Retouches et couture à domicile",
        summary="Une machine professionnelle pour lancer une activité de retouches à Pantin.",
        budget_use="Une machine à coudre professionnelle et une surjeteuse.",
        amount=Decimal("900"),
    )
    services_grants.close_call(actor=boss, call=call)
    services_grants.declare_conflict(
        actor=person("olivier"),
        application=bikes,
        reason="J'accompagne l'une des deux personnes à France Travail.",
    )
    criteria = list(call.criteria.order_by("position"))
    for member, marks in ((boss, (5, 4, 5)), (treasurer, (4, 3, 5))):
        services_grants.score(
            actor=member, application=bikes, values=dict(zip(criteria, marks, strict=True))
        )
    for member, marks in (
        (boss, (3, 4, 2)),
        (treasurer, (3, 3, 3)),
        (person("olivier"), (4, 3, 3)),
    ):
        services_grants.score(
            actor=member, application=sewing, values=dict(zip(criteria, marks, strict=True))
        )
    services_grants_decisions.decide(
        actor=boss,
        application=bikes,
        outcome=Outcome.GRANTED,
        amount=Decimal("1200"),
        reasons="Utile, bien préparé, et ancré dans le quartier.",
    )
    services_grants_decisions.disburse(
        actor=treasurer,
        application=bikes,
        amount=Decimal("600"),
        paid_on=today - timedelta(days=1),
        note="Premier versement : les outils.",
    )
    services_grants_decisions.submit_report(
        actor=person("hugo"),
        application=bikes,
        kind="interim",
        text="Le triporteur est équipé ; première permanence samedi devant la médiathèque.",
        spent=Decimal("540"),
    )
    return call, project


def summary_lines():
    """What the command prints about the foundation."""
    foundation = Foundation.objects.select_related("collective").first()
    if foundation is None:
        return []
    slug = foundation.collective.slug
    return [
        "Fondation territoriale citoyenne (campagne, dons, relevé rapproché, reçus, coup de "
        f"pouce) : /collectifs/{slug}/fondation/ — trésorière fatou.diallo@example.org, "
        "coordination sebastien.lefevre@example.org",
    ]

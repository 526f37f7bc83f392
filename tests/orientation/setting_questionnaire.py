"""A small catalogue for the questionnaire's tests: three published offers of Geneva
(criteria as in issue 18's seed text) and one unpublished, in the world's collective."""

from maillage.orientation.models import Offer, Structure

AGE = "age"


def crit(id_, fact, op, value=None, *, check="tool", label=None):
    when = {"fact": fact, "op": op}
    if value is not None:
        when["value"] = value
    data = {"id": id_, "when": when, "check": check}
    if label:
        data["label"] = label
    return data


CAP = [
    crit(
        "age",
        "age",
        "between",
        [15, 25],
        label={"fr": "Avoir 15 à 25 ans", "en": "Be aged 15 to 25"},
    ),
    crit("school", "in_school", "is_false"),
    crit("diploma", "has_secondary_diploma", "is_false"),
]
QUALIFE = [
    crit(
        "age",
        "age",
        "between",
        [50, 64],
        label={"fr": "Avoir 50 à 64 ans", "en": "Be aged 50 to 64"},
    ),
    crit("unemployed", "unemployed", "is_true"),
    crit("geneva", "residence", "eq", "GE"),
    crit("voluntary", "voluntary", "is_true"),
    crit("now", "available_now", "is_true"),
    crit("alone", "has_other_support", "is_false"),
]
CHEQUE = [
    crit("geneva", "residence", "eq", "GE"),
    crit(
        "taxed",
        "residence",
        "eq",
        "GE",
        check="service",
        label={"fr": "Être imposé à Genève depuis un an", "en": "Be taxed in Geneva for a year"},
    ),
]
HIDDEN = [crit("foreign", "has_foreign_diploma", "is_true")]


def build_catalogue(collective, organisation=None):
    structure = Structure.objects.create(
        collective=collective,
        organisation=organisation,
        name="Office pour l'orientation (OFPC)",
        phone="022 388 44 00",
        website="https://www.ge.ch/organisation/office-orientation-formation-professionnelle-continue-ofpc",
    )
    qualife_home = Structure.objects.create(collective=collective, name="Fondation Qualife")
    offers = {
        "cap": Offer.objects.create(
            structure=structure,
            name="CAP Formations",
            kind="coaching",
            criteria=CAP,
            how_to_apply="Prenez rendez-vous à la Cité des métiers.",
            documents="Une pièce d'identité et votre dernier bulletin scolaire.",
            email="cap@example.org",
        ),
        "qualife": Offer.objects.create(
            structure=qualife_home,
            name="Qualife 50+",
            kind="coaching",
            criteria=QUALIFE,
            access="partner",
            how_to_apply="Votre conseiller ou conseillère vous inscrit.",
            contact_name="Accueil Qualife",
            phone="022 000 00 00",
        ),
        "cheque": Offer.objects.create(
            structure=structure,
            name="Chèque annuel de formation",
            kind="financial_aid",
            criteria=CHEQUE,
            how_to_apply="Remplissez la demande en ligne.",
        ),
        "hidden": Offer.objects.create(
            structure=structure,
            name="Reconnaissance des diplômes (brouillon)",
            kind="information",
            criteria=HIDDEN,
            published=False,
        ),
    }
    return offers

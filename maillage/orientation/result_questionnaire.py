"""The questionnaire's result: what the person may be eligible for, why, and what to do.

One ``Outcome`` per benefit (Geneva's, when the questionnaire asks about them) and per
published offer of the catalogue, in three groups: those the person may get (or
already has), those that are maybe (a point the person did not answer), the others.
The web page, the PDF, the e-mail and the social worker's page all read the same
``Outcome``s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.eligibility import ALREADY, ELIGIBLE, REFUSED, UNCERTAIN, text
from maillage.eligibility.rules import FAILED, PASSED, TO_CONFIRM, UNKNOWN

from . import matching

STATUS_WORDS = {
    PASSED: gettext_lazy("Yes"),
    FAILED: gettext_lazy("No"),
    UNKNOWN: gettext_lazy("Not known: you did not say"),
    TO_CONFIRM: gettext_lazy("The service will check this with you"),
}


@dataclass
class Why:
    status: str
    text: str

    @property
    def words(self):
        return STATUS_WORDS.get(self.status, self.status)


@dataclass
class Outcome:
    """One benefit or offer on the result page."""

    key: str  # an offer's uuid, or a benefit's code
    name: str
    outcome: str
    provider: str = ""
    summary: str = ""
    why: list = field(default_factory=list)
    steps: list = field(default_factory=list)  # what to do: short paragraphs
    contact: list = field(default_factory=list)  # (label, value, link or "")
    offer: object = None

    @property
    def already(self):
        return self.outcome == ALREADY

    def to_dict(self):
        return {"key": self.key, "name": self.name, "outcome": self.outcome}


@dataclass
class Result:
    likely: list
    maybe: list
    others: list

    @property
    def all(self):
        return [*self.likely, *self.maybe, *self.others]

    def summary(self):
        """What a hand-over keeps of it: each item's name and outcome."""
        return [item.to_dict() for item in self.all]


def offer_outcome(offer, result, language) -> Outcome:
    why = [Why(reason.status, reason.text(language)) for reason in result.reasons]
    steps = []
    if offer.access == "partner":
        steps.append(
            _("You get into this offer through a partner: ask your adviser or a social worker.")
        )
    if offer.how_to_apply:
        steps.append(offer.how_to_apply)
    if offer.documents:
        steps.append(_("What to bring: %(documents)s") % {"documents": offer.documents})
    contact = []
    if offer.contact_name:
        contact.append((_("Contact"), offer.contact_name, ""))
    phone = offer.phone or offer.structure.phone
    if phone:
        contact.append((_("Phone"), phone, "tel:" + "".join(phone.split())))
    email = offer.email or offer.structure.email
    if email:
        contact.append((_("E-mail"), email, "mailto:" + email))
    if offer.hours:
        contact.append((_("Opening hours"), offer.hours, ""))
    place = ", ".join(
        part
        for part in (offer.address, " ".join(p for p in (offer.postcode, offer.commune) if p))
        if part
    )
    if place:
        contact.append((_("Address"), place, ""))
    if offer.structure.website:
        contact.append((_("Website"), offer.structure.website, offer.structure.website))
    return Outcome(
        key=str(offer.uuid),
        name=offer.name,
        outcome=result.outcome,
        provider=offer.structure.name,
        summary=offer.summary,
        why=why,
        steps=steps,
        contact=contact,
        offer=offer,
    )


def build(flow, language) -> Result:
    """The result of a finished (or not) questionnaire."""
    items = []
    if flow.qeli:
        items.extend(flow.qeli.outcomes(language))
    for offer, result in matching.match(flow.collective, flow.facts(), flow.today):
        items.append(offer_outcome(offer, result, language))
    return Result(
        likely=[item for item in items if item.outcome in (ELIGIBLE, ALREADY)],
        maybe=[item for item in items if item.outcome == UNCERTAIN],
        others=[item for item in items if item.outcome == REFUSED],
    )


def answers_read(flow, language) -> list[tuple[str, str]]:
    """The answers given, as (question, answer) in words, in the order asked."""
    lines = []
    for key, value in flow.confirmed().items():
        question = flow.question(key)
        if question is None:
            continue
        labels = dict(question.choices(language))
        if value is None or value == "INCONNU" or value == ["INCONNU"]:
            answer = _("I don't know")
        elif isinstance(value, bool):
            answer = labels.get("yes" if value else "no", str(value))
        elif isinstance(value, dict):  # someone living with the person
            answer = _("%(name)s, %(age)s years") % {
                "name": value.get("name"),
                "age": value.get("age"),
            }
        elif isinstance(value, list):
            answer = ", ".join(str(labels.get(item, item)) for item in value)
        elif value in labels:
            answer = labels[value]
        else:
            answer = f"{value} {text(question.unit, language)}".strip()
        lines.append((question.text(language), answer))
    return lines

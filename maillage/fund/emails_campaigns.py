"""The e-mails of campaigns and gifts, sent after the change is saved
(``transaction.on_commit``), in the site's language (donors have no account, hence no
language of their own): a promise's payment details and the link to the donor's page,
and the news of an all-or-nothing campaign that missed its goal."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from maillage.core import typography
from maillage.core.tasks import send_email

from .models import Campaign, Gift, GiftStatus


def _send(subject, body, to):
    """Queue the message for the task worker (core.tasks.send_email)."""
    send_email.enqueue(subject=str(subject), body=str(body), to=[to])


def tell_failed(campaign_pk, told):
    """Tell each donor of a campaign that missed its goal that their gift is refunded or
    their promise cancelled (after the change is saved)."""
    campaign = Campaign.objects.select_related("foundation").get(pk=campaign_pk)
    gifts = {gift.pk: gift for gift in Gift.objects.filter(pk__in=[pk for _e, pk in told])}
    with translation.override(settings.LANGUAGE_CODE):
        for email, pk in told:
            gift = gifts[pk]
            amount = typography.amount(gift.amount, gift.currency, cents=True)
            if gift.status == GiftStatus.REFUNDED:
                news = _("Your gift of %(amount)s is refunded to you.") % {"amount": amount}
            else:
                news = _("Your promised gift of %(amount)s is cancelled: do not send it.") % {
                    "amount": amount
                }
            body = _(
                "Hello,\n\nThe campaign “%(campaign)s” of %(foundation)s did not reach its "
                "goal. It raised money on an all-or-nothing basis, so:\n\n%(news)s\n\n"
                "Thank you for your support.\n%(foundation)s"
            ) % {"campaign": campaign.title, "foundation": campaign.foundation.name, "news": news}
            subject = _("The campaign “%(campaign)s” missed its goal") % {
                "campaign": campaign.title
            }
            _send(subject, body, email)


def tell_pledged(gift, link):
    """Send the donor the payment details of their promise and the link to their page."""
    foundation = gift.foundation
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("Hello %(name)s,") % {"name": gift.donor.name},
            "",
            _("Thank you for your gift of %(amount)s to %(foundation)s.")
            % {
                "amount": typography.amount(gift.amount, gift.currency, cents=True),
                "foundation": foundation.name,
            },
        ]
        if gift.reference:
            lines += [
                "",
                _("To send it by bank transfer:"),
                _("Account holder: %(name)s") % {"name": foundation.creditor_name},
                _("IBAN: %(iban)s") % {"iban": foundation.iban(gift.currency)},
                _("Reference (give it exactly): %(reference)s") % {"reference": gift.reference},
            ]
        lines += [
            "",
            _("Your page, with the payment details and the QR code:"),
            link,
            "",
            foundation.name,
        ]
        subject = _("Your gift to %(foundation)s") % {"foundation": foundation.name}
        _send(subject, "\n".join(str(line) for line in lines), gift.donor.email)

"""Payment references for bank transfers, shared by the apps that bill or collect money
(premises statements, the foundation's gifts).

- ``creditor_reference``: an ISO 11649 creditor reference ("RF" + 2 check digits), which
  any SEPA or Swiss bank carries as the structured reference of a transfer.
- ``qr_reference``: a Swiss QR reference (26 digits and the recursive modulo 10 check
  digit), required when the account is a QR-IBAN.
- ``normalise_reference``: a reference as read back from a bank statement (spaces,
  case), to compare with the one given.
"""

from stdnum.ch import esr
from stdnum.iso7064 import mod_97_10

QR_IID = range(30000, 32000)  # the institution ids of QR-IBANs


def creditor_reference(body):
    """An ISO 11649 creditor reference ("RF" + 2 check digits + ``body``), mod 97."""
    body = "".join(ch for ch in str(body).upper() if ch.isalnum())
    digits = "".join(str(int(ch, 36)) for ch in body + "RF00")
    return f"RF{98 - int(digits) % 97:02d}{body}"


def is_creditor_reference(text):
    compact = normalise_reference(text)
    if not compact.startswith("RF") or not 5 <= len(compact) <= 25:
        return False
    return mod_97_10.is_valid(compact[4:] + compact[:4])


def qr_reference(body):
    """A Swiss QR reference: 26 digits and the recursive modulo 10 check digit."""
    number = str(body).zfill(26)
    return number + esr.calc_check_digit(number)


def is_qr_iban(iban):
    compact = "".join(iban.split()).upper()
    return compact[:2] in ("CH", "LI") and compact[4:9].isdigit() and int(compact[4:9]) in QR_IID


def normalise_reference(text):
    return "".join(str(text or "").split()).upper()

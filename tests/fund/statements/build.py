"""camt.053 files written for a test: ``camt(entries)`` where each entry is a dict with
amount, currency, booked_on, and optionally name, reference (structured), text
(unstructured), bank_ref, debit."""

from xml.sax.saxutils import escape


def _entry(entry):
    ref = entry.get("bank_ref")
    indicator = "DBIT" if entry.get("debit") else "CRDT"
    remittance = ""
    if entry.get("reference"):
        remittance = (
            "<RmtInf><Strd><CdtrRefInf><Ref>"
            f"{escape(entry['reference'])}</Ref></CdtrRefInf></Strd></RmtInf>"
        )
    elif entry.get("text"):
        remittance = f"<RmtInf><Ustrd>{escape(entry['text'])}</Ustrd></RmtInf>"
    name = entry.get("name")
    parties = (
        f"<RltdPties><Dbtr><Pty><Nm>{escape(name)}</Nm></Pty></Dbtr></RltdPties>" if name else ""
    )
    return (
        f'<Ntry><Amt Ccy="{entry.get("currency", "EUR")}">{entry["amount"]}</Amt>'
        f"<CdtDbtInd>{indicator}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
        f"<BookgDt><Dt>{entry['booked_on']}</Dt></BookgDt>"
        + (f"<AcctSvcrRef>{escape(ref)}</AcctSvcrRef>" if ref else "")
        + f"<NtryDtls><TxDtls>{parties}{remittance}</TxDtls></NtryDtls></Ntry>"
    )


def camt(entries, *, version="08", statement_id="S-1", iban="FR7630006000011234567890189"):
    body = "".join(_entry(entry) for entry in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">'
        f"<BkToCstmrStmt><GrpHdr><MsgId>M-{statement_id}</MsgId></GrpHdr>"
        f"<Stmt><Id>{statement_id}</Id><Acct><Id><IBAN>{iban}</IBAN></Id></Acct>"
        f"{body}</Stmt></BkToCstmrStmt></Document>"
    ).encode()

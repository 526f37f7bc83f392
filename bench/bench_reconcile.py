"""Benchmark of the foundation's bank reconciliation: a 10,000-entry camt.053 statement.

Run from the repository root:
    .venv/bin/python bench/bench_reconcile.py [--entries 10000] [--gifts 2000]

A fresh SQLite test database (Django's test utilities, as the test suite makes it),
with a foundation, an open campaign whose gifts a company doubles (a matching fund),
and ``--gifts`` gifts promised by transfer (500 by default), through the services. The statement
(camt.053.001.08, written here) has ``--entries`` credits: three quarters of the
promised gifts paid with their reference, one tenth paid without it (found by amount
and name), the rest unknown transfers (left for review).

Measured, side by side:

- "import": ``services_bank.import_statement`` end to end (parse, new lines, matching,
  each matched gift received with its ledger movements, matching drawn, log);
  target < 10 s;
- "parse only" (the baseline): ``statements.read_camt053`` of the same file;
- "naive lookup": one query per line to find its gift by reference (what the import
  avoids by loading the promised gifts once), lookups only, nothing received;
- "same file again": refused at once (the file's SHA-256), nothing changed;
- "overlapping file": the same entries in another statement: parsed, every key known,
  nothing added;
- "unknown transfers only": another 10,000 credits none of which is a gift (parse,
  insert, match, all left for review): the import's own cost without the receive path.

Then the ledger is checked (``ledger.check``) and the rows counted.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.test")

import django  # noqa: E402

TARGET_S = 10.0
FIRST = ["Camille", "Louis", "Nadia", "Élise", "Paul", "Zoé", "Karim", "Inès", "Jean", "Léa"]
LAST = ["Martin", "Bernard", "Haddad", "Dupré", "Morel", "Keller", "Rochat", "Nguyen", "Diallo"]


def build(gifts, seed):
    """The foundation and its promised gifts; returns (actor, foundation, gifts)."""
    from django.utils import timezone

    from maillage.accounts.models import User
    from maillage.collectives.models import Collective, Membership, Organisation, Role
    from maillage.fund import services_gifts
    from maillage.fund.models import Campaign, CampaignStatus, Foundation, MatchingFund

    rng = random.Random(seed)
    today = timezone.localdate()
    boss = User.objects.create_user("tresorerie@example.org", None, display_name="Trésorerie")
    collective = Collective.objects.create(
        name="Pôle territorial", short_name="PTCE", slug="ptce", territory="Seine-Saint-Denis"
    )
    Membership.objects.create(user=boss, collective=collective, role=Role.COORDINATOR)
    foundation = Foundation.objects.create(
        collective=collective,
        name="Fondation territoriale citoyenne",
        iban_eur="FR7630006000011234567890189",
    )
    foundation.treasurers.add(boss)
    campaign = Campaign.objects.create(
        foundation=foundation,
        title="Diagnostic territorial",
        goal=Decimal("20000000.00"),
        currency="EUR",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
        status=CampaignStatus.OPEN,
        created_by=boss,
    )
    company = Organisation.objects.create(name="Entreprise mécène")
    fund = MatchingFund.objects.create(
        foundation=foundation,
        funder=company,
        name="Abondement",
        ratio=Decimal("1.00"),
        currency="EUR",
        total=Decimal("100000.00"),
        cap_per_gift=Decimal("50.00"),
        starts_on=today - timedelta(days=30),
    )
    fund.campaigns.add(campaign)
    made = []
    for number in range(gifts):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {number}"
        made.append(
            services_gifts.pledge_gift(
                foundation=foundation,
                campaign=campaign,
                name=name,
                email=f"donateur{number}@example.org",
                amount=f"{rng.randint(5, 500)}.{rng.randint(0, 99):02d}",
                currency="EUR",
            )
        )
    return boss, foundation, made


def statement(gifts, entries, seed, statement_id="BENCH-1"):
    """A camt.053.001.08 file of ``entries`` credits (bytes)."""
    from datetime import date
    from xml.sax.saxutils import escape

    statement_id = statement_id or "BENCH-1"

    rng = random.Random(seed)
    by_reference = gifts[: len(gifts) * 3 // 4]
    by_name = gifts[len(gifts) * 3 // 4 : len(gifts) * 17 // 20]
    parts = []
    booked = date.today().isoformat()
    for number in range(entries):
        if number < len(by_reference):
            gift = by_reference[number]
            amount, name, remittance = gift.amount, gift.donor.name, ""
            structured = f"<Strd><CdtrRefInf><Ref>{gift.reference}</Ref></CdtrRefInf></Strd>"
        elif number - len(by_reference) < len(by_name):
            gift = by_name[number - len(by_reference)]
            amount, name, structured = gift.amount, gift.donor.name.upper(), ""
            remittance = "Don pour la fondation"
        else:
            amount = Decimal(rng.randint(100, 99999)) / 100
            name, structured = f"Inconnu {number}", ""
            remittance = f"Virement {statement_id} {number}"
        parts.append(
            f'<Ntry><NtryRef>{number}</NtryRef><Amt Ccy="EUR">{amount:.2f}</Amt>'
            f"<CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
            f"<BookgDt><Dt>{booked}</Dt></BookgDt><AcctSvcrRef>{statement_id}-{number}</AcctSvcrRef>"
            f"<NtryDtls><TxDtls><Refs><AcctSvcrRef>TX-{number}</AcctSvcrRef></Refs>"
            f"<RltdPties><Dbtr><Pty><Nm>{escape(name)}</Nm></Pty></Dbtr></RltdPties>"
            f"<RmtInf>{structured}{'<Ustrd>' + remittance + '</Ustrd>' if remittance else ''}"
            f"</RmtInf></TxDtls></NtryDtls></Ntry>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>'
        f"<GrpHdr><MsgId>{statement_id}</MsgId></GrpHdr><Stmt><Id>{statement_id}</Id>"
        "<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></Acct>"
        + "".join(parts)
        + "</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def timed(function):
    began = time.perf_counter()
    result = function()
    return time.perf_counter() - began, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--gifts", type=int, default=500)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args()

    django.setup()
    from django.conf import settings
    from django.db import connection

    # The tables made from the models at once (the migrations' history is not measured).
    settings.DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = False
    from django.test.utils import setup_test_environment

    setup_test_environment()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    code = 1
    try:
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(run, args)
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        else:
            code = run(args)
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    return code


def run(args):
    from maillage.core.errors import DomainError
    from maillage.fund import ledger, services_bank, statements
    from maillage.fund.models import Gift, GiftStatus
    from maillage.fund.models_bank import BankLine

    began = time.perf_counter()
    actor, foundation, gifts = build(args.gifts, args.seed)
    data = statement(gifts, args.entries, args.seed)
    print(
        f"setup: {args.gifts} promised gifts, a {args.entries}-entry camt.053 "
        f"({len(data) / 1e6:.1f} MB) in {time.perf_counter() - began:.1f} s"
    )

    parse_s, parsed = timed(lambda: statements.read_camt053(data))

    def naive():
        found = 0
        for line in parsed.lines:
            found += Gift.objects.filter(
                foundation=foundation, reference=line.reference, status=GiftStatus.PLEDGED
            ).exists()
        return found

    naive_s, _found = timed(naive)
    import_s, done = timed(
        lambda: services_bank.import_statement(
            actor=actor, foundation=foundation, file_name="bench.xml", data=data
        )
    )

    def again():
        try:
            services_bank.import_statement(
                actor=actor, foundation=foundation, file_name="bench.xml", data=data
            )
        except DomainError:
            return True
        return False

    again_s, refused = timed(again)
    overlap = data.replace(b"<Id>BENCH-1</Id>", b"<Id>BENCH-2</Id>")
    overlap_s, second = timed(
        lambda: services_bank.import_statement(
            actor=actor, foundation=foundation, file_name="bench-2.xml", data=overlap
        )
    )
    unknown = statement([], args.entries, args.seed + 1, statement_id="UNKNOWN")
    unmatched_s, _none = timed(
        lambda: services_bank.import_statement(
            actor=actor, foundation=foundation, file_name="unknown.xml", data=unknown
        )
    )
    check = ledger.check(foundation)
    # SQLite sums decimals as floats: compare to the cent what check compares exactly.
    cent = Decimal("0.01")
    expected, actual = ledger._expected(foundation), ledger._actual(foundation)
    to_the_cent = all(
        expected.get(key, 0).quantize(cent) == actual.get(key, 0).quantize(cent)
        for key in set(expected) | set(actual)
    )

    rows = [
        ("import (parse + match + receive + ledger)", import_s),
        ("parse only (baseline)", parse_s),
        ("naive lookup, one query per line (no receiving)", naive_s),
        ("same file again (refused)", again_s),
        ("overlapping file (0 new lines)", overlap_s),
        ("unknown transfers only (nothing received)", unmatched_s),
    ]
    print(f"{'measure':<50} {'seconds':>8} {'× parse':>8}")
    for label, seconds in rows:
        print(f"{label:<50} {seconds:>8.2f} {seconds / parse_s:>8.1f}")
    print(
        f"matched by reference {done.by_reference}, by amount and name {done.by_name}, "
        f"to review {done.review}; lines {BankLine.objects.count()}"
    )
    if done.matched:
        per_gift = (import_s - unmatched_s) / done.matched * 1000
        print(f"receive path (services_receive.receive_many): about {per_gift:.1f} ms a gift")
    print(
        f"same file refused: {refused}; overlapping file new lines: "
        f"{second.statement.new_lines}; ledger check: {'ok' if check.ok else check.problems[:3]}"
        f"; to the cent: {'ok' if to_the_cent else 'DIFFERENT'}"
    )
    ok = import_s < TARGET_S and refused and second.statement.new_lines == 0 and to_the_cent
    print(f"target: import < {TARGET_S:.0f} s — {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

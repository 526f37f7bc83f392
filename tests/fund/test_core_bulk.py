"""core.bulk.update_rows: many rows, different values, one UPDATE per batch, the values
stored as ``save`` stores them (decimals, dates, foreign keys, NULL), on SQLite and
PostgreSQL."""

from datetime import date
from decimal import Decimal

from maillage.core.bulk import update_rows
from maillage.fund import services_gifts
from maillage.fund.models import Gift, GiftStatus


def test_each_row_gets_its_values_and_the_others_are_untouched(fund, django_assert_num_queries):
    gifts = [
        services_gifts.pledge_gift(
            foundation=fund.foundation,
            campaign=fund.campaign,
            name=f"Donatrice {n}",
            email=f"d{n}@example.org",
            amount=f"{n + 1}.25",
            currency="EUR",
        )
        for n in range(7)
    ]
    changes = {
        gift.pk: {"amount": Decimal(f"{10 * n}.05"), "received_on": date(2026, 1, n + 1)}
        for n, gift in enumerate(gifts[:6])
    }
    changes[gifts[5].pk]["received_on"] = None
    versions = {gift.pk: gift.version for gift in gifts}
    with django_assert_num_queries(2):  # batches of 4: 6 rows, two UPDATEs
        done = update_rows(
            Gift,
            changes,
            same={"status": GiftStatus.RECEIVED},
            increment=["version"],
            batch_size=4,
        )
    assert done == 6
    for n, gift in enumerate(gifts[:6]):
        gift.refresh_from_db()
        assert gift.amount == Decimal(f"{10 * n}.05")
        assert gift.received_on == (date(2026, 1, n + 1) if n < 5 else None)
        assert gift.status == GiftStatus.RECEIVED
        assert gift.version == versions[gift.pk] + 1
    untouched = Gift.objects.get(pk=gifts[6].pk)
    assert untouched.status == GiftStatus.PLEDGED and untouched.amount == Decimal("7.25")
    assert update_rows(Gift, {}) == 0

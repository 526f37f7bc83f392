"""Two issuers at once, in real threads with their own database connections: the
numbers of a site stay unbroken (no gap, no duplicate), each tenancy is billed once a
month, and the hash chain holds."""

from datetime import UTC, datetime

import pytest
from django.db import close_old_connections

from maillage.premises import services_statements as services
from maillage.premises.models_statements import Statement

from ..threads import run_together
from .statements_setting import occasional_tenant, priced_site

pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2030, 7, 15, 12, tzinfo=UTC)


def test_two_issuers_at_once_give_an_unbroken_sequence(world):
    premises = priced_site(world)
    tenants = [
        occasional_tenant(premises, name=f"Structure {n}", kind="part_time", weekdays=[0])
        for n in range(3)
    ]
    coordinator = world.coordinator

    def issuer(month):
        def job():
            close_old_connections()
            return services.issue_statements(
                actor=coordinator, site=premises.site, year=2030, month=month, now=NOW
            )

        return job

    # Each of four months issued twice, eight issuers at the same instant.
    jobs = [issuer(month) for month in range(1, 5) for _twice in range(2)]
    results, errors = run_together(jobs, threads=len(jobs))
    assert errors == []
    statements = Statement.objects.filter(site=premises.site)
    # The world's tenancy and three part-timers, four months: 16 statements, no more.
    assert statements.count() == sum(len(issued) for issued in results) == 16
    numbers = sorted(statements.values_list("number", flat=True))
    assert numbers == [f"2030-{n:04d}" for n in range(1, 17)]
    assert sorted(statements.values_list("chain_index", flat=True)) == list(range(1, 17))
    for tenancy in [premises.tenancy, *tenants]:
        months = sorted(statements.filter(tenancy=tenancy).values_list("month", flat=True))
        assert months == [1, 2, 3, 4]
    assert services.verify_chain(premises.site) == []

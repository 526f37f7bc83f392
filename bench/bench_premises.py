"""Benchmark of shared premises: a site of 40 spaces with 3 years of bookings.

Run from the repository root:
    .venv/bin/python bench/bench_premises.py [--requests 200] [--months 6]

The real stack of `make demo` on the embedded SQLite database in a temporary folder
(bench/server.py): migrate, then two sites built with bulk inserts by
``build_site_data`` (the bench is not the booking service: it writes the rows the
service would have written, with the same rules: no room booked twice, a desk pool never
beyond its desks, its reserved desks kept for their organisation, nothing on a closed
day, the quota of each tenant counted month by month), then gunicorn as `make serve`
starts it (2 workers × 4 threads). A member logs in through the login form.

- "large": 40 spaces (rooms, modular rooms, desk pools, offices, shared spaces),
  50 tenants, 3 years of bookings (about 100,000), ending three months ahead;
- "baseline": the same site 50 times smaller (4 spaces, 0.6 years: about 2,000
  bookings; 1 tenant), side by side in the same server.

Measured, each with many repetitions, p50, p95 and p99 beside the baseline's:

(a) the week grid ``premises:grid`` (GET ``week=YYYY-Www``, weeks around today), as a
    member, one request at a time; target p99 < 200 ms;
(b) the availability search ``premises:search`` ("a room for 20 on a Tuesday afternoon
    in the next 4 weeks": GET ``people=20&weekday=1&slot=afternoon&weeks=4``); target
    p99 < 200 ms;
(c) the monthly statements of the 50 tenants,
    ``maillage.premises.services_statements.issue_statements(actor=, site=, year=,
    month=)``, for ``--months`` past months, timed in the server's process; target
    each month < 5 s.

A measure whose page or function is not in the code yet prints "not available yet".
"""

import argparse
import json
import math
import os
import random
import re
import sys
import time
import urllib.parse
from datetime import date, timedelta
from decimal import Decimal

TARGET_PAGE_P99_MS = 200
TARGET_STATEMENTS_S = 5
PASSWORD = "bench-premises-password"  # noqa: S105 (a throw-away database)
MEMBER = "membre@example.org"
BOSS = "coordination@example.org"

# About 100,000 bookings for 40 spaces over 3 years.
BOOKINGS_PER_SPACE_YEAR = 100_000 / (40 * 3)
LARGE = {"n_spaces": 40, "years": 3, "tenants": 50}
BASELINE = {"n_spaces": 4, "years": 0.6, "tenants": 1}  # 50 times fewer space-years
# Share of the rooms' half-days booked at most; the rest of the bookings are desks.
ROOM_OCCUPANCY = 0.65
POOL_DESKS, POOL_RESERVED = 16, 4
DAYS_AHEAD = 91
WEIGHT = {"morning": 1.0, "afternoon": 1.0, "evening": 0.3}
SEARCH = "people=20&weekday=1&slot=afternoon&weeks=4"


def expected_bookings(n_spaces, years):
    """How many bookings ``build_site_data`` writes for that size."""
    return round(BOOKINGS_PER_SPACE_YEAR * n_spaces * years)


def window(years, today):
    """The first and last day of ``years`` of bookings around ``today``: about three
    months ahead (a third of the window when it is short), the rest behind."""
    total = max(1, round(years * 365.25))
    ahead = min(DAYS_AHEAD, total // 3)
    first = today - timedelta(days=total - ahead - 1)
    return first, first + timedelta(days=total - 1)


def space_kinds(n_spaces):
    """The kinds of ``n_spaces`` spaces: mostly meeting rooms, a tenth modular rooms and
    a tenth desk pools (at least one of each from 3 spaces), a few offices and shared
    spaces."""
    if n_spaces < 3:
        return (["desks", "meeting_room"] * n_spaces)[:n_spaces]
    pools = max(1, round(n_spaces / 10))
    events = max(1, round(n_spaces / 10))
    offices = round(n_spaces / 20)
    shared = round(n_spaces / 20)
    rooms = n_spaces - pools - events - offices - shared
    return (
        ["meeting_room"] * rooms
        + ["event_room"] * events
        + ["desks"] * pools
        + ["office"] * offices
        + ["shared"] * shared
    )


def _holidays(year):
    return [
        (date(year, 1, 1), "Nouvel an"),
        (date(year, 8, 1), "Fête nationale"),
        (date(year, 12, 25), "Noël"),
        (date(year, 12, 31), "Restauration genevoise"),
    ]


def build_site_data(n_spaces, years, seed, *, tenants=50, collective=None, slug=None, today=None):
    """A site of ``n_spaces`` spaces with ``years`` years of bookings (about 833 a space and
    a year: ``expected_bookings``), written with bulk inserts; ``tenants`` organisations
    rent there (60 % permanent, 10 % part-time, 30 % occasional). Returns a dict: the
    site, its collective, the window's first and last days, the numbers written."""
    from django.db import transaction
    from django.utils import timezone

    from maillage.collectives.models import Collective, Organisation
    from maillage.premises import halfdays
    from maillage.premises.models import (
        Booking,
        ClosedPeriod,
        PriceCategory,
        ReservedDesks,
        Site,
        Space,
        Tenancy,
    )
    from maillage.premises.models_statements import Price

    rng = random.Random(seed)
    today = today or timezone.localdate()
    first, last = window(years, today)
    target = expected_bookings(n_spaces, years)
    slug = slug or f"bench-{n_spaces}-{seed}"
    with transaction.atomic():
        if collective is None:
            collective = Collective.objects.create(
                name=f"Bench {slug}", short_name=slug, slug=slug, territory="Genève"
            )
        site = Site.objects.create(
            collective=collective,
            name=f"Locaux {slug}",
            slug=slug,
            time_zone="Europe/Zurich",
            currency="CHF",
            evening_starts="18:00",
            evening_ends="22:00",
        )
        site.refresh_from_db()
        spaces = Space.objects.bulk_create(
            Space(
                site=site,
                name=f"{kind} {number}",
                kind=kind,
                surface_m2=rng.choice([15, 20, 30, 40]) if kind != "event_room" else 100,
                capacity=(
                    POOL_DESKS
                    if kind == "desks"
                    else rng.choice([40, 60, 80])
                    if kind == "event_room"
                    else rng.choice([6, 8, 10, 12, 16, 20, 24])
                ),
                desks=POOL_DESKS if kind == "desks" else 0,
                position=number,
            )
            for number, kind in enumerate(space_kinds(n_spaces), start=1)
        )
        categories = PriceCategory.objects.bulk_create(
            PriceCategory(site=site, name=name, outside=outside, position=position)
            for position, (name, outside) in enumerate(
                [
                    ("Permanents", False),
                    ("Temps partiel", False),
                    ("Occasionnels", False),
                    ("Extérieurs", True),
                ]
            )
        )
        # The price grid: every category × kind × unit the statements may ask for.
        Price.objects.bulk_create(
            Price(site=site, category=category, kind=kind, unit=unit, amount=Decimal(amount))
            for category, factor in zip(categories, (0, 1, 2, 3), strict=True)
            for kind, unit, amount in [
                ("meeting_room", "half_day", 10 * factor),
                ("event_room", "half_day", 40 * factor),
                ("desks", "half_day", 3 * factor),
                ("office", "m2_month", 15),
                ("desks", "month", 120),
                ("", "month", 200),
            ]
        )
        organisations = [
            Organisation.objects.create(
                name=f"Locataire {number} {slug}",
                slug=f"{slug}-locataire-{number}",
                kind="association",
            )
            for number in range(tenants)
        ]
        collective.organisations.add(*organisations)
        kinds = [
            "permanent" if n % 10 < 6 else "part_time" if n % 10 == 6 else "occasional"
            for n in range(tenants)
        ]
        tenancies = Tenancy.objects.bulk_create(
            Tenancy(
                site=site,
                organisation=organisation,
                kind=kind,
                weekdays=[1, 3] if kind == "part_time" else [],
                starts_on=first,
                category=categories[{"permanent": 0, "part_time": 1, "occasional": 2}[kind]],
                quota_half_days=8 if kind != "occasional" else 0,
            )
            for organisation, kind in zip(organisations, kinds, strict=True)
        )
        pools = [space for space in spaces if space.kind == "desks"]
        reserved = organisations[0] if organisations else None
        if reserved is not None:
            ReservedDesks.objects.bulk_create(
                ReservedDesks(space=pool, organisation=reserved, count=POOL_RESERVED)
                for pool in pools
            )
        closed = {
            day: reason
            for year in range(first.year, last.year + 1)
            for day, reason in _holidays(year)
            if first <= day <= last
        }
        ClosedPeriod.objects.bulk_create(
            ClosedPeriod(site=site, starts_on=day, ends_on=day, reason=reason)
            for day, reason in closed.items()
        )
        days = [
            first + timedelta(days=n)
            for n in range((last - first).days + 1)
            if (first + timedelta(days=n)).weekday() < 5 and first + timedelta(days=n) not in closed
        ]
        slots = [half.slot for half in halfdays.slots(site)]
        bounds = {(day, slot): halfdays.bounds(site, day, slot) for day in days for slot in slots}

        rooms = [space for space in spaces if space.kind in ("meeting_room", "event_room")]
        room_cells = [(space, day, slot) for space in rooms for day in days for slot in slots]
        desk_cells = [(pool, day, slot) for pool in pools for day in days for slot in slots]
        desk_room = len(desk_cells) * (POOL_DESKS - POOL_RESERVED + (1 if reserved else 0))
        room_take = min(len(room_cells), max(round(ROOM_OCCUPANCY * len(room_cells)), 0))
        room_take = min(room_take, target)
        if target - room_take > desk_room:  # too few desks: more rooms
            room_take = min(len(room_cells), target - desk_room)
        if room_take + desk_room < target:
            raise ValueError(
                f"{target} bookings do not fit in {n_spaces} spaces over {years} years."
            )
        # Evenings are booked less: weighted sampling without replacement.
        room_cells.sort(key=lambda cell: -(rng.random() ** (1 / WEIGHT[cell[2]])))
        chosen = [(space, day, slot, 0, None) for space, day, slot in room_cells[:room_take]]
        chosen += _desk_bookings(rng, desk_cells, target - room_take, reserved)

        per_org = {tenancy.organisation_id: tenancy for tenancy in tenancies}
        others = organisations[1:] or organisations
        now = timezone.now()
        rows = []
        for space, day, slot, desks, organisation in chosen:
            if organisation is None and organisations and rng.random() < 0.95:
                organisation = rng.choice(others if desks else organisations)
            starts_at, ends_at = bounds[day, slot]
            status = "confirmed"
            if ends_at < now and rng.random() < 0.03:
                status = "cancelled"
            elif starts_at > now and rng.random() < 0.02:
                status = "held"
            tenancy = per_org.get(organisation.pk) if organisation else None
            rows.append(
                Booking(
                    site=site,
                    space=space,
                    date=day,
                    slot=slot,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    exclusive=not desks,
                    desks=desks,
                    status=status,
                    hold_until=now + timedelta(hours=48) if status == "held" else None,
                    organisation=organisation,
                    tenancy=tenancy,
                    requester_name="" if organisation else "Personne extérieure",
                    purpose="" if desks else "Réunion",
                    people=desks or min(space.capacity, rng.randint(2, 20)),
                )
            )
        _mark_over_quota(rows)
        Booking.objects.bulk_create(rows, batch_size=2000)
    return {
        "collective": collective,
        "site": site,
        "first": first,
        "last": last,
        "spaces": len(spaces),
        "tenants": len(tenancies),
        "bookings": len(rows),
    }


def _desk_bookings(rng, cells, count, reserved):
    """``count`` bookings of desks spread over ``cells`` (pool, day, slot): in each
    half-day, the reserved organisation's people within its reserved desks, everyone
    else within the pool's other desks. Returns (pool, day, slot, desks, organisation)."""
    if count <= 0 or not cells:
        return []
    general = POOL_DESKS - POOL_RESERVED
    cells = cells[:]
    rng.shuffle(cells)
    base, extra = divmod(count, len(cells))
    made = []
    for index, (pool, day, slot) in enumerate(cells):
        wanted = base + (1 if index < extra else 0)
        if wanted == 0:
            continue
        own = 1 if reserved is not None and rng.random() < 0.7 else 0
        if wanted - own > general:
            own = 1 if reserved is not None else 0
        others = wanted - own
        if own:
            made.append((pool, day, slot, rng.randint(1, POOL_RESERVED), reserved))
        # Others share the general desks: at least one each, the rest at random.
        sizes = [1] * others
        spare = general - others
        for n in range(others):
            more = min(spare, rng.choice([0, 0, 1, 2]))
            sizes[n] += more
            spare -= more
        made += [(pool, day, slot, size, None) for size in sizes]
    return made


def _mark_over_quota(rows):
    """As the booking service marks them: a tenant with a quota pays the outside rate for
    the rooms' half-days beyond it in a month; without a tenancy, always."""
    used = {}
    for row in sorted(rows, key=lambda row: row.starts_at):
        if row.tenancy is None:
            row.over_quota = True
        elif row.tenancy.kind != "occasional" and row.exclusive and row.status != "cancelled":
            key = (row.tenancy.pk, row.date.year, row.date.month)
            used[key] = used.get(key, 0) + 1
            row.over_quota = used[key] > row.tenancy.quota_half_days


# The bench itself: a live server, pages and statements -----------------------------------

SETUP = """
import json
from django.urls import NoReverseMatch, reverse
from maillage.accounts.models import User
from maillage.collectives.models import Membership, Role
from bench.bench_premises import LARGE, BASELINE, build_site_data

member = User.objects.create_user("__MEMBER__", "__PASSWORD__", display_name="Membre")
boss = User.objects.create_user("__BOSS__", "__PASSWORD__", display_name="Coordination")
out = {}
for name, size in (("large", LARGE), ("baseline", BASELINE)):
    built = build_site_data(size["n_spaces"], size["years"], 17, tenants=size["tenants"],
                            slug="grand" if name == "large" else "petit")
    collective, site = built["collective"], built["site"]
    Membership.objects.create(user=boss, collective=collective, role=Role.COORDINATOR)
    Membership.objects.create(
        user=member, collective=collective, role=Role.MEMBER,
        organisation=collective.organisations.order_by("pk").first(),
    )
    paths = {}
    for url in ("grid", "search"):
        try:
            paths[url] = reverse("premises:" + url, args=[collective.slug, site.slug])
        except NoReverseMatch:
            paths[url] = None
    out[name] = {
        "site": site.pk, "bookings": built["bookings"], "spaces": built["spaces"],
        "tenants": built["tenants"], "first": str(built["first"]), "last": str(built["last"]),
        "paths": paths,
    }
print(json.dumps(out))
"""

STATEMENTS = """
import json, time
from datetime import date
from maillage.accounts.models import User
from maillage.premises.models import Site
try:
    from maillage.premises.services_statements import issue_statements
except ImportError:
    issue_statements = None
out = {"available": issue_statements is not None}
if issue_statements is not None:
    boss = User.objects.get(email="__BOSS__")
    for name, pk in __SITES__.items():
        site = Site.objects.get(pk=pk)
        today = date.today()
        times, issued, error = [], 0, None
        for back in range(1, __MONTHS__ + 1):
            index = today.year * 12 + today.month - 1 - back
            year, month = index // 12, index % 12 + 1
            began = time.perf_counter()
            try:
                issued += len(issue_statements(actor=boss, site=site, year=year, month=month))
            except Exception as exc:  # noqa: BLE001 (printed, not hidden)
                error = f"{type(exc).__name__}: {exc}"
                break
            times.append(time.perf_counter() - began)
        out[name] = {"times": times, "issued": issued, "error": error}
print(json.dumps(out))
"""


def weeks_around(today):
    """ISO weeks to ask the grid for: the current one, two ahead, some behind."""
    weeks = []
    for offset in (-12, -8, -5, -3, -2, -1, 0, 1, 2):
        year, week, _day = (today + timedelta(weeks=offset)).isocalendar()
        weeks.append(f"{year}-W{week:02d}")
    return weeks


def log_in(client):
    status, page = client.request("GET", "/comptes/connexion/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.decode(), "username": MEMBER, "password": PASSWORD}
    )
    status, _ = client.request(
        "POST",
        "/comptes/connexion/",
        body,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": "http://127.0.0.1/comptes/connexion/",
        },
    )
    assert status == 302, f"login failed: {status}"


def measure(client, paths, repetitions):
    """Ask for each path in turn, ``repetitions`` rounds after a warm-up; returns the
    latencies (seconds) and the errors."""
    for path in paths:
        client.request("GET", path)
    latencies, errors = [], []
    for _round in range(repetitions):
        for path in paths:
            began = time.perf_counter()
            status, _content = client.request("GET", path)
            latencies.append(time.perf_counter() - began)
            if status != 200:
                errors.append((path, status))
    return latencies, errors


def quantile(values, q):
    if not values:
        return math.nan
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def figures(values, scale=1000):
    return tuple(scale * quantile(values, q) for q in (0.5, 0.95, 0.99))


def print_table(title, unit, large, baseline, sizes):
    print(f"{title}")
    print()
    print("| site | spaces | bookings | count | p50 | p95 | p99 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, values in (("large", large), ("baseline", baseline)):
        p50, p95, p99 = figures(values, 1000 if unit == "ms" else 1)
        spaces, bookings = sizes[name]
        digits = 1 if unit == "ms" else 2
        print(
            f"| {name} | {spaces} | {bookings:,} | {len(values)} | {p50:.{digits}f} {unit} "
            f"| {p95:.{digits}f} {unit} | {p99:.{digits}f} {unit} |"
        )
    ratio = figures(large)[2] / figures(baseline)[2] if baseline else math.nan
    print()
    print(f"p99 large / baseline: ×{ratio:.1f}.")
    print()


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from server import Client, Site

    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200, help="rounds per page")
    parser.add_argument("--months", type=int, default=6, help="months of statements")
    args = parser.parse_args()
    verdicts = []
    with Site() as site:
        began = time.monotonic()
        setup = SETUP.replace("__MEMBER__", MEMBER).replace("__BOSS__", BOSS)
        built = json.loads(site.manage(setup.replace("__PASSWORD__", PASSWORD)))
        seconds = time.monotonic() - began
        sizes = {name: (data["spaces"], data["bookings"]) for name, data in built.items()}
        print(
            f"Shared premises, gunicorn 2 workers × 4 threads on SQLite; data built in "
            f"{seconds:.1f} s: large {sizes['large'][1]:,} bookings on {sizes['large'][0]} "
            f"spaces ({built['large']['first']} to {built['large']['last']}), baseline "
            f"{sizes['baseline'][1]:,} on {sizes['baseline'][0]} (load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; the client runs on the same "
            "machine)."
        )
        print()
        today = date.today()
        with site.serve():
            client = Client(site.port)
            log_in(client)
            for key, title, query in (
                ("grid", "(a) The week grid, as a member", None),
                ("search", f"(b) The availability search ({SEARCH})", SEARCH),
            ):
                if built["large"]["paths"][key] is None:
                    print(f"{title}: not available yet (no URL premises:{key}).")
                    print()
                    verdicts.append(f"{key} p99 < {TARGET_PAGE_P99_MS} ms: not available yet")
                    continue
                results, errors = {}, []
                for name, data in built.items():
                    path = data["paths"][key]
                    if query is None:
                        paths = [f"{path}?week={week}" for week in weeks_around(today)]
                        rounds = max(1, args.requests // len(paths))
                    else:
                        paths, rounds = [f"{path}?{query}"], args.requests
                    results[name], failed = measure(client, paths, rounds)
                    errors += failed
                print_table(title, "ms", results["large"], results["baseline"], sizes)
                p99 = figures(results["large"])[2]
                met = p99 < TARGET_PAGE_P99_MS and not errors
                verdicts.append(
                    f"{key} p99 < {TARGET_PAGE_P99_MS} ms: {p99:.1f} ms, {len(errors)} errors: "
                    f"{'met' if met else 'NOT met'}"
                )
                if errors:
                    print("Errors (path, HTTP status):", sorted(set(map(str, errors)))[:5])
                    print()
            client.close()
        code = STATEMENTS.replace("__BOSS__", BOSS).replace("__MONTHS__", str(args.months))
        sites = {name: data["site"] for name, data in built.items()}
        statements = json.loads(site.manage(code.replace("__SITES__", json.dumps(sites))))
    title = f"(c) Monthly statements of {LARGE['tenants']} tenants (issue_statements)"
    if not statements["available"]:
        print(f"{title}: not available yet (no services_statements.issue_statements).")
        verdicts.append(f"statements < {TARGET_STATEMENTS_S} s: not available yet")
    else:
        large, baseline = statements["large"], statements["baseline"]
        for name, result in (("large", large), ("baseline", baseline)):
            if result["error"]:
                print(f"{title}, {name}: failed: {result['error']}")
        print_table(
            f"{title}, {args.months} months each, one call a month",
            "s",
            large["times"],
            baseline["times"],
            sizes,
        )
        print(f"Statements issued: large {large['issued']}, baseline {baseline['issued']}.")
        print()
        worst = max(large["times"], default=math.nan)
        met = worst < TARGET_STATEMENTS_S and not large["error"]
        verdicts.append(
            f"statements < {TARGET_STATEMENTS_S} s: slowest month {worst:.2f} s: "
            f"{'met' if met else 'NOT met'}"
        )
    print()
    for verdict in verdicts:
        print(f"Target: {verdict}.")


if __name__ == "__main__":
    main()

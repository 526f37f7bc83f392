"""Generated job-café problems in the command line's JSON shape, for tests and the
benchmark: seekers wish a few recruiters, with a preference for some sectors, the way
people choose at a real café (popular recruiters get more wishes than seats)."""

from __future__ import annotations

import random


def random_problem(
    seekers: int,
    recruiters: int,
    rotations: int,
    seats: int,
    *,
    wishes: tuple[int, int] = (3, 12),
    tables: tuple[int, int] = (1, 2),
    seed: int = 0,
) -> dict:
    """A problem of ``seekers`` × ``recruiters`` × ``rotations``; each seeker wishes
    between ``wishes[0]`` and ``wishes[1]`` recruiters (popular ones more often), with
    weights 1 to 3; each recruiter has ``tables`` tables."""
    rng = random.Random(seed)
    ids = [f"r{number}" for number in range(recruiters)]
    # Popularity: a few recruiters draw many wishes (a Zipf-like spread).
    popularity = [1.0 / (rank + 1) ** 0.7 for rank in range(recruiters)]
    rng.shuffle(popularity)
    problem_recruiters = [{"id": rid, "tables": rng.randint(*tables)} for rid in ids]
    problem_seekers = []
    for number in range(seekers):
        count = min(recruiters, rng.randint(*wishes))
        chosen = set()
        while len(chosen) < count:
            chosen.update(rng.choices(ids, weights=popularity, k=count - len(chosen)))
        problem_seekers.append(
            {"id": f"s{number}", "wishes": {rid: rng.randint(1, 3) for rid in sorted(chosen)}}
        )
    return {
        "rotations": rotations,
        "seats": seats,
        "recruiters": problem_recruiters,
        "seekers": problem_seekers,
    }


# -- employer groups (``pool``) ---------------------------------------------------------

POOL_COVERS = {
    "BAFA": ["animation"],
    "BPJEPS": ["animation", "entretien"],
    "CAP AEPE": ["petite_enfance", "animation", "entretien"],
    "DEAES": ["aide_domicile", "petite_enfance"],
    "ADVF": ["aide_domicile", "entretien"],
    "APH": ["entretien"],
    "CAP cuisine": ["restauration", "entretien"],
}
# What each kind of employer mostly needs, and now and then another family.
_EMPLOYER_KINDS = {
    "leisure": ("animation", "entretien", "restauration"),
    "creche": ("petite_enfance", "entretien", "restauration"),
    "home_care": ("aide_domicile", "aide_domicile", "entretien"),
    "cleaning": ("entretien", "entretien", "entretien"),
    "school": ("restauration", "animation", "entretien"),
}


def _clock(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _jitter(rng, minutes, spread=30):
    return minutes + rng.choice(range(-spread, spread + 1, 15))


def _need_slots(rng, family):
    """Weekly slots the way such needs recur: périscolaire mornings, lunch breaks, evenings
    and Wednesdays; crèche shifts; home visits; early or late cleaning; canteen service."""
    slots = []

    def add(days, start, end):
        end = max(end, start + 45)
        for day in days:
            slots.append({"day": day, "start": _clock(start), "end": _clock(end)})

    school_days = [0, 1, 3, 4]
    if family == "animation":
        part = rng.choice(["morning", "lunch", "evening", "evening", "wednesday"])
        days = sorted(rng.sample(school_days, rng.randint(2, 4)))
        if part == "morning":
            add(days, _jitter(rng, 450), _jitter(rng, 510))
        elif part == "lunch":
            add(days, _jitter(rng, 690), _jitter(rng, 810))
        elif part == "evening":
            add(days, _jitter(rng, 990), _jitter(rng, 1110))
        else:
            start = rng.choice([480, 540, 780])
            add([2], start, rng.choice([1020, 1080]))
    elif family == "petite_enfance":
        days = sorted(rng.sample(range(5), rng.randint(2, 3)))
        start = rng.choice([450, 480, 720, 780, 900])
        add(days, _jitter(rng, start), _jitter(rng, start + rng.choice([180, 240, 300])))
    elif family == "aide_domicile":
        days = sorted(rng.sample(range(7), rng.randint(3, 6)))
        start = _jitter(rng, rng.choice(range(420, 1140, 60)), 15)
        add(days, start, start + rng.choice([60, 90, 120]))
    elif family == "entretien":
        days = sorted(rng.sample(range(6), rng.randint(3, 5)))
        start = rng.choice([360, 390, 720, 1080, 1110])
        add(days, start, start + rng.choice([90, 120, 150, 180]))
    else:  # restauration
        days = sorted(rng.sample(range(5), rng.randint(4, 5)))
        add(days, _jitter(rng, 630), _jitter(rng, 780))
    # One need's slots never overlap (same day, same hours are merged away).
    seen, kept = set(), []
    for slot in sorted(slots, key=lambda s: (s["day"], s["start"])):
        if kept and kept[-1]["day"] == slot["day"] and slot["start"] < kept[-1]["end"]:
            continue
        if (slot["day"], slot["start"]) not in seen:
            seen.add((slot["day"], slot["start"]))
            kept.append(slot)
    return kept


def random_pool_problem(
    employers: int,
    needs: int,
    *,
    communes: int = 10,
    square_km: float = 15.0,
    seed: int = 0,
    target_hours: float = 35,
    min_hours: float = 24,
    speed_kmh: float = 20,
) -> dict:
    """An employer group's problem in the command line's JSON shape: ``employers``
    structures in ``communes`` communes of a square of ``square_km``, each with one or two
    sites, and ``needs`` recurring needs spread over them."""
    rng = random.Random(seed)
    centres = [(rng.uniform(0, square_km), rng.uniform(0, square_km)) for _ in range(communes)]
    sites, owners = [], []
    kinds = list(_EMPLOYER_KINDS)
    for number in range(employers):
        kind = kinds[number % len(kinds)] if number < len(kinds) else rng.choice(kinds)
        for site_number in range(rng.choice([1, 1, 2])):
            cx, cy = rng.choice(centres)
            site_id = f"e{number}s{site_number}"
            sites.append(
                {
                    "id": site_id,
                    "x_km": round(min(square_km, max(0, cx + rng.gauss(0, 0.7))), 3),
                    "y_km": round(min(square_km, max(0, cy + rng.gauss(0, 0.7))), 3),
                }
            )
            owners.append((f"e{number}", kind, site_id))
    problem_needs = []
    for number in range(needs):
        employer, kind, site = (
            owners[number % len(owners)] if number < len(owners) else (rng.choice(owners))
        )
        family = rng.choice(_EMPLOYER_KINDS[kind])
        problem_needs.append(
            {
                "id": f"n{number}",
                "employer": employer,
                "site": site,
                "skill": family,
                "slots": _need_slots(rng, family),
            }
        )
    return {
        "target_hours": target_hours,
        "min_hours": min_hours,
        "speed_kmh": speed_kmh,
        "sites": sites,
        "covers": POOL_COVERS,
        "needs": problem_needs,
    }

"""Opinion groups (maillage.synthesis.opinions): contract, edge cases, agreement with Pol.is."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse
from sklearn.metrics import adjusted_rand_score

from maillage.synthesis.errors import SynthesisInputError
from maillage.synthesis.io import PolisConversation, read_polis
from maillage.synthesis.opinions import find_opinion_groups

ROOT = Path(__file__).resolve().parents[2]
POLIS = ROOT.parent / "shared/data/polis"
KEYS = {"groups", "repness", "consensus", "statements", "k"}


def conversation(matrix, participants=None, statements=None):
    """A conversation from a dense array: +1, -1, 0 (pass), NaN (not seen)."""
    matrix = np.asarray(matrix, dtype=float)
    n, m = matrix.shape
    seen = ~np.isnan(matrix)
    votes = np.where(seen, matrix, 0.0)
    return PolisConversation(
        participants=participants or [f"p{i}" for i in range(n)],
        statements=statements or [str(j) for j in range(m)],
        votes=sparse.csr_matrix(votes),
        seen=sparse.csr_matrix(seen.astype(float)),
        polis_groups={},
    )


def planted(groups=3, per_group=100, statements=40, answered=25, fidelity=0.85, seed=0):
    """Participants in ``groups`` camps, each camp with its own stance on every statement."""
    rng = np.random.default_rng(seed)
    stance = rng.choice([-1.0, 1.0], size=(groups, statements))
    truth = np.repeat(np.arange(groups), per_group)
    matrix = np.full((len(truth), statements), np.nan)
    for i, g in enumerate(truth):
        chosen = rng.choice(statements, answered, replace=False)
        faithful = rng.random(answered) < fidelity
        matrix[i, chosen] = np.where(faithful, stance[g, chosen], -stance[g, chosen])
        matrix[i, chosen[rng.random(answered) < 0.1]] = 0.0  # some passes
    return matrix, truth


def labels_of(result, participants):
    return [-1 if result["groups"][p] is None else result["groups"][p] for p in participants]


def assert_contract(result, conv):
    assert set(result) == KEYS
    assert list(result["groups"]) == conv.participants
    k = result["k"]
    assert isinstance(k, int)
    values = set(result["groups"].values())
    assert all(v is None or (isinstance(v, int) and 0 <= v < k) for v in values)
    assert values - {None} == set(range(k))
    assert set(result["repness"]) == {str(g) for g in range(k)}
    known = set(conv.statements)
    for listed in result["repness"].values():
        assert set(listed) <= known and len(listed) == len(set(listed)) <= 5
    assert set(result["consensus"]) == {"agree", "disagree"}
    for listed in result["consensus"].values():
        assert set(listed) <= known
    assert list(result["statements"]) == conv.statements
    for figures in result["statements"].values():
        assert set(figures) == {"overall", "groups", "group_informed_consensus"}
        assert set(figures["groups"]) == {str(g) for g in range(k)}
        for part in [figures["overall"], *figures["groups"].values()]:
            assert set(part) == {"agree", "disagree", "pass", "votes"}
            shares = part["agree"] + part["disagree"] + part["pass"]
            if part["votes"]:
                assert shares == pytest.approx(1.0)
            else:
                assert shares == 0.0
        assert 0.0 < figures["group_informed_consensus"] <= 1.0
    json.dumps(result)  # plain Python types only


# ------------------------------------------------------------------ planted structure


def test_planted_groups_are_recovered():
    matrix, truth = planted()
    conv = conversation(matrix)
    result = find_opinion_groups(conv)
    assert_contract(result, conv)
    assert result["k"] == 3
    assert adjusted_rand_score(truth, labels_of(result, conv.participants)) > 0.9


def test_many_participants_are_grouped_through_base_clusters():
    matrix, truth = planted(per_group=500, seed=5)  # 1,500 distinct points: base clusters
    conv = conversation(matrix)
    result = find_opinion_groups(conv)
    assert result["k"] == 3
    assert adjusted_rand_score(truth, labels_of(result, conv.participants)) > 0.9


def test_same_seed_same_result_and_largest_group_first():
    matrix, _ = planted(groups=2, per_group=60, seed=3)
    matrix = matrix[:100]  # 60 in the first camp, 40 in the second
    conv = conversation(matrix)
    first = find_opinion_groups(conv, seed=7)
    assert first == find_opinion_groups(conv, seed=7)
    sizes = np.bincount([g for g in first["groups"].values() if g is not None])
    assert list(sizes) == sorted(sizes, reverse=True)


def test_figures_repness_and_consensus_follow_the_votes():
    matrix, truth = planted(groups=2, per_group=50, statements=30, answered=25, fidelity=0.9)
    matrix[:, 0] = 1.0  # everybody agrees with statement 0
    matrix[:, 1] = -1.0  # and disagrees with statement 1
    matrix[:, 2] = np.nan  # nobody saw statement 2
    conv = conversation(matrix)
    result = find_opinion_groups(conv)
    assert_contract(result, conv)
    assert result["k"] == 2
    assert adjusted_rand_score(truth, labels_of(result, conv.participants)) > 0.9
    statements = result["statements"]
    assert statements["0"]["overall"] == {"agree": 1.0, "disagree": 0.0, "pass": 0.0, "votes": 100}
    assert statements["2"]["overall"]["votes"] == 0
    assert "0" in result["consensus"]["agree"] and "1" in result["consensus"]["disagree"]
    assert "2" not in result["consensus"]["agree"] + result["consensus"]["disagree"]
    for j, figures in statements.items():
        # group-informed consensus = product over groups of (agrees + 1) / (votes + 2)
        expected = 1.0
        for part in figures["groups"].values():
            expected *= (round(part["agree"] * part["votes"]) + 1) / (part["votes"] + 2)
        assert figures["group_informed_consensus"] == pytest.approx(expected), j
    assert statements["0"]["group_informed_consensus"] > 0.9
    # A representative statement splits the groups: the group's side is not the other's.
    for g, listed in result["repness"].items():
        other = str(1 - int(g))
        assert listed
        for j in listed:
            mine, theirs = statements[j]["groups"][g], statements[j]["groups"][other]
            assert abs(mine["agree"] - theirs["agree"]) > 0.4


# --------------------------------------------------------------------------- tiny inputs


def test_one_participant():
    conv = conversation([[1, -1, 0, np.nan]])
    result = find_opinion_groups(conv)
    assert_contract(result, conv)
    assert result["groups"] == {"p0": None}
    assert result["repness"] == {} and result["k"] == 0
    assert result["statements"]["3"]["overall"]["votes"] == 0
    assert result["statements"]["0"]["overall"]["agree"] == 1.0


def test_no_votes_at_all():
    conv = conversation(np.full((5, 3), np.nan))
    result = find_opinion_groups(conv)
    assert_contract(result, conv)
    assert set(result["groups"].values()) == {None} and result["k"] == 0
    assert result["consensus"] == {"agree": [], "disagree": []}
    assert all(f["group_informed_consensus"] == 0.5 for f in result["statements"].values())


def test_nobody_and_nothing():
    result = find_opinion_groups(conversation(np.zeros((0, 0))))
    assert result == {
        "groups": {},
        "repness": {},
        "consensus": {"agree": [], "disagree": []},
        "statements": {},
        "k": 0,
    }


def test_too_few_participants_for_two_groups():
    # Two clear camps, but groups need at least 3 people each: no groups.
    conv = conversation([[1, 1, -1, -1]] * 2 + [[-1, -1, 1, 1]] * 3)
    result = find_opinion_groups(conv, min_votes=4)
    assert_contract(result, conv)
    assert result["k"] == 0 and set(result["groups"].values()) == {None}


def test_everybody_alike_makes_no_groups():
    conv = conversation([[1, -1, 1, 0, 1, -1, 1]] * 20)
    result = find_opinion_groups(conv)
    assert result["k"] == 0
    assert result["statements"]["1"]["overall"]["disagree"] == 1.0


def test_two_camps_voting_exactly_alike_make_two_groups():
    # Only two distinct places on the map: each is a group of its own.
    conv = conversation([[1, 1, -1, 1, 1, -1, 1]] * 6 + [[-1, -1, 1, -1, -1, 1, -1]] * 6)
    result = find_opinion_groups(conv)
    assert result["k"] == 2
    groups = [result["groups"][f"p{i}"] for i in range(12)]
    assert len(set(groups[:6])) == 1 and len(set(groups[6:])) == 1 and groups[0] != groups[6]


def test_who_is_clustered():
    matrix, _ = planted(groups=2, per_group=30, statements=12, answered=12, seed=2)
    matrix[0, 5:] = np.nan  # 5 votes: fewer than 7
    conv = conversation(matrix)
    result = find_opinion_groups(conv)
    assert result["groups"]["p0"] is None
    assert all(result["groups"][p] is not None for p in conv.participants[1:])
    assert result["statements"]["0"]["overall"]["votes"] == 60  # p0's votes still count
    # With fewer statements than min_votes, voting on all of them is enough.
    small = conversation(matrix[:, :4])
    assert find_opinion_groups(small)["groups"]["p1"] is not None
    # Votes cast on statements moderated out count towards the threshold, as in Pol.is.
    conv.moderated = ["m0", "m1"]
    conv.moderated_seen = sparse.csr_matrix(np.ones((60, 2)))
    assert find_opinion_groups(conv)["groups"]["p0"] is not None


def test_bad_input_is_refused():
    good = conversation([[1, -1], [1, 1]])
    bad_value = conversation([[1, -1], [1, 1]])
    bad_value.votes = sparse.csr_matrix(np.array([[2.0, -1.0], [1.0, 1.0]]))
    with pytest.raises(SynthesisInputError, match="agree"):
        find_opinion_groups(bad_value)
    wrong_shape = conversation([[1, -1], [1, 1]])
    wrong_shape.statements = ["a"]
    with pytest.raises(SynthesisInputError, match="2 × 2"):
        find_opinion_groups(wrong_shape)
    with pytest.raises(SynthesisInputError, match="k_range"):
        find_opinion_groups(good, k_range=(1, 5))
    with pytest.raises(SynthesisInputError, match="min_votes"):
        find_opinion_groups(good, min_votes=0)
    with pytest.raises(SynthesisInputError, match="seed"):
        find_opinion_groups(good, seed=-1)


# ------------------------------------------------------------------------- export files


def write_export(folder, matrix, moderated=()):
    """A Pol.is export folder with statements 0..m-1 (those in ``moderated`` moderated out)."""
    folder.mkdir()
    n, m = matrix.shape
    comments = ["timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body"]
    for j in range(m):
        flag = -1 if j in moderated else 1
        comments.append(f"0,,{j},0,0,0,{flag},Statement {j}")
    (folder / "comments.csv").write_text("\n".join(comments) + "\n")
    rows = [
        "participant,group-id,n-comments,n-votes,n-agree,n-disagree," + ",".join(map(str, range(m)))
    ]
    for i in range(n):
        cells = ["" if np.isnan(v) else str(int(v)) for v in matrix[i]]
        rows.append(f"{i},,0,0,0,0," + ",".join(cells))
    (folder / "participants-votes.csv").write_text("\n".join(rows) + "\n")
    return folder


def test_moderated_statements_are_left_out(tmp_path):
    matrix, truth = planted(groups=2, per_group=30, statements=30, answered=25, fidelity=0.9)
    noisy = matrix.copy()
    noisy[:, 3] = np.random.default_rng(0).choice([-1.0, 1.0], size=len(noisy))
    with_flag = read_polis(write_export(tmp_path / "moderated", noisy, moderated={3}))
    without = read_polis(write_export(tmp_path / "without", np.delete(noisy, 3, axis=1)))
    result = find_opinion_groups(with_flag)
    assert "3" not in result["statements"]
    assert all("3" not in listed for listed in result["repness"].values())
    assert "3" not in result["consensus"]["agree"] + result["consensus"]["disagree"]
    reference = find_opinion_groups(without)
    assert result["groups"] == reference["groups"]
    assert adjusted_rand_score(truth, labels_of(result, with_flag.participants)) > 0.9


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "maillage.synthesis", "opinions", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_malformed_exports_are_refused(tmp_path):
    matrix, _ = planted(groups=2, per_group=5, statements=4, answered=4)
    folder = write_export(tmp_path / "export", matrix)
    (folder / "participants-votes.csv").unlink()
    result = run_cli(folder)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "participants-votes.csv" in result.stderr and result.stdout == ""

    matrix[2, 1] = 5
    result = run_cli(write_export(tmp_path / "five", matrix))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "vote 5" in result.stderr and result.stdout == ""


# ------------------------------------------------------------------- real conversations


def test_command_line_on_a_real_export():
    result = run_cli(POLIS / "london.youth.policing")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert set(output) == KEYS | {"elapsed_s"}
    conv = read_polis(POLIS / "london.youth.policing")
    del output["elapsed_s"]
    assert_contract(output, conv)
    assert output["k"] >= 2


@pytest.mark.parametrize(
    "name", ["canadian-electoral-reform", "scoop-hivemind.biodiversity", "scoop-hivemind.taxes"]
)
def test_groups_agree_with_those_of_polis(name):
    conv = read_polis(POLIS / name)
    result = find_opinion_groups(conv)
    assert_contract(result, conv)
    theirs = list(conv.polis_groups.values())
    ours = labels_of(result, list(conv.polis_groups))  # unclustered count as a group of their own
    assert result["k"] == len(set(theirs)) == 2
    assert adjusted_rand_score(theirs, ours) >= 0.8

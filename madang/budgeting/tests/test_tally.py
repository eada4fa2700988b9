"""The results engine: hand-computed examples and hypothesis properties (no database)."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from madang.budgeting.tally import ProjectInput, compute, fund_greedily, normalise, weighted_score

T0 = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)


def at(days):
    return T0 + datetime.timedelta(days=days)


def test_normalise_is_share_of_the_maximum():
    assert normalise({1: 50, 2: 200, 3: 0}) == {1: 25.0, 2: 100.0, 3: 0.0}
    assert normalise({1: 0, 2: 0}) == {1: 0.0, 2: 0.0}
    assert normalise({}) == {}


def test_weighted_score_ignores_zero_weights_and_stays_on_0_100():
    assert weighted_score({"online": 100, "committee": 50}, {"online": 50, "committee": 50}) == 75.0
    assert weighted_score({"online": 100, "survey": 0}, {"online": 100, "survey": 0}) == 100.0
    assert weighted_score({"online": 80}, {}) == 0.0
    # weights that do not add up to 100 are scaled
    assert weighted_score({"online": 100, "committee": 0}, {"online": 1, "committee": 3}) == 25.0


def test_hand_computed_2018_weights_and_greedy_skip():
    """2018 preset: online 50 / committee 40 / budget school 10, heading of 10,000,000원.

    raw online: A 300, B 200, C 100, D 150   → normalised 100, 66.67, 33.33, 50
    committee:  A 3.0, B 4.0, C 5.0, D 2.0   → normalised 60, 80, 100, 40
    budget sch: A 10,  B 0,   C 5,   D 10    → normalised 100, 0, 50, 100
    score A = (50·100 + 40·60 + 10·100)/100 = 84
    score B = (50·66.67 + 40·80 + 0)/100 = 65.33
    score C = (50·33.33 + 40·100 + 10·50)/100 = 61.67
    score D = (50·50 + 40·40 + 10·100)/100 = 51
    costs: A 6,000,000 (fits, 4,000,000 left), B 5,000,000 (skipped), C 3,000,000 (fits, 1,000,000
    left), D 1,000,000 (fits, 0 left).
    """
    projects = [
        ProjectInput(1, 9, 6_000_000, {"online": 300, "committee": 3.0, "budget_school": 10}, at(1), "A"),
        ProjectInput(2, 9, 5_000_000, {"online": 200, "committee": 4.0}, at(2), "B"),
        ProjectInput(3, 9, 3_000_000, {"online": 100, "committee": 5.0, "budget_school": 5}, at(3), "C"),
        ProjectInput(4, 9, 1_000_000, {"online": 150, "committee": 2.0, "budget_school": 10}, at(4), "D"),
    ]
    heading = compute(
        projects, amounts={9: 10_000_000}, weights={"online": 50, "committee": 40, "budget_school": 10}
    )[9]
    order = [p.title for p in heading.projects]
    assert order == ["A", "B", "C", "D"]
    scores = {p.title: round(p.score, 2) for p in heading.projects}
    assert scores == {"A": 84.0, "B": 65.33, "C": 61.67, "D": 51.0}
    funded = {p.title: p.funded for p in heading.projects}
    assert funded == {"A": True, "B": False, "C": True, "D": True}
    assert heading.funded_total == 10_000_000
    b = heading.projects[1]
    assert b.skipped_for_money and round(b.normalised["online"], 2) == 66.67


def test_tie_break_online_then_offline_then_cost_then_submission_then_id():
    w = {"committee": 100}
    same = {"committee": 4.0}
    projects = [
        ProjectInput(1, 1, 100, {**same, "online": 1}, at(1)),
        ProjectInput(2, 1, 100, {**same, "online": 5}, at(5)),  # most online votes
        ProjectInput(3, 1, 100, {**same, "online": 1, "offline": 3}, at(9)),  # then offline
        ProjectInput(4, 1, 50, {**same, "online": 1}, at(8)),  # then lower cost
        ProjectInput(5, 1, 100, {**same, "online": 1}, at(0)),  # then earlier submission
        ProjectInput(6, 1, 100, {**same, "online": 1}, at(1)),  # same time as 1: lower id first
    ]
    heading = compute(projects, amounts={1: 10_000}, weights=w)[1]
    assert [p.id for p in heading.projects] == [2, 3, 4, 5, 1, 6]
    assert [p.rank for p in heading.projects] == [1, 2, 3, 4, 5, 6]


def test_headings_are_normalised_separately():
    projects = [
        ProjectInput(1, 1, 10, {"online": 10}),
        ProjectInput(2, 2, 10, {"online": 1000}),
    ]
    result = compute(projects, amounts={1: 10, 2: 10}, weights={"online": 100})
    assert result[1].projects[0].score == 100.0
    assert result[2].projects[0].score == 100.0


def test_empty_heading_and_project_costlier_than_the_pot():
    result = compute(
        [ProjectInput(1, 1, 500, {"online": 5})], amounts={1: 100, 2: 70}, weights={"online": 100}
    )
    assert result[2].projects == []
    assert result[1].projects[0].funded is False
    assert result[1].funded_total == 0


project_lists = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=2_000),  # cost
        st.integers(min_value=0, max_value=50),  # online
        st.integers(min_value=0, max_value=20),  # offline
        st.floats(min_value=0, max_value=5, allow_nan=False),  # committee
        st.integers(min_value=0, max_value=100),  # survey
    ),
    max_size=25,
)
weights_st = st.fixed_dictionaries(
    {
        "online": st.integers(0, 100),
        "offline": st.integers(0, 100),
        "committee": st.integers(0, 100),
        "survey": st.integers(0, 100),
    }
)


def _inputs(rows):
    return [
        ProjectInput(
            i + 1, 1, cost, {"online": on, "offline": off, "committee": com, "survey": sv}, at(i % 4)
        )
        for i, (cost, on, off, com, sv) in enumerate(rows)
    ]


@settings(max_examples=200, deadline=None)
@given(rows=project_lists, amount=st.integers(min_value=0, max_value=10_000), weights=weights_st)
def test_properties_funded_within_amount_and_greedy_order(rows, amount, weights):
    heading = compute(_inputs(rows), amounts={1: amount}, weights=weights)[1]
    ranked = heading.projects
    # funded total never exceeds the money
    assert heading.funded_total <= amount
    # the ranking is sorted by score (descending), every project appears once
    assert [p.score for p in ranked] == sorted((p.score for p in ranked), reverse=True)
    assert sorted(p.id for p in ranked) == list(range(1, len(rows) + 1))
    # greedy order: each project is funded exactly when it fits the money left by the ones above it
    left = amount
    for p in ranked:
        assert p.funded == (p.cost <= left)
        if p.funded:
            left -= p.cost
    # normalised values are on 0–100 and the best of each channel gets 100
    for p in ranked:
        assert 0 <= p.score <= 100 + 1e-9
        for v in p.normalised.values():
            assert 0 <= v <= 100 + 1e-9


@settings(max_examples=100, deadline=None)
@given(rows=project_lists, weights=weights_st)
def test_property_order_does_not_depend_on_input_order(rows, weights):
    inputs = _inputs(rows)
    a = compute(inputs, amounts={1: 5_000}, weights=weights)[1]
    b = compute(list(reversed(inputs)), amounts={1: 5_000}, weights=weights)[1]
    assert [p.id for p in a.projects] == [p.id for p in b.projects]
    assert [p.funded for p in a.projects] == [p.funded for p in b.projects]


def test_fund_greedily_zero_money():
    heading = compute([ProjectInput(1, 1, 1, {"online": 1})], amounts={1: 0}, weights={"online": 1})[1]
    fund_greedily(heading.projects, 0)
    assert not heading.projects[0].funded

"""The pure draw: reproducible from the seed, quotas held whenever they can be, tampering refused."""

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from madang.residents import sortition
from madang.residents.sortition import Candidate, Quotas, SortitionError, draw

SEED = "a3f1" * 16


def pool(size, *, dongs=("수유1동", "수유2동", "번1동", "우이동"), rng=None):
    rng = rng or random.Random(7)  # only to make test data; the draw itself never uses `random`
    return [
        Candidate(
            number=i + 1,
            sex=rng.choice("FM"),
            age_band=rng.choice(sortition.AGE_BANDS),
            dong=rng.choice(dongs),
            vulnerable=rng.random() < 0.2,
        )
        for i in range(size)
    ]


SEOUL = Quotas(max_per_dong=6, sex_balance=True, age_bands_equal=True, vulnerable_min_percent=15)


def test_same_seed_same_list_and_the_ticket_is_published_hmac():
    applicants = pool(300, dongs=[f"{i}동" for i in range(25)])
    first = draw(applicants, seed=SEED, n=120, quotas=SEOUL)
    again = draw(list(reversed(applicants)), seed=SEED, n=120, quotas=SEOUL)
    assert first.selected == again.selected and len(first.selected) == 120
    assert first.unmet == []
    assert sortition.check([c for c in applicants if c.number in set(first.selected)], 120, SEOUL) == []
    other = draw(applicants, seed="b" * 64, n=120, quotas=SEOUL)
    assert other.selected != first.selected
    # the order is HMAC-SHA256(seed, number) — anyone can recompute it with the standard library
    import hashlib
    import hmac

    tickets = sorted(
        (hmac.new(SEED.encode(), str(c.number).encode(), hashlib.sha256).hexdigest(), c.number)
        for c in applicants
    )
    assert first.order == [number for _t, number in tickets]


def test_without_quotas_the_first_n_in_lottery_order_are_chosen():
    applicants = pool(20)
    result = draw(applicants, seed=SEED, n=5)
    assert result.selected == result.order[:5]


def test_a_known_small_case_is_stable():
    """A fixed example: any change to the algorithm (version 1) shows here."""
    applicants = pool(12)
    quotas = Quotas(sex_balance=True, max_per_dong=2)
    result = draw(applicants, seed="0123456789abcdef" * 2, n=4, quotas=quotas)
    assert result.order == [10, 4, 5, 6, 12, 9, 7, 11, 2, 1, 8, 3]
    assert result.selected == [10, 4, 6, 12]
    assert sortition.check([c for c in applicants if c.number in result.selected], 4, quotas) == []


def test_fallback_drops_the_fewest_quotas_and_says_which():
    # nobody over 60, nobody vulnerable: age bands and vulnerable share cannot hold
    applicants = [
        Candidate(i, "FM"[i % 2], ("young", "middle")[i % 2 // 1 % 2], f"{i % 5}동") for i in range(1, 21)
    ]
    result = draw(
        applicants,
        seed=SEED,
        n=9,
        quotas=Quotas(sex_balance=True, age_bands_equal=True, vulnerable_min_percent=20),
    )
    assert result.unmet == ["age_bands_equal", "vulnerable_min_percent"]
    chosen = [c for c in applicants if c.number in result.selected]
    assert len(chosen) == 9 and sortition.check(chosen, 9, Quotas(sex_balance=True)) == []


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"seed": "XYZ" * 20}, "invalid_seed"),
        ({"seed": "abc"}, "invalid_seed"),
        ({"seed": "A" * 64}, "invalid_seed"),
        ({"n": 0}, "invalid_n"),
        ({"n": 11}, "n_exceeds_pool"),
        ({"quotas": {"max_per_dong": -1}}, "invalid_quota"),
        ({"quotas": {"max_per_dong": 0}}, "invalid_quota"),
        ({"quotas": {"max_per_dong": 1}, "n": 5}, "quota_impossible"),
        ({"quotas": {"vulnerable_min_percent": 120}}, "invalid_quota"),
        ({"quotas": {"vulnerable_min_percent": "many"}}, "invalid_quota"),
        ({"quotas": {"lucky_dong": 3}}, "invalid_quota"),
        ({"quotas": {"sex_balance": "maybe"}}, "invalid_quota"),
    ],
)
def test_tampered_parameters_are_refused_in_korean(kwargs, code):
    applicants = pool(10)
    params = {"seed": SEED, "n": 3, "quotas": {}} | kwargs
    with pytest.raises(SortitionError) as error:
        draw(applicants, **params)
    assert error.value.code == code
    assert any("가" <= ch <= "힣" for ch in error.value.message)


def test_pool_with_repeated_numbers_is_refused():
    with pytest.raises(SortitionError) as error:
        draw([Candidate(1, "F", "young", "a동"), Candidate(1, "M", "young", "a동")], seed=SEED, n=1)
    assert error.value.code == "invalid_pool"


candidate_kinds = st.tuples(
    st.sampled_from("FM"),
    st.sampled_from(sortition.AGE_BANDS),
    st.sampled_from(["가동", "나동", "다동"]),
    st.booleans(),
)


@st.composite
def problems(draw_):
    kinds = draw_(st.lists(candidate_kinds, min_size=1, max_size=9))
    applicants = [Candidate(i + 1, *kind) for i, kind in enumerate(kinds)]
    n = draw_(st.integers(min_value=1, max_value=len(applicants)))
    dongs = len({c.dong for c in applicants})
    k = draw_(st.one_of(st.none(), st.integers(min_value=max(1, -(-n // dongs)), max_value=4)))
    quotas = Quotas(
        max_per_dong=k,
        sex_balance=draw_(st.booleans()),
        age_bands_equal=draw_(st.booleans()),
        vulnerable_min_percent=draw_(st.sampled_from([0, 15, 34, 50])),
    )
    seed = draw_(st.text(alphabet="0123456789abcdef", min_size=32, max_size=40))
    return applicants, n, quotas, seed


def brute_force_satisfiable(applicants, n, quotas) -> bool:
    return any(
        not sortition.check(combo, n, quotas)
        and sum(c.vulnerable for c in combo) >= -(-n * quotas.vulnerable_min_percent // 100)
        for combo in itertools.combinations(applicants, n)
    )


@settings(max_examples=150, deadline=None, derandomize=True)
@given(problems())
def test_quotas_hold_whenever_they_can(problem):
    applicants, n, quotas, seed = problem
    result = draw(applicants, seed=seed, n=n, quotas=quotas)
    chosen = [c for c in applicants if c.number in set(result.selected)]
    assert len(result.selected) == n == len(set(result.selected))
    assert result == draw(list(reversed(applicants)), seed=seed, n=n, quotas=quotas)
    if brute_force_satisfiable(applicants, n, quotas):
        assert result.unmet == []
        assert sortition.check(chosen, n, quotas) == []
    else:
        assert result.unmet
    # whatever was kept holds
    assert sortition.check(chosen, n, quotas.without(result.unmet)) == []

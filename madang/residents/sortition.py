"""Committee sortition (추첨): a reproducible draw under quotas, usable by anyone.

    from madang.residents.sortition import Candidate, Quotas, draw

    result = draw(
        [Candidate(number=1, sex="F", age_band="young", dong="수유1동", vulnerable=False), …],
        seed="9f2c…",                       # 32–128 lowercase hex digits, published before the draw
        n=120,
        quotas=Quotas(max_per_dong=6, sex_balance=True, age_bands_equal=True, vulnerable_min_percent=15),
    )
    result.selected   # public numbers, in the order they were drawn
    result.unmet      # quotas that had to be dropped (empty when all held)

The algorithm (version 1), in full, so it can be re-implemented in any language:

1. **Lottery order.** Every applicant's ticket is HMAC-SHA256 with the seed's ASCII text as key and the
   applicant's public number in decimal ASCII as message; applicants are ordered by the ticket's hex
   digest, then by number. Python's `random` is not used anywhere.
2. **Quotas** are caps on counts among the n chosen:
   - `max_per_dong = k`: at most k per 행정동;
   - `sex_balance`: at most ⌈n/2⌉ of each sex (so 1:1 for even n);
   - `age_bands_equal`: at most ⌈n/3⌉ in each of the three age bands (39세 이하, 40~59세, 60세 이상);
   - `vulnerable_min_percent = p`: at least ⌈n·p/100⌉ from vulnerable groups, i.e. at most
     n − ⌈n·p/100⌉ who are not.
3. **Filling.** Walk the lottery order and take an applicant when the ones already taken plus this one
   can still be completed to a committee of exactly n that meets every active quota, using only
   applicants later in the lottery order; stop at n. ("Can still be completed" is a yes/no fact about
   counts of applicant types (sex, band, 행정동, vulnerable); this module decides it exactly — a greedy
   completion when one is found, else an integer program — and any exact method gives the same answer,
   so the list is the same.) When every quota can be met, the result meets them all.
4. **Fallback.** When no committee of n meets every quota (the pool lacks, say, enough 60세 이상), the
   smallest set of quotas is dropped that makes it possible — among sets of equal size the first in the
   order of `RELAX_ORDER` (age bands, then vulnerable share, then sex balance, then per-dong cap) — and
   step 3 runs with the rest. `DrawResult.unmet` names the dropped quotas.

Parameters that cannot be right are refused with a Korean `SortitionError` (a `DomainError`, 400 in the
API): a seed not of 32–128 lowercase hex digits, n < 1 or larger than the pool, a negative or zero cap,
a share outside 0–100, unknown quota names, and caps that cannot add up to n (k × the number of 행정동
with applicants < n).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from scipy.optimize import Bounds, LinearConstraint, milp

from madang.core.exceptions import DomainError

ALGORITHM = "madang-sortition-v1"
SEED_PATTERN = re.compile(r"^[0-9a-f]{32,128}$")
SEXES = ("F", "M")
AGE_BANDS = ("young", "middle", "senior")
RELAX_ORDER = ("age_bands_equal", "vulnerable_min_percent", "sex_balance", "max_per_dong")
QUOTA_LABELS = {  # translated where shown: _(QUOTA_LABELS[name])
    "max_per_dong": gettext_noop("행정동별 최대 인원"),
    "sex_balance": gettext_noop("성비 1:1"),
    "age_bands_equal": gettext_noop("연령대 균등"),
    "vulnerable_min_percent": gettext_noop("사회적 약자 최소 비율"),
}


class SortitionError(DomainError):
    pass


@dataclass(frozen=True)
class Candidate:
    """One applicant as the public pool shows them."""

    number: int
    sex: str
    age_band: str
    dong: str
    vulnerable: bool = False

    @property
    def kind(self) -> tuple:
        return (self.sex, self.age_band, self.dong, bool(self.vulnerable))


@dataclass(frozen=True)
class Quotas:
    max_per_dong: int | None = None
    sex_balance: bool = False
    age_bands_equal: bool = False
    vulnerable_min_percent: int = 0

    @classmethod
    def from_dict(cls, data: dict | None) -> Quotas:
        data = dict(data or {})
        unknown = sorted(set(data) - set(QUOTA_LABELS))
        if unknown:
            raise SortitionError(
                _("알 수 없는 할당 조건입니다: %(names)s") % {"names": ", ".join(unknown)[:80]},
                code="invalid_quota",
            )
        try:
            k = data.get("max_per_dong")
            return cls(
                max_per_dong=None if k in (None, "") else _strict_int(k),
                sex_balance=_strict_bool(data.get("sex_balance", False)),
                age_bands_equal=_strict_bool(data.get("age_bands_equal", False)),
                vulnerable_min_percent=_strict_int(data.get("vulnerable_min_percent", 0) or 0),
            )
        except (TypeError, ValueError) as error:
            raise SortitionError(_("할당 조건의 값이 올바르지 않습니다."), code="invalid_quota") from error

    def to_dict(self) -> dict:
        return asdict(self)

    def active(self) -> tuple[str, ...]:
        names = []
        if self.max_per_dong is not None:
            names.append("max_per_dong")
        if self.sex_balance:
            names.append("sex_balance")
        if self.age_bands_equal:
            names.append("age_bands_equal")
        if self.vulnerable_min_percent:
            names.append("vulnerable_min_percent")
        return tuple(names)

    def without(self, names: Iterable[str]) -> Quotas:
        names = set(names)
        return Quotas(
            max_per_dong=None if "max_per_dong" in names else self.max_per_dong,
            sex_balance=False if "sex_balance" in names else self.sex_balance,
            age_bands_equal=False if "age_bands_equal" in names else self.age_bands_equal,
            vulnerable_min_percent=0 if "vulnerable_min_percent" in names else self.vulnerable_min_percent,
        )


def _strict_int(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(value)
    return int(value)


def _strict_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "1", 1):
        return True
    if value in ("false", "0", 0, "", None):
        return False
    raise ValueError(value)


@dataclass
class DrawResult:
    selected: list[int]
    order: list[int]
    unmet: list[str] = field(default_factory=list)
    algorithm: str = ALGORITHM

    def to_dict(self) -> dict:
        return {
            "algorithm": self.algorithm,
            "selected": self.selected,
            "order": self.order,
            "unmet": self.unmet,
        }


# --- the lottery order --------------------------------------------------------------------------------


def ticket(seed: str, number: int) -> str:
    """The applicant's ticket: HMAC-SHA256(key=seed ASCII, message=number in decimal ASCII), hex."""
    return hmac.new(seed.encode("ascii"), str(int(number)).encode("ascii"), hashlib.sha256).hexdigest()


def lottery_order(candidates: Sequence[Candidate], seed: str) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (ticket(seed, c.number), c.number))


# --- checks -------------------------------------------------------------------------------------------


def validate_params(*, seed: str, n: int, quotas: Quotas) -> None:
    """The checks that do not depend on the pool: seed format, n ≥ 1, caps ≥ 1, share 0–100."""
    if not isinstance(seed, str) or not SEED_PATTERN.match(seed):
        raise SortitionError(
            _("시드는 영문 소문자 a~f와 숫자로 된 32~128자리 16진수여야 합니다."), code="invalid_seed"
        )
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise SortitionError(_("뽑을 인원은 1명 이상이어야 합니다."), code="invalid_n")
    if quotas.max_per_dong is not None and quotas.max_per_dong < 1:
        raise SortitionError(_("행정동별 최대 인원은 1명 이상이어야 합니다."), code="invalid_quota")
    if not 0 <= quotas.vulnerable_min_percent <= 100:
        raise SortitionError(_("사회적 약자 최소 비율은 0~100%% 사이여야 합니다."), code="invalid_quota")


def validate(candidates: Sequence[Candidate], *, seed: str, n: int, quotas: Quotas) -> None:
    """Refuse parameters that cannot be right, with Korean messages."""
    validate_params(seed=seed, n=n, quotas=quotas)
    numbers = [c.number for c in candidates]
    if len(set(numbers)) != len(numbers):
        raise SortitionError(_("신청자 공개 번호가 겹칩니다."), code="invalid_pool")
    for c in candidates:
        if c.sex not in SEXES or c.age_band not in AGE_BANDS or not c.dong:
            raise SortitionError(
                _("신청자 %(number)s번의 속성이 올바르지 않습니다.") % {"number": c.number},
                code="invalid_pool",
            )
    if n > len(candidates):
        raise SortitionError(
            _("뽑을 인원(%(n)d명)이 신청자 수(%(pool)d명)보다 많습니다.") % {"n": n, "pool": len(candidates)},
            code="n_exceeds_pool",
        )
    k = quotas.max_per_dong
    if k is not None:
        dongs = len({c.dong for c in candidates})
        if k * dongs < n:
            raise SortitionError(
                _(
                    "행정동별 최대 %(k)d명 × 신청자가 있는 행정동 %(dongs)d곳 = %(total)d명으로는 "
                    "%(n)d명을 뽑을 수 없습니다."
                )
                % {"k": k, "dongs": dongs, "total": k * dongs, "n": n},
                code="quota_impossible",
            )


# --- feasibility --------------------------------------------------------------------------------------


def caps(n: int, quotas: Quotas) -> dict:
    return {
        "dong": quotas.max_per_dong,
        "sex": math.ceil(n / 2) if quotas.sex_balance else None,
        "band": math.ceil(n / 3) if quotas.age_bands_equal else None,
        "not_vulnerable": n - math.ceil(n * quotas.vulnerable_min_percent / 100)
        if quotas.vulnerable_min_percent
        else None,
    }


def _groups(kind: tuple) -> list[tuple[str, object]]:
    sex, band, dong, vulnerable = kind
    groups = [("dong", dong), ("sex", sex), ("band", band)]
    if not vulnerable:
        groups.append(("not_vulnerable", True))
    return groups


def _cap_of(limits: dict, group: tuple[str, object]):
    return limits[group[0]]


def completable(chosen: Counter, available: Counter, n: int, limits: dict) -> bool:
    """Whether `chosen` (counts per kind) can be completed to exactly n from `available` more (counts
    per kind) while every cap in `limits` holds. Exact (integer program over the kinds)."""
    used: Counter = Counter()
    for kind, count in chosen.items():
        for group in _groups(kind):
            used[group] += count
    total = sum(chosen.values())
    if total > n:
        return False
    for group, count in used.items():
        cap = _cap_of(limits, group)
        if cap is not None and count > cap:
            return False
    need = n - total
    if need == 0:
        return True
    kinds = [k for k, v in available.items() if v > 0]
    if sum(available[k] for k in kinds) < need:
        return False
    groups = sorted({g for k in kinds for g in _groups(k) if _cap_of(limits, g) is not None}, key=repr)
    if not groups:
        return True
    if _greedy_witness(kinds, available, need, limits, used):
        return True  # a completion was found: the answer is yes (the integer program decides the rest)
    rows = [np.ones(len(kinds))]
    lower = [need]
    upper = [need]
    for group in groups:
        rows.append(np.array([1.0 if group in _groups(k) else 0.0 for k in kinds]))
        lower.append(-np.inf)
        upper.append(_cap_of(limits, group) - used.get(group, 0))
    result = milp(
        c=np.zeros(len(kinds)),
        constraints=LinearConstraint(np.vstack(rows), lower, upper),
        integrality=np.ones(len(kinds)),
        bounds=Bounds(np.zeros(len(kinds)), np.array([available[k] for k in kinds], dtype=float)),
    )
    if result.status == 0:
        return True
    if result.status == 2:  # infeasible
        return False
    raise RuntimeError(f"integer program did not finish: {result.message}")  # pragma: no cover


def _greedy_witness(kinds, available, need, limits, used) -> bool:
    """Try to complete greedily (vulnerable kinds first, then the most plentiful); True only when it found
    an actual completion, so it never changes the answer, only how fast it is reached."""
    room = {}
    for kind in kinds:
        for group in _groups(kind):
            cap = _cap_of(limits, group)
            if cap is not None:
                room[group] = cap - used.get(group, 0)
    for kind in sorted(kinds, key=lambda k: (not k[3], -available[k], repr(k))):
        limited = [g for g in _groups(kind) if g in room]
        take = min([available[kind], need] + [room[g] for g in limited])
        if take <= 0:
            continue
        for group in limited:
            room[group] -= take
        need -= take
        if need == 0:
            return True
    return False


def feasible(candidates: Sequence[Candidate], n: int, quotas: Quotas) -> bool:
    """Whether some committee of exactly n from `candidates` meets every active quota."""
    return completable(Counter(), Counter(c.kind for c in candidates), n, caps(n, quotas))


# --- the draw -----------------------------------------------------------------------------------------


def _fill(order: list[Candidate], n: int, quotas: Quotas) -> list[int]:
    limits = caps(n, quotas)
    chosen: Counter = Counter()
    available = Counter(c.kind for c in order)
    dead: set = set()  # kinds that can no longer be taken (it only gets harder as the committee fills)
    selected: list[int] = []
    for candidate in order:
        if len(selected) == n:
            break
        kind = candidate.kind
        available[kind] -= 1
        if kind in dead:
            continue
        chosen[kind] += 1
        if completable(chosen, available, n, limits):
            selected.append(candidate.number)
        else:
            chosen[kind] -= 1
            dead.add(kind)
    return selected


def draw(
    candidates: Iterable[Candidate], *, seed: str, n: int, quotas: Quotas | dict | None = None
) -> DrawResult:
    """The committee: n public numbers chosen by the published algorithm (see the module docstring)."""
    candidates = list(candidates)
    quotas = quotas if isinstance(quotas, Quotas) else Quotas.from_dict(quotas)
    validate(candidates, seed=seed, n=n, quotas=quotas)
    order = lottery_order(candidates, seed)
    active = [name for name in RELAX_ORDER if name in quotas.active()]
    dropped: tuple[str, ...] = ()
    for size in range(len(active) + 1):
        options = [combo for combo in itertools.combinations(active, size)]
        found = next((combo for combo in options if feasible(candidates, n, quotas.without(combo))), None)
        if found is not None:
            dropped = found
            break
    selected = _fill(order, n, quotas.without(dropped))
    return DrawResult(selected=selected, order=[c.number for c in order], unmet=list(dropped))


def check(selected: Sequence[Candidate], n: int, quotas: Quotas) -> list[str]:
    """The active quotas a committee breaks (for tests and the result page)."""
    limits = caps(n, quotas)
    counts: Counter = Counter()
    for c in selected:
        for group in _groups(c.kind):
            counts[group] += 1
    broken = []
    for name, key in (
        ("max_per_dong", "dong"),
        ("sex_balance", "sex"),
        ("age_bands_equal", "band"),
        ("vulnerable_min_percent", "not_vulnerable"),
    ):
        cap = limits[key]
        if cap is not None and any(count > cap for (g, _v), count in counts.items() if g == key):
            broken.append(name)
    return broken


def fingerprint(candidates: Sequence[Candidate], *, seed: str, n: int, quotas: Quotas) -> str:
    """SHA-256 of the canonical JSON of the inputs, published with the result."""
    data = {
        "algorithm": ALGORITHM,
        "seed": seed,
        "n": n,
        "quotas": quotas.to_dict(),
        "pool": [asdict(c) for c in sorted(candidates, key=lambda c: c.number)],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def candidates_from(pool: Iterable[dict]) -> list[Candidate]:
    """The stored/published pool (list of dicts) as candidates."""
    try:
        return [
            Candidate(
                number=int(row["number"]),
                sex=str(row["sex"]),
                age_band=str(row["age_band"]),
                dong=str(row["dong"]),
                vulnerable=bool(row.get("vulnerable", False)),
            )
            for row in pool
        ]
    except (KeyError, TypeError, ValueError) as error:
        raise SortitionError(_("신청자 명단의 형식이 올바르지 않습니다."), code="invalid_pool") from error

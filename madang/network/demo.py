"""A lived-in demo network for 강북구 and 마포구 (and a generic one for any other district).

`network_demo_load(district=…, seed=…)` creates the district's network body, about 150 organisations
(the seed's named bodies plus generated local ones), clustered collaboration ties, network memberships
spread over 30 months, activists with affiliations, committees with seats and local resources, and
indexes them for the Korean search.

Idempotent: everything is keyed on a natural key (organisation name in the district, tie
(source, target, kind), committee name, resource name in the district, person by user e-mail), so a
second run creates nothing. Deterministic: every random choice comes from
`random.Random(seed + district.pk)` and is drawn the same way whatever is already in the database;
only dates are relative to today, and they are set when a row is first created.
"""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from madang.accounts.models import User
from madang.districts.models import Dong

from . import search
from .models import (
    Affiliation,
    Committee,
    CommitteeSeat,
    IssueArea,
    LegalForm,
    Membership,
    Network,
    Organisation,
    OrgKind,
    Person,
    Resource,
    SearchEntry,
    Tie,
)

TARGET_ORGANISATIONS = 150
ACTIVISTS = 20
K = OrgKind
L = LegalForm
R = Resource.Kind
DATA_DIR = Path(__file__).resolve().parent / "demo_data"


def _tuples(items) -> list[tuple]:
    """JSON has no tuples: give back the (a, b, …) rows the planners unpack."""
    return [tuple(tuple(x) if isinstance(x, list) else x for x in item) for item in items]


def _read(name: str):
    return json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))


# --- vocabulary (demo_data/vocabulary.json) -----------------------------------------------------------
# COMMON_AREAS: the common 의제 (migration 0003) in their order, created if missing; THEMES: name themes
# per 의제; ACTIVITIES: what organisations working on an 의제 do; KIND_WEIGHTS: generated kinds and their
# weights; SUFFIXES: kind → (name suffix, legal form); PATTERNS: kind → (pattern, legal form, 의제) for
# fixed-pattern names; COMPOUND_THEMES: (theme, (의제, 의제)); the rest are word lists for people and notes.
_VOCABULARY = _read("vocabulary")
COMMON_AREAS: list[str] = _VOCABULARY["COMMON_AREAS"]
THEMES: dict[str, list[str]] = _VOCABULARY["THEMES"]
ACTIVITIES: dict[str, str] = _VOCABULARY["ACTIVITIES"]
KIND_WEIGHTS: list[tuple] = _tuples(_VOCABULARY["KIND_WEIGHTS"])
SUFFIXES: dict[str, list[tuple]] = {k: _tuples(v) for k, v in _VOCABULARY["SUFFIXES"].items()}
PATTERNS: dict[str, list[tuple]] = {k: _tuples(v) for k, v in _VOCABULARY["PATTERNS"].items()}
COMPOUND_THEMES: list[tuple] = _tuples(_VOCABULARY["COMPOUND_THEMES"])
NICKNAMES: list[str] = _VOCABULARY["NICKNAMES"]
SECOND_SENTENCES: list[str] = _VOCABULARY["SECOND_SENTENCES"]
TIE_NOTES: dict[str, list[str]] = _VOCABULARY["TIE_NOTES"]
SURNAMES: list[str] = _VOCABULARY["SURNAMES"]
GIVEN_NAMES: list[str] = _VOCABULARY["GIVEN_NAMES"]
SKILLS: list[str] = _VOCABULARY["SKILLS"]
ACTIVIST_ROLES: list[str] = _VOCABULARY["ACTIVIST_ROLES"]
APPLICATION_MESSAGES: list[str] = _VOCABULARY["APPLICATION_MESSAGES"]
REJECTION_REASONS: list[str] = _VOCABULARY["REJECTION_REASONS"]

# --- the named bodies of each demo district (demo_data/<slug>.json) ---------------------------------


@dataclass
class Named:
    name: str
    kind: str
    legal_form: str
    areas: list[str]
    dongs: list[str]
    founded: int
    members: int | None
    description: str
    handle: str = ""
    hub: bool = False


@dataclass
class ResourceSpec:
    name: str
    kind: str
    owner: str | None
    dong: str | None
    description: str
    availability: str
    how_to_ask: str


@dataclass
class DistrictSpec:
    network_name: str
    member_target: int
    network_description: str
    named: list[Named] = field(default_factory=list)
    demo_org: str | None = None  # the organisation the org-member demo account represents
    subcommittees: list[tuple[str, str]] = field(default_factory=list)
    resources: list[ResourceSpec] = field(default_factory=list)


def _spec(slug: str) -> DistrictSpec:
    data = _read(slug)
    return DistrictSpec(
        network_name=data["network_name"],
        member_target=data["member_target"],
        network_description=data["network_description"],
        named=[Named(**named) for named in data["named"]],
        demo_org=data["demo_org"],
        subcommittees=_tuples(data["subcommittees"]),
        resources=[ResourceSpec(**resource) for resource in data["resources"]],
    )


SPECS = {slug: _spec(slug) for slug in ("gangbuk", "mapo")}


def _generic_spec(district) -> DistrictSpec:
    short = district.short_name
    return DistrictSpec(
        network_name=f"{district.name} 시민사회 네트워크",
        member_target=300,
        network_description=f"{district.name} 시민사회의 포괄적 네트워크입니다.",
        subcommittees=[
            ("조직분과", "참여조직 확대를 맡습니다."),
            ("정책분과", "민관 협력과 정책 제안을 맡습니다."),
        ],
        resources=[
            ResourceSpec(
                f"{short} 행사용 음향장비",
                R.EQUIPMENT,
                None,
                None,
                "앰프와 무선 마이크 세트입니다.",
                "행사 1주 전까지 예약",
                "네트워크 사무국에 문의",
            ),
            ResourceSpec(
                f"{short} 공동체기금",
                R.FUND,
                None,
                None,
                "주민 활동을 지원하는 공동체기금입니다.",
                "연 2회 공모",
                "공모 공고를 보고 신청",
            ),
        ],
    )


# --- planning (pure: depends only on the random generator, the district and its dongs) -------------


@dataclass
class OrgPlan:
    name: str
    kind: str
    legal_form: str
    areas: list[str]
    dongs: list[str]
    founded_year: int
    member_count: int | None
    description: str
    website: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    address: str = ""
    hub: bool = False


def _batchim(word: str) -> bool:
    last = word[-1] if word else ""
    return "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 != 0


def _eul(word: str) -> str:
    return word + ("을" if _batchim(word) else "를")


def _stem(dong_name: str) -> str:
    """망원1동 → 망원, 삼양동 → 삼양, 번2동 → 번동 (a one-syllable stem keeps its 동)."""
    stem = dong_name.removesuffix("동").rstrip("0123456789")
    return stem if len(stem) >= 2 else stem + "동"


def _phone(rng: random.Random) -> str:
    return f"02-0000-{rng.randint(1000, 9999)}"


def _description(rng: random.Random, kind: str, legal_form: str, areas: list[str], place: str) -> str:
    act = ACTIVITIES[areas[0]]
    if kind == K.COMMUNITY:
        first = f"{place} 주민들이 {_eul(act)} 함께하는 모임입니다."
    elif kind == K.CIVIC:
        first = f"{place}에서 {_eul(act)} 위해 활동하는 시민단체입니다."
    elif kind == K.SOCIAL_ECONOMY:
        first = f"{_eul(act)} 사업으로 풀어 가는 {LegalForm(legal_form).label}입니다."
    elif kind == K.NONPROFIT:
        first = f"{place}의 {_eul(act)} 지원하는 비영리법인입니다."
    elif kind == K.INTERMEDIARY:
        first = f"{place}의 {_eul(act)} 돕는 중간지원조직입니다."
    elif kind == K.PUBLIC:
        first = f"{place} 주민을 위한 공공기관으로 {act}에 힘쓰고 있습니다."
    else:
        first = f"{place}에서 {act}에 함께하고 있습니다."
    template = rng.choice(SECOND_SENTENCES)
    second = template.format(
        year=rng.randint(2005, 2023),
        other=rng.choice(COMMON_AREAS),
        members=rng.randint(10, 60),
    )
    return first if rng.random() < 0.35 else f"{first} {second}"


def _member_count(rng: random.Random, kind: str) -> int | None:
    ranges = {
        K.COMMUNITY: (5, 60),
        K.CIVIC: (10, 300),
        K.SOCIAL_ECONOMY: (5, 200),
        K.NONPROFIT: (20, 800),
        K.INTERMEDIARY: (5, 30),
        K.OTHER: (10, 120),
    }
    if kind not in ranges:
        return None
    low, high = ranges[kind]
    return rng.randint(low, high)


def plan_organisations(
    rng: random.Random, district, dong_names: list[str], spec: DistrictSpec, total: int
) -> list[OrgPlan]:
    """The district's organisations: the named bodies first, then generated ones up to `total`."""
    slug = district.slug
    plans: list[OrgPlan] = []
    for n, named in enumerate(spec.named, start=1):
        dongs = [d for d in named.dongs if d in dong_names]
        handle = named.handle or f"named{n:02d}"
        plans.append(
            OrgPlan(
                name=named.name,
                kind=named.kind,
                legal_form=named.legal_form,
                areas=list(named.areas),
                dongs=dongs,
                founded_year=named.founded,
                member_count=named.members,
                description=named.description,
                website=f"https://example.org/{slug}/{handle}" if named.handle else "",
                contact_email=f"{handle}@{slug}.example.org",
                contact_phone=_phone(rng),
                address=f"서울특별시 {district.name} {dongs[0]}" if dongs else "",
                hub=named.hub,
            )
        )
    names = {p.name for p in plans}
    stems: dict[str, list[str]] = {}
    for dong in dong_names:
        stems.setdefault(_stem(dong), []).append(dong)
    stem_list = list(stems)
    kinds = [k for k, _w in KIND_WEIGHTS]
    weights = [w for _k, w in KIND_WEIGHTS]
    attempts = 0
    while len(plans) < total and attempts < total * 50:
        attempts += 1
        kind = rng.choices(kinds, weights)[0]
        stem = rng.choice(stem_list) if stem_list else ""
        dong = rng.choice(stems[stem]) if stem else ""
        roll = rng.random()
        if kind in PATTERNS:
            pattern, legal_form, area = rng.choice(PATTERNS[kind])
            if not dong:
                continue
            name = pattern.format(dong=dong, stem=stem)
            areas = [area]
        else:
            suffix, legal_form = rng.choice(SUFFIXES[kind])
            area = rng.choice(COMMON_AREAS)
            areas = [area]
            theme = rng.choice(THEMES[area])
            if rng.random() < 0.2:
                theme, areas = rng.choice(COMPOUND_THEMES)
                areas = list(areas)
            if roll < 0.7 and stem:
                name = f"{stem} {theme} {suffix}"
            elif roll < 0.88:
                name = f"{district.short_name} {theme} {suffix}"
            else:
                name = f"{theme} {suffix} {rng.choice(NICKNAMES)}"
        extra = rng.randint(0, 2)
        for other in rng.sample(COMMON_AREAS, 3):
            if len(areas) > extra or len(areas) >= 3:
                break
            if other not in areas:
                areas.append(other)
        if dong and roll < 0.7:
            dongs = [dong]
        else:
            dongs = rng.sample(dong_names, min(len(dong_names), rng.randint(1, 2)))
        if len(dongs) < 3 and dong_names and rng.random() < 0.3:
            neighbour = rng.choice(dong_names)
            if neighbour not in dongs:
                dongs.append(neighbour)
        place = dongs[0] if dongs and roll < 0.7 else district.name
        founded = rng.randint(1995, 2023)
        members = _member_count(rng, kind)
        if legal_form == L.FOUNDATION:
            members = None  # a foundation has no members
        description = _description(rng, kind, legal_form, areas, place)
        index = len(plans) + 1
        website = f"https://example.org/{slug}/org{index:03d}" if rng.random() < 0.4 else ""
        email = f"org{index:03d}@{slug}.example.org" if rng.random() < 0.7 else ""
        phone = _phone(rng) if rng.random() < 0.6 else ""
        if name in names or len(name) > 100:
            continue
        names.add(name)
        plans.append(
            OrgPlan(
                name=name,
                kind=kind,
                legal_form=legal_form,
                areas=areas,
                dongs=dongs,
                founded_year=founded,
                member_count=members,
                description=description,
                website=website,
                contact_email=email,
                contact_phone=phone,
                address=f"서울특별시 {district.name} {dongs[0]}" if dongs and phone else "",
            )
        )
    return plans


@dataclass(frozen=True)
class TiePlan:
    a: int  # plan indexes
    b: int
    kind: str
    days_ago: int
    note: str


def plan_ties(rng: random.Random, plans: list[OrgPlan], named_count: int = 0) -> list[TiePlan]:
    """Clustered ties: hubs with many partners, named bodies working together, the rest mostly
    within a shared 의제 or 행정동 (preferring well-connected partners)."""
    n = len(plans)
    if n < 2:
        return []
    hubs = [i for i, p in enumerate(plans) if p.hub]
    # a few generated organisations have no ties yet (never a named body or hub)
    isolated = {i for i in range(n) if not plans[i].hub and rng.random() < 0.04 and i >= named_count}
    named = [i for i in range(min(named_count, n)) if i not in isolated]
    by_area: dict[str, list[int]] = {}
    by_dong: dict[str, list[int]] = {}
    for i, plan in enumerate(plans):
        if i in isolated:
            continue
        for area in plan.areas:
            by_area.setdefault(area, []).append(i)
        for dong in plan.dongs:
            by_dong.setdefault(dong, []).append(i)
    active = [i for i in range(n) if i not in isolated]
    degree = [0] * n
    pairs: dict[tuple[int, int], list[str]] = {}
    ties: list[TiePlan] = []

    def add(i: int, j: int, kinds: list[str]) -> None:
        if i == j:
            return
        pair = (min(i, j), max(i, j))
        kind = rng.choice(kinds)
        days_ago = rng.randint(0, 36 * 30)
        note = rng.choice(TIE_NOTES[kind]) if rng.random() < 0.3 else ""
        if kind in pairs.get(pair, []):
            return
        pairs.setdefault(pair, []).append(kind)
        if len(pairs[pair]) == 1:
            degree[i] += 1
            degree[j] += 1
        ties.append(TiePlan(pair[0], pair[1], kind, days_ago, note))

    def pick(pool: list[int], exclude: int) -> int | None:
        candidates = [c for c in pool if c != exclude]
        if not candidates:
            return None
        return rng.choices(candidates, [degree[c] + 1 for c in candidates])[0]

    hub_kinds = [Tie.Kind.NETWORK, Tie.Kind.NETWORK, Tie.Kind.JOINT_PROJECT, Tie.Kind.RESOURCE_SHARING]
    for hub in hubs:
        for partner in rng.sample(active, min(len(active), rng.randint(10, 20))):
            add(hub, partner, hub_kinds)
    for i in named:
        for partner in rng.sample(named, min(len(named), 2)):
            add(i, partner, [Tie.Kind.JOINT_PROJECT, Tie.Kind.CO_HOST, Tie.Kind.NETWORK])
    area_kinds = [Tie.Kind.JOINT_PROJECT, Tie.Kind.JOINT_PROJECT, Tie.Kind.NETWORK, Tie.Kind.CO_HOST]
    dong_kinds = [Tie.Kind.CO_HOST, Tie.Kind.RESOURCE_SHARING, Tie.Kind.JOINT_PROJECT]
    for i in active:
        for _ in range(rng.choice([0, 1, 1, 1, 2, 2])):
            roll = rng.random()
            if roll < 0.55:
                pool = by_area.get(rng.choice(plans[i].areas), [])
                kinds = area_kinds
            elif roll < 0.85 and plans[i].dongs:
                pool = by_dong.get(rng.choice(plans[i].dongs), [])
                kinds = dong_kinds
            else:
                pool = active
                kinds = list(Tie.Kind.values)
            partner = pick(pool, i)
            if partner is not None:
                add(i, partner, kinds)
                if rng.random() < 0.06:
                    add(i, partner, list(Tie.Kind.values))
    return ties


# --- loading ---------------------------------------------------------------------------------------


def _common_areas() -> dict[str, IssueArea]:
    areas = {a.name: a for a in IssueArea.objects.filter(district__isnull=True, name__in=COMMON_AREAS)}
    for order, name in enumerate(COMMON_AREAS):
        if name not in areas:
            areas[name], _created = IssueArea.objects.get_or_create(
                district=None, name=name, defaults={"order": order}
            )
    return areas


def _aware(days_ago: float, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=days_ago)


def network_demo_load(*, district, seed: int = 0) -> dict:
    """Load (or top up) the demo network of `district`. Returns the district's totals and what was new."""
    rng = random.Random(seed + district.pk)  # noqa: S311 - demo data, not security
    # one generator per phase, so a phase that skips existing rows cannot shift the next phase's draws
    phase = {
        name: random.Random(rng.getrandbits(64))  # noqa: S311
        for name in ("organisations", "ties", "memberships", "persons", "committees")
    }
    spec = SPECS.get(district.slug) or _generic_spec(district)
    now = timezone.now()
    today = timezone.localdate()
    created = dict.fromkeys(
        [
            "organisations",
            "ties",
            "memberships",
            "persons",
            "affiliations",
            "committees",
            "seats",
            "resources",
        ],
        0,
    )
    with transaction.atomic():
        Network.objects.update_or_create(
            district=district,
            defaults={
                "name": spec.network_name,
                "description": spec.network_description,
                "member_target": spec.member_target,
            },
        )
        areas = _common_areas()
        dongs = {d.name: d for d in Dong.objects.filter(district=district).order_by("code")}
        operator = User.objects.filter(email=f"operator@{district.slug}.demo.madang.kr").first()

        # organisations
        plans = plan_organisations(phase["organisations"], district, list(dongs), spec, TARGET_ORGANISATIONS)
        existing = set(Organisation.objects.filter(district=district).values_list("name", flat=True))
        new_plans = [p for p in plans if p.name not in existing]
        new_orgs = Organisation.objects.bulk_create(
            [
                Organisation(
                    district=district,
                    name=p.name,
                    kind=p.kind,
                    legal_form=p.legal_form,
                    founded_year=p.founded_year,
                    member_count=p.member_count,
                    description=p.description,
                    website=p.website,
                    contact_email=p.contact_email,
                    contact_phone=p.contact_phone,
                    address=p.address,
                    created_by=operator,
                )
                for p in new_plans
            ]
        )
        created["organisations"] = len(new_orgs)
        orgs = {
            o.name: o
            for o in Organisation.objects.filter(district=district, name__in=[p.name for p in plans])
        }
        if new_plans:
            through_areas = Organisation.issue_areas.through
            through_dongs = Organisation.dongs.through
            through_areas.objects.bulk_create(
                [
                    through_areas(organisation_id=orgs[p.name].pk, issuearea_id=areas[a].pk)
                    for p in new_plans
                    for a in dict.fromkeys(p.areas)
                ]
            )
            through_dongs.objects.bulk_create(
                [
                    through_dongs(organisation_id=orgs[p.name].pk, dong_id=dongs[d].pk)
                    for p in new_plans
                    for d in dict.fromkeys(p.dongs)
                ]
            )

        # ties
        tie_plans = plan_ties(phase["ties"], plans, len(spec.named))
        have = set(Tie.objects.filter(district=district).values_list("source_id", "target_id", "kind"))
        new_ties = []
        for t in tie_plans:
            a, b = orgs[plans[t.a].name].pk, orgs[plans[t.b].name].pk
            source, target = min(a, b), max(a, b)
            if (source, target, t.kind) in have:
                continue
            have.add((source, target, t.kind))
            new_ties.append(
                Tie(
                    district=district,
                    source_id=source,
                    target_id=target,
                    kind=t.kind,
                    since=today - datetime.timedelta(days=t.days_ago),
                    note=t.note,
                    origin=Tie.Origin.MANUAL,
                    created_by=operator,
                )
            )
        Tie.objects.bulk_create(new_ties)
        created["ties"] = len(new_ties)

        # organisation memberships
        with_membership = set(
            Membership.objects.filter(district=district, organisation__isnull=False).values_list(
                "organisation_id", flat=True
            )
        )
        mrng = phase["memberships"]
        statuses = []
        for plan in plans:
            days_ago = mrng.uniform(0, 30 * 30.4)
            if plan.hub:
                days_ago = mrng.uniform(27 * 30.4, 30 * 30.4)
            statuses.append(
                [
                    Membership.Status.APPROVED if plan.hub or mrng.random() < 0.66 else None,
                    days_ago,
                    mrng.randint(1, 20),
                    mrng.choice(APPLICATION_MESSAGES),
                    mrng.randint(10, 90),
                ]
            )
        outsiders = [i for i, s in enumerate(statuses) if s[0] is None]
        chosen = mrng.sample(outsiders, min(len(outsiders), 8))
        for order, i in enumerate(chosen):
            statuses[i][0] = (
                Membership.Status.APPLIED
                if order < 5
                else Membership.Status.REJECTED
                if order < 7
                else Membership.Status.LEFT
            )
        memberships = []
        for plan, (status, days_ago, wait, message, left_ago) in zip(plans, statuses, strict=True):
            org = orgs[plan.name]
            if status is None or org.pk in with_membership:
                continue
            decided = _aware(days_ago, now)
            membership = Membership(
                district=district,
                organisation=org,
                status=status,
                message=message,
                applied_at=decided - datetime.timedelta(days=wait),
            )
            if status == Membership.Status.APPLIED:
                membership.applied_at = _aware(wait, now)
            else:
                membership.decided_at = decided
                membership.decided_by = operator
            if status == Membership.Status.REJECTED:
                membership.decision_reason = REJECTION_REASONS[len(memberships) % len(REJECTION_REASONS)]
            if status == Membership.Status.LEFT:
                membership.decided_at = _aware(max(days_ago, 200), now)
                membership.applied_at = membership.decided_at - datetime.timedelta(days=wait)
                membership.left_at = _aware(left_ago, now)
            memberships.append(membership)
        Membership.objects.bulk_create(memberships)
        created["memberships"] += len(memberships)

        # activists
        persons, demo_person = _load_persons(
            phase["persons"], district, spec, plans, orgs, dongs, areas, operator, now, today, created
        )

        # committees and seats
        _load_committees(phase["committees"], district, spec, persons, demo_person, areas, today, created)

        # resources
        owners = {o.name: o for o in Organisation.objects.filter(district=district)}
        have_resources = set(Resource.objects.filter(district=district).values_list("name", flat=True))
        new_resources = [
            Resource(
                district=district,
                name=r.name,
                kind=r.kind,
                owner=owners.get(r.owner) if r.owner else None,
                dong=dongs.get(r.dong) if r.dong else None,
                description=r.description,
                availability=r.availability,
                how_to_ask=r.how_to_ask,
                created_by=operator,
            )
            for r in spec.resources
            if r.name not in have_resources
        ]
        Resource.objects.bulk_create(new_resources)
        created["resources"] = len(new_resources)

        _index_missing(district)

    return {**_totals(district), "created": created}


def _load_persons(rng, district, spec, plans, orgs, dongs, areas, operator, now, today, created):
    """The org-member demo account and ACTIVISTS demo activists: (activists, the demo account's Person)."""
    slug = district.slug
    dong_names = list(dongs)
    combos = [s + g for s in SURNAMES for g in GIVEN_NAMES]
    names = rng.sample(combos, ACTIVISTS)
    by_area: dict[str, list[str]] = {}
    for plan in plans:
        for area in plan.areas:
            by_area.setdefault(area, []).append(plan.name)
    generated = [p.name for p in plans[len(spec.named) :]]
    representative_of = rng.sample(generated, min(len(generated), 8))
    people = []  # (email, display_name, person defaults, interests, affiliations [(org, role)])
    member = User.objects.filter(email=f"org-member@{slug}.demo.madang.kr").first()
    demo_org = spec.demo_org if spec.demo_org in orgs else (plans[0].name if plans else None)
    demo_dong = next(iter(p.dongs for p in plans if p.name == demo_org), [])
    member_plan = (
        f"org-member@{slug}.demo.madang.kr",
        None,
        {
            "dong": dongs.get(demo_dong[0]) if demo_dong else None,
            "skills": "마을 행사 기획, 회의 진행(퍼실리테이션)",
            "bio": f"{demo_org}의 대표입니다. 이웃과 함께 마을 의제를 찾고 나눕니다.",
            "phone": "010-0000-0001",
        },
        ["마을공동체", "돌봄"],
        [(demo_org, Affiliation.Role.REPRESENTATIVE)] if demo_org else [],
    )
    if member is not None:
        people.append(member_plan)
    for n, display_name in enumerate(names, start=1):
        interests = rng.sample(COMMON_AREAS, rng.randint(1, 3))
        dong = rng.choice(dong_names) if dong_names else None
        affiliations = []
        if n <= len(representative_of):
            affiliations.append((representative_of[n - 1], Affiliation.Role.REPRESENTATIVE))
        pool = by_area.get(interests[0]) or [p.name for p in plans]
        for _ in range(rng.randint(1, 2)):
            org_name = rng.choice(pool)
            if org_name not in {a for a, _r in affiliations}:
                affiliations.append(
                    (
                        org_name,
                        rng.choice(
                            [Affiliation.Role.STAFF, Affiliation.Role.MEMBER, Affiliation.Role.MEMBER]
                        ),
                    )
                )
        role = rng.choice(ACTIVIST_ROLES)
        interest_text = ", ".join(interests)
        people.append(
            (
                f"activist{n:02d}@{slug}.demo.madang.kr",
                display_name,
                {
                    "dong": dongs.get(dong) if dong else None,
                    "skills": ", ".join(rng.sample(SKILLS, rng.randint(1, 2))),
                    "bio": f"{dong or district.name}에 사는 {role}입니다. "
                    f"{interest_text} 분야에서 활동합니다.",
                    "phone": f"010-0000-{rng.randint(1000, 9999)}" if rng.random() < 0.5 else "",
                },
                interests,
                affiliations,
            )
        )
    member_days = rng.uniform(0, 30 * 30.4)
    joined_days = [rng.uniform(0, 30 * 30.4) for _ in range(ACTIVISTS)]
    if member is not None:
        joined_days.insert(0, member_days)

    activists, demo_person = [], None
    for (email, display_name, defaults, interests, affiliations), days_ago in zip(
        people, joined_days, strict=True
    ):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, display_name=display_name or email, privacy_consent_at=now)
            user.set_unusable_password()
            user.save()
        person, new = Person.objects.get_or_create(
            user=user, district=district, defaults={**defaults, "is_public": True, "consent_at": now}
        )
        if new:
            created["persons"] += 1
            person.interests.set([areas[a] for a in interests])
        for org_name, role in affiliations:
            org = orgs.get(org_name)
            if org is None:
                continue
            _aff, new = Affiliation.objects.get_or_create(
                organisation=org,
                person=person,
                defaults={"role": role, "since": today - datetime.timedelta(days=int(days_ago) + 90)},
            )
            created["affiliations"] += int(new)
        if not Membership.objects.filter(district=district, person=person).exists():
            decided = _aware(days_ago, now)
            Membership.objects.create(
                district=district,
                person=person,
                status=Membership.Status.APPROVED,
                applied_by=user,
                applied_at=decided - datetime.timedelta(days=3),
                decided_by=operator,
                decided_at=decided,
            )
            created["memberships"] += 1
        if display_name is None:
            demo_person = person
        else:
            activists.append(person)
    return activists, demo_person


def _load_committees(rng, district, spec, persons, demo_person, areas, today, created):
    term_start = datetime.date(today.year - 2, today.month, 1)
    term_end = datetime.date(today.year + 1, today.month, 1) - datetime.timedelta(days=1)
    committees = [
        (
            "운영위원회",
            Committee.Kind.STEERING,
            None,
            f"{spec.network_name}의 운영 방향과 사업을 정하는 운영위원회입니다. 매달 정례회의를 엽니다.",
            8,
        ),
        *[(name, Committee.Kind.SUBCOMMITTEE, None, desc, 4) for name, desc in spec.subcommittees],
        (
            "돌봄 네트워크",
            Committee.Kind.ISSUE_NETWORK,
            "돌봄",
            "돌봄 단체와 활동가가 모여 마을 돌봄 의제를 함께 다룹니다.",
            5,
        ),
        (
            "청년 네트워크",
            Committee.Kind.ISSUE_NETWORK,
            "청년",
            "청년 단체와 청년 활동가가 모여 청년 의제를 함께 다룹니다.",
            4,
        ),
    ]
    for name, kind, area, description, size in committees:
        committee, new = Committee.objects.get_or_create(
            district=district,
            name=name,
            defaults={"kind": kind, "issue_area": areas.get(area), "description": description},
        )
        created["committees"] += int(new)
        seated = set(CommitteeSeat.objects.filter(committee=committee).values_list("person_id", flat=True))
        members = rng.sample(persons, min(len(persons), size))
        if kind == Committee.Kind.STEERING and demo_person is not None:
            members.append(demo_person)  # the org-member demo account sits on the steering committee
        for position, person in enumerate(members):
            if person.pk in seated:
                continue
            role = (
                CommitteeSeat.Role.CHAIR
                if position == 0
                else CommitteeSeat.Role.SECRETARY
                if position == 1 and kind == Committee.Kind.STEERING
                else CommitteeSeat.Role.MEMBER
            )
            CommitteeSeat.objects.create(
                committee=committee, person=person, role=role, term_start=term_start, term_end=term_end
            )
            created["seats"] += 1


def _index_missing(district) -> None:
    """Index every organisation, public person and resource of the district that has no SearchEntry."""

    def missing(object_type: str) -> set[int]:
        return set(
            SearchEntry.objects.filter(district=district, object_type=object_type).values_list(
                "object_id", flat=True
            )
        )

    done = missing("organisation")
    for org in Organisation.objects.filter(district=district).prefetch_related("issue_areas", "dongs"):
        if org.pk not in done:
            search.index_organisation(org)
    done = missing("person")
    people = Person.objects.filter(district=district, is_public=True).select_related("user", "dong")
    for person in people.prefetch_related("interests"):
        if person.pk not in done:
            search.index_person(person)
    done = missing("resource")
    for resource in Resource.objects.filter(district=district).select_related("owner", "dong"):
        if resource.pk not in done:
            search.index_resource(resource)


def _totals(district) -> dict:
    members = Membership.objects.filter(district=district).aggregate(
        members=Count("id", filter=Q(status=Membership.Status.APPROVED)),
        pending=Count("id", filter=Q(status=Membership.Status.APPLIED)),
        rejected=Count("id", filter=Q(status=Membership.Status.REJECTED)),
        left=Count("id", filter=Q(status=Membership.Status.LEFT)),
    )
    return {
        "organisations": Organisation.objects.filter(district=district).count(),
        "ties": Tie.objects.filter(district=district).count(),
        **members,
        "persons": Person.objects.filter(district=district).count(),
        "committees": Committee.objects.filter(district=district).count(),
        "seats": CommitteeSeat.objects.filter(committee__district=district).count(),
        "resources": Resource.objects.filter(district=district).count(),
    }

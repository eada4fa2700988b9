"""Writes for the network. Each runs in one transaction with its audit entry and search index."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.core.ratelimit import rate_limit
from madang.core.services import (
    DomainError,
    audit_record,
    model_snapshot,
    model_update,
    notify,
    require_perm,
    transition,
    validate_model,
)
from madang.core.tenancy import ensure_in_district
from madang.core.text import clean_line, clean_text

from . import search
from .models import (
    Affiliation,
    Committee,
    CommitteeSeat,
    IssueArea,
    Membership,
    Network,
    Organisation,
    Person,
    Resource,
    Review,
    Tie,
)
from .predicates import forget_affiliations, user_affiliations

ORG_FIELDS = [
    "name",
    "kind",
    "legal_form",
    "founded_year",
    "member_count",
    "description",
    "website",
    "contact_email",
    "contact_phone",
    "address",
]
NULLABLE_ORG_FIELDS = {"founded_year", "member_count"}
PERSON_FIELDS = ["dong", "skills", "bio", "is_public", "phone"]
RESOURCE_FIELDS = ["name", "kind", "owner", "dong", "description", "availability", "how_to_ask"]
MULTILINE_FIELDS = {"description", "bio"}


def clean_input(field: str, value):
    """Text from outside as stored: multi-line fields by `clean_text`, every other one (names, notes,
    phone numbers, URLs) by `clean_line`, so names equal after cleaning are one name."""
    return clean_text(value) if field in MULTILINE_FIELDS else clean_line(value)


DAY = 24 * 60 * 60
# what one account may create per day in a district's network (운영진·구 관리자 are exempt)
CREATION_LIMITS = {
    "organisation": 5,
    "tie": 30,
    "resource": 20,
    "membership": 5,
    "affiliation": 20,
}


def creation_limit(*, actor, district, what: str) -> None:
    """Count one creation of `what` by `actor`; refuse (code "rate_limited") past the daily limit."""
    if actor.has_perm("network.skip_rate_limit", district):
        return
    rate_limit(key=f"network:{what}:{actor.pk}", limit=CREATION_LIMITS[what], period=DAY)


def _decision(approve: bool, reason: str) -> tuple[str, str, str]:
    """(target state, audit verb, cleaned reason) of a review decision; rejecting needs a reason."""
    reason = clean_text(reason or "")
    if not approve and not reason:
        raise DomainError(_("반려할 때는 사유를 적어 주세요."), code="reason_required")
    if approve:
        return Review.APPROVED, "approve", reason
    return Review.REJECTED, "reject", reason


def check_scope(district, *, dongs=(), issue_areas=()) -> None:
    """The dongs and 의제 handed in are of this district (common 의제 too)."""
    ensure_in_district(district, *dongs)
    ensure_in_district(district, *issue_areas, allow_common=True)


def _snapshot_org(org: Organisation) -> dict:
    data = model_snapshot(org, ORG_FIELDS)
    data["issue_areas"] = sorted(org.issue_areas.values_list("pk", flat=True))
    data["dongs"] = sorted(org.dongs.values_list("pk", flat=True))
    return data


# --- people ----------------------------------------------------------------------------------------


def person_register(*, actor, district, consent: bool, is_public: bool = True) -> Person:
    """The actor's activist profile in the district, created (audited) with consent to processing.

    `is_public=False` creates it unlisted (for a registration or affiliation still under review)."""
    require_perm(actor, "network.add_person", district, _("활동가로 등록하려면 로그인하세요."))
    person = Person.objects.in_district(district).filter(user=actor).first()
    if person is not None:
        return person
    if not consent:
        raise DomainError(
            _("활동가 정보를 만들려면 개인정보 수집·이용에 동의해야 합니다."), code="consent_required"
        )
    try:
        with transaction.atomic():
            person = Person.objects.create(
                user=actor, district=district, consent_at=timezone.now(), is_public=is_public
            )
            audit_record(
                actor=actor,
                action="create",
                obj=person,
                after={"consent_at": person.consent_at, "is_public": is_public},
            )
            search.index_person(person)
    except IntegrityError:  # the same person registering twice at once
        person = Person.objects.in_district(district).get(user=actor)
    return person


def person_get_or_register(*, user, district, consent: bool = False, is_public: bool = True) -> Person:
    """The user's activist profile in the district; creating one needs consent (see person_register)."""
    person = Person.objects.in_district(district).filter(user=user).first()
    if person is not None:
        return person
    return person_register(actor=user, district=district, consent=consent, is_public=is_public)


def persons_reindex_for_user(*, user) -> None:
    """A person's public profiles carry their display name: re-index them when it changes."""
    for person in (
        Person.objects.filter(user=user).select_related("user", "dong").prefetch_related("interests")
    ):
        search.index_person(person)


def persons_erase_for_user(*, user) -> None:
    """Remove a user's activist profiles from the search index (before the account is deleted)."""
    for pk in Person.objects.filter(user=user).values_list("pk", flat=True):
        search.index_remove(object_type="person", object_id=pk)


def person_update(*, actor, person: Person, data: dict, interests=None) -> Person:
    require_perm(actor, "network.change_person", person, _("이 활동가 정보를 고칠 권한이 없습니다."))
    if data.get("dong") is not None:
        check_scope(person.district, dongs=[data["dong"]])
    if interests is not None:
        check_scope(person.district, issue_areas=interests)
    values = {f: clean_input(f, data[f]) for f in PERSON_FIELDS if f in data}
    with transaction.atomic():
        before_interests = sorted(person.interests.values_list("pk", flat=True))
        after_interests = sorted(a.pk for a in interests) if interests is not None else before_interests
        model_update(
            instance=person,
            fields=PERSON_FIELDS,
            data=values,
            actor=actor,
            clean_exclude=["user", "district", "consent_at"],
            audit_extra=({"interests": before_interests}, {"interests": after_interests}),
        )
        if interests is not None:
            person.interests.set(interests)
        search.index_person(person)
    return person


def person_delete(*, actor, person: Person) -> None:
    """An activist removes their profile: affiliations, seats and memberships go with it."""
    require_perm(actor, "network.change_person", person, _("이 활동가 정보를 지울 권한이 없습니다."))
    with transaction.atomic():
        search.index_remove(object_type="person", object_id=person.pk)
        audit_record(
            actor=actor, action="delete", obj=person, district=person.district, before={"person": person.pk}
        )
        person.delete()
    forget_affiliations(actor)


def person_export(*, person: Person) -> dict:
    return {
        "district": person.district.name,
        "display_name": person.user.display_name,
        "dong": person.dong.name if person.dong_id else None,
        "skills": person.skills,
        "bio": person.bio,
        "phone": person.phone,
        "is_public": person.is_public,
        "consent_at": person.consent_at.isoformat(),
        "interests": [a.name for a in person.interests.all()],
        "affiliations": [
            {
                "organisation": a.organisation.name,
                "role": a.role,
                "status": a.status,
                "since": a.since.isoformat() if a.since else None,
            }
            for a in person.affiliations.select_related("organisation")
        ],
        "memberships": [
            {"status": m.status, "applied_at": m.applied_at.isoformat()} for m in person.memberships.all()
        ],
        "committee_seats": [
            {
                "committee": s.committee.name,
                "role": s.role,
                "term_start": s.term_start.isoformat(),
                "term_end": s.term_end.isoformat() if s.term_end else None,
            }
            for s in person.seats.select_related("committee")
        ],
    }


# --- organisations ---------------------------------------------------------------------------------


def organisation_create(
    *, actor, district, data: dict, issue_areas=(), dongs=(), consent: bool = False, affiliate: bool = True
) -> Organisation:
    """Register an organisation; the registering person becomes its 대표 (affiliate=True).

    A person's registration is `pending` (seen by them and the district's staff only) until an operator
    approves it (`organisation_decide`); staff registrations are approved at once. A person without a
    profile in the district gets an unlisted one while the registration waits.
    """
    require_perm(actor, "network.add_organisation", district, _("단체를 등록하려면 로그인하세요."))
    check_scope(district, dongs=dongs, issue_areas=issue_areas)
    reviewed = actor.has_perm("network.review", district)
    creation_limit(actor=actor, district=district, what="organisation")
    values = {
        field: clean_input(field, data[field])
        for field in ORG_FIELDS
        if field in data and data[field] is not None
    }
    if not values.get("name"):
        raise DomainError(_("단체 이름을 입력하세요."), code="required")
    try:
        with transaction.atomic():
            org = Organisation(
                district=district,
                created_by=actor,
                status=Review.APPROVED if reviewed else Review.PENDING,
                **values,
            )
            validate_model(org, exclude=["created_by"], validate_unique=False, validate_constraints=False)
            org.save()
            org.issue_areas.set(issue_areas)
            org.dongs.set(dongs)
            if affiliate:
                person = person_get_or_register(
                    user=actor, district=district, consent=consent, is_public=reviewed
                )
                Affiliation.objects.create(
                    organisation=org,
                    person=person,
                    role=Affiliation.Role.REPRESENTATIVE,
                    since=timezone.localdate(),
                )
            audit_record(
                actor=actor,
                action="create",
                obj=org,
                district=district,
                # a registration under review says so; approved is the default (as imports write it)
                after={**_snapshot_org(org), **({"status": org.status} if not reviewed else {})},
            )
            search.index_organisation(org)
    except IntegrityError as exc:
        raise DomainError(
            _("'%(name)s' 단체가 이미 등록되어 있습니다.") % {"name": values["name"]},
            code="duplicate_organisation",
        ) from exc
    forget_affiliations(actor)
    return org


def organisation_update(
    *, actor, org: Organisation, data: dict, issue_areas=None, dongs=None
) -> Organisation:
    require_perm(actor, "network.change_organisation", org, _("이 단체 정보를 고칠 권한이 없습니다."))
    check_scope(org.district, dongs=dongs or (), issue_areas=issue_areas or ())
    values = {}
    for field in ORG_FIELDS:
        if field in data:
            value = clean_input(field, data[field])
            values[field] = "" if value is None and field not in NULLABLE_ORG_FIELDS else value
    try:
        with transaction.atomic():
            before = _snapshot_org(org)
            extra_after = {
                "issue_areas": sorted(a.pk for a in issue_areas) if issue_areas is not None else None,
                "dongs": sorted(d.pk for d in dongs) if dongs is not None else None,
            }
            extra_after = {k: v if v is not None else before[k] for k, v in extra_after.items()}
            model_update(
                instance=org,
                fields=ORG_FIELDS,
                data=values,
                actor=actor,
                clean_exclude=["created_by"],
                validate_unique=False,
                audit_extra=(
                    {"issue_areas": before["issue_areas"], "dongs": before["dongs"]},
                    extra_after,
                ),
            )
            if issue_areas is not None:
                org.issue_areas.set(issue_areas)
            if dongs is not None:
                org.dongs.set(dongs)
            search.index_organisation(org)
    except IntegrityError as exc:
        raise DomainError(_("같은 이름의 단체가 이미 있습니다."), code="duplicate_organisation") from exc
    return org


def organisation_delete(*, actor, org: Organisation) -> None:
    require_perm(actor, "network.delete_organisation", org, _("이 단체를 삭제할 권한이 없습니다."))
    with transaction.atomic():
        audit_record(actor=actor, action="delete", obj=org, district=org.district, before=_snapshot_org(org))
        search.index_remove(object_type="organisation", object_id=org.pk)
        org.delete()


def organisation_decide(*, actor, org: Organisation, approve: bool, reason: str = "") -> Organisation:
    """An operator approves or rejects a person's registration (one decision when two click at once)."""
    require_perm(actor, "network.decide_organisation", org, _("단체 등록을 검토할 권한이 없습니다."))
    target, verb, reason = _decision(approve, reason)
    with transaction.atomic():
        transition(
            org,
            source=Review.PENDING,
            target=target,
            actor=actor,
            values={"decided_at": timezone.now(), "decision_reason": reason},
            action=verb,
            message=_("이미 검토한 단체 등록입니다."),
        )
        if org.created_by_id:
            if approve:
                text = _("'%(name)s' 단체 등록이 승인되어 공개되었습니다.") % {"name": org.name}
            else:
                text = _("'%(name)s' 단체 등록이 반려되었습니다. 사유: %(reason)s") % {
                    "name": org.name,
                    "reason": reason,
                }
            notify(
                user=org.created_by,
                district=org.district,
                message=text,
                url=org.get_absolute_url(),
                email_subject=_("[마당] 단체 등록 검토 결과"),
            )
    return org


def affiliation_set(*, actor, org: Organisation, person: Person, role: str) -> Affiliation:
    """Add a person to an organisation (or change their role). Editors and operators only."""
    require_perm(actor, "network.change_organisation", org, _("이 단체의 구성원을 관리할 권한이 없습니다."))
    if person.district_id != org.district_id:
        raise DomainError(_("다른 자치구의 활동가입니다."))
    with transaction.atomic():
        affiliation, created = Affiliation.objects.update_or_create(
            organisation=org, person=person, defaults={"role": role, "status": Review.APPROVED}
        )
        if created and affiliation.since is None:
            affiliation.since = timezone.localdate()
            affiliation.save(update_fields=["since"])
        audit_record(
            actor=actor,
            action="create" if created else "update",
            obj=affiliation,
            district=org.district,
            after={"role": role, "person": person.pk},
        )
    forget_affiliations(person.user)
    return affiliation


def affiliation_join(*, user, org: Organisation, consent: bool) -> Affiliation:
    """A person says they belong to an organisation, as a 회원 (editors can raise the role).

    The affiliation is `pending` until the organisation's 대표·운영진 or an operator confirms it
    (`affiliation_decide`); until then the person is not listed as its 회원. A profile created for
    it is unlisted (is_public=False) and stays so after confirmation until the person lists it on
    their own profile page: saying "I belong here" is not consent to a public profile.
    """
    require_perm(user, "network.join_organisation", org, _("단체의 구성원으로 등록하려면 로그인하세요."))
    if org.status != Review.APPROVED:
        raise DomainError(_("검토 중인 단체에는 구성원으로 등록할 수 없습니다."), code="not_reviewed")
    existing = Affiliation.objects.filter(organisation=org, person__user=user).first()
    if existing is not None:
        return existing
    creation_limit(actor=user, district=org.district, what="affiliation")
    person = person_get_or_register(user=user, district=org.district, consent=consent, is_public=False)
    confirmed = user.has_perm("network.decide_affiliation", Affiliation(organisation=org))
    with transaction.atomic():
        affiliation, created = Affiliation.objects.get_or_create(
            organisation=org,
            person=person,
            defaults={
                "role": Affiliation.Role.MEMBER,
                "since": timezone.localdate(),
                "status": Review.APPROVED if confirmed else Review.PENDING,
            },
        )
        if created:
            audit_record(
                actor=user,
                action="join",
                obj=affiliation,
                district=org.district,
                after={
                    "organisation": org.pk,
                    "person": person.pk,
                    "role": affiliation.role,
                    "status": affiliation.status,
                },
            )
    forget_affiliations(user)
    return affiliation


def affiliation_decide(*, actor, affiliation: Affiliation, approve: bool, reason: str = "") -> Affiliation:
    """The organisation's 대표·운영진 or an operator confirms or rejects a self-declared 회원."""
    require_perm(
        actor, "network.decide_affiliation", affiliation, _("이 단체의 구성원 신청을 처리할 권한이 없습니다.")
    )
    target, verb, reason = _decision(approve, reason)
    org = affiliation.organisation
    with transaction.atomic():
        transition(
            affiliation,
            source=Review.PENDING,
            target=target,
            actor=actor,
            values={"decided_at": timezone.now(), "decision_reason": reason},
            action=verb,
            district=org.district,
            message=_("이미 처리된 구성원 신청입니다."),
        )
        if approve:
            text = _("'%(name)s'의 구성원으로 확인되었습니다.") % {"name": org.name}
        else:
            text = _("'%(name)s'의 구성원 신청이 반려되었습니다. 사유: %(reason)s") % {
                "name": org.name,
                "reason": reason,
            }
        notify(
            user=affiliation.person.user,
            district=org.district,
            message=text,
            url=org.get_absolute_url(),
            email_subject=_("[마당] 단체 구성원 확인 결과"),
        )
    forget_affiliations(affiliation.person.user)
    return affiliation


# --- network membership ----------------------------------------------------------------------------


def network_get(*, district) -> Network:
    network = Network.objects.in_district(district).first()
    if network is None:
        network, _created = Network.objects.get_or_create(
            district=district, defaults={"name": _("%(name)s 시민사회 네트워크") % {"name": district.name}}
        )
    return network


def network_update(*, actor, district, name: str, description: str, member_target: int) -> Network:
    require_perm(actor, "network.change_network", district, _("네트워크 설정을 바꿀 권한이 없습니다."))
    if member_target < 0:
        raise DomainError(_("회원 목표는 0 이상이어야 합니다."))
    name = clean_line(name)
    if not name:
        raise DomainError(_("네트워크 이름을 입력하세요."), code="required")
    with transaction.atomic():
        network = network_get(district=district)
        network = Network.objects.select_for_update().get(pk=network.pk)
        model_update(
            instance=network,
            fields=["name", "description", "member_target"],
            data={"name": name, "description": clean_text(description), "member_target": member_target},
            actor=actor,
            district=district,
            clean=False,
        )
    return network


def membership_apply(
    *, actor, district, organisation: Organisation | None = None, message: str = "", consent: bool = False
) -> Membership:
    """Apply to join the district's network, for an organisation one edits or for oneself."""
    require_perm(actor, "network.apply_membership", district, _("가입을 신청하려면 로그인하세요."))
    person = None
    if organisation is not None:
        ensure_in_district(district, organisation)
        if organisation.status != Review.APPROVED:
            raise DomainError(
                _("단체 등록이 승인된 뒤에 네트워크 가입을 신청할 수 있습니다."), code="not_reviewed"
            )
        require_perm(
            actor,
            "network.apply_for_organisation",
            organisation,
            _("단체의 대표나 운영진만 단체 가입을 신청할 수 있습니다."),
        )
    else:
        person = person_get_or_register(user=actor, district=district, consent=consent)
    creation_limit(actor=actor, district=district, what="membership")
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                district=district,
                organisation=organisation,
                person=person,
                message=clean_text(message),
                applied_by=actor,
                applied_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                action="apply",
                obj=membership,
                district=district,
                after={"status": membership.status},
            )
    except IntegrityError as exc:
        raise DomainError(
            _("이미 가입을 신청했거나 네트워크 회원입니다."), code="duplicate_membership"
        ) from exc
    return membership


def membership_decide(*, actor, membership: Membership, approve: bool, reason: str = "") -> Membership:
    """Approve or reject an application. Exactly one decision wins when operators click at once."""
    require_perm(
        actor, "network.decide_membership", membership.district, _("가입 신청을 처리할 권한이 없습니다.")
    )
    reason = clean_text(reason)
    if not approve and not reason:
        raise DomainError(_("반려할 때는 사유를 적어 주세요."), code="reason_required")
    new_status = Membership.Status.APPROVED if approve else Membership.Status.REJECTED
    now = timezone.now()
    with transaction.atomic():
        transition(
            membership,
            source=Membership.Status.APPLIED,
            target=new_status,
            actor=actor,
            values={"decided_by": actor, "decided_at": now, "decision_reason": reason},
            action="approve" if approve else "reject",
            message=_("이미 처리된 신청입니다."),
        )
        if membership.applied_by_id:
            network = network_get(district=membership.district)
            if approve:
                text = _("%(member)s의 %(network)s 가입이 승인되었습니다.") % {
                    "member": membership.member_name,
                    "network": network.name,
                }
            else:
                text = _("%(member)s의 %(network)s 가입 신청이 반려되었습니다. 사유: %(reason)s") % {
                    "member": membership.member_name,
                    "network": network.name,
                    "reason": reason,
                }
            notify(
                user=membership.applied_by,
                district=membership.district,
                message=text,
                url=f"/{membership.district.slug}/network/",
                email_subject=_("[마당] 네트워크 가입 신청 결과"),
            )
    return membership


def membership_leave(*, actor, membership: Membership) -> Membership:
    """A member (the person, or an editor of the member organisation) leaves the network."""
    require_perm(actor, "network.leave_membership", membership, _("이 회원을 탈퇴 처리할 권한이 없습니다."))
    transition(
        membership,
        source=Membership.OPEN,
        target=Membership.Status.LEFT,
        actor=actor,
        values={"left_at": timezone.now()},
        action="leave",
        message=_("이미 탈퇴했거나 처리된 신청입니다."),
    )
    return membership


# --- committees --------------------------------------------------------------------------------------


def committee_create(
    *, actor, district, name: str, kind: str, issue_area=None, description: str = ""
) -> Committee:
    require_perm(actor, "network.manage_committees", district, _("위원회를 관리할 권한이 없습니다."))
    if issue_area is not None:
        check_scope(district, issue_areas=[issue_area])
    try:
        with transaction.atomic():
            committee = Committee(
                district=district,
                name=clean_line(name),
                kind=kind,
                issue_area=issue_area,
                description=clean_text(description),
            )
            validate_model(committee, validate_unique=False, validate_constraints=False)
            committee.save()
            audit_record(
                actor=actor,
                action="create",
                obj=committee,
                district=district,
                after=model_snapshot(committee, ["name", "kind", "issue_area"]),
            )
    except IntegrityError as exc:
        raise DomainError(_("같은 이름의 위원회가 이미 있습니다."), code="duplicate_committee") from exc
    return committee


def seat_add(
    *,
    actor,
    committee: Committee,
    person: Person,
    role: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
) -> CommitteeSeat:
    require_perm(
        actor, "network.manage_committees", committee.district, _("위원회를 관리할 권한이 없습니다.")
    )
    ensure_in_district(committee.district, person)
    if term_end is not None and term_end < term_start:
        raise DomainError(_("임기 끝은 임기 시작보다 늦어야 합니다."), code="term_order")
    try:
        with transaction.atomic():
            seat = CommitteeSeat.objects.create(
                committee=committee, person=person, role=role, term_start=term_start, term_end=term_end
            )
            audit_record(
                actor=actor,
                action="create",
                obj=seat,
                district=committee.district,
                after=model_snapshot(seat, ["person", "role", "term_start", "term_end"]),
            )
    except IntegrityError as exc:
        raise DomainError(_("같은 임기의 위원이 이미 있습니다."), code="duplicate_seat") from exc
    return seat


def seat_end(*, actor, seat: CommitteeSeat, term_end: datetime.date) -> CommitteeSeat:
    require_perm(
        actor, "network.manage_committees", seat.committee.district, _("위원회를 관리할 권한이 없습니다.")
    )
    if term_end < seat.term_start:
        raise DomainError(_("임기 끝은 임기 시작보다 늦어야 합니다."), code="term_order")
    model_update(
        instance=seat,
        fields=["term_end"],
        data={"term_end": term_end},
        actor=actor,
        district=seat.committee.district,
        clean=False,
    )
    return seat


# --- ties ---------------------------------------------------------------------------------------------


def tie_add(
    *,
    actor,
    org_a: Organisation,
    org_b: Organisation,
    kind: str,
    since=None,
    note: str = "",
    origin: str = Tie.Origin.MANUAL,
    check_permission: bool = True,
) -> Tie:
    """Record a collaboration tie. Other features (partnerships, events) call this with their origin.

    Recorded by an editor of one side only, the tie is `pending` until an editor of the other side
    (`counterpart`) or an operator confirms it (`tie_decide`); operators' ties, ties between two
    organisations the actor edits, and ties recorded by the system (check_permission=False) count
    at once. Pending ties count nowhere (analytics, graph, API list).
    """
    if org_a.pk == org_b.pk:
        raise DomainError(_("같은 단체끼리는 협력 관계를 기록할 수 없습니다."), code="self_tie")
    if org_a.district_id != org_b.district_id:
        raise DomainError(
            _("같은 자치구의 단체끼리만 협력 관계를 기록할 수 있습니다."), code="cross_district"
        )
    if kind not in Tie.Kind.values:
        raise DomainError(_("알 수 없는 협력 관계 종류입니다."), code="unknown_kind")
    if org_a.status != Review.APPROVED or org_b.status != Review.APPROVED:
        raise DomainError(_("등록이 승인된 단체끼리만 협력 관계를 기록할 수 있습니다."), code="not_reviewed")
    if check_permission and not (
        actor.has_perm("network.add_tie", org_a) or actor.has_perm("network.add_tie", org_b)
    ):
        raise DomainError(
            _("두 단체 중 한 곳의 대표·운영진이나 플랫폼 운영진만 기록할 수 있습니다."), code="forbidden"
        )
    counterpart = None
    if check_permission and not actor.has_perm("network.review", org_a.district):
        creation_limit(actor=actor, district=org_a.district, what="tie")
        edited = {pk for pk, role in user_affiliations(actor).items() if role in Affiliation.EDITOR_ROLES}
        if org_a.pk not in edited:
            counterpart = org_a
        elif org_b.pk not in edited:
            counterpart = org_b
    source, target = sorted([org_a, org_b], key=lambda o: o.pk)
    try:
        with transaction.atomic():
            tie = Tie.objects.create(
                district_id=source.district_id,
                source=source,
                target=target,
                kind=kind,
                since=since,
                note=clean_line(note),
                origin=origin,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
                status=Review.PENDING if counterpart is not None else Review.APPROVED,
                counterpart=counterpart,
            )
            audit_record(
                actor=actor,
                action="create",
                obj=tie,
                district=source.district,
                after=model_snapshot(
                    tie, ["source", "target", "kind", "since", "origin", "status", "counterpart"]
                ),
            )
    except IntegrityError as exc:
        raise DomainError(_("이미 기록된 협력 관계입니다."), code="duplicate_tie") from exc
    return tie


def tie_decide(*, actor, tie: Tie, approve: bool, reason: str = "") -> Tie:
    """The other organisation's 대표·운영진 (or an operator) confirms or rejects a pending tie.

    Confirming changes the tie's `updated_at`, so the analytics data version moves with it."""
    require_perm(actor, "network.decide_tie", tie, _("이 협력 관계를 확인할 권한이 없습니다."))
    target, verb, reason = _decision(approve, reason)
    with transaction.atomic():
        transition(
            tie,
            source=Review.PENDING,
            target=target,
            actor=actor,
            values={"decided_at": timezone.now(), "decision_reason": reason},
            action=verb,
            message=_("이미 처리된 협력 관계입니다."),
        )
        if tie.created_by_id:
            if approve:
                text = _("협력 관계 '%(tie)s'가 확인되었습니다.") % {"tie": str(tie)}
            else:
                text = _("협력 관계 '%(tie)s'가 반려되었습니다. 사유: %(reason)s") % {
                    "tie": str(tie),
                    "reason": reason,
                }
            notify(
                user=tie.created_by,
                district=tie.district,
                message=text,
                url=tie.source.get_absolute_url(),
                email_subject=_("[마당] 협력 관계 확인 결과"),
            )
    return tie


def tie_delete(*, actor, tie: Tie) -> None:
    require_perm(actor, "network.delete_tie", tie, _("이 협력 관계를 지울 권한이 없습니다."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="delete",
            obj=tie,
            district=tie.district,
            before=model_snapshot(tie, ["source", "target", "kind", "since"]),
        )
        tie.delete()


# --- resources ----------------------------------------------------------------------------------------


def resource_create(*, actor, district, data: dict) -> Resource:
    require_perm(actor, "network.add_resource", district, _("지역자원을 등록할 권한이 없습니다."))
    owner = data.get("owner")
    if owner is not None:
        ensure_in_district(district, owner)
        if not actor.has_perm("network.change_organisation", owner):
            raise DomainError(_("대표·운영진으로 있는 단체의 자원만 등록할 수 있습니다."), code="forbidden")
    if data.get("dong") is not None:
        check_scope(district, dongs=[data["dong"]])
    creation_limit(actor=actor, district=district, what="resource")
    with transaction.atomic():
        resource = Resource(
            district=district,
            created_by=actor,
            **{f: clean_input(f, data[f]) for f in RESOURCE_FIELDS if f in data},
        )
        validate_model(resource, exclude=["created_by"])
        resource.save()
        audit_record(
            actor=actor,
            action="create",
            obj=resource,
            district=district,
            after=model_snapshot(resource, RESOURCE_FIELDS),
        )
        search.index_resource(resource)
    return resource


def resource_update(*, actor, resource: Resource, data: dict) -> Resource:
    require_perm(actor, "network.change_resource", resource, _("이 지역자원을 고칠 권한이 없습니다."))
    if data.get("dong") is not None:
        check_scope(resource.district, dongs=[data["dong"]])
    owner = data.get("owner")
    if (
        owner is not None
        and owner.pk != resource.owner_id
        and (
            owner.district_id != resource.district_id
            or not actor.has_perm("network.change_organisation", owner)
        )
    ):
        raise DomainError(_("대표·운영진으로 있는 단체의 자원만 등록할 수 있습니다."), code="forbidden")
    values = {f: clean_input(f, data[f]) for f in RESOURCE_FIELDS if f in data}
    with transaction.atomic():
        model_update(
            instance=resource, fields=RESOURCE_FIELDS, data=values, actor=actor, clean_exclude=["created_by"]
        )
        search.index_resource(resource)
    return resource


def resource_delete(*, actor, resource: Resource) -> None:
    require_perm(actor, "network.change_resource", resource, _("이 지역자원을 지울 권한이 없습니다."))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="delete",
            obj=resource,
            district=resource.district,
            before=model_snapshot(resource, RESOURCE_FIELDS),
        )
        search.index_remove(object_type="resource", object_id=resource.pk)
        resource.delete()


# --- issue areas --------------------------------------------------------------------------------------


def issue_area_add(*, actor, district, name: str) -> IssueArea:
    require_perm(actor, "network.manage_issue_areas", district, _("의제를 추가할 권한이 없습니다."))
    name = clean_line(name)
    if not name:
        raise DomainError(_("의제 이름을 입력하세요."), code="required")
    if IssueArea.objects.in_district(district).filter(name=name).exists():
        raise DomainError(_("'%(name)s' 의제가 이미 있습니다.") % {"name": name}, code="duplicate_issue_area")
    try:
        with transaction.atomic():
            area = IssueArea.objects.create(district=district, name=name)
            audit_record(actor=actor, action="create", obj=area, district=district, after={"name": name})
    except IntegrityError as exc:
        raise DomainError(
            _("'%(name)s' 의제가 이미 있습니다.") % {"name": name}, code="duplicate_issue_area"
        ) from exc
    return area

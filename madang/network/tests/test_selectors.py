import datetime

import pytest
from django.utils import timezone

from madang.network import selectors
from madang.network.analytics import GraphFilter, betweenness, build_graph, compute_stats, network_stats
from madang.network.models import IssueArea
from madang.network.tests.factories import MembershipFactory, OrganisationFactory, tie

pytestmark = pytest.mark.django_db


def test_members_over_time_counts_joins_and_leaves(gangbuk):
    now = timezone.now()
    org1, org2 = OrganisationFactory(district=gangbuk), OrganisationFactory(district=gangbuk)
    MembershipFactory(organisation=org1, status="approved", decided_at=now - datetime.timedelta(days=70))
    MembershipFactory(
        organisation=org2,
        status="left",
        decided_at=now - datetime.timedelta(days=100),
        left_at=now - datetime.timedelta(days=10),
    )
    series = selectors.members_over_time(district=gangbuk, months=6)
    assert len(series) == 6
    assert series[-1]["month"] == timezone.localdate().strftime("%Y-%m")
    assert series[-1]["members"] == 1
    assert max(row["members"] for row in series) == 2


def test_progress(gangbuk):
    from madang.network.models import Network

    Network.objects.create(district=gangbuk, name="강북구민간협의회", member_target=1000)
    for _ in range(3):
        MembershipFactory(organisation=OrganisationFactory(district=gangbuk), status="approved")
    MembershipFactory(organisation=OrganisationFactory(district=gangbuk))
    progress = selectors.network_progress(district=gangbuk)
    assert (progress.members, progress.pending, progress.target, progress.percent) == (3, 1, 1000, 0)


def test_stats_on_a_known_graph(gangbuk):
    a, b, c, d, e = (OrganisationFactory(district=gangbuk, name=n) for n in "ABCDE")
    tie(a, b)
    tie(b, c)
    tie(c, a)
    tie(c, d)
    # E is isolated
    stats = network_stats(gangbuk, use_cache=False)
    assert stats["organisations"] == 5 and stats["ties"] == 4
    assert stats["components"] == 2 and stats["isolates"] == [e.pk]
    assert stats["density"] == round(4 / 10, 6)
    assert stats["top_degree"][0] == {"id": c.pk, "name": "C", "degree": 3}
    assert stats["top_betweenness"][0]["id"] == c.pk


def test_ties_of_several_kinds_between_one_pair_count_as_records_and_one_pair(gangbuk, client):
    """Issue #7 item 11: the analytics page said 262 where the API said 283 — a pair of organisations
    with ties of two kinds is one edge of the graph but two ties. The page now says both."""
    from django.urls import reverse

    from madang.network.models import Tie

    a, b, c = (OrganisationFactory(district=gangbuk, name=n) for n in "ABC")
    tie(a, b, kind=Tie.Kind.JOINT_PROJECT)
    tie(a, b, kind=Tie.Kind.CO_HOST)
    tie(b, c)
    stats = network_stats(gangbuk, use_cache=False)
    assert (stats["tie_records"], stats["tie_pairs"]) == (3, 2)
    html = client.get(reverse("network:analytics", args=["gangbuk"])).content.decode()
    assert "3건" in html and "(단체 쌍 2)" in html


def test_filters_restrict_the_graph(gangbuk):
    care = IssueArea.objects.get(name="돌봄")
    a, b = (
        OrganisationFactory(district=gangbuk, kind="civic"),
        OrganisationFactory(district=gangbuk, kind="community"),
    )
    a.issue_areas.add(care)
    tie(a, b)
    assert build_graph(gangbuk, GraphFilter(kind="civic")).number_of_nodes() == 1
    assert build_graph(gangbuk, GraphFilter(issue_area_id=care.pk)).number_of_edges() == 0


def test_stats_are_cached_and_invalidated_by_changes(gangbuk, django_assert_max_num_queries):
    a, b = OrganisationFactory(district=gangbuk), OrganisationFactory(district=gangbuk)
    network_stats(gangbuk)
    with django_assert_max_num_queries(3):  # only the version check
        assert network_stats(gangbuk)["ties"] == 0
    tie(a, b)
    assert network_stats(gangbuk)["ties"] == 1


def test_betweenness_matches_networkx_exactly():
    import networkx as nx

    for seed in range(4):
        graph = nx.gnm_random_graph(40, 90, seed=seed)
        graph.add_node(1000)
        ours = betweenness(graph)
        reference = nx.betweenness_centrality(graph, normalized=True)
        assert max(abs(ours[n] - reference[n]) for n in graph) < 1e-12


def test_betweenness_estimate_is_scaled_like_networkx():
    import networkx as nx

    graph = nx.barabasi_albert_graph(300, 3, seed=1)
    exact = betweenness(graph)
    estimate = betweenness(graph, pivots=150)
    top_exact = sorted(exact, key=exact.get, reverse=True)[:5]
    top_estimate = sorted(estimate, key=estimate.get, reverse=True)[:5]
    assert len(set(top_exact) & set(top_estimate)) >= 4
    assert abs(sum(estimate.values()) - sum(exact.values())) / sum(exact.values()) < 0.2


def test_compute_stats_empty_graph():
    import networkx as nx

    stats = compute_stats(nx.Graph())
    assert stats["organisations"] == 0 and stats["components"] == 0


def test_graph_elements_limit(gangbuk):
    orgs = [OrganisationFactory(district=gangbuk) for _ in range(8)]
    for other in orgs[1:]:
        tie(orgs[0], other)
    data = selectors.graph_elements(district=gangbuk, limit=3)
    nodes = [e for e in data["elements"] if "source" not in e["data"]]
    assert data["truncated"] and len(nodes) == 3
    assert nodes[0]["data"]["url"].startswith("/gangbuk/network/organisations/")


def test_louvain_finds_two_cliques_and_is_reproducible():
    import networkx as nx

    from madang.network.analytics import louvain_communities

    graph = nx.union(nx.complete_graph(range(6)), nx.complete_graph(range(10, 16)))
    graph.add_edge(0, 10)
    first = louvain_communities(graph)
    assert sorted(sorted(c) for c in first) == [list(range(6)), list(range(10, 16))]
    assert louvain_communities(graph) == first
    assert louvain_communities(nx.Graph()) == []


def test_graph_elements_are_cached_and_follow_membership_changes(gangbuk, django_assert_max_num_queries):
    a, b = OrganisationFactory(district=gangbuk), OrganisationFactory(district=gangbuk)
    tie(a, b)
    membership = MembershipFactory(organisation=a)
    first = selectors.graph_elements(district=gangbuk)
    assert not any(e["data"].get("member") for e in first["elements"])
    with django_assert_max_num_queries(3):
        assert selectors.graph_elements(district=gangbuk) == first
    membership.status = "approved"
    membership.decided_at = timezone.now()
    membership.save()
    nodes = {e["data"]["id"]: e["data"] for e in selectors.graph_elements(district=gangbuk)["elements"]}
    assert nodes[f"o{a.pk}"]["member"] is True


# --- review (issue #7): public reads show approved organisations, confirmed affiliations and ties -----


def _pending(**kwargs):
    from madang.network.models import Review

    return OrganisationFactory(status=Review.PENDING, **kwargs)


def test_every_public_read_hides_pending_organisations(gangbuk):
    from madang.network import search
    from madang.network.models import Affiliation, Review, Tie
    from madang.network.tests.factories import PersonFactory

    shown = OrganisationFactory(district=gangbuk, name="공개 마을모임")
    hidden = _pending(district=gangbuk, name="검토중 마을모임")
    for org in (shown, hidden):
        search.index_organisation(org)
    person = PersonFactory(district=gangbuk)
    Affiliation.objects.create(organisation=shown, person=person, role="member")
    Affiliation.objects.create(organisation=hidden, person=person, role="representative")
    pending_member = PersonFactory(district=gangbuk)
    Affiliation.objects.create(
        organisation=shown, person=pending_member, role="member", status=Review.PENDING
    )
    tie(shown, hidden)  # a tie with a pending organisation
    third = OrganisationFactory(district=gangbuk)
    one_sided = tie(shown, third)
    one_sided.status = Review.PENDING
    one_sided.save()

    listed, _rank = selectors.organisation_list(district=gangbuk)
    assert set(listed) == {shown, third}
    found, _rank = selectors.organisation_list(
        district=gangbuk, filters=selectors.DirectoryFilters(q="마을모임")
    )
    assert list(found) == [shown]
    assert selectors.organisation_get(district=gangbuk, pk=hidden.pk) is None
    assert selectors.organisation_get(district=gangbuk, pk=shown.pk) is not None
    assert [
        a.organisation for a in selectors.person_get(district=gangbuk, pk=person.pk).affiliations.all()
    ] == [shown]
    assert [
        a.person for a in selectors.organisation_get(district=gangbuk, pk=shown.pk).affiliations.all()
    ] == [person]
    assert list(selectors.tie_list(district=gangbuk)) == []
    assert selectors.organisation_ties(organisation=shown) == []
    stats = network_stats(gangbuk, use_cache=False)
    assert stats["organisations"] == 2 and stats["ties"] == 0
    graph = selectors.graph_elements(district=gangbuk)
    assert f"o{hidden.pk}" not in {e["data"]["id"] for e in graph["elements"]}
    assert Tie.objects.count() == 2


def test_review_queue_is_bounded_and_oldest_first(gangbuk, django_assert_max_num_queries):
    from madang.network.models import Affiliation, Review
    from madang.network.tests.factories import PersonFactory

    orgs = [_pending(district=gangbuk) for _ in range(5)]
    approved = OrganisationFactory(district=gangbuk)
    for _ in range(4):
        Affiliation.objects.create(
            organisation=approved,
            person=PersonFactory(district=gangbuk),
            role="member",
            status=Review.PENDING,
        )
    _pending(district=OrganisationFactory().district)  # another district's
    with django_assert_max_num_queries(3):
        queue = selectors.review_queue(district=gangbuk, limit=3)
        names = [o.name for o in queue.organisations] + [
            a.person.user.display_name for a in queue.affiliations
        ]
    assert [o.pk for o in queue.organisations] == [o.pk for o in orgs[:3]]
    assert len(queue.affiliations) == 3 and len(names) == 6 and queue.total == 6


def test_committee_seats_name_private_people_only_for_them_and_staff(gangbuk):
    from madang.accounts.models import Role
    from madang.accounts.tests.factories import UserFactory, user_with_role
    from madang.network.models import Committee, CommitteeSeat
    from madang.network.tests.factories import PersonFactory

    committee = Committee.objects.create(district=gangbuk, name="운영위원회", kind="steering")
    private = PersonFactory(district=gangbuk, is_public=False, user=UserFactory(display_name="숨은위원"))
    public = PersonFactory(district=gangbuk, user=UserFactory(display_name="드러난위원"))
    for person in (private, public):
        CommitteeSeat.objects.create(committee=committee, person=person, term_start=timezone.localdate())
    committee = selectors.committee_get(district=gangbuk, pk=committee.pk)

    def names(viewer):
        return sorted(
            seat.shown_name for seat in selectors.committee_seats(committee=committee, viewer=viewer)
        )

    from django.contrib.auth.models import AnonymousUser

    assert names(AnonymousUser()) == ["드러난위원", "비공개 위원"]
    assert names(UserFactory()) == ["드러난위원", "비공개 위원"]
    assert names(private.user) == ["드러난위원", "숨은위원"]
    assert names(user_with_role(Role.OPERATOR, gangbuk)) == ["드러난위원", "숨은위원"]


def test_apply_options_follow_open_memberships(gangbuk):
    from django.contrib.auth.models import AnonymousUser

    from madang.network.models import Membership
    from madang.network.tests.factories import PersonFactory, editor_of

    org = OrganisationFactory(district=gangbuk)
    editor = editor_of(org)
    options = selectors.membership_apply_options(district=gangbuk, user=editor)
    assert options.include_me and options.organisations == [org] and options.own is None
    MembershipFactory(organisation=org, status=Membership.Status.APPLIED)
    person = PersonFactory._meta.model.objects.get(user=editor)
    own = MembershipFactory(
        organisation=None, person=person, district=gangbuk, status=Membership.Status.APPROVED
    )
    options = selectors.membership_apply_options(district=gangbuk, user=editor)
    assert not options.any and options.own == own
    assert selectors.membership_apply_options(district=gangbuk, user=AnonymousUser()).any


def test_own_profile_and_edited_organisations_are_of_this_district_only(gangbuk, mapo):
    from madang.network.tests.factories import OrganisationFactory, editor_of

    org = OrganisationFactory(district=mapo)
    editor = editor_of(org)  # a 마포구 profile and a 마포구 organisation
    assert selectors.person_of(user=editor, district=mapo) is not None
    assert selectors.person_of(user=editor, district=gangbuk) is None
    assert list(selectors.organisations_edited_by(user=editor, district=mapo)) == [org]
    assert list(selectors.organisations_edited_by(user=editor, district=gangbuk)) == []

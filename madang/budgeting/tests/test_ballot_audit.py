"""Every ballots service writes its audit row in the transaction of its change (core.testing)."""

from unittest import mock

from madang.budgeting import ballot_services as services
from madang.core.testing import audit_cases_test

from .ballots import Setup, now_in


def ballot_submit(d):
    s = Setup(d)
    user = s.voter()
    return lambda: services.ballot_submit(actor=user, district=d, heading=s.pot, project_ids=s.ids("a"))


def ballot_replace(d):
    s = Setup(d)
    user = s.voter()
    services.ballot_submit(actor=user, district=d, heading=s.pot, project_ids=s.ids("a"))
    return lambda: services.ballot_submit(actor=user, district=d, heading=s.pot, project_ids=s.ids("b"))


def offline_ballot_enter(d):
    s = Setup(d)
    name, birth = s.paper_voter()
    return lambda: services.offline_ballot_enter(
        actor=s.operator, district=d, heading=s.pot, name=name, birth_date=birth, project_ids=s.ids("a")
    )


def channel_scores_set(d):
    s = Setup(d)
    return lambda: services.channel_scores_set(
        actor=s.operator, district=d, cycle=s.cycle, scores={(s.p["a"].pk, "survey"): "10"}
    )


def results_publish(d):
    s = Setup(d, phase="결과 발표")
    with mock.patch("django.utils.timezone.now", return_value=now_in(s.cycle, "주민 투표")):
        services.ballot_submit(actor=s.voter(), district=d, heading=s.pot, project_ids=s.ids("b"))
    return lambda: services.results_publish(actor=s.operator, district=d, cycle=s.cycle)


CASES = {
    "ballot_submit": (ballot_submit, "vote", "budgeting.ballot"),
    "ballot_replace": (ballot_replace, "vote", "budgeting.ballot"),
    "offline_ballot_enter": (offline_ballot_enter, "vote", "budgeting.ballot"),
    "channel_scores_set": (channel_scores_set, "update", "budgeting.cycle"),
    "results_publish": (results_publish, "publish", "budgeting.cycle"),
}

test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)

"""Network forms offer only the district's own choices (의제, 행정동, 단체)."""

import pytest

from madang.districts.models import Dong
from madang.network.forms import OrganisationForm, TieForm
from madang.network.models import IssueArea
from madang.network.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_choices_are_this_districts_and_the_common_ones(gangbuk, mapo):
    common = IssueArea.objects.create(name="공통 시험 의제")
    own_area = IssueArea.objects.create(district=gangbuk, name="강북 의제")
    foreign_area = IssueArea.objects.create(district=mapo, name="마포 의제")
    own_dong = Dong.objects.create(district=gangbuk, code="1130553500", name="삼양동")
    foreign_dong = Dong.objects.create(district=mapo, code="1144055500", name="망원동")
    form = OrganisationForm(district=gangbuk)
    areas = set(form.fields["issue_areas"].queryset)
    assert {common, own_area} <= areas and foreign_area not in areas
    assert (
        set(form.fields["dongs"].queryset) == {own_dong} and foreign_dong not in form.fields["dongs"].queryset
    )

    own_org = OrganisationFactory(district=gangbuk)
    foreign_org = OrganisationFactory(district=mapo)
    others = set(TieForm(district=gangbuk).fields["other"].queryset)
    assert own_org in others and foreign_org not in others


def test_committee_and_seat_forms_offer_this_districts_choices_only(gangbuk, mapo):
    from madang.network.forms import CommitteeForm, SeatForm
    from madang.network.tests.factories import PersonFactory

    own_area = IssueArea.objects.create(district=gangbuk, name="강북 위원회 의제")
    foreign_area = IssueArea.objects.create(district=mapo, name="마포 위원회 의제")
    areas = set(CommitteeForm(district=gangbuk).fields["issue_area"].queryset)
    assert own_area in areas and foreign_area not in areas

    own_person, foreign_person = PersonFactory(district=gangbuk), PersonFactory(district=mapo)
    people = set(SeatForm(district=gangbuk).fields["person"].queryset)
    assert own_person in people and foreign_person not in people

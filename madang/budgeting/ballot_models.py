"""Ballots, paper ballots, operators' channel scores and published results (imported by models.py).

Who voted and what was chosen are kept apart as far as editing a ballot allows:

- `Voter` is one person of one cycle (turnout): the registry identity key (`residents`' keyed hash),
  the account that voted online (none for a paper voter, and set empty when the account is deleted),
  the channel, the 행정동 and an age band, fixed when the person first votes. Unique per
  (cycle, identity_key) and per (cycle, user); its row is the per-voter lock a ballot change takes.
- `Ballot` is that voter's ballot in one heading: unique per (heading, identity_key) across online and
  paper ballots, so nobody votes twice in a heading whatever the channel.
- `BallotChoice` is one chosen project; it repeats the cycle and channel so the tally is one GROUP BY
  over one table (index `(cycle, project, channel)`).

Ballot secrecy: no page, API or export shows another person's choices; operators see numbers only
(turnout); the audit log records that a ballot was cast or replaced and how many projects it holds, never
which; a person's export holds their own ballots; deleting the account keeps the ballot anonymously
(the voter row loses its account, keeps the key so the identity cannot vote again).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from madang.core.tenancy import DistrictScopedModel

KEY_LENGTH = 64


class VoteChannel(models.TextChoices):
    ONLINE = "online", _("온라인 투표")
    OFFLINE = "offline", _("현장 투표·총회")


# operators enter these per project (the other three channels are counted or averaged)
SCORED_CHANNELS = ("budget_school", "survey", "proposers")


class AgeBand(models.TextChoices):
    TEENS = "10", _("10대")
    TWENTIES = "20", _("20대")
    THIRTIES = "30", _("30대")
    FORTIES = "40", _("40대")
    FIFTIES = "50", _("50대")
    SIXTIES = "60", _("60대")
    SEVENTY_UP = "70", _("70세 이상")


def age_band(age: int) -> str:
    """The ten-year band of an age (만 나이): under 20 → "10", 70 and above → "70"."""
    if age < 20:
        return AgeBand.TEENS
    if age >= 70:
        return AgeBand.SEVENTY_UP
    return str(age // 10 * 10)


class Voter(DistrictScopedModel):
    """One person who voted in a cycle (online or on paper). Numbers only leave this table."""

    district_path = "cycle__district"

    cycle = models.ForeignKey(
        "budgeting.Cycle", verbose_name=_("참여예산 회차"), on_delete=models.CASCADE, related_name="voters"
    )
    identity_key = models.CharField(_("주민 식별 키"), max_length=KEY_LENGTH)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("계정"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(_("투표 경로"), max_length=10, choices=VoteChannel.choices)
    dong = models.ForeignKey(
        "districts.Dong",
        verbose_name=_("행정동"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    age_band = models.CharField(_("연령대"), max_length=2, choices=AgeBand.choices, blank=True)
    created_at = models.DateTimeField(_("처음 투표한 때"), auto_now_add=True)

    class Meta:
        verbose_name = _("투표자")
        verbose_name_plural = _("투표자")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "identity_key"],
                name="budget_voter_unique_identity",
                violation_error_message=_("이미 이 회차에 투표한 주민입니다."),
            ),
            models.UniqueConstraint(
                fields=["cycle", "user"], condition=Q(user__isnull=False), name="budget_voter_unique_user"
            ),
        ]
        indexes = [models.Index(fields=["cycle", "channel"], name="budget_voter_channel")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk}"


class Ballot(DistrictScopedModel):
    """A voter's ballot in one heading (replaced as a whole while voting is open)."""

    district_path = "cycle__district"

    cycle = models.ForeignKey(
        "budgeting.Cycle", verbose_name=_("참여예산 회차"), on_delete=models.CASCADE, related_name="ballots"
    )
    heading = models.ForeignKey(
        "budgeting.Heading", verbose_name=_("예산 구분"), on_delete=models.CASCADE, related_name="ballots"
    )
    voter = models.ForeignKey(
        Voter, verbose_name=_("투표자"), on_delete=models.CASCADE, related_name="ballots"
    )
    identity_key = models.CharField(_("주민 식별 키"), max_length=KEY_LENGTH)
    channel = models.CharField(_("투표 경로"), max_length=10, choices=VoteChannel.choices)
    total_cost = models.PositiveBigIntegerField(_("선택한 사업비 합계(원)"), default=0)
    picks = models.PositiveSmallIntegerField(_("선택한 사업 수"), default=0)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("입력한 운영진"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("투표한 때"), auto_now_add=True)
    updated_at = models.DateTimeField(_("고친 때"), auto_now=True)

    class Meta:
        verbose_name = _("투표지")
        verbose_name_plural = _("투표지")
        constraints = [
            # one ballot per registry identity per heading, online and paper together
            models.UniqueConstraint(
                fields=["heading", "identity_key"],
                name="budget_ballot_unique_identity",
                violation_error_message=_("이 주민은 이 예산 구분에 이미 투표했습니다."),
            ),
            models.UniqueConstraint(fields=["heading", "voter"], name="budget_ballot_unique_voter"),
        ]
        indexes = [models.Index(fields=["cycle", "channel"], name="budget_ballot_channel")]

    def __str__(self) -> str:
        return f"투표지 #{self.pk}"  # no related row: the audit log names it without another query


class BallotChoice(DistrictScopedModel):
    """One project chosen on a ballot."""

    district_path = "cycle__district"

    ballot = models.ForeignKey(
        Ballot, verbose_name=_("투표지"), on_delete=models.CASCADE, related_name="choices"
    )
    project = models.ForeignKey(
        "budgeting.Project", verbose_name=_("사업"), on_delete=models.CASCADE, related_name="ballot_choices"
    )
    cycle = models.ForeignKey(
        "budgeting.Cycle", verbose_name=_("참여예산 회차"), on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("투표 경로"), max_length=10, choices=VoteChannel.choices)

    class Meta:
        verbose_name = _("선택한 사업")
        verbose_name_plural = _("선택한 사업")
        constraints = [models.UniqueConstraint(fields=["ballot", "project"], name="budget_choice_unique")]
        indexes = [models.Index(fields=["cycle", "project", "channel"], name="budget_choice_tally")]

    def __str__(self) -> str:
        return str(self.project_id)


class ChannelScore(DistrictScopedModel):
    """An operator-entered raw score of a project for 예산학교, 설문 or 제안자 (normalised in the results)."""

    district_path = "project__cycle__district"

    class Channel(models.TextChoices):
        BUDGET_SCHOOL = "budget_school", _("예산학교")
        SURVEY = "survey", _("설문")
        PROPOSERS = "proposers", _("제안자")

    project = models.ForeignKey(
        "budgeting.Project", verbose_name=_("사업"), on_delete=models.CASCADE, related_name="channel_scores"
    )
    channel = models.CharField(_("경로"), max_length=20, choices=Channel.choices)
    score = models.DecimalField(_("점수"), max_digits=12, decimal_places=2)
    updated_at = models.DateTimeField(_("고친 때"), auto_now=True)

    class Meta:
        verbose_name = _("경로별 점수")
        verbose_name_plural = _("경로별 점수")
        constraints = [
            models.UniqueConstraint(fields=["project", "channel"], name="budget_channel_score_unique"),
            models.CheckConstraint(condition=Q(score__gte=0), name="budget_channel_score_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.channel} {self.score}"


class ResultPublication(DistrictScopedModel):
    """The published results of a cycle, frozen: the ranking of every heading, the weights, turnout."""

    district_path = "cycle__district"

    cycle = models.OneToOneField(
        "budgeting.Cycle",
        verbose_name=_("참여예산 회차"),
        on_delete=models.CASCADE,
        related_name="publication",
    )
    weights = models.JSONField(_("경로별 비중"), default=dict)
    data = models.JSONField(_("결과"), default=dict)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("공개한 사람"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("공개한 때"), auto_now_add=True)

    class Meta:
        verbose_name = _("결과 공개")
        verbose_name_plural = _("결과 공개")

    def __str__(self) -> str:
        return str(self.cycle)

"""The schema of a city's rule file (cities/rules/<code>.yaml).

Every value the portal acts on is *cited*: it carries the article of the city's measure it comes
from (``article: 第二十条``), or, where the measure is silent, ``set_by_office: true`` with a note
saying who decided it. Nothing is defaulted silently.

The schema is strict (unknown keys are errors) so that a typo in a rule file fails loudly when the
file loads, naming the file, the key and what is wrong.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Annotated, Generic, Literal, TypeVar

from django.utils.translation import gettext, gettext_lazy, gettext_noop
from pydantic import BaseModel, ConfigDict, Field, model_validator

T = TypeVar("T")

ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百零〇0-9]+条")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cited(Strict, Generic[T]):
    """A rule value with its source: an article of the measure, or the office's own setting."""

    value: T
    article: str | None = None
    set_by_office: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _has_source(self):
        return check_source(self)

    @property
    def citation(self) -> str:
        return self.article or gettext("由评审办公室设定")


def check_source(self):
    """A value's source: an article, or the office's own setting where the measure is silent."""
    if self.article and self.set_by_office:
        raise ValueError("give either 'article' or 'set_by_office: true', not both")
    if not self.article and not self.set_by_office:
        raise ValueError(
            "every rule value needs its source: 'article: 第N条', or 'set_by_office: true' "
            "where the measure is silent"
        )
    if self.article and not ARTICLE_RE.match(self.article):
        raise ValueError(f"article {self.article!r} must look like 第N条")
    return self


class DayCount(StrEnum):
    CALENDAR = "calendar_days"
    WORKING = "working_days"


# How a length of days is written, per way of counting (message ids; translated when rendered).
DAY_WORDS = {
    DayCount.WORKING: {
        "unit": gettext_noop("个工作日"),
        "length": gettext_noop("%(n)s个工作日"),
        "at_least": gettext_noop("不少于%(n)s个工作日"),
        "from_notice": gettext_noop("自通知之日起%(n)s个工作日"),
    },
    DayCount.CALENDAR: {
        "unit": gettext_noop("日"),
        "length": gettext_noop("%(n)s日"),
        "at_least": gettext_noop("不少于%(n)s日"),
        "from_notice": gettext_noop("自通知之日起%(n)s日"),
    },
}


class PeriodKey(StrEnum):
    """The periods a rule file may set (the keys of 'periods'), each with its name."""

    CALL_ANNOUNCEMENT = "call_announcement"
    LOCAL_PUBLICITY = "local_publicity"
    ELIGIBILITY_CHECK = "eligibility_check"
    REVIEW_WINDOW = "review_window"
    PUBLIC_COMMENT = "public_comment"
    PUBLICITY = "publicity"
    SUPPLEMENT = "supplement"

    @property
    def label(self) -> str:
        return PERIOD_NAMES[self]


PERIOD_NAMES = {
    PeriodKey.CALL_ANNOUNCEMENT: gettext_lazy("申报公告期"),
    PeriodKey.LOCAL_PUBLICITY: gettext_lazy("推荐单位公示期"),
    PeriodKey.ELIGIBILITY_CHECK: gettext_lazy("资格审查期限"),
    PeriodKey.REVIEW_WINDOW: gettext_lazy("评审期限"),
    PeriodKey.PUBLIC_COMMENT: gettext_lazy("公开征求意见期"),
    PeriodKey.PUBLICITY: gettext_lazy("拟奖名单公示期"),
    PeriodKey.SUPPLEMENT: gettext_lazy("补正材料期限"),
}


class Period(Strict):
    """A period with its length and how days are counted, e.g. 7 working days (第二十一条).

    It says its length in words: ``in_words`` (10个工作日), ``at_least_in_words`` (不少于10个工作日),
    ``from_notice_in_words`` (自通知之日起10个工作日), ``rule_in_words`` (as the measure sets it), ``unit_words``.
    """

    length: int = Field(ge=1, le=366)
    unit: DayCount
    minimum: bool = Field(
        default=True, description="the measure says 'at least' (不少于); the office may set more"
    )
    article: str | None = None
    set_by_office: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _has_source(self):
        return check_source(self)

    @property
    def citation(self) -> str:
        return self.article or gettext("由评审办公室设定")

    def _words(self, form: str) -> str:
        return gettext(DAY_WORDS[self.unit][form]) % {"n": self.length}

    @property
    def unit_words(self) -> str:
        """The way days are counted: 个工作日 or 日."""
        return gettext(DAY_WORDS[self.unit]["unit"])

    @property
    def in_words(self) -> str:
        return self._words("length")

    @property
    def at_least_in_words(self) -> str:
        return self._words("at_least")

    @property
    def from_notice_in_words(self) -> str:
        return self._words("from_notice")

    @property
    def rule_in_words(self) -> str:
        """The length as the measure sets it: 'at least' where the office may set more."""
        return self.at_least_in_words if self.minimum else self.in_words


class ApplicantKind(StrEnum):
    ORGANISATION = "organisation"
    INDIVIDUAL = "individual"


class Role(StrEnum):
    """Who acts. Scoped to a city; object permissions decide what one user may do to one application."""

    APPLICANT = "applicant"
    RECOMMENDER = "recommender"
    OFFICE = "office"
    EXPERT = "expert"
    PANEL_LEADER = "panel_leader"
    COMMITTEE = "committee"
    SUPERVISOR = "supervisor"
    SYSTEM = "system"  # the scheduler, e.g. closing a publicity at its deadline


class StageKind(StrEnum):
    """The union of all cities' stages. A city's rule file orders the subset it uses."""

    RECOMMENDATION = "recommendation"  # recommender checks and recommends
    LOCAL_PUBLICITY = "local_publicity"  # recommender publicises locally before recommending
    ELIGIBILITY = "eligibility"  # office checks conditions and completeness
    DOCUMENT_REVIEW = "document_review"  # panel scores the written materials
    HEARING = "hearing"  # 陈述 / 陈述答辩
    SITE_REVIEW = "site_review"  # 现场评审 (individuals: 考察)
    SATISFACTION_SURVEY = "satisfaction_survey"  # customer satisfaction survey by an agency
    PUBLIC_COMMENT = "public_comment"  # review results published for comment
    RANKING = "ranking"  # 综合评价 / 综合排序, candidate list
    COMMITTEE_DECISION = "committee_decision"  # committee votes / leading group decides
    PUBLICITY = "publicity"  # 公示 of the proposed winners
    GOVERNMENT_APPROVAL = "government_approval"  # mayor / city government approves

    @classmethod
    def scored_by_experts(cls) -> tuple[StageKind, ...]:
        """The stages an expert panel scores; the others are inputs of their own (survey, public comment)."""
        return tuple(EXPERT_SCORED)

    @property
    def is_scored_by_experts(self) -> bool:
        return self in EXPERT_SCORED

    @property
    def panel_words(self) -> str:
        """The stage as the expert panels' pages name it (only for the stages experts score)."""
        return EXPERT_SCORED[self]


# The stages an expert panel scores, in route order, with their words on the panels' pages.
EXPERT_SCORED = {
    StageKind.DOCUMENT_REVIEW: gettext_lazy("资料评审"),
    StageKind.HEARING: gettext_lazy("陈述答辩"),
    StageKind.SITE_REVIEW: gettext_lazy("现场评审（个人为考察）"),
}


class Stage(Strict):
    kind: StageKind
    actor: Role = Field(description="the role that completes this stage and moves the application on")
    article: str
    period: str | None = Field(
        default=None, description="key into 'periods' bounding this stage (deadline shown to users)"
    )
    advance_after_period: bool = Field(
        default=False,
        description="the stage may only be passed once its period has ended (publicity, public comment)",
    )
    applies_to: list[ApplicantKind] = Field(
        default_factory=lambda: [ApplicantKind.ORGANISATION, ApplicantKind.INDIVIDUAL]
    )
    staff_name: str = Field(default="", description="optional city wording, e.g. 陈述答辩")
    applicant_name: str = ""
    continues_period_of: StageKind | None = Field(
        default=None,
        description="one period spans this stage and the named earlier one (Ordos 第十七条: document and site "
        "review within 20 working days together); entering this stage from that one keeps its deadline",
    )

    @model_validator(mode="after")
    def _article_shape(self):
        if not ARTICLE_RE.match(self.article):
            raise ValueError(f"article {self.article!r} must look like 第N条")
        return self


class AwardLevel(StrEnum):
    MAYOR = "mayor"  # 市长质量奖
    NOMINATION = "nomination"  # 提名奖
    CONTRIBUTION = "contribution"  # 质量贡献奖


class AwardKind(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    title: str | None = Field(
        default=None,
        description=(
            "what notice subjects and publicity titles call this award after the city's name, where the measure "
            "names it apart from the city's award_title (Qujing 第五条: 曲靖市质量贡献奖); absent = award_title"
        ),
    )
    level: AwardLevel
    applicant_kind: ApplicantKind
    article: str
    legal_person_required: Cited[bool]
    scoring_scheme: Cited[str]
    threshold: Cited[float] | None = None
    threshold_in_principle: Cited[bool] | None = Field(
        default=None,
        description=(
            "the measure sets the threshold 'in principle' (原则上): the office may still put a candidate below it "
            "on the list, with a written reason, and the board warns; absent or false = a strict line"
        ),
    )
    repeat_winners_outside_quota: Cited[bool] | None = Field(
        default=None,
        description=(
            "a repeat winner of this award is proposed once it passes the threshold and is not counted in the "
            "quota; absent = the city-wide repeat_winners_outside_quota"
        ),
    )
    reward: Cited[str]
    reapply: Cited[int | None] | None = Field(
        default=None,
        description=(
            "years after the award year before a winner may apply again; null value = never again; "
            "absent = no restriction in the measure"
        ),
    )


class QuotaPeriod(StrEnum):
    CYCLE = "cycle"  # per evaluation
    TERM = "term"  # per 届, which may span several evaluations


class Quota(Strict):
    key: str
    award_kinds: list[str] = Field(min_length=1, description="award kind keys sharing this quota")
    maximum: Cited[int]
    per: QuotaPeriod
    exact: bool = Field(default=False, description="the measure names a number, not a ceiling")
    reserved_for_sme: Cited[int] | None = None
    may_stay_empty: Cited[bool]


class Checklist(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str
    article: str


class OrganisationEligibility(Strict):
    registered_in_city: Cited[bool]
    min_years_operating: Cited[int]
    conditions: list[Checklist]
    exclusions: list[Checklist]


class IndividualEligibility(Strict):
    min_years_quality_work: Cited[int]
    work_in_city_required: Cited[bool]
    citizen_required: Cited[bool]
    conditions: list[Checklist]
    exclusions: list[Checklist]


class Eligibility(Strict):
    organisation: OrganisationEligibility
    individual: IndividualEligibility | None = None


class FraudBar(Strict):
    cycles: int | None = None
    years: int | None = None


class Panel(Strict):
    min_size: Cited[int]
    max_size: Cited[int | None]
    leader: Cited[bool]
    industry_expert_required: Cited[bool]
    formed_by: Cited[Literal["industry", "sector", "none"]]
    conflict_lookback_years: Cited[int]


class YearlyReport(Strict):
    years: Cited[int | None] = Field(description="for how many years after the award; null = every year")
    due: Cited[str | None] = Field(description="MM-DD each year, or null where the measure sets no date")


class RevocationGround(Checklist):
    """A ground on which an award is revoked; the one(s) after which the fraud bar keeps the applicant out."""

    bars_reapplying: Cited[bool] | None = Field(
        default=None,
        description="a revocation on this ground bars applying again for post_award.fraud_bar; absent = it does not",
    )


class PostAward(Strict):
    validity_years: Cited[int | None]
    yearly_self_assessment: YearlyReport | None = None
    duties: list[Checklist]
    revocation_grounds: list[RevocationGround]
    fraud_bar: Cited[FraudBar | None]
    revocation_public: Cited[bool]

    def ground(self, key: str) -> RevocationGround | None:
        return next((g for g in self.revocation_grounds if g.key == key), None)

    def bars_reapplying(self, ground_key: str) -> bool:
        """Whether a revocation on this ground bars applying again (for as long as the fraud bar says)."""
        ground = self.ground(ground_key)
        return bool(ground and ground.bars_reapplying and ground.bars_reapplying.value)


class Bodies(Strict):
    deciding_body: Cited[str]
    office: Cited[str]
    approver: Cited[str]


class Cycle(Strict):
    every_years: Cited[int]
    term_years: Cited[int] = Field(description="a 届; equal to every_years where the measure has no 届")
    name_pattern: str = Field(description="e.g. '{year}年度' or '第{term}届'")


class Measure(Strict):
    title: str
    document_number: str = ""
    source_file: str
    published: date | None = None
    status: str


class RecommenderKind(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    article: str


class ShortlistCut(Strict):
    """Who goes on after a scored stage (e.g. from document review to site review): the best by that
    stage's score, as many as `multiple_of_quota` times the seats still open (rounded up), and not
    below `min_score`. The office confirms the list on the ranking page."""

    after: StageKind = StageKind.DOCUMENT_REVIEW
    multiple_of_quota: Cited[float | None] = Field(description="null: no limit by number")
    min_score: Cited[float | None] = Field(description="null: no score line")


class CommitteeVoting(Strict):
    """How the deciding body's vote is counted. Both shares are 'more than': present > quorum × members,
    votes for > pass_share × members present."""

    quorum: Cited[float] = Field(description="share of the members that must be present (more than)")
    pass_share: Cited[float] = Field(description="share of the members present that must vote for (more than)")

    @model_validator(mode="after")
    def _shares(self):
        for name in ("quorum", "pass_share"):
            if not 0 <= getattr(self, name).value < 1:
                raise ValueError(f"{name}: must be at least 0 and less than 1")
        return self


class Ranking(Strict):
    """The combined ranking (综合评价/综合排序): weights of the scored stages per kind of applicant,
    the cut after document review, and the committee's vote."""

    weights: dict[ApplicantKind, Cited[dict[StageKind, float]]] = Field(
        description="per applicant kind: stage kind -> weight (≥ 0); the combined score is the weighted mean"
    )
    shortlist: ShortlistCut
    committee: CommitteeVoting

    @model_validator(mode="after")
    def _weights(self):
        for kind, cited in self.weights.items():
            if any(w < 0 for w in cited.value.values()) or sum(cited.value.values()) <= 0:
                raise ValueError(f"weights.{kind.value}: weights must be ≥ 0 and add up to more than 0")
        return self


PERIOD_KEYS = tuple(k.value for k in PeriodKey)


class CityRules(Strict):
    schema_version: Literal[1]
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    province: str
    award_title: str = Field(
        default="市长质量奖",
        description=(
            "the award as the measure names it after the city's name (济南市 + 市长质量奖), for notice subjects, "
            "publicity titles and the workflow diagram; the default only reads rule sets stored before this key"
        ),
    )
    measure: Measure
    bodies: Bodies
    cycle: Cycle
    award_kinds: Annotated[list[AwardKind], Field(min_length=1)]
    quotas: list[Quota]
    repeat_winners_outside_quota: Cited[bool]
    eligibility: Eligibility
    recommenders: list[RecommenderKind] = Field(min_length=1)
    stages: Annotated[list[Stage], Field(min_length=2)]
    periods: dict[str, Period]
    panel: Panel
    post_award: PostAward
    ranking: Ranking | None = Field(default=None, description="combined ranking, shortlist cut and committee vote")

    @model_validator(mode="after")
    def _ranking_consistent(self):
        if self.ranking is None:
            return self
        for kind, cited in self.ranking.weights.items():
            route = {s.kind for s in self.stages_for(kind)}
            stray = [k.value for k in cited.value if k not in route]
            if stray:
                raise ValueError(f"ranking.weights.{kind.value}: stages {stray} are not in the route of {kind.value}")
        kinds = {k.applicant_kind for k in self.award_kinds}
        missing = [k.value for k in kinds if k not in self.ranking.weights]
        if missing:
            raise ValueError(f"ranking.weights: no weights for {missing}")
        if self.stage(self.ranking.shortlist.after) is None:
            raise ValueError(f"ranking.shortlist.after: '{self.ranking.shortlist.after.value}' is not a stage here")
        return self

    @model_validator(mode="after")
    def _consistent(self):
        kinds = {k.key for k in self.award_kinds}
        if len(kinds) != len(self.award_kinds):
            raise ValueError("award_kinds: keys must be unique")
        for quota in self.quotas:
            unknown = set(quota.award_kinds) - kinds
            if unknown:
                raise ValueError(f"quotas.{quota.key}: unknown award kinds {sorted(unknown)}")
        unknown_periods = set(self.periods) - set(PERIOD_KEYS)
        if unknown_periods:
            raise ValueError(f"periods: unknown keys {sorted(unknown_periods)}; allowed: {list(PERIOD_KEYS)}")
        seen = set()
        for stage in self.stages:
            if stage.kind in seen:
                raise ValueError(f"stages: {stage.kind.value} appears twice")
            seen.add(stage.kind)
            if stage.period and stage.period not in self.periods:
                raise ValueError(f"stages.{stage.kind.value}.period: '{stage.period}' is not in periods")
            if stage.advance_after_period and not stage.period:
                raise ValueError(f"stages.{stage.kind.value}: advance_after_period needs a period")
            if stage.continues_period_of and stage.continues_period_of not in seen - {stage.kind}:
                raise ValueError(
                    f"stages.{stage.kind.value}.continues_period_of: '{stage.continues_period_of.value}' "
                    "is not an earlier stage"
                )
        needs_individual = any(k.applicant_kind == ApplicantKind.INDIVIDUAL for k in self.award_kinds)
        if needs_individual and self.eligibility.individual is None:
            raise ValueError("eligibility.individual is required: the city has an individual award")
        return self

    # -- lookups used by the domain ------------------------------------------------------------
    def award_kind(self, key: str) -> AwardKind:
        for kind in self.award_kinds:
            if kind.key == key:
                return kind
        raise KeyError(key)

    def repeat_outside(self, award_key: str) -> Cited[bool]:
        """Whether a repeat winner of this award is outside the quota: the award's own value, else the city's."""
        return self.award_kind(award_key).repeat_winners_outside_quota or self.repeat_winners_outside_quota

    def stages_for(self, applicant_kind: ApplicantKind | str) -> list[Stage]:
        return [s for s in self.stages if applicant_kind in s.applies_to]

    def stage(self, kind: StageKind | str) -> Stage | None:
        for stage in self.stages:
            if stage.kind == kind:
                return stage
        return None

    def period(self, key: PeriodKey | str | None) -> Period | None:
        """The period of this key, or None where the rule file sets none."""
        return self.periods.get(key) if key else None

    def period_of(self, stage: Stage | StageKind | str | None) -> Period | None:
        """The period bounding a stage (a stage, or its kind), or None."""
        if stage is not None and not isinstance(stage, Stage):
            stage = self.stage(stage)
        return self.period(stage.period) if stage is not None else None

    @property
    def supplement_period(self) -> Period | None:
        """The period to hand in a supplement (补正), also given to correct an application returned after submission."""
        return self.period(PeriodKey.SUPPLEMENT)

    def title_of(self, award_key: str | None = None) -> str:
        """What notices and titles call an award after the city's name: its own title, else the city's award_title."""
        if award_key is None:
            return self.award_title
        return self.award_kind(award_key).title or self.award_title

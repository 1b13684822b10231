"""The schema of a city's rule file (cities/rules/<code>.yaml).

Every value the portal acts on is *cited*: it carries the article of the city's measure it comes
from (``article: 第二十条``), or, where the measure is silent, ``set_by_office: true`` with a note
saying who decided it. Nothing is defaulted silently.

The schema is strict (unknown keys are errors) so that a typo in a rule file fails loudly when the
file loads, naming the file, the key and what is wrong.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Generic, Literal, TypeVar

from django.utils.translation import gettext, gettext_lazy, gettext_noop
from pydantic import BaseModel, ConfigDict, Field, model_validator

T = TypeVar("T")

ARTICLE_RE = re.compile(r"^第[一二三四五六七八九十百零〇0-9]+条")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Strict):
    """Anything a rule file says with its source: an article of the measure, or the office's own setting."""

    article: str | None = None
    set_by_office: bool = False
    note: str = ""

    @model_validator(mode="after")
    def _has_source(self):
        return check_source(self)

    @property
    def citation(self) -> str:
        return self.article or gettext("由评审办公室设定")


class Cited(Sourced, Generic[T]):
    """A rule value with its source."""

    value: T


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


class Period(Sourced):
    """A period with its length and how days are counted, e.g. 7 working days (第二十一条).

    It says its length in words: ``in_words`` (10个工作日), ``at_least_in_words`` (不少于10个工作日),
    ``from_notice_in_words`` (自通知之日起10个工作日), ``rule_in_words`` (as the measure sets it), ``unit_words``.
    """

    length: int = Field(ge=1, le=366)
    unit: DayCount
    minimum: bool = Field(
        default=True,
        description="the measure says 'at least' (不少于): the office may set more, never less; false: the length is "
        "exact (公示7天, 公示期为5个工作日) and the office may not change it",
    )

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

    def allows_length(self, length: int) -> bool:
        """Whether the office may set this length: more than a minimum, never less; an exact length, only itself."""
        return length >= self.length if self.minimum else length == self.length

    def with_length(self, length: int) -> Period:
        """The same period with the length the office set (checked with allows_length first)."""
        return self.model_copy(update={"length": length})


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


class GrantKind(StrEnum):
    """What a winner is given (奖金, 奖杯, 奖牌, 奖章, 荣誉证书), as the measures list it; the ledger records each."""

    MONEY = "money"
    TROPHY = "trophy"
    PLAQUE = "plaque"
    MEDAL = "medal"
    CERTIFICATE = "certificate"

    @property
    def label(self) -> str:
        return str(GRANT_NAMES[self])


GRANT_NAMES = {
    GrantKind.MONEY: gettext_lazy("奖金"),
    GrantKind.TROPHY: gettext_lazy("奖杯"),
    GrantKind.PLAQUE: gettext_lazy("奖牌"),
    GrantKind.MEDAL: gettext_lazy("奖章"),
    GrantKind.CERTIFICATE: gettext_lazy("荣誉证书"),
}


class Grant(Sourced):
    """One thing a winner is given, with its source; money with its amount in yuan where the measure names one."""

    kind: GrantKind
    amount: int | None = Field(default=None, ge=0, description="yuan, for money; null where the measure names none")
    again: bool = Field(
        default=True,
        description="given again on a reissue (after 复评, or to a repeat winner); false where the measure says "
        "no money again (Chenzhou 第三十五条, Qujing 第三十二条)",
    )

    @model_validator(mode="after")
    def _amount_for_money_only(self):
        if self.amount is not None and self.kind != GrantKind.MONEY:
            raise ValueError("only money has an amount")
        return self


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
    grants: list[Grant] = Field(
        default_factory=list,
        description="what a winner of this award is given, item by item (the ledger's lines); `reward` says it "
        "in words",
    )
    reapply: Cited[int | None] | None = Field(
        default=None,
        description=(
            "years after the award year before a winner may apply again; null value = never again; "
            "absent = no restriction in the measure"
        ),
    )
    drawn_from: Cited[str | None] | None = Field(
        default=None,
        description=(
            "a nomination award's candidates drawn from the ranking of the named award kind (Wuhan 第二十三条: one "
            "ranking, two candidate lists): nobody applies for it; an applicant of that award not placed in its "
            "seats may be placed in this one. Null value = applied for on its own (set_by_office where the measure "
            "is silent on how its nomination award is drawn); absent = not a nomination award"
        ),
    )

    @property
    def drawn_from_key(self) -> str | None:
        """The award kind this one's candidates are drawn from, or None where it is applied for on its own."""
        return self.drawn_from.value if self.drawn_from else None


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
    only_if_heads_organisation: bool = Field(
        default=False,
        description="an individual's condition or exclusion that holds only when the applicant heads an organisation "
        "(Ordos 第十一条(三), Wuhan 第十二条(五)); for anyone else the line is left out",
    )


class PreferenceKind(StrEnum):
    """What a preference (优先, 鼓励, 倾斜) reads: the organisation's profile (an SME), or the applicant's own statement
    on the form (e.g. a district government's quality award)."""

    SME = "sme"
    DECLARED = "declared"


class Preference(Checklist):
    """A preference the measure gives (优先推荐, 鼓励申报, 适当倾斜): shown to the office and usable to sort a list,
    never a condition of acceptance."""

    kind: PreferenceKind
    label: str = Field(description="the badge's words, e.g. 中小企业, 区政府质量奖")


class OrganisationEligibility(Strict):
    registered_in_city: Cited[bool]
    min_years_operating: Cited[int]
    conditions: list[Checklist]
    exclusions: list[Checklist]
    preferences: list[Preference] = Field(
        default_factory=list, description="preferences, not conditions (Wuhan 第十一条(七), the favoured SMEs)"
    )


class IndividualEligibility(Strict):
    min_years_quality_work: Cited[int]
    work_in_city_required: Cited[bool]
    citizen_required: Cited[bool]
    conditions: list[Checklist]
    exclusions: list[Checklist]


class Eligibility(Strict):
    organisation: OrganisationEligibility
    individual: IndividualEligibility | None = None

    def local_requirement(self, applicant_kind: ApplicantKind | str) -> Cited[bool] | None:
        """Whether an applicant of this kind must be of the city: registered in it (an organisation) or working in it
        (an individual), with the article; None where the city has no rules for individuals."""
        if applicant_kind == ApplicantKind.ORGANISATION:
            return self.organisation.registered_in_city
        return self.individual.work_in_city_required if self.individual else None

    def applies(self, line: Checklist, heads_organisation: bool) -> bool:
        """A line of the checklist holds for this applicant: lines marked for the head of an organisation only
        when the individual heads one (Ordos 第十一条(三), Wuhan 第十二条(五))."""
        return heads_organisation or not line.only_if_heads_organisation


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
    """The winner's yearly self-assessment report (Qujing 第二十四条, Wuhan 第三十三条)."""

    years: Cited[int | None] = Field(description="for how many years after the award; null = every year")
    due: Cited[str] = Field(description="MM-DD each year the report is due")
    applies_to: list[ApplicantKind] = Field(
        default_factory=lambda: [ApplicantKind.ORGANISATION, ApplicantKind.INDIVIDUAL]
    )
    remind_days_before: Cited[int] = Field(description="days before the due date the winner is reminded")
    missed_consequence: Cited[str] = Field(description="what the office records when a report is missed")
    correction_period: Period = Field(description="the time given to correct a missed report (限期改正)")

    @model_validator(mode="after")
    def _due_shape(self):
        if not re.fullmatch(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])", self.due.value):
            raise ValueError(f"due: {self.due.value!r} must be MM-DD")
        return self


class Revisits(Strict):
    """Visits to winners (巡访 / 回访) with findings and a deadline to correct what declined."""

    article: str
    correction_period: Period = Field(description="the time given to correct what a visit found")
    uncorrected_ground: str | None = Field(
        default=None,
        description="the revocation ground a case is opened on when a decline is not corrected in time (Wuhan "
        "第三十三条); null = the measure names none",
    )


class ReEvaluationStep(Sourced):
    """One stage of the 复评 route: who records it and what it is called."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    actor: Role


class ReEvaluation(Strict):
    """复评: a winner asks to keep (or regain) the award; its own route of stages, ending in 'continues valid' (a new
    certificate, the grants marked `again`) or 'lapsed'."""

    article: str
    opens_after_years: Cited[int] = Field(description="years after the award year from which a winner may ask")
    outside_quota: Cited[bool]
    steps: list[ReEvaluationStep] = Field(min_length=1)

    @model_validator(mode="after")
    def _steps(self):
        keys = [s.key for s in self.steps]
        if len(set(keys)) != len(keys):
            raise ValueError("re_evaluation.steps: keys must be unique")
        return self


class RevocationStepKind(StrEnum):
    """The steps of a revocation case, as the measures name them."""

    INVESTIGATION = "investigation"  # 调查核实 / 查证属实
    PROPOSAL = "proposal"  # 提请 / 提出建议
    DECISION = "decision"  # 研究决定 / 取消获奖资格
    REVOCATION = "revocation"  # 撤销奖项 (the last step: the award is revoked)

    @property
    def label(self) -> str:
        return str(REVOCATION_STEP_NAMES[self])


REVOCATION_STEP_NAMES = {
    RevocationStepKind.INVESTIGATION: gettext_lazy("调查核实"),
    RevocationStepKind.PROPOSAL: gettext_lazy("提请撤销"),
    RevocationStepKind.DECISION: gettext_lazy("研究决定"),
    RevocationStepKind.REVOCATION: gettext_lazy("决定撤销"),
}


class RevocationStep(Strict):
    """One step of a revocation procedure: what is done, by which body, and who records it in the portal."""

    kind: RevocationStepKind
    body: str = Field(description="the body the measure names, e.g. 评委会办公室, 评委会, 市人民政府")
    by: Role = Field(description="who records the step in the portal (office or committee)")
    article: str

    @model_validator(mode="after")
    def _article_shape(self):
        if not ARTICLE_RE.match(self.article):
            raise ValueError(f"article {self.article!r} must look like 第N条")
        if self.by not in (Role.OFFICE, Role.COMMITTEE):
            raise ValueError("by: a step is recorded by the office or the committee")
        return self


class PublicNoticeKind(StrEnum):
    """How a revocation is made public, in the measure's word: 公告, 通报, 曝光."""

    ANNOUNCEMENT = "announcement"
    CIRCULAR = "circular"
    EXPOSURE = "exposure"

    @property
    def label(self) -> str:
        return str(PUBLIC_NOTICE_NAMES[self])


PUBLIC_NOTICE_NAMES = {
    PublicNoticeKind.ANNOUNCEMENT: gettext_lazy("公告"),
    PublicNoticeKind.CIRCULAR: gettext_lazy("通报"),
    PublicNoticeKind.EXPOSURE: gettext_lazy("曝光"),
}


class RevocationGround(Checklist):
    """A ground on which an award is revoked; the one(s) after which the fraud bar keeps the applicant out."""

    bars_reapplying: Cited[bool] | None = Field(
        default=None,
        description="a revocation on this ground bars applying again for post_award.fraud_bar; absent = it does not",
    )
    procedure: str | None = Field(
        default=None, description="key into post_award.revocation_procedures: the steps and bodies of a case"
    )
    applies_to: list[ApplicantKind] = Field(
        default_factory=lambda: [ApplicantKind.ORGANISATION, ApplicantKind.INDIVIDUAL]
    )
    within_years: Cited[int] | None = Field(
        default=None, description="a case on this ground may be opened only this many years after the award"
    )
    public_notice: Cited[PublicNoticeKind | None] | None = Field(
        default=None, description="how the revocation is made public (公告, 通报, 曝光); null value = not at all"
    )
    reclaims: Cited[list[GrantKind]] | None = Field(
        default=None, description="what is taken back (收回, 追回, 追缴); absent = the measure names nothing"
    )


class PostAward(Strict):
    validity_years: Cited[int | None]
    yearly_self_assessment: YearlyReport | None = None
    duties: list[Checklist]
    revocation_grounds: list[RevocationGround]
    fraud_bar: Cited[FraudBar | None]
    revocation_public: Cited[bool]
    certificate_issuer: Cited[str] | None = Field(
        default=None, description="the body that issues the certificate (荣誉证书), named on it beside the seal"
    )
    expiry_reminder_days: Cited[int] | None = Field(
        default=None, description="days before the award's validity ends the winner is reminded"
    )
    revisits: Revisits | None = None
    re_evaluation: ReEvaluation | None = None
    revocation_procedures: dict[str, list[RevocationStep]] = Field(
        default_factory=dict, description="named procedures (the steps of a case); each ground names one"
    )

    @model_validator(mode="after")
    def _procedures(self):
        for key, steps in self.revocation_procedures.items():
            if not steps or steps[-1].kind != RevocationStepKind.REVOCATION:
                raise ValueError(f"revocation_procedures.{key}: the last step must be a revocation")
        for ground in self.revocation_grounds:
            if ground.procedure and ground.procedure not in self.revocation_procedures:
                raise ValueError(f"revocation_grounds.{ground.key}.procedure: '{ground.procedure}' is not defined")
        if self.revisits and self.revisits.uncorrected_ground and not self.ground(self.revisits.uncorrected_ground):
            raise ValueError("revisits.uncorrected_ground: not one of the revocation grounds")
        return self

    def procedure_of(self, ground_key: str) -> list[RevocationStep]:
        """The steps of a case on this ground (empty where the rule file names no procedure)."""
        ground = self.ground(ground_key)
        return list(self.revocation_procedures.get(ground.procedure, [])) if ground and ground.procedure else []

    def ground(self, key: str) -> RevocationGround | None:
        return next((g for g in self.revocation_grounds if g.key == key), None)

    def bars_reapplying(self, ground_key: str) -> bool:
        """Whether a revocation on this ground bars applying again (for as long as the fraud bar says)."""
        ground = self.ground(ground_key)
        return bool(ground and ground.bars_reapplying and ground.bars_reapplying.value)


class SanctionConsequence(StrEnum):
    """What a measure says happens to a reviewer who abused the role (besides leaving the pool)."""

    DISQUALIFIED = "disqualified"  # 取消评审资格
    REFERRED = "referred"  # 提请主管部门或所在工作单位处理（纪律处分）
    PUBLIC_NOTICE = "public_notice"  # 向社会公告
    JUDICIARY = "judiciary"  # 涉嫌犯罪的，移送司法机关

    @property
    def label(self) -> str:
        return str(SANCTION_CONSEQUENCE_NAMES[self])

    @property
    def conditional(self) -> bool:
        """Only where the facts call for it (a suspected crime); the others follow every disqualification."""
        return self == SanctionConsequence.JUDICIARY


SANCTION_CONSEQUENCE_NAMES = {
    SanctionConsequence.DISQUALIFIED: gettext_lazy("取消评审资格，移出评审专家库"),
    SanctionConsequence.REFERRED: gettext_lazy("提请其主管部门或所在工作单位依规处理"),
    SanctionConsequence.PUBLIC_NOTICE: gettext_lazy("向社会公告"),
    SanctionConsequence.JUDICIARY: gettext_lazy("涉嫌犯罪的，移送司法机关"),
}


class ReviewerSanctions(Strict):
    """A reviewer who abused the role is disqualified: on which grounds, by whom, with what follows."""

    article: str
    grounds: Cited[list[str]] = Field(description="the conduct the measure names (滥用职权、徇私舞弊…)")
    decided_by: Cited[str] = Field(description="the body that disqualifies, as the measure names it")
    recorded_by: Cited[Role] = Field(description="who records the disqualification in the portal")
    approved_by: Cited[str | None] = Field(description="a body whose approval must be recorded first; null: none")
    consequences: Cited[list[SanctionConsequence]]

    @model_validator(mode="after")
    def _sane(self):
        if self.recorded_by.value not in (Role.OFFICE, Role.SUPERVISOR):
            raise ValueError("reviewer_conduct.sanctions.recorded_by: office or supervisor")
        if not self.grounds.value:
            raise ValueError("reviewer_conduct.sanctions.grounds: at least one")
        if SanctionConsequence.DISQUALIFIED not in self.consequences.value:
            raise ValueError("reviewer_conduct.sanctions.consequences: must include disqualified")
        return self


class ConductRating(Strict):
    """One direction of the conduct ratings (评价): who rates the other side of an assignment, after which
    stage, on which aspects, on a scale of 1..scale."""

    rater: Role = Field(description="applicant (rates the reviewers) or expert (rates the applicant)")
    article: str
    after: Cited[StageKind] = Field(description="the expert stage whose end opens the rating")
    aspects: Cited[list[str]]
    scale: Cited[int]

    @model_validator(mode="after")
    def _sane(self):
        if self.rater not in (Role.APPLICANT, Role.EXPERT):
            raise ValueError("reviewer_conduct.ratings.rater: applicant or expert")
        if not self.after.value.is_scored_by_experts:
            raise ValueError("reviewer_conduct.ratings.after: a stage experts score")
        if not self.aspects.value or not (2 <= self.scale.value <= 10):
            raise ValueError("reviewer_conduct.ratings: at least one aspect, a scale of 2 to 10")
        return self


class ReviewerConduct(Strict):
    """Reviewers' conduct: disqualification, two-way ratings, the pool's performance review."""

    sanctions: ReviewerSanctions
    ratings: list[ConductRating] = Field(default_factory=list, description="empty: the measure rates no one")
    performance_review: Cited[bool] = Field(description="the office reviews each expert's performance yearly")

    @model_validator(mode="after")
    def _one_per_rater(self):
        raters = [r.rater for r in self.ratings]
        if len(set(raters)) != len(raters):
            raise ValueError("reviewer_conduct.ratings: one entry per rater")
        return self


class OfficeContact(Strict):
    """How the public reaches the office (shown on every 公示 page and the objection and complaint forms).
    The measures name the office but not its telephone, address or e-mail: set_by_office values, "" until set;
    a value the office enters in the admin (cities.City) comes first."""

    telephone: Cited[str]
    address: Cited[str]
    email: Cited[str]


class Bodies(Strict):
    deciding_body: Cited[str]
    office: Cited[str]
    approver: Cited[str]
    contact: OfficeContact = Field(description="the office's telephone, address and e-mail for the public")


class Cycle(Strict):
    every_years: Cited[int]
    term_years: Cited[int] = Field(description="a 届; equal to every_years where the measure has no 届")
    name_pattern: str = Field(description="e.g. '{year}年度' or '第{term}届'")


class MeasureStanding(StrEnum):
    """Where the measure stands on a day: in force, a draft, not yet or no longer in force."""

    IN_FORCE = "in_force"
    DRAFT = "draft"
    NOT_YET = "not_yet"
    EXPIRED = "expired"

    @property
    def label(self) -> str:
        return str(MEASURE_STANDING_NAMES[self])

    @property
    def needs_confirmation(self) -> bool:
        """Opening a cycle under this text needs the office's explicit confirmation with a reason."""
        return self != MeasureStanding.IN_FORCE


MEASURE_STANDING_NAMES = {
    MeasureStanding.IN_FORCE: gettext_lazy("现行有效"),
    MeasureStanding.DRAFT: gettext_lazy("草案，尚未正式施行"),
    MeasureStanding.NOT_YET: gettext_lazy("尚未施行"),
    MeasureStanding.EXPIRED: gettext_lazy("已过有效期"),
}


class Measure(Strict):
    """The text itself: its title and number, and when it is in force (typed and cited)."""

    title: str
    document_number: str = ""
    source_file: str
    published: date | None = None
    status: str = Field(description="the measure's own words on when it is in force, as shown beside its title")
    # The three below are absent only in rule sets stored before these keys (tests/cities checks every rule file
    # states them); such a version is read as in force.
    draft: Cited[bool] | None = Field(
        default=None, description="the text is a draft (审议稿, 征求意见稿), not a measure in force"
    )
    in_force_from: Cited[date | None] | None = Field(
        default=None, description="the first day the measure is in force; null value = the text names no day yet"
    )
    in_force_until: Cited[date | None] | None = Field(
        default=None, description="the last day the measure is in force; null value = no end in the text"
    )
    valid_years: Cited[int] | None = Field(
        default=None, description="the text is valid this many years from the day it is in force (Wuhan 第三十七条)"
    )

    @property
    def last_day(self) -> date | None:
        """The last day in force: the text's own, else from the first day and the years of validity."""
        if self.in_force_until and self.in_force_until.value:
            return self.in_force_until.value
        first = self.in_force_from.value if self.in_force_from else None
        if first and self.valid_years:
            try:
                return first.replace(year=first.year + self.valid_years.value) - timedelta(days=1)
            except ValueError:  # 29 February
                return first.replace(year=first.year + self.valid_years.value, day=28)
        return None

    def standing_on(self, day: date) -> MeasureStanding:
        if self.draft and self.draft.value:
            return MeasureStanding.DRAFT
        first = self.in_force_from.value if self.in_force_from else None
        if first and day < first:
            return MeasureStanding.NOT_YET
        last = self.last_day
        if last and day > last:
            return MeasureStanding.EXPIRED
        return MeasureStanding.IN_FORCE

    def standing_source(self, standing: MeasureStanding) -> Sourced | None:
        """The cited value that makes the text a draft, not yet or no longer in force."""
        if standing == MeasureStanding.DRAFT:
            return self.draft
        if standing == MeasureStanding.NOT_YET:
            return self.in_force_from
        if standing == MeasureStanding.EXPIRED:
            return self.in_force_until if self.in_force_until and self.in_force_until.value else self.valid_years
        return None


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


class ObjectionHandling(Strict):
    """Who deals with an objection to the city's 公示 (the city's own, not a recommender unit's local one):
    who investigates it, who proposes the outcome (sustain → cancel the candidate, or dismiss), who decides.
    Consecutive steps of one role are one step in the portal; where one role does all three it is one step."""

    investigates: Cited[Role]
    proposes: Cited[Role]
    decides: Cited[Role]
    dismissal_needs_decision: Cited[bool] = Field(
        description="true: a finding that the objection is unfounded also goes to the deciding body; "
                    "false: the body that investigated dismisses it (the measure names the decider only to cancel)"
    )
    outcome_reported_to: Cited[Role] | None = Field(
        default=None, description="a body told the outcome when it took no step (郴州 第三十四条: 并向评委会通报); "
                                  "null where the measure asks for no such report")

    @model_validator(mode="after")
    def _roles(self):
        if self.outcome_reported_to and self.outcome_reported_to.value not in (Role.OFFICE, Role.COMMITTEE):
            raise ValueError("objections.outcome_reported_to: the office or the committee")
        for name in ("investigates", "proposes", "decides"):
            if getattr(self, name).value not in (Role.OFFICE, Role.COMMITTEE):
                raise ValueError(f"objections.{name}: the office or the committee")
        return self


class ComplaintHandling(Strict):
    """Complaints about the award's process (投诉举报) from anyone: who receives, investigates and answers them."""

    received_by: Cited[Role]

    @model_validator(mode="after")
    def _role(self):
        if self.received_by.value not in (Role.OFFICE, Role.COMMITTEE):
            raise ValueError("complaints.received_by: the office or the committee")
        return self


class Watched(StrEnum):
    """What a city's supervisors watch (read only): the recommendation, the review and selection, the objections to
    a publicity, or the whole process."""

    RECOMMENDATION = "recommendation"  # 推荐
    REVIEW = "review"  # 评审、评选
    OBJECTIONS = "objections"  # 异议处理
    WHOLE_PROCESS = "whole_process"  # 全过程监督

    @property
    def label(self) -> str:
        return str(WATCHED_NAMES[self])


WATCHED_NAMES = {
    Watched.RECOMMENDATION: gettext_lazy("推荐"),
    Watched.REVIEW: gettext_lazy("评选"),
    Watched.OBJECTIONS: gettext_lazy("异议处理"),
    Watched.WHOLE_PROCESS: gettext_lazy("评审工作全过程"),
}


class Dissolution(StrEnum):
    """When a supervisory group appointed per 届 is dissolved (its members' access ends with it)."""

    TERM_WORK_ENDS = "term_work_ends"  # 当届评审工作结束后即解散: no application of the 届 is still in progress


class MemberKind(Strict):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str


class SupervisoryGroup(Strict):
    """A group of supervisors the office appoints for one 届 (Jinan 评审监督小组, 第九条)."""

    member_kinds: Cited[list[MemberKind]] = Field(description="the kinds of people the group is made of")
    rotation_share: Cited[float] = Field(
        description="at least this share of a 届's members were not members of the previous 届's group (0 < share ≤ 1)"
    )
    dissolves: Cited[Dissolution] = Field(description="when the group is dissolved; its members' access ends then")
    opinions_before: Cited[StageKind | None] = Field(
        description="the stage whose list the office may confirm only once the group has given a written opinion "
        "(Jinan 第十六条: the candidate list); null: opinions are not required"
    )

    @model_validator(mode="after")
    def _group(self):
        if not 0 < self.rotation_share.value <= 1:
            raise ValueError("rotation_share: must be more than 0 and at most 1")
        if not self.member_kinds.value:
            raise ValueError("member_kinds: name at least one kind")
        return self

    def member_kind(self, key: str) -> MemberKind | None:
        return next((k for k in self.member_kinds.value if k.key == key), None)


class Supervision(Strict):
    """Who supervises the award's process (read only) and what they see."""

    body: Cited[str] = Field(description="the supervising body as the measure names it")
    watches: Cited[list[Watched]] = Field(description="what the supervisors read")
    audit_trail: Cited[bool] = Field(description="the supervisors read each application's audit trail")
    group: SupervisoryGroup | None = Field(
        default=None, description="a group appointed per 届 by the office (members by kind, rotated, dissolved)"
    )

    @model_validator(mode="after")
    def _watches(self):
        if not self.watches.value:
            raise ValueError("watches: name at least one thing the supervisors watch")
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
    reviewer_conduct: ReviewerConduct | None = Field(
        default=None, description="reviewers' disqualification, the two-way conduct ratings and the pool's "
                                  "performance review; the default (none) only reads rule sets stored before this key")
    supervision: Supervision | None = Field(
        default=None,
        description="the supervisors of the process (Jinan 第九条, Qujing 第二十七条); none: the measure names none",
    )
    objections: ObjectionHandling | None = Field(
        default=None, description="who investigates, proposes and decides an objection to the city's 公示; "
                                  "the default (none) only reads rule sets stored before this key: the office alone")
    complaints: ComplaintHandling | None = Field(
        default=None, description="who receives complaints about the process; the default (none) only reads "
                                  "rule sets stored before this key: the office")

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
    def _supervision_consistent(self):
        group = self.supervision.group if self.supervision else None
        stage = group.opinions_before.value if group else None
        # the office confirms a list only at the ranking stage and after the shortlist's stage (the ranking board)
        lists = {StageKind.RANKING, self.ranking.shortlist.after} if self.ranking else set()
        if stage is not None and (self.stage(stage) is None or stage not in lists):
            raise ValueError(f"supervision.group.opinions_before: '{stage.value}' is not a stage whose list the office "
                             "confirms here (the ranking, or the stage the shortlist is cut after)")
        return self

    @model_validator(mode="after")
    def _consistent(self):
        kinds = {k.key for k in self.award_kinds}
        if len(kinds) != len(self.award_kinds):
            raise ValueError("award_kinds: keys must be unique")
        for kind in self.award_kinds:
            source = kind.drawn_from.value if kind.drawn_from else None
            if source is not None:
                base = next((k for k in self.award_kinds if k.key == source), None)
                if base is None or base.applicant_kind != kind.applicant_kind or base.drawn_from_key:
                    raise ValueError(f"award_kinds.{kind.key}.drawn_from: '{source}' is not an award kind of the same "
                                     "applicants that is applied for")
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
    def drawn_from_ranking_of(self, award_key: str) -> list[AwardKind]:
        """The award kinds whose candidates are drawn from this award's ranking (Wuhan 第二十三条)."""
        return [k for k in self.award_kinds if k.drawn_from_key == award_key]

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

"""Demo data so that every city shows every stage its rules have (run by `manage.py setup_demo` after the others).

Per city, on top of what the other demo modules made:
- one application resting at each status of the city's route that nothing else filled yet (every stage of the
  organisations' and individuals' routes, the supplement loop, 未获奖, 已撤回, 已撤销): each walked there by
  demo.walk.walk_to and the domain's own steps, never by setting a status;
- at a stage passed after a period (推荐单位公示, 公开征求意见, 拟奖名单公示) the period is open now: the 公示
  with a pending objection (awards.domain.publicity.file_objection), for 公开征求意见 with a comment;
- a revoked award (honours.domain.revocation, every step of the ground's procedure);
- complaints about the process (one new, one answered), the supervisory group's written opinion where the rules
  appoint one, and where the two sides of a site review rate each other, an application past it with the ratings;
- an earlier cycle's winner (`EARLIER`: as many years back as the 复评 waits, at least 2), with its yearly reports
  overdue where the rules ask for them, a 复评 requested where the rules have one and a revocation case open at
  its second step. The portal has no way to record a past award, so that cycle is opened for its year now (its
  call published three days ago) and walked like the others.
Idempotent: a status already present is not filled twice; the rest is made once per city.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from awards.domain import complaints, lifecycle, publicity
from awards.domain.applications import start_application
from awards.domain.cycles import Confirmation, confirmation_needed, open_cycle
from awards.models import Application, Complaint, Cycle, Organisation, RecommenderUnit
from awards.workflow import Status
from cities.models import City
from cities.schema import ApplicantKind, CityRules, RevocationStepKind, Role
from demo import reviews as demo_reviews
from demo.base import PUBLICITY_AGO, RECOMMENDED, _organisation, _user, each_city
from demo.walk import Cast, hold_publicity, walk_to
from honours.domain import duties, re_evaluation, revocation
from honours.models import RevocationCase
from reviews.domain import consensus, panels, ratings, stage_inputs, supervision
from reviews.domain.consensus import AgreedEntry
from reviews.models import ConductRating, Expert, Panel, SupervisionOpinion

SINCE = PUBLICITY_AGO + PUBLICITY_AGO  # the walks' periods start this long ago, so they are over by today
EARLIER = 2  # the earlier cycle is at least this many years back (a yearly report of the year after is overdue)
FIRST_ORG = 40  # the demo organisations made here: credit codes from this number on (demo.base uses 1–31)
EARLIER_ORG = 59  # and the earlier cycle's (its one winner is number 60: the name of NAMES[0])
NAMES = ["华信", "恒通", "宏达", "振兴", "永泰", "天成", "鼎盛", "瑞丰", "安泰", "金桥", "博远", "德润", "嘉禾", "锦程",
         "同创", "远航", "新元", "广利", "丰源", "兴业"]  # by number mod 20: the 40s and 50s use 1–19
REASONS = {
    Status.NOT_SELECTED: "评审得分未达到进入下一阶段的要求，终止评审（演示）。",
    Status.REVOKED: "经查实，申报材料中的质量指标数据存在虚报（演示）。",
}


def resting_states(rules: CityRules) -> list[str]:
    """Every status an application of the city can rest at: a draft, each stage of its routes (organisations and
    individuals), the supplement loop and the ends."""
    route = [s.kind.value for kind in ApplicantKind for s in rules.stages_for(kind)]
    stages = list(dict.fromkeys(route))
    return [Status.DRAFT.value, *stages, Status.SUPPLEMENT_REQUESTED.value, Status.AWARDED.value,
            Status.NOT_SELECTED.value, Status.INELIGIBLE.value, Status.WITHDRAWN.value, Status.REVOKED.value]


class Maker:
    """Makes one more demo organisation's application in a cycle and walks it to a stage."""

    def __init__(self, city: City, cycle: Cycle, cast: Cast, today: datetime.date, contact: User,
                 first: int = FIRST_ORG):
        self.city, self.cycle, self.cast, self.today, self.contact = city, cycle, cast, today, contact
        self.rules = cycle.rules
        self.kinds = [k for k in self.rules.award_kinds if k.applicant_kind == ApplicantKind.ORGANISATION]
        self.n = first + Organisation.objects.filter(city=city, group__user=contact).count()

    def new(self, award_index: int = 0) -> Application:
        self.n += 1
        word = NAMES[self.n % len(NAMES)]
        org = _organisation(self.city, self.n, f"{self.city.name[:-1]}{word}实业有限公司",
                            members=[self.contact])
        kind = self.kinds[award_index % len(self.kinds)]
        return start_application(cycle=self.cycle, award_kind=kind.key, organisation=org,
                                 recommender=self.cast.recommender_unit)

    def at(self, stage: str, award_index: int = 0) -> Application:
        application = self.new(award_index)
        walk_to(application, stage, cast=self.cast, since=self.today - SINCE, reason=RECOMMENDED)
        application.refresh_from_db()
        return application


def _open_period(maker: Maker, application: Application):
    """The period of the application's stage, published to start today (so it is open now)."""
    stage = maker.rules.stage(application.status)
    return hold_publicity(application, stage, maker.cast, maker.today)


def _fill(maker: Maker, status: str) -> None:
    rules, cast, office = maker.rules, maker.cast, maker.cast.office
    stage = rules.stage(status)
    if stage is not None:
        application = maker.at(status)
        if stage.advance_after_period:
            notice = _open_period(maker, application)
            entry = notice.entries.get(application=application)
            if status == Status.PUBLICITY:
                publicity.file_objection(entry, name="王先生（演示）", contact="wang.demo@example.cn",
                                         text="该单位去年曾发生产品质量投诉未及时处理，请核实（演示异议）。")
            elif status == Status.PUBLIC_COMMENT:
                stage_inputs.file_comment(entry, name="市民李女士（演示）", contact="li.demo@example.cn",
                                          text="该单位售后服务评价较好，支持（演示意见）。")
    elif status == Status.NOT_SELECTED:
        route = [s.kind.value for s in rules.stages_for(ApplicantKind.ORGANISATION)]
        application = maker.at(route[route.index(Status.ELIGIBILITY) + 1])  # stopped at the review after it
        lifecycle.perform(application, "stop", office, reason=REASONS[status])
    elif status == Status.WITHDRAWN:
        application = maker.at(Status.ELIGIBILITY)
        lifecycle.perform(application, "withdraw", maker.contact)
    elif status == Status.REVOKED:
        application = maker.at(Status.AWARDED, award_index=1)
        case = _open_case(application, office)
        while revocation.next_step(case) is not None:
            _record(case, cast)
            case.refresh_from_db()
    elif status == Status.AWARDED:
        maker.at(Status.AWARDED, award_index=1)
    # draft, the supplement loop and 不予受理 come from demo.base; nothing else to fill


def _open_case(application: Application, office: User) -> RevocationCase:
    ground = revocation.grounds_for(application)[0]
    return revocation.open_case(application, ground=ground.key, actor=office, summary=REASONS[Status.REVOKED])


def _record(case: RevocationCase, cast: Cast) -> None:
    step = revocation.next_step(case)
    actor = cast.for_role(step.by)
    final = step.kind == RevocationStepKind.REVOCATION  # the government's decision: its 文号 and date
    today = timezone.localdate()
    revocation.record_step(case, actor=actor, agreed=True, note=f"{step.body}：查证属实，同意（演示）。",
                           document_number=f"撤销决定〔{today.year}〕1号" if final else "",
                           decided_on=today if final else None)


def _complaints(city: City, cast: Cast) -> None:
    if Complaint.objects.filter(city=city).exists():
        return
    complaints.file_complaint(city, name="匿名企业（演示）", contact="0000-00000000",
                              text="资格审查阶段材料退回未说明理由，请核查（演示投诉）。")
    answered = complaints.file_complaint(city, name="张先生（演示）", contact="zhang.demo@example.cn",
                                         text="现场评审时间安排临时变更，未提前通知（演示投诉）。")
    handler = cast.for_role(complaints.receiver_role(complaints.rules_of(city)))
    complaints.take_up(answered, actor=handler, note="已调阅评审组日程安排。")
    complaints.answer(answered, actor=handler, findings="日程因专家回避调整，已补发通知。",
                      answer_text="经核实，现场评审时间因专家回避调整，评审办公室已补发书面通知并致歉。")


def _opinion(cycle: Cycle, cast: Cast) -> None:
    group = supervision.group_rules(cycle)
    if group is None or cast.supervisor is None or SupervisionOpinion.objects.filter(cycle=cycle).exists():
        return
    if not supervision.is_member(cast.supervisor, cycle):
        return
    concerns = supervision.supervision_of(cycle).watches.value[0].value
    supervision.record_opinion(cycle, cast.supervisor, concerns=concerns,
                               text="推荐和评审程序符合规定，专家回避执行到位（演示书面监督意见）。")


def _ratings(maker: Maker) -> None:
    """Where the rules have the two sides of a review rate each other (郴州 第三十二条, 鄂尔多斯 第二十五条): one
    application past the stage they rate, its panel's sheets and consensus recorded, and each side's rating."""
    rules, cycle, office = maker.rules, maker.cycle, maker.cast.office
    directions = rules.reviewer_conduct.ratings if rules.reviewer_conduct else []
    if not directions or ConductRating.objects.filter(assignment__application__cycle=cycle).exists():
        return
    stage = directions[0].after.value
    pool = list(Expert.objects.filter(city=maker.city, user__username__in=[
        f"{maker.city.code}_expert{i}" for i in (1, 2, 3)]).order_by("user__username"))
    if len(pool) < 3:
        return
    application = maker.at(stage)
    grouping = {"industry": "制造业", "sector": "secondary"}.get(rules.panel.formed_by.value, "")
    panel = Panel.objects.filter(cycle=cycle, stage=stage).first() or panels.form_panel(
        cycle=cycle, stage=stage, name="现场评审第一组", actor=office, grouping=grouping,
        members=[(pool[0], True), (pool[1], False), (pool[2], False)])
    assignments = panels.assign(panel, application, office)
    for assignment in assignments:
        panels.declare(assignment, assignment.expert.user, has_conflict=False, pledge=True)
    for assignment, base in zip(assignments, (70, 75, 80), strict=True):
        demo_reviews._score(assignment, base)
    leader = panels.leader_of(panel).user
    consensus.record(panel, application, leader, {
        row.code: AgreedEntry(row.suggested, f"{row.name}：现场查验与材料一致。", f"{row.name}：基层展开不够。")
        for row in consensus.compare(panel, application).rows
    }, report="现场评审报告：现场查验情况与申报材料基本一致（演示）。")
    route = [s.kind.value for s in rules.stages_for(ApplicantKind.ORGANISATION)]
    walk_to(application, route[route.index(stage) + 1], cast=maker.cast, since=maker.today - SINCE)
    for direction in directions:
        for assignment in assignments:
            assignment.application = application  # walked on: the stage is over
            rater = maker.contact if direction.rater == Role.APPLICANT else assignment.expert.user
            ratings.rate(assignment, rater, direction.rater, scores={a: "5" for a in direction.aspects.value},
                         comment="守时守纪，沟通顺畅（演示评价）。")


def _earlier(city: City, cast: Cast, today: datetime.date) -> list[tuple[str, str]]:
    """An earlier cycle's winner: overdue yearly reports where the rules ask for them, a 复评 where they have one,
    and a revocation case open against it (at its second step)."""
    rules = city.current_rules().rules
    back = EARLIER
    if rules.post_award.re_evaluation is not None:
        back = max(back, rules.post_award.re_evaluation.opens_after_years.value)
    year = today.year - back
    if Cycle.objects.filter(city=city, year=year).exists():
        return []
    published = today - datetime.timedelta(days=3)
    needed = confirmation_needed(rules.measure, published)
    cycle = open_cycle(city, year=year, call_published_on=published, confirmation=Confirmation(
        actor=cast.office, reason=f"示例数据：{needed}，评审办公室确认按该文本开展评定") if needed else None)
    contact = _user(f"{city.code}_past_awardee", f"{city.name}往届获奖单位联系人")
    winner = Maker(city, cycle, cast, today, contact, first=EARLIER_ORG).at(Status.AWARDED)
    duties.schedule(winner, today)
    duties.mark_overdue(today)
    if re_evaluation.may_request(winner, today):
        re_evaluation.request(winner, contact, note="获奖已满规定年限，申请复评（演示）。")
    if not RevocationCase.objects.filter(application__cycle__city=city, state=RevocationCase.State.OPEN).exists():
        _record(_open_case(winner, cast.office), cast)  # the case waits at its second step (the winner is not told)
    return [(contact.username, f"{city.name}往届获奖单位：逾期的年度自评报告、复评申请")]


def build_city(city: City, today: datetime.date) -> list[tuple[str, str]]:
    cycle = Cycle.objects.filter(city=city, year=today.year).first()
    office = User.objects.filter(username=f"{city.code}_office").first()
    unit = RecommenderUnit.objects.filter(city=city).order_by("pk").first()
    if cycle is None or office is None or unit is None:
        return []
    cast = Cast(office=office, committee=User.objects.filter(username=f"{city.code}_committee").first(),
                supervisor=User.objects.filter(username=f"{city.code}_supervisor").first(),
                recommender=unit.group.user_set.order_by("pk").first(), recommender_unit=unit)
    contact = _user(f"{city.code}_stages", f"{city.name}演示单位联系人（各阶段）")
    _opinion(cycle, cast)
    maker = Maker(city, cycle, cast, today, contact)
    present = set(cycle.applications.values_list("status", flat=True))
    for status in resting_states(cycle.rules):
        if status not in present:
            _fill(maker, status)
    _complaints(city, cast)
    _ratings(maker)
    logins = _earlier(city, cast, today)
    return [(contact.username, f"{city.name}演示单位：每个阶段各有一份申报"), *logins]


def build_demo(today: datetime.date | None = None) -> list[tuple[str, str]]:
    return each_city(build_city, today)

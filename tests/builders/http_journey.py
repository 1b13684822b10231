"""One application of a city driven from sign-up to 获奖 through the portal's pages, as the people its rules
name would click: one Django test client per person (applicant, recommender, office, experts, committee
members, the public). The route is the city's own (`rules.stages_for`), each stage driven by what its kind
and actor say; the clock moves with time_machine and the scheduler (`awards.tasks.close_due_publicities`)
closes the periods that end by themselves.

Setup only (not steps a person takes on a page): the cycle, the office/committee/recommender users and the
experts of the pool (tests.factories, tests.builders).
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.contrib.messages import constants as message_levels
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards import tasks
from awards.credit_code import make_credit_code
from awards.models import Application, Organisation, Publicity
from awards.workflow import Status
from cities.schema import Role, StageKind
from reviews.domain import supervision

from .. import factories
from .intake import PDF, complete_values, signatures
from .journeys import Cast, at
from .review import make_expert

PASSWORD = "Portal-Pass-2026"
PUBLISHED = datetime.date(2026, 9, 1)  # the call; applications close 20 working days later
START = datetime.date(2026, 9, 14)  # a Monday: the applicant signs up and submits
AWARD_KIND = "mayor_org"  # the organisations' 市长质量奖 every city gives
PERCENT = 90  # every expert and every consensus: 90% of each item (above every city's score line)
PCT_FIELD = re.compile(r'name="pct-([^"]+)"')
VERDICT_FIELD = re.compile(r'name="verdict__([^"]+)"')


class StepFailed(AssertionError):
    """A page refused a step: the message the person read."""


@dataclass
class Person:
    """One person at their own browser (a Django test client), signed in as `user`."""

    user: object
    role: str
    client: Client = field(default_factory=Client)

    def _signed_in(self) -> Client:
        # The journey lives through months; a session signed in before the clock moved may have expired.
        if self.user is not None:
            self.client.force_login(self.user)
        return self.client

    def get(self, url: str, *, expect=200):
        response = self._signed_in().get(url)
        if response.status_code != expect:
            raise StepFailed(f"{self.role} GET {url}: {response.status_code}")
        return response

    def page(self, url: str) -> str:
        return self.get(url).content.decode()

    def post(self, url: str, data=None, *, content_type=None):
        """POST as the form does; follow the redirect and fail on any error message the page shows."""
        client = self._signed_in()
        if content_type:
            response = client.post(url, data, content_type=content_type)
            if response.status_code != 200:
                raise StepFailed(f"{self.role} POST {url}: {response.status_code} {response.content[:300]!r}")
            return response
        response = client.post(url, data or {}, follow=True)
        context = response.context or {}
        if response.status_code != 200:
            raise StepFailed(f"{self.role} POST {url}: {response.status_code} {context.get('error', '')}")
        errors = [str(m) for m in context.get("messages", []) if m.level >= message_levels.WARNING]
        if errors:
            raise StepFailed(f"{self.role} POST {url}: " + " / ".join(errors))
        return response


def upload(name: str, content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class HttpJourney:
    """One city's open cycle, its people, and one organisation's application driven page by page.

    `traveller` is a started time_machine travel (tests.builders.journeys.at); the journey moves it when a
    period has to pass.
    """

    def __init__(self, code: str, traveller, *, start: datetime.date = START, serial: int = 1):
        self.code = code
        self.traveller = traveller
        traveller.move_to(at(start))
        self.cycle = factories.cycle_for(code, published=PUBLISHED)
        self.rules = self.cycle.rules
        self.cast = Cast(code)
        self.office = Person(self.cast.office, "office")
        self.recommender = Person(self.cast.recommender, "recommender")
        self.committee = [Person(self.cast.committee, "committee")] + [
            Person(factories.city_user(code, Role.COMMITTEE), "committee") for _ in range(2)]
        self.experts = [make_expert(code, f"{code}专家{i + 1}", industry_expert=True, username=f"{code}_journey_{i}")
                        for i in range(3)]
        self.expert_people = {e.pk: Person(e.user, "expert") for e in self.experts}
        self.public = Person(None, "public")
        self.serial = serial
        self.applicant: Person | None = None
        self.application: Application | None = None
        self.panels: dict[str, int] = {}

    # -- the applicant ---------------------------------------------------------------------------------------
    def sign_up_and_submit(self) -> Application:
        """Sign up as an organisation, start the city's 市长质量奖, fill the form (autosave, then save), upload
        the 自评报告 and evidence, read the missing list, submit."""
        credit_code = make_credit_code(900000 + self.serial * 10 + len(self.code))
        username = f"{self.code}_applicant_{self.serial}"
        signup = Client()
        response = signup.post(reverse("applicant:signup_organisation"), {
            "username": username, "full_name": "张申报", "email": f"{username}@example.cn", "password": PASSWORD,
            "password2": PASSWORD, "credit_code": credit_code, "org_name": f"{self.cycle.city.name}示范制造有限公司",
            "city": self.cycle.city.pk, "legal_person": "1", "founded_on": "2010-03-01", "industry": "制造业",
            "industry_section": "C",
        })
        assert response.status_code == 200 and "注册申请已提交" in response.content.decode(), \
            response.content.decode()[:2000]
        signup.force_login(User.objects.get(username=username))  # signing in with the password chosen
        organisation = Organisation.objects.get(credit_code=credit_code)
        self.applicant = Person(organisation.group.user_set.get(username=username), "applicant")
        self.applicant.client = signup  # the same browser, signed in after the sign-up
        self.applicant.post(reverse("applicant:start", args=[self.cycle.pk]),
                            {"award_kind": AWARD_KIND, "who": f"org:{organisation.pk}"})
        self.application = Application.objects.get(organisation=organisation, cycle=self.cycle)
        pk = self.application.pk
        values = complete_values(self.application)
        first = dict(list(values.items())[:3])
        saved = self.applicant.post(reverse("applicant:autosave", args=[pk]), json.dumps(first),
                                    content_type="application/json").json()
        assert saved["ok"], saved
        values["recommender"] = str(self.cast.recommender_unit.pk)
        self.applicant.post(reverse("applicant:edit", args=[pk]), values)
        self.applicant.post(reverse("applicant:upload", args=[pk]),
                            {"kind": "self_assessment", "secret_kind": "", "files": [upload("自评报告.pdf")]})
        self.applicant.post(reverse("applicant:upload", args=[pk]),
                            {"kind": "evidence", "secret_kind": "", "files": [upload("质量管理体系证书.pdf")]})
        check = self.applicant.page(reverse("applicant:check", args=[pk]))
        assert "可以提交" in check, check
        self.applicant.post(reverse("applicant:submit", args=[pk]), signatures(self.application))
        return self.refresh()

    def refresh(self) -> Application:
        self.application.refresh_from_db()
        return self.application

    @property
    def status(self) -> str:
        return self.refresh().status

    # -- the clock and the scheduler ---------------------------------------------------------------------------
    def today(self) -> datetime.date:
        return timezone.localdate()

    def wait_until(self, day: datetime.date) -> None:
        if day > self.today():
            self.traveller.move_to(at(day))

    def scheduler(self) -> list[int]:
        """The beat's daily run: close the publicities whose period is over (not a person)."""
        return tasks.close_due_publicities()

    def live_through(self, notice: Publicity) -> None:
        """The period passes: the day after its end, the scheduler runs."""
        self.wait_until(notice.ends_on + datetime.timedelta(days=1))
        self.scheduler()

    # -- the route ---------------------------------------------------------------------------------------------
    def route(self) -> list[str]:
        return [s.kind.value for s in self.rules.stages_for(self.application.applicant_kind)]

    def drive_to(self, target: str) -> Application:
        """Sign up and submit if not done, then pass each stage of the city's route until `target`."""
        if self.application is None:
            self.sign_up_and_submit()
        while self.status != target:
            before = self.status
            stage = self.rules.stage(before)
            if stage is None:
                raise StepFailed(f"{self.application.reference} stands at {before}, not on the route")
            self.pass_stage(stage)
            if self.status == before:
                raise StepFailed(f"{self.application.reference} did not leave {before}")
        return self.application

    def pass_stage(self, stage) -> None:
        kind = stage.kind
        if kind == StageKind.RECOMMENDATION:
            self.recommend("经审核，同意推荐。")
        elif kind == StageKind.LOCAL_PUBLICITY:
            self.local_publicity()
        elif kind == StageKind.ELIGIBILITY:
            self.eligibility()
        elif kind.is_scored_by_experts:
            self.expert_stage(kind.value)
        elif kind == StageKind.SATISFACTION_SURVEY:
            self.survey()
        elif kind == StageKind.PUBLIC_COMMENT:
            self.public_comment()
        elif kind == StageKind.RANKING:
            self.confirm_list("ranking")
        elif kind == StageKind.COMMITTEE_DECISION:
            self.committee_sitting()
        elif kind == StageKind.PUBLICITY:
            self.publicity()
        else:
            raise StepFailed(f"no page drives {kind.value} (government approval: approve())")

    # -- the recommender ---------------------------------------------------------------------------------------
    def recommend(self, opinion: str) -> None:
        pk = self.application.pk
        assert self.application.reference in self.recommender.page(reverse("recommender:queue"))
        self.recommender.page(reverse("recommender:detail", args=[pk]))
        self.recommender.post(reverse("recommender:act", args=[pk]), {"action": "recommend", "opinion": opinion})

    def local_publicity(self) -> None:
        """The unit publishes its local publicity, the period passes, the unit recommends."""
        pk = self.application.pk
        self.recommender.post(reverse("recommender:publish"), {"applications": [pk], "back": pk})
        notice = Publicity.objects.get(stage=Status.LOCAL_PUBLICITY, entries__application=self.application)
        assert self.application.applicant_name in self.public.page(reverse("public:publicity_detail",
                                                                           args=[notice.pk]))
        self.live_through(notice)
        self.recommend("公示期满无异议，同意推荐。")

    # -- the office: eligibility ----------------------------------------------------------------------------
    def eligibility(self) -> None:
        pk = self.application.pk
        page = self.office.page(reverse("office:application", args=[pk]))
        fields = VERDICT_FIELD.findall(page)
        assert fields, "the checklist shows no lines"
        answers = {}
        for name in dict.fromkeys(fields):
            answers[f"verdict__{name}"] = "meets"
            answers[f"note__{name}"] = ""
        self.office.post(reverse("office:save_check", args=[pk]), answers)
        self.office.post(reverse("office:accept", args=[pk]), {"note": "经资格审查，符合申报条件，予以受理。"})

    # -- experts -------------------------------------------------------------------------------------------
    def _grouping(self) -> str:
        return {"industry": "制造业", "sector": "secondary"}.get(self.rules.panel.formed_by.value, "")

    def form_panel(self, stage: str) -> int:
        """The office forms the stage's panel of the three experts (the first leads) and assigns the application."""
        if stage not in self.panels:
            self.office.page(reverse("office:panels"))
            response = self.office.post(reverse("office:panels"), {
                "cycle": self.cycle.pk, "stage": stage, "name": f"{stage}评审组", "grouping": self._grouping(),
                "experts": [e.pk for e in self.experts], "leader": str(self.experts[0].pk), "sections": ["C"],
            })
            self.panels[stage] = response.resolver_match.kwargs["pk"]
        panel = self.panels[stage]
        self.office.post(reverse("office:panel_assign", args=[panel]), {"application": self.application.pk})
        return panel

    def expert_stage(self, stage: str) -> None:
        panel_pk = self.form_panel(stage)
        app = self.application
        for expert in self.experts:
            person = self.expert_people[expert.pk]
            assignment = app.expert_assignments.get(panel_id=panel_pk, expert=expert)
            person.page(reverse("experts:queue"))
            person.post(reverse("experts:declare", args=[assignment.pk]),
                        {"conflict": "no", "pledge": "on", "note": ""})
            person.page(reverse("experts:materials", args=[assignment.pk]))
            sheet_url = reverse("experts:sheet", args=[assignment.pk])
            codes = PCT_FIELD.findall(person.page(sheet_url))
            data = {"action": "submit", "opinion": f"{expert.name}：总体良好，建议持续改进。"}
            for code in dict.fromkeys(codes):
                data |= {f"pct-{code}": PERCENT, f"str-{code}": "方法系统，展开充分", f"opp-{code}": "测量分析可加强"}
            person.post(sheet_url, data)
        leader = self.expert_people[self.experts[0].pk]
        url = reverse("experts:consensus", args=[panel_pk, app.pk])
        codes = PCT_FIELD.findall(leader.page(url))
        data = {"report": "评审组一致认为该组织质量管理成效显著。"}
        for code in dict.fromkeys(codes):
            data |= {f"pct-{code}": PERCENT, f"str-{code}": "优势明显", f"opp-{code}": "持续改进", f"cmt-{code}": ""}
        leader.post(url, data)
        if self.rules.ranking is not None and self.rules.ranking.shortlist.after == stage:
            self.confirm_list("shortlist")  # after the cut stage only the confirmed list moves applications on
        else:
            self.office.post(reverse("office:advance", args=[panel_pk, app.pk]))

    # -- the office: stage inputs -----------------------------------------------------------------------------
    def survey(self) -> None:
        """The office enters the agency's survey result, then passes the stage on the results page."""
        self.office.post(reverse("office:survey", args=[self.application.pk]),
                         {"score": "92.5", "agency": "某满意度测评中心",
                          "summary": "抽样调查顾客1000户，满意度指数92.5。"})
        results = reverse("office:results", args=[self.cycle.pk])
        assert reverse("office:survey_advance", args=[self.application.pk]) in self.office.page(results)
        self.office.post(reverse("office:survey_advance", args=[self.application.pk]))

    def public_comment(self) -> None:
        """The office publishes the results for comment on its results page; the public comments on the public
        page, the office reads it, the period passes and the scheduler closes it."""
        self.office.post(reverse("office:publish_comments", args=[self.cycle.pk]))
        notice = Publicity.objects.get(cycle=self.cycle, stage=Status.PUBLIC_COMMENT)
        entry = notice.entries.get()
        self.public.post(reverse("public:comment_form", args=[notice.pk]),
                         {"entry": entry.pk, "name": "市民王某", "contact": "13900000000", "text": "产品口碑良好。"})
        assert "产品口碑良好" in self.office.page(reverse("office:comments", args=[notice.pk]))
        self.live_through(notice)

    # -- the office: the ranking board -------------------------------------------------------------------------
    def quota(self) -> str:
        return next(q.key for q in self.rules.quotas if self.application.award_kind in q.award_kinds)

    def supervisors_opinion(self) -> None:
        """Where the rules ask for the supervisory group's written opinion before the candidate list (Jinan 第九条,
        第十六条): the office appoints the 届's group on its page and a member writes the opinion on theirs."""
        if supervision.opinion_missing(self.cycle, StageKind.RANKING.value) is None:
            return
        member = factories.UserFactory(username=f"{self.code}_journey_supervisor{self.serial}")
        kind = self.rules.supervision.group.member_kinds.value[0].key
        self.office.post(reverse("office:supervision", args=[self.cycle.pk]),
                         {"username_0": member.username, "name_0": "监督员甲", "kind_0": kind,
                          "affiliation_0": "市人大"})
        Person(member, "supervisor").post(reverse("supervisor:opinion", args=[self.cycle.pk]),
                                          {"concerns": "review", "text": "评审过程规范，同意按评审结果提出名单。"})

    def confirm_list(self, section: str) -> None:
        """The office reads the board and confirms the list (the application is the rule's proposal)."""
        if section == StageKind.RANKING.value:
            self.supervisors_opinion()
        board = self.office.page(reverse("office:ranking_board", args=[self.cycle.pk]))
        assert self.application.reference in board
        self.office.post(reverse("office:ranking_confirm", args=[self.cycle.pk]),
                         {"section": section, "quota": self.quota(), "selected": [self.application.pk]})

    # -- the committee --------------------------------------------------------------------------------------
    def committee_sitting(self) -> None:
        """The office opens a sitting with every member present, each votes 同意, the office counts (the
        proposed winners' 公示 is published at the count)."""
        url = reverse("committee:sitting", args=[self.cycle.pk])
        assert self.application.reference in self.office.page(url)
        self.office.post(reverse("committee:open", args=[self.cycle.pk]),
                         {"present": [m.user.pk for m in self.committee]})
        for member in self.committee:
            member.page(url)
            member.post(reverse("committee:vote", args=[self.cycle.pk, self.application.pk]), {"choice": "for"})
        self.office.post(reverse("committee:count", args=[self.cycle.pk]))

    def publicity(self) -> None:
        """The 公示 runs its period on the public page; the scheduler closes it (第…条 of the city)."""
        notice = Publicity.objects.get(stage=Status.PUBLICITY, entries__application=self.application)
        assert self.application.applicant_name in self.public.page(reverse("public:publicity_detail",
                                                                           args=[notice.pk]))
        self.live_through(notice)

    # -- the government's decision ----------------------------------------------------------------------------
    def approve(self, *, document_number: str, decided_on: datetime.date | None = None,
                file_name: str = "审定决定.pdf") -> Application:
        """The office records the government's decision on the approval page: 文号, date, the decision file,
        this application approved (审定通过)."""
        city = self.cycle.city.code
        queue = self.office.page(reverse("office:approval", args=[city]))
        assert self.application.reference in queue
        pk = self.application.pk
        self.office.post(reverse("office:approval_record", args=[city]), {
            "document_number": document_number, "decided_on": (decided_on or self.today()).isoformat(),
            "file": upload(file_name), "applications": [pk], f"verdict_{pk}": "approve", f"reason_{pk}": "",
        })
        return self.refresh()

    def drive_to_award(self, *, document_number: str) -> Application:
        self.drive_to(Status.GOVERNMENT_APPROVAL)
        return self.approve(document_number=document_number)


def pdf_bytes(response) -> bytes:
    """The body of a file response (streamed or not)."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


__all__ = ["HttpJourney", "Person", "StepFailed", "pdf_bytes", "START", "PUBLISHED"]

"""One application of a city from sign-up to its last stage in headless Chromium, each step taken by the role its
rules name, at that person's own browser, starting from the person's home (/home/ after signing in) and following
the to-do link there (issue 12).

The route and the data are tests.builders.http_journey's (`HttpJourney`: the cycle, the people, the pool of
experts, the clock that moves with time_machine and the scheduler that closes the periods ending by themselves);
here every step a person takes is done on the page, in Chromium: the form is found by the address it posts to,
filled by its fields' names and sent with its button. Every page reached is screenshotted
(test-artifacts/screenshots/journey-<city>-NN-<what>.png) and checked with axe-core (tests/browser/axe.py).
"""

from __future__ import annotations

import datetime
import re
import time
from pathlib import Path
from urllib.parse import urlparse

from django.db import OperationalError
from django.urls import reverse

from awards.credit_code import make_credit_code
from awards.models import Application, Individual, Organisation, Publicity
from awards.workflow import Status
from cities.schema import StageKind
from reviews.domain import supervision
from reviews.models import ScoreSheet

from .. import factories
from ..builders.http_journey import HttpJourney, StepFailed
from ..builders.intake import PDF, complete_values
from .conftest import accept_dialog, axe_watch

PASSWORD = "Portal-Pass-2026"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PERCENT = "90"


class Desk:
    """One person at their own browser (a fresh Chromium context), who signs in with the password when the page
    asks (the journey lives through months: a session may end on the way)."""

    def __init__(self, journey: BrowserJourney, user, role: str):
        self.journey = journey
        self.user = user
        self.role = role
        self.tab = None

    def open(self):
        if self.tab is None:
            context = self.journey.browser.new_context(
                locale="zh-CN", viewport={"width": 1280, "height": 900}, base_url=self.journey.base_url,
                accept_downloads=True)
            context.set_default_timeout(20000)
            tab = context.new_page()
            tab.on("dialog", accept_dialog)  # the confirmations of irreversible steps are answered yes
            self.watch = self.journey.shared(axe_watch(tab, self.journey.request))
            self.journey.contexts.append((context, self.watch))
            self.tab = tab
        return self.tab

    def sign_in_if_asked(self):
        tab = self.tab
        if "/accounts/login/" in tab.url:
            tab.fill("input[name=username]", self.user.username)
            tab.fill("input[name=password]", PASSWORD)
            tab.click("form button[type=submit]")
            tab.wait_for_load_state()
            if "/accounts/login/" in tab.url:
                raise StepFailed(f"{self.role} {self.user.username} could not sign in: {tab.inner_text('main')}")

    def home(self):
        """The person's own home: /home/ sends each role to its page (and asks for the password first)."""
        tab = self.open()
        tab.goto("/home/")
        tab.wait_for_load_state()
        self.sign_in_if_asked()
        self.journey.snap(f"{self.role}-home", tab)
        return tab

    def follow(self, application, verb: str = ""):
        """From the home, the to-do line for this application (and this verb): click it."""
        tab = self.home()
        links = tab.locator("ol.todo-list li.todo a.todo-link")
        if application is not None:
            links = links.filter(has_text=application.reference)
        if verb:
            links = links.filter(has_text=re.compile("^" + re.escape(verb)))
        if links.count() == 0:
            listed = tab.inner_text("ol.todo-list") if tab.locator("ol.todo-list").count() else "(no to-do list)"
            ref = application.reference if application is not None else ""
            raise StepFailed(f"{self.role}: no to-do {verb!r} for {ref} on {tab.url}: {listed}")
        what = links.first.inner_text()
        links.first.click()
        tab.wait_for_load_state()
        self.sign_in_if_asked()
        self.journey.snap(f"{self.role}-{verb or 'todo'}", tab)
        return tab, what

    def go(self, url: str):
        """A page reached from the person's own menu (not a to-do): the same as clicking the link."""
        tab = self.open()
        tab.goto(url)
        tab.wait_for_load_state()
        self.sign_in_if_asked()
        if tab.url.endswith("/home/") or "/accounts/login/" in tab.url:
            tab.goto(url)
            tab.wait_for_load_state()
        return tab

    def form(self, action: str, button: str = ""):
        """The form on the page that posts to `action` (and holds `button`)."""
        tab = self.tab
        forms = tab.locator(f"form[action='{action}']")
        if forms.count() == 0 and urlparse(tab.url).path == action:  # a form that posts back to its page
            forms = tab.locator("form[method=post]:not([action]), form[method=post][action='']")
        if button:
            forms = forms.filter(has=tab.locator(button))
        if forms.count() == 0:
            raise StepFailed(f"{self.role}: no form posting to {action} on {tab.url}")
        return forms.first

    def send(self, action: str, values: dict | None = None, *, button: str = "", shot: str = ""):
        """Fill the form that posts to `action` and press its button (the first one, or the one matching
        `button`, a CSS selector inside the form); fail on an error message."""
        tab = self.tab
        form = self.form(action, button)
        for name, value in (values or {}).items():
            fill(form, name, value)
        press = form.locator(button) if button else form.locator("button[type=submit], button:not([type])")
        press.first.click()
        tab.wait_for_load_state()
        self.sign_in_if_asked()
        errors = tab.locator("ul.messages li.error, ul.messages li.warning, .errorlist, .form-error")
        if errors.count():
            raise StepFailed(f"{self.role} POST {action}: " + " / ".join(errors.all_inner_texts()))
        if shot:
            self.journey.snap(f"{self.role}-{shot}", tab)
        return tab


def set_value(field, value: str) -> None:
    """Type into a box or pick from a list, whichever the field is."""
    if field.evaluate("e => e.tagName.toLowerCase()") == "select":
        field.select_option(value)
    else:
        field.fill(value)


def fill(form, name: str, value) -> None:
    """Set one field of a form the way a person would: type, pick, tick or choose a file."""
    fields = form.locator(f"[name='{name}']")
    if fields.count() == 0:
        raise StepFailed(f"no field {name!r} in the form")
    first = fields.first
    tag = first.evaluate("e => e.tagName.toLowerCase()")
    kind = (first.get_attribute("type") or "").lower()
    if isinstance(value, bytes):
        first.set_input_files(files=[{"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": value}])
    elif kind == "hidden":
        return
    elif kind == "radio":
        form.locator(f"[name='{name}'][value='{value}']").check()
    elif kind == "checkbox":
        wanted = {str(v) for v in value} if isinstance(value, list | tuple | set) else None
        for box in fields.all():
            if wanted is None:
                box.set_checked(bool(value) and value != "")
            elif box.get_attribute("value") in wanted:
                box.check()
    elif tag == "select":
        first.select_option([str(v) for v in value] if isinstance(value, list | tuple) else str(value))
    else:
        first.fill(str(value))


class BrowserJourney(HttpJourney):
    """HttpJourney's route, with every step taken in Chromium by the person the rules name."""

    def __init__(self, code: str, traveller, *, browser, base_url: str, request, applicant_kind: str = "organisation",
                 award_kind: str = "mayor_org", serial: int = 1):
        super().__init__(code, traveller, serial=serial)
        self.browser = browser
        self.base_url = base_url
        self.request = request
        self.applicant_kind = applicant_kind
        self.award_kind = award_kind
        self.contexts: list = []
        self.axe_checked: set = set()
        self.shots = 0
        self.visited: list[str] = []
        self.desk_of: dict[int, Desk] = {}
        self.office_desk = self.desk(self.cast.office, "office")
        self.recommender_desk = self.desk(self.cast.recommender, "recommender")

    def shared(self, watch):
        """All the journey's browsers share one record of the pages axe checked, by the page's kind (its address
        with the numbers taken out) and its size to 2 kB: the third expert's sheet is the first one's page."""
        watch.checked = self.axe_checked
        watch.key = lambda url, size: (re.sub(r"\d+", "N", urlparse(url).path), size // 2000)
        return watch

    def desk(self, user, role: str) -> Desk:
        if user.pk not in self.desk_of:
            self.desk_of[user.pk] = Desk(self, user, role)
        return self.desk_of[user.pk]

    def snap(self, what: str, tab) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        name = re.sub(r"[^a-z0-9_-]+", "-", what.lower())
        tab.screenshot(path=str(SHOTS / f"journey-{self.code}-{self.applicant_kind}-{self.shots:02d}-{name}.png"),
                       full_page=True)
        self.visited.append(tab.url)

    def close(self) -> None:
        for context, watch in self.contexts:
            try:
                watch.finish()
            finally:
                context.close()

    # -- the applicant ---------------------------------------------------------------------------------------
    def sign_up_and_submit(self) -> Application:
        """Sign up (as an organisation or a person), start the award from the home, fill the form, upload the
        自评报告, check and submit."""
        tab = self.browser_for_signup()
        username = f"{self.code}_{self.applicant_kind}_{self.serial}"
        tab.goto("/apply/signup/")
        self.snap("public-signup-choice", tab)
        if self.applicant_kind == "organisation":
            tab.click("a[href$='/apply/signup/organisation/']")
        else:
            tab.click("a[href$='/apply/signup/individual/']")
        tab.wait_for_load_state()
        values = {"username": username, "full_name": "张申报", "email": f"{username}@example.cn",
                  "password": PASSWORD, "password2": PASSWORD, "city": str(self.cycle.city.pk)}
        if self.applicant_kind == "organisation":
            values |= {"credit_code": make_credit_code(800000 + self.serial * 10 + len(self.code)),
                       "org_name": f"{self.cycle.city.name}示范食品有限公司", "legal_person": "1",
                       "founded_on": "2010-03-01", "industry": "食品制造"}
            if tab.locator("[name=industry_section]").count():
                values["industry_section"] = "C"
        else:
            values |= {"employer": f"{self.cycle.city.name}某某集团有限公司", "is_citizen": True,
                       "quality_work_since": "2005-03-01"}
        form = tab.locator("main form").first
        for name, value in values.items():
            fill(form, name, value)
        self.snap("public-signup-form", tab)
        form.locator("button[type=submit], button:not([type])").first.click()
        tab.wait_for_load_state()
        assert "注册申请已提交" in tab.inner_text("main"), tab.inner_text("main")[:800]
        user = self.signed_up_user(username)
        self.applicant_desk = self.desk(user, "applicant")
        self.applicant_desk.tab = tab  # the same browser signs in
        self.applicant_desk.watch = self._signup_watch
        self.applicant = None

        # Home → the offer → the award.
        tab = self.applicant_desk.home()
        assert "/apply/" in tab.url, tab.url
        tab.click(f"a[href='{reverse('applicant:start', args=[self.cycle.pk])}']")
        tab.wait_for_load_state()
        self.snap("applicant-offer", tab)
        tab.locator("form", has=tab.locator(f"input[name=award_kind][value='{self.award_kind}']")).locator(
            "button").first.click()
        tab.wait_for_url("**/apply/*/")
        self.application = self.mine(user)
        pk = self.application.pk

        # The form: every field the city's form asks, the recommender, the 自评报告 uploaded.
        form_values = complete_values(self.application)
        form_values["recommender"] = str(self.cast.recommender_unit.pk)
        edit = tab.locator(f"form[action='{reverse('applicant:edit', args=[pk])}']")
        if edit.count() == 0:
            edit = tab.locator("form#application-form, main form").first
        for name, value in form_values.items():
            if tab.locator(f"[name='{name}']").count():
                fill(edit.first if hasattr(edit, "first") else edit, name, value)
        tab.wait_for_function("() => (document.getElementById('save-state') || {}).textContent?.includes('已保存')")
        self.snap("applicant-form", tab)
        tab.select_option("#u_kind", "self_assessment")
        tab.set_input_files("#u_files", files=[{"name": "自评报告.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        tab.click("#upload-form button:has-text('上传')")
        tab.wait_for_load_state()
        tab.click("text=检查待补事项并提交")
        tab.wait_for_load_state()
        assert "可以提交" in tab.inner_text("main"), tab.inner_text("main")[:1500]
        for box in tab.locator("#declarations input[type=checkbox]").all():
            box.check()
        self.snap("applicant-check", tab)
        tab.click("button:has-text('签署承诺并提交申报')")
        tab.wait_for_url("**/status/")
        self.snap("applicant-submitted", tab)
        return self.refresh()

    def browser_for_signup(self):
        context = self.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                           base_url=self.base_url, accept_downloads=True)
        context.set_default_timeout(20000)
        tab = context.new_page()
        tab.on("dialog", accept_dialog)
        self._signup_watch = self.shared(axe_watch(tab, self.request))
        self.contexts.append((context, self._signup_watch))
        return tab

    def signed_up_user(self, username: str):
        from django.contrib.auth.models import User
        return User.objects.get(username=username)

    def mine(self, user) -> Application:
        if self.applicant_kind == "organisation":
            org = Organisation.objects.get(group__user=user)
            return Application.objects.get(organisation=org, cycle=self.cycle)
        return Application.objects.get(individual=Individual.objects.get(user=user), cycle=self.cycle)

    # -- the recommender ---------------------------------------------------------------------------------------
    def recommend(self, opinion: str) -> None:
        pk = self.application.pk
        desk = self.recommender_desk
        desk.follow(self.application)
        desk.send(reverse("recommender:act", args=[pk]), {"opinion": opinion},
                  button="button[name=action][value=recommend]", shot="recommended")

    def local_publicity(self) -> None:
        pk = self.application.pk
        desk = self.recommender_desk
        desk.follow(self.application)
        desk.send(reverse("recommender:publish"), button="button[type=submit]", shot="local-publicity-published")
        notice = Publicity.objects.get(stage=Status.LOCAL_PUBLICITY, entries__application=self.application)
        self.public_reads(notice)
        self.live_through(notice)
        desk.follow(self.application)
        desk.send(reverse("recommender:act", args=[pk]), {"opinion": "公示期满无异议，同意推荐。"},
                  button="button[name=action][value=recommend]", shot="recommended-after-publicity")

    def public_reads(self, notice) -> None:
        desk = self.public_desk()
        tab = desk.go(reverse("public:publicity_detail", args=[notice.pk]))
        assert self.application.applicant_name in tab.inner_text("main")
        self.snap(f"public-publicity-{notice.stage}", tab)

    def public_desk(self) -> Desk:
        if not hasattr(self, "_public"):
            self._public = Desk(self, None, "public")
        return self._public

    # -- the office: eligibility ----------------------------------------------------------------------------
    def eligibility(self) -> None:
        pk = self.application.pk
        desk = self.office_desk
        tab, _what = desk.follow(self.application)
        for group in {n for n in tab.locator("#checklist input[type=radio]").evaluate_all(
                "els => els.map(e => e.name)")}:
            tab.check(f"#checklist input[name='{group}'][value='meets']")
        desk.send(reverse("office:save_check", args=[pk]), shot="checklist-saved")
        desk.send(reverse("office:accept", args=[pk]), {"note": "经资格审查，符合申报条件，予以受理。"},
                  shot="accepted")

    # -- experts -------------------------------------------------------------------------------------------
    def form_panel(self, stage: str) -> int:
        """The office forms the stage's panel on its panels page and assigns the application."""
        desk = self.office_desk
        if stage not in self.panels:
            tab = desk.go(reverse("office:panels"))
            self.snap(f"office-panels-{stage}", tab)
            values = {"cycle": str(self.cycle.pk), "stage": stage, "name": f"{stage}评审组",
                      "experts": [str(e.pk) for e in self.experts], "leader": str(self.experts[0].pk)}
            form = desk.form(reverse("office:panels"))
            for name in ("sections", "industry_sections", "grouping"):
                field = form.locator(f"[name='{name}']")
                if field.count():
                    tag = field.first.evaluate("e => e.tagName.toLowerCase()")
                    kind = (field.first.get_attribute("type") or "").lower()
                    if tag == "select":
                        values[name] = "C" if form.locator(f"[name='{name}'] option[value='C']").count() else (
                            self._grouping())
                    elif kind == "checkbox":
                        values[name] = ["C"]
                    else:
                        values[name] = self._grouping() if name == "grouping" else "C"
            tab = desk.send(reverse("office:panels"), values, shot=f"panel-formed-{stage}")
            match = re.search(r"/panels/(\d+)/", tab.url)
            assert match, tab.url
            self.panels[stage] = int(match.group(1))
        panel = self.panels[stage]
        desk.go(reverse("office:panel", args=[panel]))
        desk.send(reverse("office:panel_assign", args=[panel]), {"application": str(self.application.pk)},
                  shot=f"panel-assigned-{stage}")
        return panel

    def expert_stage(self, stage: str) -> None:
        panel_pk = self.form_panel(stage)
        app = self.application
        for expert in self.experts:
            desk = self.desk(expert.user, "expert")
            assignment = app.expert_assignments.get(panel_id=panel_pk, expert=expert)
            desk.follow(app, "作出回避声明")
            action = reverse("experts:declare", args=[assignment.pk])
            values = {"conflict": "no"}
            if desk.form(action).locator("[name=pledge]").count():  # the pledge is signed once per cycle
                values["pledge"] = True
            desk.send(action, values, shot="declared")
            tab, _what = desk.follow(app, "评分")
            sheet_url = reverse("experts:sheet", args=[assignment.pk])
            form = tab.locator(f"form[action='{sheet_url}']").first if tab.locator(
                f"form[action='{sheet_url}']").count() else tab.locator("form#sheet, main form").first
            for field in form.locator("[name^='pct-']").all():
                set_value(field, PERCENT)
            for field in form.locator("textarea[name^='str-']").all():
                field.fill("方法系统，展开充分")
            for field in form.locator("textarea[name^='opp-']").all():
                field.fill("测量分析可加强")
            if form.locator("[name=opinion]").count():
                form.locator("[name=opinion]").fill(f"{expert.name}：总体良好，建议持续改进。")
            self.snap("expert-sheet-filled", tab)
            form.locator("button[name=action][value=submit]").click()
            tab.wait_for_load_state()
            assert self.sheet_submitted(assignment), tab.inner_text("main")[:600]
            self.snap("expert-sheet-submitted", tab)
        leader = self.desk(self.experts[0].user, "expert")
        tab, _what = leader.follow(app, "记录共识评分")
        form = tab.locator("main form", has=tab.locator("[name=report]")).first
        for field in form.locator("[name^='pct-']").all():
            set_value(field, PERCENT)
        form.locator("[name=report]").fill("评审组一致认为该组织质量管理成效显著。")
        self.snap("leader-consensus", tab)
        form.locator("button[type=submit], button:not([type])").last.click()
        tab.wait_for_load_state()
        self.snap("leader-consensus-recorded", tab)
        if self.rules.ranking is not None and self.rules.ranking.shortlist.after == stage:
            self.confirm_list("shortlist")
        else:
            desk = self.office_desk
            desk.follow(app)
            desk.go(reverse("office:panel", args=[panel_pk]))
            desk.send(reverse("office:advance", args=[panel_pk, app.pk]), shot=f"advanced-{stage}")

    @staticmethod
    def sheet_submitted(assignment) -> bool:
        """Read while the page's own requests may still write (SQLite's shared cache: retry a locked table)."""
        for _attempt in range(20):
            try:
                return ScoreSheet.objects.filter(assignment=assignment, submitted_at__isnull=False).exists()
            except OperationalError:
                time.sleep(0.25)
        return False

    # -- the office: the ranking board, the supervisors ----------------------------------------------------------
    def supervisors_opinion(self) -> None:
        if supervision.opinion_missing(self.cycle, StageKind.RANKING.value) is None:
            return
        member = factories.UserFactory(username=f"{self.code}_journey_supervisor{self.serial}")
        kind = self.rules.supervision.group.member_kinds.value[0].key
        desk = self.office_desk
        desk.go(reverse("office:supervision", args=[self.cycle.pk]))
        desk.send(reverse("office:supervision", args=[self.cycle.pk]),
                  {"username_0": member.username, "name_0": "监督员甲", "kind_0": kind, "affiliation_0": "市人大"},
                  shot="supervisors-appointed")
        supervisor = self.desk(member, "supervisor")
        supervisor.follow(None, "提交书面监督意见")
        supervisor.send(reverse("supervisor:opinion", args=[self.cycle.pk]),
                        {"concerns": "review", "text": "评审过程规范，同意按评审结果提出名单。"},
                        shot="supervisor-opinion")

    def confirm_list(self, section: str) -> None:
        if section == StageKind.RANKING.value:
            self.supervisors_opinion()
        desk = self.office_desk
        desk.follow(self.application)
        tab = desk.go(reverse("office:ranking_board", args=[self.cycle.pk]))
        assert self.application.reference in tab.inner_text("main")
        self.snap(f"office-board-{section}", tab)
        action = reverse("office:ranking_confirm", args=[self.cycle.pk])
        form = tab.locator(f"form[action='{action}']", has=tab.locator(
            f"input[name=section][value='{section}']")).filter(
            has=tab.locator(f"input[name=selected][value='{self.application.pk}']")).first
        box = form.locator(f"input[name=selected][value='{self.application.pk}']")
        if (box.get_attribute("type") or "") == "checkbox":
            box.check()
        form.locator("button[type=submit], button:not([type])").first.click()
        tab.wait_for_load_state()
        self.snap(f"office-confirmed-{section}", tab)

    # -- the committee --------------------------------------------------------------------------------------
    def committee_sitting(self) -> None:
        desk = self.office_desk
        url = reverse("committee:sitting", args=[self.cycle.pk])
        desk.follow(self.application)
        desk.go(url)
        desk.send(reverse("committee:open", args=[self.cycle.pk]),
                  {"present": [str(m.user.pk) for m in self.committee]}, shot="sitting-opened")
        for person in self.committee:
            member = self.desk(person.user, "committee")
            tab, _what = member.follow(self.application, "投票")
            row = tab.locator(f"tr[data-ref='{self.application.reference}']")
            row.get_by_role("button", name="同意", exact=True).click()
            tab.wait_for_load_state()
            self.snap("committee-voted", tab)
        desk.go(url)
        desk.send(reverse("committee:count", args=[self.cycle.pk]), shot="counted")

    def publicity(self) -> None:
        notice = Publicity.objects.get(stage=Status.PUBLICITY, entries__application=self.application)
        self.public_reads(notice)
        self.live_through(notice)

    def public_comment(self) -> None:
        desk = self.office_desk
        desk.go(reverse("office:results", args=[self.cycle.pk]))
        desk.send(reverse("office:publish_comments", args=[self.cycle.pk]), shot="comments-published")
        notice = Publicity.objects.get(cycle=self.cycle, stage=Status.PUBLIC_COMMENT)
        self.public_reads(notice)
        self.live_through(notice)

    def survey(self) -> None:
        pk = self.application.pk
        desk = self.office_desk
        desk.follow(self.application)
        desk.go(reverse("office:survey", args=[pk]))
        desk.send(reverse("office:survey", args=[pk]),
                  {"score": "92.5", "agency": "某满意度测评中心", "summary": "抽样调查顾客1000户，满意度指数92.5。"},
                  shot="survey-entered")
        desk.go(reverse("office:results", args=[self.cycle.pk]))
        desk.send(reverse("office:survey_advance", args=[pk]), shot="survey-advanced")

    # -- the government's decision ----------------------------------------------------------------------------
    def approve(self, *, document_number: str, decided_on: datetime.date | None = None,
                file_name: str = "审定决定.pdf") -> Application:
        city = self.cycle.city.code
        desk = self.office_desk
        tab, _what = desk.follow(self.application, "录入政府审定决定")
        pk = self.application.pk
        row = tab.locator(f"tr[data-application='{pk}']")
        row.locator(f"input[name=verdict_{pk}][value=approve]").check()
        action = reverse("office:approval_record", args=[city])
        form = tab.locator(f"form[action='{action}']").first
        form.locator("input[name=document_number]").fill(document_number)
        form.locator("input[name=decided_on]").fill((decided_on or self.today()).isoformat())
        form.locator("input[name=file]").set_input_files(
            files=[{"name": file_name, "mimeType": "application/pdf", "buffer": PDF}])
        self.snap("office-approval", tab)
        form.locator("button[type=submit], button:not([type])").first.click()
        tab.wait_for_load_state()
        self.snap("office-approved", tab)
        return self.refresh()

    def winner_downloads_certificate(self) -> str:
        """The winner's home shows the award; the certificate page offers the PDF."""
        desk = self.applicant_desk
        tab = desk.home()
        tab.goto(reverse("applicant:certificates", args=[self.application.pk]))
        tab.wait_for_load_state()
        self.snap("winner-certificates", tab)
        link = tab.locator("a[href$='certificate.pdf']").first
        with tab.expect_download() as download:
            link.click()
        return download.value.path()

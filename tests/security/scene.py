"""One scene for the access matrix and the fuzz tests: two cities ("this" and "other"), each with one application
of each kind far enough along (a winner with its honours rows, one under expert review, one at the office's
eligibility check, one individual's answered-to-补正 request, one draft) and one user per role. Built once per
module (tests/security/test_access_matrix.py, test_fuzz.py) inside a transaction rolled back at the end."""

from __future__ import annotations

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from awards.domain import complaints, documents, forms_data, supplements
from awards.models import Application, Document, FormalNotice, MembershipRequest, Notice, Objection, Publicity
from awards.workflow import Status
from cities.schema import Role
from demo.walk import walk_to
from honours.domain import certificates, duties, revocation
from honours.models import Announcement, CertificateBatch, GovernmentDecision, ReEvaluation, YearlyReport
from reviews.domain import consensus, scoring

from .. import factories
from ..builders import review
from ..builders.intake import PDF, complete_values
from ..builders.review import agreed_all

THIS, OTHER = "wuhan", "qujing"


def zip_of(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{name}.pdf", PDF)
    return buffer.getvalue()


def pdf(name="材料.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class Side:
    """One city's rows, and the people of that side."""

    code: str
    people: dict[str, User] = field(default_factory=dict)
    rows: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["rows"][name]
        except KeyError:
            raise AttributeError(name) from None


def build_side(code: str) -> Side:
    side = Side(code)
    rev = review.Review(code, size=3, prefix=f"{code}_")
    cast, cycle = rev.cast, rev.cycle
    rules = cycle.rules
    applicant = factories.UserFactory(username=f"{code}_applicant")
    org_kind = next(k for k in rules.award_kinds if k.applicant_kind == "organisation")
    person_kind = next(k for k in rules.award_kinds if k.applicant_kind == "individual")

    def org_application(stage=None, *, with_document=False):
        org = factories.OrganisationFactory(city=cycle.city, members=[applicant])
        app = factories.application_for(cycle, award_kind=org_kind.key, recommender=cast.recommender_unit,
                                        organisation=org)
        doc = None
        if with_document:
            doc = documents.store_upload(app, pdf("自评报告.pdf"), Document.Kind.SELF_ASSESSMENT, "", applicant)
        if stage:
            walk_to(app, stage, cast=cast)
            app.refresh_from_db()
        return app, doc

    draft, draft_doc = org_application(with_document=True)
    values = {**complete_values(draft), "recommender": str(cast.recommender_unit.pk)}
    forms_data.save_draft(draft, values, applicant)
    at_check, check_doc = org_application(Status.ELIGIBILITY, with_document=True)
    made_before = set(Publicity.objects.filter(cycle=cycle).values_list("pk", flat=True))
    winner, _ = org_application(Status.AWARDED)
    publicities = list(Publicity.objects.filter(cycle=cycle).exclude(pk__in=made_before).order_by("pk"))

    # the individual, asked for a 补正 at the eligibility check
    person = factories.IndividualFactory(city=cycle.city, user=factories.UserFactory(username=f"{code}_person"))
    personal = factories.application_for(cycle, award_kind=person_kind.key, recommender=cast.recommender_unit,
                                         individual=person)
    walk_to(personal, Status.ELIGIBILITY, cast=cast)
    supplement = supplements.request(personal, cast.office, ["补充营业执照复印件"])

    # under expert review: a panel of three (the first leads), all declared
    reviewed = rev.application()
    assignments = rev.assign(reviewed)
    rev.declare_all(assignments)
    for a in assignments:
        a.refresh_from_db()
        scoring.sheet_for(a)
    # scored and agreed: its feedback report exists (the office may download it before the decision)
    scored = rev.application()
    rev.ready_for_consensus(scored)
    consensus.record(rev.panel, scored, rev.leader.user, agreed_all(consensus.compare(rev.panel, scored)))

    # the honours rows
    today = timezone.localdate()
    certificate = certificates.live(winner)
    report = YearlyReport.objects.create(application=winner, year=today.year + 1, due_on=today, article="第二十六条")
    report.file.save("年度自评报告.pdf", ContentFile(PDF))
    handed_in = YearlyReport.objects.create(application=winner, year=today.year, due_on=today, article="第二十六条",
                                            submitted_at=timezone.now(), original_name="年度自评报告.pdf")
    handed_in.file.save("年度自评报告.pdf", ContentFile(PDF))
    revisit = duties.plan_revisit(winner, on=today + datetime.timedelta(days=30), visitors="回访专家甲",
                                  actor=cast.office)
    re_eval = None  # a city without 复评 (Qujing) has none: its URLs are then filled with pk 0
    if rules.post_award.re_evaluation:
        route = rules.post_award.re_evaluation.steps
        office_step = next(s for s in route if s.actor == Role.OFFICE)
        re_eval = ReEvaluation.objects.create(application=winner, step=office_step.key,
                                              article=route[0].article or "")
    ground = revocation.grounds_for(winner)[0]
    case = revocation.open_case(winner, ground=ground.key, summary="群众举报，立案调查。", actor=cast.office)
    step_of = revocation.next_step(case)
    step = revocation.record_step(case, actor=cast.committee if step_of.by == Role.COMMITTEE else cast.office,
                                  agreed=True, note="同意立案。", evidence=pdf("调查材料.pdf"))
    batch = CertificateBatch.objects.create(cycle=cycle, requested_by=cast.office)
    done_batch = CertificateBatch.objects.create(cycle=cycle, requested_by=cast.office,
                                                 state=CertificateBatch.State.DONE)
    done_batch.archive.save("证书.zip", ContentFile(zip_of(certificate.code)))

    entry = publicities[0].entries.get(application=winner)
    objection = Objection.objects.create(entry=entry, name="王某", contact="wang@example.cn", text="有异议")
    local = next((p for p in publicities if p.recommender_id), publicities[0])
    local_objection = Objection.objects.create(entry=local.entries.get(application=winner), name="李某",
                                               contact="li@example.cn", text="有异议")
    city_publicity = next((p for p in publicities if not p.recommender_id), None)
    city_objection = objection if city_publicity is None else Objection.objects.create(
        entry=city_publicity.entries.get(application=winner), name="周某", contact="zhou@example.cn", text="有异议")
    complaint = complaints.file_complaint(cycle.city, name="赵某", contact="zhao@example.cn", text="评审有问题")
    joiner = factories.UserFactory(username=f"{code}_joiner")
    join = MembershipRequest.objects.create(organisation=draft.organisation, user=joiner)
    notice = Notice.objects.create(recipient=applicant, application=winner, event_key=f"scene-{code}",
                                   subject="通知", body="内容")

    side.people = {
        "applicant": applicant, "individual": person.user, "recommender": cast.recommender,
        "office": cast.office, "committee": cast.committee, "supervisor": cast.supervisor,
        "leader": rev.experts[0].user, "expert": rev.experts[1].user,
    }
    side.rows = {
        "cycle": cycle, "city": cycle.city, "draft": draft, "draft_doc": draft_doc, "at_check": at_check,
        "check_doc": check_doc, "winner": winner, "personal": personal, "supplement": supplement,
        "formal_notice": FormalNotice.objects.filter(application=personal).first(), "reviewed": reviewed,
        "panel": rev.panel, "assignment": assignments[1], "leader_assignment": assignments[0],
        "certificate": certificate, "report": report, "handed_in": handed_in, "revisit": revisit,
        "re_evaluation": re_eval,
        "case": case, "step": step, "batch": batch, "done_batch": done_batch, "scored": scored,
        "objection": objection, "local_objection": local_objection, "complaint": complaint,
        "city_objection": city_objection,  # to the city's 公示 (the committee decides some: awards.domain.objections)
        "publicity": publicities[0], "join": join, "notice": notice,
        "decision": GovernmentDecision.objects.filter(cycle=cycle).first(),
        "announcement": Announcement.objects.filter(cycle=cycle).first(),
        "award_kind": org_kind.key,
        "pool_expert": rev.experts[1],  # the expert's page in the pool (reviewers' conduct)
    }
    return side


@dataclass
class Scene:
    this: Side
    other: Side
    superuser: User

    def roles(self) -> dict[str, User | None]:
        """The fourteen roles, seen from this side."""
        t, o = self.this.people, self.other.people
        return {
            "anonymous": None, "applicant": t["applicant"], "applicant_other": o["applicant"],
            "individual": t["individual"], "recommender": t["recommender"], "recommender_other": o["recommender"],
            "office": t["office"], "office_other": o["office"], "expert": t["expert"], "expert_other": o["expert"],
            "leader": t["leader"], "committee": t["committee"], "supervisor": t["supervisor"],
            "superuser": self.superuser,
        }


def build() -> Scene:
    call_command("load_cities", verbosity=0)
    this, other = build_side(THIS), build_side(OTHER)
    superuser = User.objects.create_superuser("matrix_root", "root@example.gov.cn", "Portal-Pass-2026")
    TOTPDevice.objects.create(user=superuser, name="手机", confirmed=True)  # the admin's device pages have a row
    return Scene(this, other, superuser)


__all__ = ["Scene", "Side", "build", "Application", "THIS", "OTHER"]

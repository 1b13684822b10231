"""Extra demo data for the applicant and recommender pages (run by `manage.py setup_demo` after the base demo).

- A complete submitted application with a PDF self-assessment report in each city, waiting for the
  demo recommender (Wuhan's then also shows the local publicity step).
- A Qujing organisation without legal-person status (sees 曲靖市质量贡献奖 only).
- A pending request to join the demo applicant's organisation (a second person with the same credit code).
Idempotent: skipped when its data already exists.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from awards.credit_code import make_credit_code
from awards.domain import documents, forms_data, signup
from awards.domain.applications import start_application
from awards.models import Cycle, Document, Organisation, RecommenderUnit
from cities.models import City
from demo.base import DEMO_PASSWORD, REGION, _user

SELF_ASSESSMENT_PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def _values(application) -> dict:
    spec = forms_data.spec_for(application)
    sample = {"number": "25", "date": "2008-05-01", "email": "contact@example.cn", "phone": "0731-88886666",
              "textarea": "（演示）本单位自2015年起推行卓越绩效管理模式，主要指标位居同行业前列。",
              "text": "（演示）示例"}
    values = {f.key: sample[f.type] for f in spec.fields}
    values.update({d.key: "on" for d in spec.declaration})
    values["decl_truthful"] = "on"
    values["recommender"] = str(application.recommender_id or "")
    return values


def _submitted(city: City, cycle: Cycle, unit: RecommenderUnit) -> str | None:
    rules = cycle.rules
    kind = next(k for k in rules.award_kinds if k.applicant_kind == "organisation")
    user = _user(f"{city.code}_intake", f"{city.name}申报演示用户")
    group, _ = Group.objects.get_or_create(name=f"org:{city.code}:intake")
    org, _ = Organisation.objects.get_or_create(
        credit_code=make_credit_code(90, REGION.get(city.code, "110000")),
        defaults={"name": f"{city.name[:-1]}卓越质量示范有限公司", "city": city, "legal_person": True,
                  "founded_on": datetime.date(2009, 6, 1), "industry": "装备制造",
                  "industry_section": "C", "group": group},
    )
    org.group.user_set.add(user)
    if org.applications.filter(cycle=cycle).exists():
        return None
    app = start_application(cycle=cycle, award_kind=kind.key, organisation=org, recommender=unit)
    forms_data.save_draft(app, _values(app), user)
    documents.store_upload(app, SimpleUploadedFile("自评报告.pdf", SELF_ASSESSMENT_PDF), Document.Kind.SELF_ASSESSMENT,
                           "", user)
    documents.store_upload(app, SimpleUploadedFile("核心工艺说明.pdf", SELF_ASSESSMENT_PDF), Document.Kind.EVIDENCE,
                           Document.Secret.TECHNICAL, user)
    forms_data.submit(app, user)
    return user.username


def build_demo() -> list[tuple[str, str]]:
    today = timezone.localdate()
    logins = []
    for city in City.objects.order_by("code"):
        cycle = Cycle.objects.filter(city=city, year=today.year).first()
        unit = RecommenderUnit.objects.filter(city=city).order_by("pk").first()
        if cycle is None or unit is None:
            continue
        with transaction.atomic():
            made = _submitted(city, cycle, unit)
        if made:
            logins.append((made, f"申报单位用户（{city.name}，已提交待推荐）"))
    qujing = City.objects.filter(code="qujing").first()  # demo data only: one example of the rule
    if qujing and not User.objects.filter(username="qujing_nonlegal").exists():
        signup.register_organisation(
            username="qujing_nonlegal", password=DEMO_PASSWORD, full_name="曲靖分公司联系人",
            email="qujing_nonlegal@example.gov.cn", credit_code=make_credit_code(91, REGION["qujing"]),
            name="曲靖某集团分公司（非法人）", city=qujing, legal_person=False, founded_on=datetime.date(2012, 1, 1),
        )
        logins.append(("qujing_nonlegal", "非法人组织（只可申报质量贡献奖）"))
    first_org = Organisation.objects.filter(group__user__username="chenzhou_applicant").first()
    if first_org and not User.objects.filter(username="chenzhou_joiner").exists():
        signup.register_organisation(
            username="chenzhou_joiner", password=DEMO_PASSWORD, full_name="新同事", email="joiner@example.gov.cn",
            credit_code=first_org.credit_code, name=first_org.name, city=first_org.city, legal_person=True,
            founded_on=first_org.founded_on,
        )
        logins.append(("chenzhou_joiner", "待单位同意的加入申请（chenzhou_applicant 审批）"))
    return logins

"""The applicant's journey in headless Chromium: sign-up to submitted, and nothing lost when the session ends."""

import datetime

import pytest
from django.utils import timezone

from awards.credit_code import make_credit_code
from awards.models import Application, Organisation
from awards.workflow import Status

from .. import factories
from ..builders.intake import PDF
from ..builders.journeys import Cast
from .conftest import login

pytestmark = pytest.mark.browser
PASSWORD = "Portal-Pass-2026"


def fill_form(page):
    values = {
        "address": "湖南省郴州市北湖区示范路1号", "legal_representative": "王建国", "contact_person": "李华",
        "contact_phone": "0735-2345678", "contact_email": "lihua@example.cn", "years_operating": "16",
        "employees": "850", "revenue_last_year": "125000", "profit_tax_last_year": "9800",
        "asset_contribution_rate": "12.5", "industry_rank": "营业收入居全省同行业第三位（省统计局数据）",
        "excellence_model": "2016年起导入卓越绩效管理模式，每年开展自评。",
        "achievements": "主导制定行业标准2项，获省名牌产品称号。",
    }
    for key, value in values.items():
        page.fill(f"#f_{key}", value)
    for box in page.locator("input[type=checkbox][name^=decl_]").all():
        box.check()


def test_applicant_from_sign_up_to_submitted(page, shot, cities):
    today = timezone.localdate()
    factories.cycle_for("chenzhou", year=today.year, published=today - datetime.timedelta(days=2))
    cast = Cast("chenzhou")

    page.goto("/apply/signup/")
    shot("applicant-01-signup-choice")
    page.click("text=以单位注册")
    page.wait_for_load_state()
    page.fill("#id_username", "xiangnan")
    page.fill("#id_full_name", "李华")
    page.fill("#id_email", "lihua@example.cn")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_credit_code", "91431000MA4L12345X")  # a wrong check character first
    page.fill("#id_org_name", "湘南精密制造有限公司")
    page.select_option("#id_city", label="郴州市")
    page.fill("#id_founded_on", "2010-03-01")
    page.fill("#id_industry", "装备制造")
    page.click("button:has-text('注册')")
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert "统一社会信用代码" in body and ("校验位不正确" in body or "不允许的字符" in body)
    assert page.input_value("#id_org_name") == "湘南精密制造有限公司"  # nothing typed is lost
    shot("applicant-02-signup-error")
    page.fill("#id_credit_code", make_credit_code(4321, "431000"))
    page.click("button:has-text('注册')")
    page.wait_for_load_state()
    assert "注册申请已提交" in page.inner_text("body")
    assert Organisation.objects.get().name == "湘南精密制造有限公司"
    login(page, "xiangnan", PASSWORD)
    page.goto("/apply/")

    page.click("text=查看可申报奖项")
    page.wait_for_load_state()
    assert "可以申报" in page.inner_text("body")
    shot("applicant-03-offer")
    page.click("button:has-text('申报市长质量奖')")
    page.wait_for_url("**/apply/*/")
    app = Application.objects.get()

    fill_form(page)
    page.select_option("#f_recommender", label=cast.recommender_unit.name)
    page.wait_for_function("() => document.getElementById('save-state').textContent.includes('已保存')")
    assert "已保存" in page.inner_text("#save-state")
    app.refresh_from_db()
    assert app.form_data["legal_representative"] == "王建国"  # autosaved without pressing a button

    page.click("text=检查待补事项并提交")
    page.wait_for_load_state()
    assert "尚未上传自评报告" in page.inner_text("body")
    shot("applicant-04-missing")
    page.click("text=返回填写")
    page.wait_for_load_state()

    page.select_option("#u_kind", "self_assessment")
    page.set_input_files("#u_files", files=[{"name": "自评报告.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("#upload-form button:has-text('上传')")
    page.wait_for_load_state()
    assert "已上传“自评报告.pdf”" in page.inner_text("body")
    shot("applicant-05-form")

    page.click("text=检查待补事项并提交")
    page.wait_for_load_state()
    assert "可以提交" in page.inner_text("body")
    for box in page.locator("#declarations input[type=checkbox]").all():  # the 申报承诺, signed at submission
        box.check()
    page.click("button:has-text('签署承诺并提交申报')")
    page.wait_for_url("**/status/")
    body = page.inner_text("body")
    assert "待推荐单位初审" in body and "申报已提交" in body and "提交申报" in body
    shot("applicant-06-status")
    app.refresh_from_db()
    assert app.status == Status.RECOMMENDATION and app.submitted_at is not None


def test_nothing_typed_is_lost_when_the_session_expires(page, shot, cities):
    today = timezone.localdate()
    cycle = factories.cycle_for("chenzhou", year=today.year, published=today - datetime.timedelta(days=2))
    app = factories.application_for(cycle)
    user = factories.member(app.organisation)
    login(page, user.username)
    page.goto(f"/apply/{app.pk}/")
    page.fill("#f_address", "郴州市苏仙区")
    page.wait_for_function("() => document.getElementById('save-state').textContent.includes('已保存')")

    page.context.clear_cookies()  # the session ends (e.g. it expired)
    page.fill("#f_achievements", "会话过期后继续输入的一大段内容")
    page.wait_for_function("() => document.getElementById('save-state').textContent.includes('重新登录')")
    shot("applicant-07-session-expired")
    app.refresh_from_db()
    assert app.form_data.get("achievements", "") == ""

    login(page, user.username)
    page.goto(f"/apply/{app.pk}/")
    page.wait_for_function("() => document.getElementById('save-state').textContent.includes('已保存')")
    assert page.input_value("#f_achievements") == "会话过期后继续输入的一大段内容"
    app.refresh_from_db()
    assert app.form_data["achievements"] == "会话过期后继续输入的一大段内容"
    assert app.form_data["address"] == "郴州市苏仙区"


def test_organisation_without_legal_person_is_told_why_with_the_article(page, shot, cities):
    today = timezone.localdate()
    cycle = factories.cycle_for("qujing", year=today.year, published=today - datetime.timedelta(days=2))
    org = factories.OrganisationFactory(city=cycle.city, legal_person=False, name="曲靖某集团分公司")
    login(page, factories.member(org).username)
    page.click("text=我的申报")
    page.wait_for_load_state()
    page.click("text=查看可申报奖项")
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert "申报曲靖市质量贡献奖" in body
    assert body.count("该奖项要求申报单位具有法人资格") == 2 and "第十二条" in body
    shot("applicant-08-offer-non-legal-person")

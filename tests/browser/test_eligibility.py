"""An Ordos individual who works in another city applies, through the browser only: Ordos 第十一条 sets no place of
work (work_in_city_required: false), so a quality engineer of Wuhan signs up, finds Ordos's call, applies for the
individual award and submits, signing each declaration (申报承诺: 第十二条's exclusion and the pledge) on the submit
page. Screenshots go to the test's own tmp dir."""

import datetime

import pytest
from django.utils import timezone

from awards.models import Application, Declaration
from awards.workflow import Status

from .. import factories
from ..builders.intake import PDF
from ..builders.journeys import Cast
from .conftest import login

pytestmark = pytest.mark.browser
PASSWORD = "Portal-Pass-2026"


def test_an_ordos_individual_from_another_city_signs_up_applies_and_submits_第十一条(page, tmp_path, cities):
    def shot(name):
        page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)

    today = timezone.localdate()
    cycle = factories.cycle_for("ordos", year=today.year, published=today - datetime.timedelta(days=2))
    cast = Cast("ordos")

    page.goto("/apply/signup/")
    page.click("text=以个人注册")
    page.wait_for_load_state()
    page.fill("#id_username", "zhanggong")
    page.fill("#id_full_name", "张工")
    page.fill("#id_email", "zhanggong@example.cn")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.select_option("#id_city", label="武汉市")  # works in Wuhan, applies in Ordos
    page.fill("#id_employer", "武汉精工质量技术有限公司")
    page.fill("#id_quality_work_since", "2012-03-01")
    shot("eligibility-01-signup")
    page.click("button:has-text('注册')")
    page.wait_for_load_state()
    assert "注册申请已提交" in page.inner_text("body")

    login(page, "zhanggong", PASSWORD)
    page.goto("/apply/")
    assert "鄂尔多斯市" in page.inner_text("body")
    shot("eligibility-02-home")
    page.click(f"a[href='/apply/cycle/{cycle.pk}/']")
    page.wait_for_load_state()
    assert "市长质量奖（个人）" in page.inner_text("body")
    shot("eligibility-03-offer")
    page.click("button:has-text('申报市长质量奖（个人）')")
    page.wait_for_url("**/apply/*/")
    app = Application.objects.get()
    assert app.cycle == cycle and app.individual.city.code == "wuhan"

    values = {"position": "质量总监/高级工程师", "contact_phone": "027-87654321",
              "contact_email": "zhanggong@example.cn",
              "years_quality_work": "14", "key_results": "主持质量改进项目12项，产品一次合格率提升至99.2%。",
              "methods": "推广六西格玛和QC小组活动方法。"}
    for key, value in values.items():
        page.fill(f"#f_{key}", value)
    page.select_option("#f_recommender", label=cast.recommender_unit.name)
    page.wait_for_function("() => document.getElementById('save-state').textContent.includes('已保存')")
    page.select_option("#u_kind", "self_assessment")
    page.set_input_files("#u_files", files=[{"name": "自评报告.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("#upload-form button:has-text('上传')")
    page.wait_for_load_state()
    assert "已上传“自评报告.pdf”" in page.inner_text("body")
    shot("eligibility-04-form")

    page.click("text=检查待补事项并提交")
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert "可以提交" in body and "第十二条" in body and "近3年参加各级政府奖项评定活动存在弄虚作假等违规行为" in body
    boxes = page.locator("#declarations input[type=checkbox]")
    assert boxes.count() == 2
    boxes.first.check()
    page.click("button:has-text('签署承诺并提交申报')")  # the second box is required: the browser holds the form
    assert Application.objects.get().status == Status.DRAFT
    shot("eligibility-05-declarations")
    for box in boxes.all():
        box.check()
    page.click("button:has-text('签署承诺并提交申报')")
    page.wait_for_url("**/status/")
    assert "申报已提交" in page.inner_text("body")
    shot("eligibility-06-submitted")
    app.refresh_from_db()
    assert app.status == Status.RECOMMENDATION
    signed = list(Declaration.objects.filter(application=app).values_list("article", "signed_by__username"))
    assert signed == [("第十二条", "zhanggong"), ("", "zhanggong")]
    assert len(list(tmp_path.glob("eligibility-*.png"))) == 6

"""Personal data on public pages (portal.templatetags.masking): mobile and ID numbers masked as 138****1234 and
4310**********1234 on the publicity page and the public announcements."""

from django.template import Context, Template

from honours.models import Announcement
from portal.templatetags.masking import mask_personal

from ..builders.intake import TODAY, in_local_publicity, submitted_application
from ..builders.journeys import travel


def test_the_filter_masks_mobiles_and_ids_and_leaves_other_numbers():
    text = ("联系人张三 13812341234、139-8765-4321，身份证号 43100219900101123X，"
            "信用代码 91430100MA4L12345X，电话 0731-2345678")
    masked = mask_personal(text)
    assert "138****1234" in masked and "139****4321" in masked and "4310**********123X" in masked
    assert "13812341234" not in masked and "19900101" not in masked
    assert "91430100MA4L12345X" in masked and "0731-2345678" in masked
    assert mask_personal(None) == ""


def test_the_filter_output_is_still_escaped():
    out = Template("{% load masking %}{{ v|mask_personal }}").render(Context({"v": "<b>13812341234</b>"}))
    assert out == "&lt;b&gt;138****1234&lt;/b&gt;"


def test_publicity_page_masks_contacts_and_ids_in_the_entries(cities, client):
    app, cast, user, notice, objection = in_local_publicity(with_objection=False)
    entry = notice.entries.get()
    type(entry).objects.filter(pk=entry.pk).update(
        summary=f"{entry.summary}（联系人：张三 13812341234，身份证 43100219900101123X）")
    with travel(TODAY):
        html = client.get(f"/publicity/{notice.pk}/").content.decode()
    assert "138****1234" in html and "4310**********123X" in html
    assert "13812341234" not in html and "43100219900101123X" not in html


def test_announcement_page_masks_personal_numbers_in_its_body(cities, client):
    app, cast, user = submitted_application()
    announcement = Announcement.objects.create(
        city=app.cycle.city, cycle=app.cycle, kind=Announcement.Kind.REVOCATION, notice_kind="circular",
        title="关于撤销称号的通报", body="获奖者张三（身份证号 430102198512011234，手机 15912345678）弄虚作假。",
        document_number="郴政撤〔2026〕1号", published_on=TODAY, article="第二十八条", application=app)
    with travel(TODAY):
        html = client.get(f"/announcements/{announcement.pk}/").content.decode()
    assert "4301**********1234" in html and "159****5678" in html
    assert "430102198512011234" not in html and "15912345678" not in html

"""The public announcement pages through HTTP, signed in or not: the archive with its filters and pages, one
announcement (winners by award kind, 文号, date; a revocation notice's ground and article), the links from the home
page and the winners list (with each winner's certificate status and validity), and their queries over 1 and N."""

import datetime
import re

from honours.domain import certificates
from honours.models import Announcement

from ...builders.approval import Approvals
from ...builders.journeys import travel
from ...builders.queries import count

TODAY = datetime.date(2026, 9, 14)
NEXT_YEAR = datetime.date(2027, 9, 13)


def get(client, url):
    with travel(TODAY):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def revocation_notice(application):
    return Announcement.objects.create(
        city=application.cycle.city, cycle=application.cycle, kind=Announcement.Kind.REVOCATION,
        notice_kind="circular", title=f"关于撤销{application.applicant_name}称号的通报",
        body="经查，该单位存在以下情形：申报材料弄虚作假。\n依据第二十八条撤销。", document_number="曲政撤〔2026〕1号",
        published_on=TODAY, article="第二十八条", application=application)


def test_anyone_reads_an_award_announcement_with_winners_by_kind_number_and_date(client, cities):
    with travel(TODAY):
        wuhan = Approvals("wuhan")
        org, person = wuhan.at_approval(), wuhan.at_approval(award_kind="mayor_individual")
        decision = wuhan.approve(person, org, number="武政〔2026〕7号")
    announcement = decision.announcements.get()
    page = get(client, f"/announcements/{announcement.pk}/")
    assert "关于表彰2026年度武汉市市长质量奖获奖单位和个人的公告" in page
    assert "武政〔2026〕7号" in page and "2026年9月14日" in page
    assert page.index("市长质量奖（组织）") < page.index(org.applicant_name) < page.index("市长质量奖（个人）") \
        < page.index(person.applicant_name)
    assert "第二十五条" in page and "市政府通报表彰" in page  # the article and the approving body of Wuhan's rules
    client.force_login(wuhan.cast.office)
    assert org.applicant_name in get(client, f"/announcements/{announcement.pk}/")


def test_a_revocation_notice_shows_its_ground_and_article(client, cities):
    with travel(TODAY):
        qujing = Approvals("qujing")
        winner = qujing.at_approval()
        qujing.approve(winner)
    notice = revocation_notice(winner)
    page = get(client, f"/announcements/{notice.pk}/")
    assert notice.title in page and "申报材料弄虚作假" in page and "第二十八条" in page and "通报" in page
    assert "曲政撤〔2026〕1号" in page


def test_an_unknown_announcement_is_404(client, cities):
    with travel(TODAY):
        assert client.get("/announcements/424242/").status_code == 404


def test_the_archive_filters_and_pages(client, cities):
    with travel(TODAY):
        chenzhou = Approvals("chenzhou")
        first = chenzhou.approve(chenzhou.at_approval()).announcements.get()
        qujing = Approvals("qujing", term=5)
        contribution_winner = qujing.at_approval(award_kind="contribution_org")
        contribution = qujing.approve(contribution_winner).announcements.get()
        mayor = qujing.approve(qujing.at_approval()).announcements.get()
    revoked = revocation_notice(contribution_winner)
    with travel(NEXT_YEAR):
        later = Approvals("chenzhou")
        second = later.approve(later.at_approval()).announcements.get()

    def shown(query=""):
        page = get(client, f"/announcements/{query}")
        return [a for a in (first, contribution, mayor, revoked, second) if f'/announcements/{a.pk}/"' in page]

    assert shown() == [first, contribution, mayor, revoked, second]
    assert shown("?city=chenzhou") == [first, second]
    assert shown("?year=2027") == [second]
    assert shown("?term=5") == [contribution, mayor, revoked]
    assert shown("?city=qujing&award_kind=contribution_org") == [contribution, revoked]
    assert shown("?kind=revocation") == [revoked]
    assert shown("?kind=award&city=qujing") == [contribution, mayor]
    # nonsense is no filter, never an error
    assert shown("?year=abc&term=-1&kind=x&award_kind=contribution_org&page=99") == [
        first, contribution, mayor, revoked, second]
    page = get(client, "/announcements/?city=qujing")
    assert "曲靖市质量贡献奖" in page and "获奖者 1 名" in page


def test_the_archive_has_pages_of_twenty(client, cities):
    with travel(TODAY):
        scene = Approvals("chenzhou")
        made = [scene.approve(scene.at_approval()).announcements.get() for _ in range(21)]
    first_page = get(client, "/announcements/")
    assert "共 21 份公告" in first_page and "1/2" in first_page and f"/announcements/{made[0].pk}/\"" not in first_page
    assert f"/announcements/{made[0].pk}/\"" in get(client, "/announcements/?page=2")


def test_archive_and_announcement_keep_their_queries_over_1_and_n(client, cities):
    with travel(TODAY):
        scene = Approvals("chenzhou")
        small = scene.approve(scene.at_approval()).announcements.get()
        one = [count(client, "/announcements/"), count(client, f"/announcements/{small.pk}/")]
        big = scene.approve(*[scene.at_approval() for _ in range(4)]).announcements.get()
        for _ in range(2):
            scene.approve(scene.at_approval())
        qujing = Approvals("qujing")
        revocation_notice(qujing.at_approval())
        many = [count(client, "/announcements/"), count(client, f"/announcements/{big.pk}/")]
    assert one == many
    assert len(re.findall(r'href="/announcements/\d+/"', get(client, "/announcements/"))) == 5
    assert "市长质量奖（4名）" in get(client, f"/announcements/{big.pk}/")


def test_home_and_winners_link_the_announcements_and_winners_show_their_certificate(client, cities):
    with travel(TODAY):
        chenzhou = Approvals("chenzhou")
        winner = chenzhou.at_approval()
        announcement = chenzhou.approve(winner).announcements.get()
        qujing = Approvals("qujing")
        no_validity = qujing.at_approval()
        qujing.approve(no_validity)
    home = get(client, "/")
    assert 'href="/announcements/"' in home and f'href="/announcements/{announcement.pk}/"' in home
    assert announcement.title in home
    page = get(client, "/winners/")
    assert 'href="/announcements/' in page and f'href="/announcements/{announcement.pk}/"' in page
    certificate = certificates.live(winner)
    assert certificate.number in page and "有效" in page
    assert "2029年9月13日" in page and "第三十五条" in page  # Chenzhou: 3 years (第三十五条)
    assert certificates.live(no_validity).number in page and "未设有效期" in page
    certificate.revoked_on, certificate.revocation_article = TODAY, "第二十五条"
    certificate.save()
    assert "已撤销" in get(client, "/winners/")


def test_winners_list_keeps_its_queries_with_certificates_over_1_and_n(client, cities):
    with travel(TODAY):
        scene = Approvals("chenzhou")
        scene.approve(scene.at_approval())
        one = count(client, "/winners/")
        scene.approve(*[scene.at_approval() for _ in range(3)])
        other = Approvals("wuhan")
        other.approve(other.at_approval())
        many = count(client, "/winners/")
    assert one == many
    assert get(client, "/winners/").count("CHENZHOU-2026-") == 4

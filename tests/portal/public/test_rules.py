"""The public rules page (portal.public.rules): every value with its article, or the office's note; the
workflow diagram drawn from the rules."""

import re

from django.core.management import call_command

CODES = {"chenzhou", "qujing", "jinan", "ordos", "wuhan"}


def _ground_rows(html):
    table = html.split("撤销后不得再次申报", 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(.*?)</td><td class=\"cite\">(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>"
                      r"<td>(.*?)</td></tr>", table)


def test_rules_page_says_which_revocation_ground_bars_reapplying(client, cities):
    wuhan = _ground_rows(client.get("/cities/wuhan/rules/").content.decode())
    assert wuhan[0][0] == "弄虚作假或者以其他不正当手段骗取市长质量奖"
    assert wuhan[0][5] == '是<span class="cite">（第三十一条）</span>'
    assert all(row[5] == "—" for row in wuhan[1:])
    jinan = dict((row[0], row[5]) for row in _ground_rows(client.get("/cities/jinan/rules/").content.decode()))
    barring = jinan["（单位）弄虚作假，采取不正当手段骗取市长质量奖荣誉"]
    assert barring.startswith('是<span class="office">（办法未规定，由评审办公室设定：第二十九条（一）')


def test_rules_page_shows_each_grounds_procedure_notice_and_reclaims(client, cities):
    wuhan = _ground_rows(client.get("/cities/wuhan/rules/").content.decode())
    assert wuhan[0][2] == "市强市办调查核实 → 市人民政府决定撤销"  # 第三十一条
    assert wuhan[0][3] == '曝光<span class="cite">（第三十一条）</span>'
    assert wuhan[0][4] == '荣誉证书、奖牌、奖杯<span class="cite">（第三十一条）</span>'
    jinan = _ground_rows(client.get("/cities/jinan/rules/").content.decode())
    assert jinan[0][2].startswith("市质量强市领导小组办公室（查证属实）调查核实 → 市质量强市领导小组提请撤销 → 市政府")
    html = client.get("/cities/chenzhou/rules/").content.decode()
    assert "奖金300,000元（复评或再次获奖时不再授予）" in html and "评委会审定" in html  # 第二十一条, 第三十五条


def test_rules_page_is_titled_with_the_city_award(client, cities):
    assert "<h1>曲靖市市长质量奖 · 评定规则</h1>" in client.get("/cities/qujing/rules/").content.decode()


def test_public_rules_page_shows_values_with_their_articles(client, cities):
    response = client.get("/cities/ordos/rules/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "鄂尔多斯市市长质量奖管理办法" in html
    assert "10个工作日" in html and "第十六条" in html  # eligibility check
    assert "由评审办公室设定" in html  # where the measure is silent
    assert client.get("/cities/nowhere/rules/").status_code == 404


def test_rules_page_names_award_kinds_and_sheets_and_the_repeat_rule_per_award(client, cities):
    import re

    html = client.get("/cities/wuhan/rules/").content.decode()
    assert "GB/T 19580《卓越绩效评价准则》评分表" in html and "gbt19580" not in html
    assert "mayor_org" not in html and "nomination_org" not in html  # quotas by award name, not by file key
    rows = {m.group(1): m.group(0) for m in re.finditer(r"<tr><td>([^<]+) <span class=\"cite\">.*?</tr>", html, re.S)}
    mayor = next(v for k, v in rows.items() if k == "市长质量奖（组织）")
    nomination = next(v for k, v in rows.items() if "提名奖" in k)
    assert mayor.endswith('<td>是<span class="cite">（第二十六条）</span></td></tr>')
    assert "原则上不低于600" in mayor
    assert "否" in nomination.split("<td>")[-1] and "由评审办公室设定" in nomination.split("<td>")[-1]


def test_workflow_diagram_is_drawn_from_the_rules(client, cities, tmp_path):
    svg = client.get("/cities/wuhan/workflow.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    text = svg.content.decode()
    for label in ("推荐单位公示", "资格审查", "拟奖名单公示", "获奖", "第十七条"):
        assert label in text
    call_command("draw_workflows", out=str(tmp_path), verbosity=0)
    assert {p.name for p in tmp_path.glob("*.svg")} == {f"{c}.svg" for c in CODES}
    chenzhou = (tmp_path / "chenzhou.dot").read_text(encoding="utf-8")
    assert "satisfaction_survey" in chenzhou and "hearing" not in chenzhou


def test_chenzhou_publicity_reads_7_days_not_at_least_by_article_20(cities, client):
    page = client.get("/cities/chenzhou/rules/").content.decode()
    assert "不少于7日" not in page and "7日" in page


def test_rules_page_states_when_each_measure_is_in_force(cities, client):
    """济南 第三十一条 (2018-12-07 to 2021-12-06), 鄂尔多斯 审议稿, 武汉 征求意见稿 valid 5 years (第三十七条)."""
    jinan = client.get("/cities/jinan/rules/").content.decode()
    assert "2018年12月7日" in jinan and "至2021年12月6日" in jinan and "已过有效期" in jinan
    wuhan = client.get("/cities/wuhan/rules/").content.decode()
    assert "草案，尚未正式施行" in wuhan and "自施行之日起5年" in wuhan and "第三十七条" in wuhan
    chenzhou = client.get("/cities/chenzhou/rules/").content.decode()
    assert "2017年5月29日" in chenzhou and "现行有效" in chenzhou

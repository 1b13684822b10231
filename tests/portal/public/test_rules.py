"""The public rules page (portal.public.rules): every value with its article, or the office's note."""

import re


def _ground_rows(html):
    table = html.split("撤销后不得再次申报", 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(.*?)</td><td class=\"cite\">(.*?)</td><td>(.*?)</td></tr>", table)


def test_rules_page_says_which_revocation_ground_bars_reapplying(client, cities):
    wuhan = _ground_rows(client.get("/cities/wuhan/rules/").content.decode())
    assert wuhan[0][0] == "弄虚作假或者以其他不正当手段骗取市长质量奖"
    assert wuhan[0][2] == '是<span class="cite">（第三十一条）</span>'
    assert all(row[2] == "—" for row in wuhan[1:])
    jinan = dict((row[0], row[2]) for row in _ground_rows(client.get("/cities/jinan/rules/").content.decode()))
    barring = jinan["（单位）弄虚作假，采取不正当手段骗取市长质量奖荣誉"]
    assert barring.startswith('是<span class="office">（办法未规定，由评审办公室设定：第二十九条（一）')


def test_rules_page_is_titled_with_the_city_award(client, cities):
    assert "<h1>曲靖市市长质量奖 · 评定规则</h1>" in client.get("/cities/qujing/rules/").content.decode()

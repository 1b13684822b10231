"""The 20 sections (门类) of the national industry classification GB/T 4754-2017 (国民经济行业分类): the one place
for their letters and names, and the three sectors (三次产业) they fall in. No city specifics.

An organisation says its section at sign-up (a select of the 20, e.g. "C 制造业"); panels carry the sections they
cover and experts the sections they know, so a panel is matched by code, never by comparing free text ("食品制造"
is section C like "制造业"). `guess_section` reads a free-text industry name only as a fallback for records made
before the section was asked for; callers say so on the page.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndustrySection(models.TextChoices):
    """门类 of GB/T 4754-2017, letters A–T."""

    A = "A", _("A 农、林、牧、渔业")
    B = "B", _("B 采矿业")
    C = "C", _("C 制造业")
    D = "D", _("D 电力、热力、燃气及水生产和供应业")
    E = "E", _("E 建筑业")
    F = "F", _("F 批发和零售业")
    G = "G", _("G 交通运输、仓储和邮政业")
    H = "H", _("H 住宿和餐饮业")
    I = "I", _("I 信息传输、软件和信息技术服务业")  # noqa: E741 - the standard's own letter
    J = "J", _("J 金融业")
    K = "K", _("K 房地产业")
    L = "L", _("L 租赁和商务服务业")
    M = "M", _("M 科学研究和技术服务业")
    N = "N", _("N 水利、环境和公共设施管理业")
    O = "O", _("O 居民服务、修理和其他服务业")  # noqa: E741 - the standard's own letter
    P = "P", _("P 教育")
    Q = "Q", _("Q 卫生和社会工作")
    R = "R", _("R 文化、体育和娱乐业")
    S = "S", _("S 公共管理、社会保障和社会组织")
    T = "T", _("T 国际组织")


LETTERS = tuple(IndustrySection.values)

# 三次产业划分规定: A = 第一产业, B–E = 第二产业, F–T = 第三产业, by the section letter. Simplified on purpose: the
# official rule puts A's 05 农、林、牧、渔专业及辅助性活动 (and B's 11, C's 43) in the third sector; the portal
# records only the section letter. The values are the sector codes of reviews.models.Expert.Sector.
PRIMARY, SECONDARY, TERTIARY = "primary", "secondary", "tertiary"
SECTOR_OF = {"A": PRIMARY, **dict.fromkeys("BCDE", SECONDARY), **dict.fromkeys("FGHIJKLMNOPQRST", TERTIARY)}


def sections_of_sector(sector: str) -> str:
    """The letters of one sector, in order ("secondary" → "BCDE")."""
    return "".join(letter for letter in LETTERS if SECTOR_OF[letter] == sector)


def name_of(letter: str) -> str:
    """"C 制造业" for "C"; the letter itself for anything else."""
    return str(IndustrySection(letter).label) if letter in LETTERS else letter


def clean_letters(values) -> str:
    """Letters chosen in a form (a list, or a string such as "C,D" or "cd") as a sorted string of valid letters,
    each once; anything else is dropped."""
    if isinstance(values, str):
        values = list(values)
    found = {str(v).strip().upper() for v in values or ()}
    return "".join(letter for letter in LETTERS if letter in found)


def names_of(letters: str) -> list[str]:
    return [name_of(letter) for letter in letters or ""]


# Words of each section's name (and common short forms) for the fallback guess, most specific first: "农副食品加工"
# is manufacturing (C), not farming (A), so C is tried before A.
_GUESS_WORDS = (
    ("C", ("制造", "加工", "食品", "饮料", "纺织", "服装", "化工", "化学", "医药", "制药", "机械", "设备", "汽车",
           "电子", "钢铁", "冶炼", "家具", "印刷", "造纸", "烟草", "酒")),
    ("B", ("采矿", "矿业", "开采", "煤炭", "洗选")),
    ("D", ("电力", "热力", "燃气", "供水", "水的生产", "发电", "供电")),
    ("E", ("建筑", "施工", "装饰", "安装")),
    ("I", ("软件", "信息", "互联网", "通信", "电信")),
    ("J", ("金融", "银行", "保险", "证券")),
    ("K", ("房地产", "物业")),
    ("G", ("交通", "运输", "仓储", "物流", "邮政", "快递")),
    ("H", ("住宿", "餐饮", "酒店")),
    ("F", ("批发", "零售", "商贸", "贸易")),
    ("L", ("租赁", "商务服务")),
    ("M", ("科学研究", "技术服务", "检测", "设计", "研究院")),
    ("N", ("水利", "环境", "公共设施", "环保")),
    ("O", ("居民服务", "修理")),
    ("P", ("教育", "学校", "培训")),
    ("Q", ("卫生", "医院", "医疗", "社会工作")),
    ("R", ("文化", "体育", "娱乐", "传媒")),
    ("S", ("公共管理", "社会保障", "社会组织")),
    ("A", ("农", "林业", "牧", "渔")),
    ("T", ("国际组织",)),
)


def guess_section(industry: str) -> str:
    """Fallback for old data only: the section letter a free-text industry name most likely means, or "" when
    nothing fits. Never used where a section was chosen."""
    text = (industry or "").strip()
    if not text:
        return ""
    for letter, words in _GUESS_WORDS:
        if any(w in text for w in words):
            return letter
    return ""

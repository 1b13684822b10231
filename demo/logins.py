"""The demo logins as `scripts/run` prints them: every user that exists, once, grouped by role, with a tour.

Read from the database (not from what the builders returned), so a second run, which builds nothing, prints the
same list, and no user is printed twice or left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Publicity
from awards.workflow import Status, staff_label
from cities.models import City
from cities.schema import Role
from reviews.models import Expert

ADMIN = "admin"
EXISTING = "（已存在）"  # what demo.base.build_all says of a city built before; the description is the user's name
ORDER = [ADMIN, Role.OFFICE.value, Role.RECOMMENDER.value, Role.APPLICANT.value, "individual", Role.EXPERT.value,
         Role.COMMITTEE.value, Role.SUPERVISOR.value, "other"]


def _titles() -> dict[str, str]:
    return {
        ADMIN: _("系统管理员"), Role.OFFICE.value: _("评审办公室"), Role.RECOMMENDER.value: _("推荐单位"),
        Role.APPLICANT.value: _("申报单位"), "individual": _("申报个人"), Role.EXPERT.value: _("评审专家"),
        Role.COMMITTEE.value: _("评委会委员"), Role.SUPERVISOR.value: _("监督人员"), "other": _("其他账号"),
    }


@dataclass
class Login:
    username: str
    description: str


@dataclass
class RoleGroup:
    role: str
    title: str
    logins: list[Login] = field(default_factory=list)


def _role_of(user: User, experts: set[int]) -> str:
    if user.is_superuser:
        return ADMIN
    for group in user.groups.all():
        role = getattr(getattr(group, "city_role", None), "role", None)
        if role in ORDER:
            return role
    for group in user.groups.all():
        if hasattr(group, "recommender_unit"):
            return Role.RECOMMENDER.value
    if user.pk in experts:
        return Role.EXPERT.value
    if hasattr(user, "individual"):
        return "individual"
    if any(hasattr(group, "organisation") for group in user.groups.all()):
        return Role.APPLICANT.value
    return "other"


def grouped(notes: list[tuple[str, str]] = ()) -> list[RoleGroup]:
    """Every active user, once, in the group of its first role; `notes` (username, what to look at) are added."""
    extra: dict[str, list[str]] = {}
    for username, note in notes:
        if note and note != EXISTING and note not in extra.setdefault(username, []):
            extra[username].append(note)
    experts = set(Expert.objects.values_list("user_id", flat=True))
    titles = _titles()
    groups = {role: RoleGroup(role, titles[role]) for role in ORDER}
    users = (User.objects.filter(is_active=True).order_by("username")
             .prefetch_related("groups__city_role", "groups__recommender_unit", "groups__organisation")
             .select_related("individual"))
    for user in users:
        said = [user.first_name] if user.first_name else []
        group = groups[_role_of(user, experts)]
        said += [n for n in extra.get(user.username, []) if n not in (user.first_name, group.title)]
        group.logins.append(Login(user.username, "；".join(said)))
    return [g for g in groups.values() if g.logins]


def _first(groups: list[RoleGroup], role: str, suffix: str = "") -> str:
    for g in groups:
        if g.role == role:
            for login in g.logins:
                if login.username.endswith(suffix):
                    return login.username
    return ""


def tour(groups: list[RoleGroup]) -> list[str]:
    """A short suggested tour through the demo, one line per step, naming a login that exists."""
    steps = [
        (_first(groups, Role.APPLICANT.value, "_applicant"), _("申报单位：查看申报、填写材料、提交申报")),
        (_first(groups, Role.RECOMMENDER.value), _("推荐单位：审核并出具推荐意见")),
        (_first(groups, Role.OFFICE.value), _("评审办公室：资格审查、组建评审组、公示、录入审定决定")),
        (_first(groups, Role.EXPERT.value, "_expert1"), _("评审组组长：评分与共识")),
        (_first(groups, Role.COMMITTEE.value), _("评委会委员：审议与表决")),
        (_first(groups, Role.SUPERVISOR.value), _("监督人员：查看评审全过程")),
        (_first(groups, Role.APPLICANT.value, "_winner"), _("获奖单位：荣誉证书与年度义务")),
        (_first(groups, Role.APPLICANT.value, "_past_awardee"), _("往届获奖单位：逾期的年度自评报告、复评申请")),
    ]
    lines = [f"{who} · {what}" for who, what in steps if who]
    lines.append(_("公众（无需登录）：首页 → 公示 → 提出异议；/verify/ 核验证书"))
    return [f"{i}. {line}" for i, line in enumerate(lines, start=1)]


def stage_guide() -> list[str]:
    """Per city, where its stages are seen (demo.stages leaves an application at each): the office's queues, the
    open periods' public pages, objections, revocations, duties and complaints. A few queries per city."""
    today = timezone.localdate()
    lines = []
    for city in City.objects.order_by("code"):
        rules = city.current_rules().rules
        first = rules.stages[0].kind.value
        said = [_("各阶段队列 %(url)s（侧栏切换阶段）") % {"url": reverse("office:queue", args=[city.code, first])}]
        for shown in Publicity.objects.filter(cycle__city=city, closed_at__isnull=True, starts_on__lte=today,
                                              ends_on__gte=today).order_by("pk"):  # open now (publicity.is_open)
            page = "public:comment_form" if shown.stage == Status.PUBLIC_COMMENT else "public:publicity_detail"
            said.append(_("%(stage)s中：%(url)s") % {"stage": staff_label(shown.stage, rules),
                                                    "url": reverse(page, args=[shown.pk])})
        said += [_("异议 %(url)s") % {"url": reverse("office:objections", args=[city.code])},
                 _("撤销 %(url)s") % {"url": reverse("office:revocations", args=[city.code])},
                 _("获奖者义务（逾期报告、复评） %(url)s") % {"url": reverse("office:duties", args=[city.code])},
                 _("投诉 %(url)s") % {"url": reverse("office:complaints", args=[city.code])}]
        lines.append(f"{city.name}（{city.code}_office）：" + "；".join(said))
    return lines


def render(notes: list[tuple[str, str]] = (), password: str = "") -> str:
    groups = grouped(notes)
    lines = [_("演示账号（密码均为 %(password)s），按角色：") % {"password": password}]
    for g in groups:
        lines.append(f"[{g.title}]")
        lines += [f"  {login.username:<28} {login.description}" for login in g.logins]
    lines.append(_("建议的参观路线："))
    lines += [f"  {line}" for line in tour(groups)]
    guide = stage_guide()
    if guide:
        lines.append(_("各城市每个阶段的去处（以评审办公室账号登录）："))
        lines += [f"  {line}" for line in guide]
    return "\n".join(lines)

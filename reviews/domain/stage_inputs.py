"""Stage inputs that are not expert scores.

- A customer-satisfaction survey result (市场（顾客）满意度测评), done by an outside agency and entered
  by the office with the article of the city's stage (e.g. 郴州 第十七条).
- A public comment period (公开征求意见, e.g. 鄂尔多斯 第十八条, ≥20 days): the office publishes the review
  results with awards.domain.publicity.publish(stage="public_comment"); while it runs anyone may leave a
  comment on the public page; the office reads them. Comments do not block the stage (objections do).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from awards.domain import publicity as publicity_domain
from awards.models import Application, Publicity, PublicityEntry
from awards.workflow import ROLE_PERMISSIONS, Status, staff_label
from cities.schema import Role, StageKind
from core.errors import InvalidInput, TransitionDenied
from core.i18n import join_list

from ..models import PublicComment, SurveyResult

SURVEY = StageKind.SATISFACTION_SURVEY.value
PUBLIC_COMMENT = StageKind.PUBLIC_COMMENT.value


def record_survey(application: Application, actor, *, score, agency: str, summary: str) -> SurveyResult:
    stage = application.rules.stage(SURVEY)
    if stage is None:
        raise InvalidInput(_("本市评审流程中没有满意度测评环节。"))
    if not actor.has_perm(ROLE_PERMISSIONS[Role.OFFICE], application):
        raise TransitionDenied(_("只有评审办公室可以录入满意度测评结果。"))
    if application.status != SURVEY:
        raise InvalidInput(_("该申报当前处于“%(s)s”，不在满意度测评环节。")
                           % {"s": staff_label(application.status, application.rules)})
    try:
        value = Decimal(str(score).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("满意度指数须为0至100之间的数字。")) from None
    if not value.is_finite() or not Decimal(0) <= value <= Decimal(100):
        raise InvalidInput(_("满意度指数须为0至100之间的数字。"))
    missing = [label for label, text in ((_("测评机构"), agency), (_("测评报告摘要"), summary))
               if not (text or "").strip()]
    if missing:
        raise InvalidInput(_("请填写：%(fields)s。") % {"fields": join_list(missing)})
    result, _created = SurveyResult.objects.update_or_create(
        application=application,
        defaults={"score": value.quantize(Decimal("0.01")), "agency": agency.strip(), "summary": summary.strip(),
                  "article": stage.article, "entered_by": actor},
    )
    return result


def open_comment_periods(today=None):
    """Public comment periods running now (for the public page)."""
    rows = Publicity.objects.filter(stage=PUBLIC_COMMENT, closed_at__isnull=True).select_related("cycle__city")
    return [p for p in rows.order_by("ends_on") if publicity_domain.is_open(p, today)]


def file_comment(entry: PublicityEntry, *, name: str, contact: str, text: str) -> PublicComment:
    publicity = entry.publicity
    if publicity.stage != PUBLIC_COMMENT:
        raise InvalidInput(_("该公示不是公开征求意见。"))
    problems = [label for label, value in ((_("姓名或单位"), name), (_("联系方式"), contact), (_("意见内容"), text))
                if not (value or "").strip()]
    if problems:
        raise InvalidInput(_("请填写：%(fields)s。") % {"fields": join_list(problems)})
    if len(text) > 4000 or len(name) > 100 or len(contact) > 100:
        raise InvalidInput(_("内容过长，意见不超过4000字，姓名、联系方式不超过100字。"))
    if not publicity_domain.is_open(publicity):
        raise InvalidInput(_("征求意见期已结束，不再受理意见。"))
    return PublicComment.objects.create(publicity=publicity, entry=entry, name=name.strip(), contact=contact.strip(),
                                        text=text.strip())


__all__ = ["record_survey", "file_comment", "open_comment_periods", "Status"]


def awaiting_comment_period(cycle) -> list[Application]:
    """The cycle's applications at the public comment stage that no open comment period lists yet."""
    return list(
        Application.objects.filter(cycle=cycle, status=PUBLIC_COMMENT).with_rules()
        .exclude(publicity_entries__publicity__stage=PUBLIC_COMMENT,
                 publicity_entries__publicity__closed_at__isnull=True)
        .order_by("reference")
    )

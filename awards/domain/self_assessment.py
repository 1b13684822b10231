"""The self-assessment report (自评报告) written online, one section per item of the award's score sheet.

- The outline (categories, items, points) is the award's score sheet; the portal reads it from the scheme and hands
  it to `ensure_sections`, which keeps one `SelfAssessmentSection` row per item (so this floor needs no scheme).
- Characters are counted without white space (`count`); the whole report may not exceed the cycle's
  `self_assessment_max_chars` (set by the office: no measure limits it). A save over the limit is kept, with a
  warning; only submitting the application refuses it (`missing`).
- Every save names the version it was typed on. When another tab saved the section since, the text is not
  overwritten: the answer is a conflict carrying both texts, and the stale text is kept as a revision marked
  `stale`. Every saved text is an append-only `SelfAssessmentRevision`.
- The intake check accepts an uploaded 自评报告 (Document.Kind.SELF_ASSESSMENT) or an online report whose every
  section is filled and within the limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import InvalidInput, TransitionDenied

from ..models import Application, Cycle, Document, SelfAssessmentRevision, SelfAssessmentSection
from . import access, documents

MAX_SECTION_TEXT = 200000  # a hard cap per section against abuse, far above any limit the office sets
SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class OutlineItem:
    """One item of the score sheet as the report's outline (from the portal's reading of the scheme)."""

    key: str
    title: str
    points: int = 0
    category: str = ""


@dataclass
class Conflict:
    key: str
    yours: str
    theirs: str
    version: int
    updated_at: str = ""


@dataclass
class Saved:
    versions: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    total: int = 0
    limit: int = 0
    saved_at: str = ""

    @property
    def over_limit(self) -> bool:
        return self.total > self.limit


def count(text: str) -> int:
    """The report's 字数: characters without white space (static/js/self_assessment.js counts the same way)."""
    return len(SPACE.sub("", text or ""))


def limit(application: Application) -> int:
    return application.cycle.self_assessment_max_chars


MIN_LIMIT, MAX_LIMIT = 1000, 500000


def set_limit(cycle: Cycle, max_chars: int, actor) -> Cycle:
    """The office of the cycle's city sets the report's total limit (set_by_office: no measure names one)."""
    if not access.is_office(actor, cycle.city_id):
        raise TransitionDenied(_("只有本市评审办公室可以设定自评报告字数上限。"))
    if not MIN_LIMIT <= max_chars <= MAX_LIMIT:
        raise InvalidInput(_("字数上限须在%(low)s至%(high)s之间。") % {"low": MIN_LIMIT, "high": MAX_LIMIT})
    Cycle.objects.filter(pk=cycle.pk).update(self_assessment_max_chars=max_chars)
    cycle.self_assessment_max_chars = max_chars
    return cycle


def ensure_sections(application: Application, outline: list[OutlineItem]) -> list[SelfAssessmentSection]:
    """The report's sections in the outline's order, creating the missing ones (empty) and updating titles."""
    existing = {s.item_key: s for s in SelfAssessmentSection.objects.filter(application=application)}
    for position, item in enumerate(outline):
        row = existing.get(item.key)
        if row is None:
            row, _created = SelfAssessmentSection.objects.get_or_create(
                application=application, item_key=item.key,
                defaults={"title": item.title[:200], "category": item.category[:100], "points": item.points,
                          "position": position})
            existing[item.key] = row
        elif (row.title, row.category, row.points, row.position) != (item.title, item.category, item.points,
                                                                      position):
            SelfAssessmentSection.objects.filter(pk=row.pk).update(
                title=item.title[:200], category=item.category[:100], points=item.points, position=position)
            row.title, row.category, row.points, row.position = item.title, item.category, item.points, position
    keys = [i.key for i in outline]
    return [existing[k] for k in keys]


def sections(application: Application) -> list[SelfAssessmentSection]:
    return list(SelfAssessmentSection.objects.filter(application=application).order_by("position", "pk"))


def texts(application: Application) -> list[str]:
    return list(SelfAssessmentSection.objects.filter(application=application).values_list("text", flat=True))


def total(application: Application) -> int:
    return sum(count(t) for t in SelfAssessmentSection.objects.filter(application=application)
               .values_list("text", flat=True))


def save(application: Application, changes: dict[str, tuple[str, int | None]], actor) -> Saved:
    """Store the texts of `changes` (item key → (text, the version it was typed on)). Sections another tab saved
    since come back as conflicts (both texts; nothing overwritten, the stale text kept as a revision)."""
    documents.check_editable(application, actor)
    result = Saved(limit=limit(application))
    now = timezone.now()
    with transaction.atomic():
        rows = {s.item_key: s for s in
                SelfAssessmentSection.objects.select_for_update().filter(application=application,
                                                                         item_key__in=list(changes))}
        unknown = sorted(set(changes) - set(rows))
        if unknown:
            raise InvalidInput(_("自评报告中没有这一部分：%(keys)s。") % {"keys": "、".join(unknown)})
        for key, (text, base) in changes.items():
            row = rows[key]
            text = (text or "").replace("\r\n", "\n")
            if len(text) > MAX_SECTION_TEXT:
                raise InvalidInput(_("“%(title)s”内容过长（超过%(max)s字符），未保存。")
                                   % {"title": row.title, "max": MAX_SECTION_TEXT})
            if text == row.text:
                result.versions[key] = row.version
                continue
            if base is not None and base != row.version:
                SelfAssessmentRevision.objects.create(section=row, version=row.version, text=text, saved_by=actor,
                                                      stale=True)
                result.conflicts.append(Conflict(key=key, yours=text, theirs=row.text, version=row.version,
                                                 updated_at=row.updated_at.isoformat() if row.updated_at else ""))
                continue
            row.text, row.version, row.updated_at, row.updated_by = text, row.version + 1, now, actor
            SelfAssessmentSection.objects.filter(pk=row.pk).update(
                text=text, version=row.version, updated_at=now, updated_by=actor)
            SelfAssessmentRevision.objects.create(section=row, version=row.version, text=text, saved_by=actor)
            result.versions[key] = row.version
    result.total = total(application)
    result.saved_at = now.isoformat()
    return result


def over_limit_text(total_chars: int, max_chars: int) -> str:
    return _("自评报告合计%(n)s字，超过评审办公室规定的%(max)s字；内容已保存，提交申报前请删减%(over)s字。") % {
        "n": total_chars, "max": max_chars, "over": total_chars - max_chars}


def has_upload(application: Application) -> bool:
    return documents.live_documents(application).filter(kind=Document.Kind.SELF_ASSESSMENT, section_key="").exists()


def missing(application: Application) -> list[str]:
    """What stops the 自评报告 from counting as handed in: none with an upload, else the online report's gaps."""
    if has_upload(application):
        return []
    rows = sections(application)
    if not rows:
        return [_("尚未上传自评报告（自我评价报告），也未在线填写自评报告。")]
    items = []
    empty = [f"{s.item_key} {s.title}" for s in rows if not (s.text or "").strip()]
    if empty:
        items.append(_("在线自评报告尚有%(n)s部分未填写：%(items)s（也可上传自评报告文件）。")
                     % {"n": len(empty), "items": "、".join(empty)})
    chars, max_chars = sum(count(s.text) for s in rows), limit(application)
    if chars > max_chars:
        items.append(_("在线自评报告合计%(n)s字，超过规定的%(max)s字，请删减后再提交。")
                     % {"n": chars, "max": max_chars})
    return items


def section_documents(application: Application) -> dict[str, list[Document]]:
    """The documents tied to a section, by item key (live ones only)."""
    out: dict[str, list[Document]] = {}
    for doc in documents.live_documents(application).exclude(section_key=""):
        out.setdefault(doc.section_key, []).append(doc)
    return out

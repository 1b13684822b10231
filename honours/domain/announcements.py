"""Public announcements: the 表彰公告 of a government decision's winners, and the archive of every announcement
(award and revocation notices) by city, year or 届, award kind and kind.

- `publish_award(decision)`: one award announcement per decision, written (or brought up to date) from its approved
  lines — the title from the city's name, the award's title and the cycle's name, the winners grouped by award
  kind in the order the rule file lists them, the 文号 and date. A decision approving nobody publishes nothing.
- `winners(announcement)`: the winners of an award announcement by award kind, for the page.
- `listing(...)`: the archive, newest first, filtered.
Revocation notices (kind REVOCATION) are written by honours.domain.revocation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from cities.schema import ApplicantKind, PublicNoticeKind
from core.i18n import long_date

from ..models import Announcement, DecisionLine, GovernmentDecision


@dataclass(frozen=True)
class Winner:
    name: str
    employer: str  # an individual's work unit, else ""
    reference: str


@dataclass(frozen=True)
class KindGroup:
    """The winners of one award kind."""

    key: str
    name: str
    winners: list[Winner]


def _approved_lines(decision: GovernmentDecision) -> list[DecisionLine]:
    lines = getattr(decision, "approved_lines", None)
    if lines is None:
        lines = decision.approved_lines = list(
            decision.lines.filter(approved=True)
            .select_related("application__organisation", "application__individual").order_by("pk"))
    return lines


def groups(decision: GovernmentDecision) -> list[KindGroup]:
    """The decision's winners by award kind, in the rule file's order of the kinds."""
    rules = decision.cycle.rules
    by_kind: dict[str, list[Winner]] = {}
    for line in _approved_lines(decision):
        application = line.application
        employer = application.individual.employer if application.individual_id else ""
        by_kind.setdefault(application.award_kind, []).append(
            Winner(application.applicant_name, employer, application.reference))
    return [KindGroup(kind.key, kind.name, by_kind[kind.key]) for kind in rules.award_kinds if kind.key in by_kind]


def _who(decision: GovernmentDecision) -> str:
    kinds = {line.application.applicant_kind for line in _approved_lines(decision)}
    if kinds == {ApplicantKind.ORGANISATION.value}:
        return _("获奖单位")
    if kinds == {ApplicantKind.INDIVIDUAL.value}:
        return _("获奖个人")
    return _("获奖单位和个人")


def title_for(decision: GovernmentDecision) -> str:
    """E.g. 关于表彰2026年度郴州市市长质量奖获奖单位的公告."""
    rules = decision.cycle.rules
    return _("关于表彰%(cycle)s%(city)s%(award)s%(who)s的公告") % {
        "cycle": decision.cycle.name, "city": rules.name, "award": rules.title_of(), "who": _who(decision)}


def body_for(decision: GovernmentDecision) -> str:
    """The announcement's text: the decision, then the winners by award kind (one a line), then the issuing body
    (post_award.certificate_issuer: the government in whose name the winners are honoured) and the date."""
    cycle = decision.cycle
    rules = cycle.rules
    found = groups(decision)
    paragraphs = [_("根据《%(measure)s》%(article)s（%(approver)s），经审定（%(number)s），决定对%(cycle)s%(city)s"
                    "%(award)s%(who)s予以表彰。名单如下：") % {
        "measure": rules.measure.title, "article": decision.article, "approver": decision.approver,
        "number": decision.document_number, "cycle": cycle.name, "city": rules.name, "award": rules.title_of(),
        "who": _who(decision)}]
    for group in found:
        names = [_("%(name)s（%(employer)s）") % {"name": w.name, "employer": w.employer} if w.employer else w.name
                 for w in group.winners]
        heading = _("%(kind)s（%(n)s名）：") % {"kind": group.name, "n": len(group.winners)}
        paragraphs.append("\n".join([heading, *names]))
    paragraphs.append(_("希望获奖者珍惜荣誉，持续提升质量管理水平，发挥示范引领作用。"))
    issuer = rules.post_award.certificate_issuer
    paragraphs.append("\n".join([*([issuer.value] if issuer else []), long_date(decision.decided_on)]))
    return "\n\n".join(paragraphs)


def publish_award(decision: GovernmentDecision) -> Announcement | None:
    """The decision's award announcement, created or brought up to date; None if it approved nobody."""
    if not _approved_lines(decision):
        return None
    fields = {
        "city_id": decision.cycle.city_id, "cycle": decision.cycle, "notice_kind": PublicNoticeKind.ANNOUNCEMENT.value,
        "title": title_for(decision)[:200], "body": body_for(decision), "document_number": decision.document_number,
        "published_on": decision.decided_on, "article": decision.article,
    }
    announcement, _created = Announcement.objects.update_or_create(
        decision=decision, kind=Announcement.Kind.AWARD, defaults=fields)
    return announcement


def winners(announcement: Announcement) -> list[KindGroup]:
    """The winners of an award announcement by award kind (empty for a revocation notice)."""
    if announcement.decision_id is None:
        return []
    return groups(announcement.decision)


def published():
    """Every announcement with what its page and the archive show (award announcements' winners prefetched)."""
    approved = DecisionLine.objects.filter(approved=True).select_related(
        "application__organisation", "application__individual").order_by("pk")
    return (Announcement.objects.select_related("city", "cycle__city", "cycle__rule_set", "decision__cycle__rule_set",
                                                "decision__cycle__city")
            .prefetch_related(Prefetch("decision__lines", queryset=approved, to_attr="approved_lines")))


def latest(n: int) -> list[Announcement]:
    """The `n` announcements published last (for the home page)."""
    return list(Announcement.objects.select_related("city", "cycle").order_by("-published_on", "-pk")[:n])


def listing(*, city=None, year: int | None = None, term: int | None = None, award_kind: str = "",
            kind: str = ""):
    """The archive, newest first: by city (a City or its code), year, 届, award kind (an award announcement naming
    a winner of that kind; a revocation notice about an award of that kind, through its `application`) and kind."""
    found = published().order_by("-published_on", "-pk")
    if city:
        found = found.filter(city__code=city) if isinstance(city, str) else found.filter(city=city)
    if year:
        found = found.filter(cycle__year=year)
    if term:
        found = found.filter(cycle__term=term)
    if kind:
        found = found.filter(kind=kind)
    if award_kind:
        found = found.filter(
            Q(decision__lines__approved=True, decision__lines__application__award_kind=award_kind)
            | Q(kind=Announcement.Kind.REVOCATION, application__award_kind=award_kind)
        ).distinct()
    return found

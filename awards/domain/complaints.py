"""Complaints about the award's process (投诉举报) from anyone (郴州 第三十条, 济南 第九条（三）): filed on a public
form (signed in or not), received by the body the city's rules name (`complaints.received_by`, the office today),
investigated and answered. The complainant gets a reference number on filing, follows the status on a public page
by it (no personal data shown there), and is told the answer by the contact given: the inbox (and its e-mail, an
outbox) for a signed-in complainant, an e-mail for an e-mail address. The city's supervisors read the list.

Each step (taken up, answered) is an append-only ComplaintStep with who, in which role, the article.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cities.models import City
from cities.schema import CityRules, Role
from core.errors import InvalidInput, TransitionConflict, TransitionDenied
from core.i18n import join_list, long_date

from .. import signals
from ..models import Complaint, ComplaintStep
from . import access, notices, references

NAME_MAX = 100
CONTACT_MAX = 100
TEXT_MAX = 2000
ANSWER_MAX = 5000
PREFIX = "TS"


def looks_like_email(contact: str) -> bool:
    try:
        validate_email((contact or "").strip())
    except ValidationError:
        return False
    return True


def rules_of(city: City) -> CityRules:
    return city.current_rules().rules


def receiver_role(rules: CityRules) -> Role:
    """Who receives, investigates and answers a complaint (the office where a rule set predates the key)."""
    return rules.complaints.received_by.value if rules.complaints else Role.OFFICE


def receiver_article(rules: CityRules) -> str:
    return (rules.complaints.received_by.article or "") if rules.complaints else ""


def receiver_citation(rules: CityRules) -> str:
    return rules.complaints.received_by.citation if rules.complaints else _("由评审办公室设定")


def body_name(rules: CityRules, role: Role) -> str:
    """The body the measure names for a role: the office's name, or the deciding body's."""
    if role == Role.COMMITTEE:
        return rules.bodies.deciding_body.value
    return rules.bodies.office.value


def _clean(name: str, contact: str, text: str) -> tuple[str, str, str]:
    name, contact, text = (str(name or "").strip(), str(contact or "").strip(), str(text or "").strip())
    fields = ((_("投诉人"), name, NAME_MAX), (_("联系方式"), contact, CONTACT_MAX), (_("投诉内容"), text, TEXT_MAX))
    missing = [label for label, value, _limit in fields if not value]
    if missing:
        raise InvalidInput(_("请填写：%(fields)s。") % {"fields": join_list(missing)})
    too_long = [_("%(field)s不能超过%(limit)s个字") % {"field": label, "limit": limit}
                for label, value, limit in fields if len(value) > limit]
    if too_long:
        raise InvalidInput(_("%(problems)s。") % {"problems": pgettext("clause separator", "；").join(too_long)})
    if any("\x00" in value for _label, value, _limit in fields):
        raise InvalidInput(_("内容含有无法识别的字符，请删除后重新提交。"))
    return name, contact, text


def file_complaint(city: City, *, name: str, contact: str, text: str, user=None) -> Complaint:
    """Anyone files a complaint about the process with the city; returns it with its reference number."""
    name, contact, text = _clean(name, contact, text)
    rules = rules_of(city)
    return Complaint.objects.create(
        city=city, reference=references.new_reference(Complaint, PREFIX), name=name, contact=contact, text=text,
        filed_by=user if access.is_signed_in(user) else None, received_by=receiver_role(rules).value,
        article=receiver_article(rules),
    )


def may_handle(user, complaint: Complaint) -> bool:
    """The body the rules name for the complaint (recorded on filing), in the complaint's city."""
    return access.has_role(user, complaint.city_id, Role(complaint.received_by))


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update(of=("self",)).select_related("city", "filed_by").get(pk=complaint.pk)


def take_up(complaint: Complaint, *, actor, note: str = "") -> Complaint:
    """Record that the investigation has started (状态：调查核实中); optional before the answer."""
    note = str(note or "").strip()
    if len(note) > TEXT_MAX:
        raise InvalidInput(_("说明不能超过%(limit)s个字。") % {"limit": TEXT_MAX})
    with transaction.atomic():
        complaint = _locked(complaint)
        if not may_handle(actor, complaint):
            raise TransitionDenied(_("您无权处理该投诉。"))
        if complaint.state != Complaint.State.OPEN:
            raise TransitionConflict(_("该投诉已在调查核实或已答复（%(state)s），请刷新页面。")
                                     % {"state": complaint.get_state_display()})
        complaint.state = Complaint.State.INVESTIGATING
        complaint.save(update_fields=["state"])
        ComplaintStep.objects.create(complaint=complaint, kind=ComplaintStep.Kind.INVESTIGATION, text=note,
                                     actor=actor, actor_role=complaint.received_by, article=complaint.article)
    return complaint


def answer(complaint: Complaint, *, actor, findings: str, answer_text: str) -> Complaint:
    """Record the investigation's findings (for the office and supervisors) and the answer (told to the
    complainant and shown on the status page); the complainant is told by the contact given."""
    findings, answer_text = str(findings or "").strip(), str(answer_text or "").strip()
    missing = [label for label, value in ((_("调查核实情况"), findings), (_("答复内容"), answer_text)) if not value]
    if missing:
        raise InvalidInput(_("请填写：%(fields)s。") % {"fields": join_list(missing)})
    if len(findings) > ANSWER_MAX or len(answer_text) > ANSWER_MAX:
        raise InvalidInput(_("调查核实情况和答复内容各不能超过%(limit)s个字。") % {"limit": ANSWER_MAX})
    if "\x00" in findings or "\x00" in answer_text:
        raise InvalidInput(_("内容含有无法识别的字符，请删除后重新提交。"))
    with transaction.atomic():
        complaint = _locked(complaint)
        if not may_handle(actor, complaint):
            raise TransitionDenied(_("您无权处理该投诉。"))
        if complaint.state == Complaint.State.ANSWERED:
            raise TransitionConflict(_("该投诉已答复，不能再次答复。"))
        complaint.state = Complaint.State.ANSWERED
        complaint.findings, complaint.answer = findings, answer_text
        complaint.answered_at, complaint.answered_by = timezone.now(), actor
        complaint.save(update_fields=["state", "findings", "answer", "answered_at", "answered_by"])
        ComplaintStep.objects.create(complaint=complaint, kind=ComplaintStep.Kind.ANSWER, text=findings,
                                     actor=actor, actor_role=complaint.received_by, article=complaint.article)
        pending = _tell_complainant(complaint)
        ids = [n.pk for n in pending]
        transaction.on_commit(
            lambda: signals.complaint_answered.send(sender=Complaint, complaint=complaint, notice_ids=ids),
            robust=True)
    return complaint


def _tell_complainant(complaint: Complaint) -> list:
    """A signed-in complainant: an inbox notice (e-mailed from the outbox). Returns the notices still to e-mail."""
    if complaint.filed_by_id is None or not complaint.filed_by.is_active:
        return []
    return notices.tell([complaint.filed_by], event_key=f"complaint:{complaint.pk}:answered",
                        subject=_subject(complaint), lines=_body(complaint).splitlines())


def _subject(complaint: Complaint) -> str:
    return _("投诉答复：%(ref)s") % {"ref": complaint.reference}


def _body(complaint: Complaint) -> str:
    rules = rules_of(complaint.city)
    return _("%(name)s：\n\n您于%(date)s向%(body)s提出的投诉（受理编号%(ref)s），经调查核实，"
             "答复如下：\n\n%(answer)s\n\n"
             "凭受理编号可在门户“投诉进度查询”页面查看。\n") % {
        "name": complaint.name, "date": long_date(timezone.localtime(complaint.filed_at)),
        "body": body_name(rules, Role(complaint.received_by)), "ref": complaint.reference, "answer": complaint.answer}


def email_answer(complaint_id: int) -> str:
    """E-mail the answer to a complainant who gave an e-mail address (and filed without an account: those have
    the inbox notice and its e-mail). Claimed first, so it is sent once."""
    complaint = Complaint.objects.select_related("city").get(pk=complaint_id)
    if complaint.state != Complaint.State.ANSWERED or complaint.filed_by_id or not looks_like_email(complaint.contact):
        return "nothing"
    claimed = Complaint.objects.filter(pk=complaint_id, answer_emailed_at__isnull=True).update(
        answer_emailed_at=timezone.now())
    if not claimed:
        return "already"
    try:
        send_mail(_subject(complaint), _body(complaint), settings.DEFAULT_FROM_EMAIL, [complaint.contact.strip()])
    except Exception:
        Complaint.objects.filter(pk=complaint_id).update(answer_emailed_at=None)  # let a retry send it
        raise
    return "sent"


def by_reference(reference: str) -> Complaint | None:
    reference = references.normalise(reference)
    if not reference:
        return None
    return Complaint.objects.select_related("city").filter(reference=reference).first()


def complaints_for_city(city):
    """The complaints to a city, newest first, with what a list page shows (for the office and the supervisors,
    who read them: 济南 第九条（三）, 曲靖 第二十七条). A fixed number of queries whatever the number of rows."""
    return (Complaint.objects.filter(city=city)
            .select_related("city", "answered_by", "filed_by")
            .order_by("-filed_at", "-pk"))


def public_status(complaint: Complaint) -> dict:
    """What the public status page shows: no name, no contact, no text, no findings; the state and the answer."""
    rules = rules_of(complaint.city)
    return {
        "reference": complaint.reference, "city": complaint.city.name, "filed_on": timezone.localtime(
            complaint.filed_at).date(), "state": complaint.get_state_display(), "answered": complaint.state ==
        Complaint.State.ANSWERED, "answered_on": complaint.answered_at and timezone.localtime(
            complaint.answered_at).date(), "answer": complaint.answer,
        "body": body_name(rules, Role(complaint.received_by)), "citation": receiver_citation(rules),
    }


# -- who may see what (registered in the permission table) ---------------------------------------
def office_complaints(user, city=None) -> access.Verdict:
    """The complaints list of a city: the body that receives them, and the city's supervisors (read-only)."""
    if not access.cities_with(user, {Role.OFFICE, Role.COMMITTEE, Role.SUPERVISOR}):
        return access.refuse(_("只有投诉受理机关和监督人员可以查看投诉。"))
    if city is not None and not (access.is_office(user, city) or access.is_supervisor(user, city)
                                 or access.has_role(user, city, receiver_role(rules_of(city)))):
        return access.refuse(_("您不能查看该城市的投诉。"))
    return access.ALLOWED


def handle_complaint(user, complaint) -> access.Verdict:
    """One complaint, to investigate and answer: the receiving body of its city (another city's: 404)."""
    if complaint is None or not may_handle(user, complaint):
        return access.hide(_("没有这条投诉。"))
    return access.ALLOWED


access.register("office.complaints", office_complaints)
access.register("office.complaint", handle_complaint)

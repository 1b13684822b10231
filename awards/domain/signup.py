"""Sign-up of applicants: organisations (by 统一社会信用代码) and individuals.

Rule for organisations with several users: the first person to register a credit code creates the
organisation and becomes its first member (a member of Organisation.group). Anyone registering later
with the same credit code does NOT get access: a MembershipRequest is filed, and only an existing
member of that organisation may approve it. Until then the newcomer sees nothing of the organisation.

Nothing here tells a stranger what exists: a username already taken creates nothing and returns a result
without a user (after the same password-hashing work as a new account), and the page answers the same either
way; a known credit code never shows the organisation's name to the newcomer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cities.models import City
from core.errors import InvalidInput, TransitionDenied

from ..credit_code import validate_credit_code
from ..models import Individual, IndustrySection, MembershipRequest, Organisation
from . import access


@dataclass
class SignupResult:
    user: User | None  # None: the username was not available (nothing was created; the page does not say so)
    organisation: Organisation | None = None
    join_request: MembershipRequest | None = None
    individual: Individual | None = None


def normalise_credit_code(value: str) -> str:
    return (value or "").strip().upper()


def check_credit_code(value: str) -> str:
    code = normalise_credit_code(value)
    try:
        validate_credit_code(code)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages)) from None
    return code


def _new_user(*, username: str, password: str, full_name: str, email: str) -> User | None:
    if User.objects.filter(username__iexact=username).exists():
        make_password(password)  # the same work as for a new account: the answer's timing does not tell
        return None
    user = User(username=username, first_name=full_name[:150], email=email)
    user.set_password(password)
    user.save()
    return user


def register_organisation(
    *, username: str, password: str, full_name: str, email: str, credit_code: str, name: str, city: City,
    legal_person: bool, founded_on: date, is_sme: bool = False, industry: str = "", industry_section: str = "",
) -> SignupResult:
    """A new user for an organisation. New credit code: creates it. Known one: files a join request."""
    code = check_credit_code(credit_code)
    industry_section = (industry_section or "").strip().upper()
    if industry_section and industry_section not in IndustrySection.values:
        raise InvalidInput(_("行业门类须为国民经济行业分类（GB/T 4754）的门类字母 A–T。"))
    with transaction.atomic():
        user = _new_user(username=username, password=password, full_name=full_name, email=email)
        if user is None:
            return SignupResult(user=None)
        existing = Organisation.objects.filter(credit_code=code).first()
        if existing is not None:
            join = MembershipRequest.objects.create(
                organisation=existing, user=user, note=_("注册时填写的单位名称：%(name)s") % {"name": name}
            )
            return SignupResult(user=user, join_request=join)
        group = Group.objects.create(name=f"org:{code}")
        try:
            with transaction.atomic():
                organisation = Organisation.objects.create(
                    name=name.strip(), credit_code=code, city=city, legal_person=legal_person,
                    founded_on=founded_on, is_sme=is_sme, industry=industry.strip(),
                    industry_section=industry_section, group=group,
                )
        except IntegrityError:
            raise InvalidInput(_("该统一社会信用代码刚刚已被注册，请重新提交以申请加入该单位。")) from None
        group.user_set.add(user)
    return SignupResult(user=user, organisation=organisation)


def set_industry(organisation: Organisation, actor, *, industry: str, industry_section: str) -> Organisation:
    """A member of the organisation says its industry and its GB/T 4754 section (the select of core.industry's 20);
    panels are matched by the section letter (reviews.domain.panels). A section once chosen is not cleared."""
    if not access.is_member_of(actor, organisation):
        raise TransitionDenied(_("只有本单位的用户可以修改单位资料。"))
    industry_section = (industry_section or "").strip().upper()
    if industry_section not in IndustrySection.values:
        raise InvalidInput(_("请从列表中选择行业门类（A–T）。"))
    organisation.industry = (industry or "").strip()[:100]
    organisation.industry_section = industry_section
    organisation.save(update_fields=["industry", "industry_section"])
    return organisation


def register_individual(
    *, username: str, password: str, full_name: str, email: str, city: City, employer: str,
    is_citizen: bool, quality_work_since: date, heads_organisation: bool = False,
) -> SignupResult:
    with transaction.atomic():
        user = _new_user(username=username, password=password, full_name=full_name, email=email)
        if user is None:
            return SignupResult(user=None)
        individual = Individual.objects.create(
            user=user, name=full_name.strip(), city=city, employer=employer.strip(), is_citizen=is_citizen,
            quality_work_since=quality_work_since, heads_organisation=heads_organisation,
        )
    return SignupResult(user=user, individual=individual)


def organisations_of(user) -> list[Organisation]:
    return list(Organisation.objects.filter(group__user=user).select_related("city").order_by("name"))


def individual_of(user) -> Individual | None:
    return Individual.objects.filter(user=user).select_related("city").first()


def pending_requests_for(user):
    """Join requests the user may decide: those for organisations they are already a member of."""
    return (
        MembershipRequest.objects.filter(organisation__group__user=user, outcome=MembershipRequest.Outcome.PENDING)
        .select_related("organisation", "user")
        .order_by("created_at")
    )


def decide_join(join: MembershipRequest, *, approve: bool, actor) -> MembershipRequest:
    if not join.organisation.group.user_set.filter(pk=actor.pk).exists():
        raise TransitionDenied(_("只有该单位的现有用户可以审批加入申请。"))
    with transaction.atomic():
        claimed = MembershipRequest.objects.filter(pk=join.pk, outcome=MembershipRequest.Outcome.PENDING).update(
            outcome=MembershipRequest.Outcome.APPROVED if approve else MembershipRequest.Outcome.REJECTED,
            decided_by=actor, decided_at=timezone.now(),
        )
        if not claimed:
            raise InvalidInput(_("该申请已处理。"))
        if approve:
            join.organisation.group.user_set.add(join.user)
    join.refresh_from_db()
    return join

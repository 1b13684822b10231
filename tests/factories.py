"""factory_boy factories. Applications are made through the domain function, as the portal makes them."""

import datetime

import factory
from django.contrib.auth.models import Group, User

from awards.credit_code import make_credit_code
from awards.domain import access
from awards.domain.applications import start_application
from awards.domain.cycles import Confirmation, confirmation_needed, open_cycle
from awards.models import Individual, Organisation, RecommenderUnit
from cities.models import City
from cities.schema import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.cn")
    password = factory.django.Password("Portal-Pass-2026")


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"group-{n}")


def city(code: str) -> City:
    return City.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"示范制造有限公司{n}号")
    credit_code = factory.Sequence(lambda n: make_credit_code(100000 + n))
    city = factory.LazyFunction(lambda: City.objects.get(code="chenzhou"))
    legal_person = True
    founded_on = datetime.date(2010, 3, 1)
    is_sme = False
    industry = "制造业"
    # GB/T 4754 门类 C 制造业 (第二产业) for the default industry; a test naming another industry without a section
    # gets none, as an organisation that left it blank (the portal then guesses the sector from the name).
    industry_section = factory.LazyAttribute(lambda o: "C" if o.industry == "制造业" else "")
    group = factory.SubFactory(
        GroupFactory, name=factory.LazyAttribute(lambda g: f"org:{g.factory_parent.credit_code}")
    )

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create:
            for user in extracted or [UserFactory()]:
                self.group.user_set.add(user)


class IndividualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Individual

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"张质量{n}")
    city = factory.LazyFunction(lambda: City.objects.get(code="wuhan"))
    employer = "武汉示范公司"
    quality_work_since = datetime.date(2005, 1, 1)


class RecommenderUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecommenderUnit
        skip_postgeneration_save = True

    city = factory.LazyFunction(lambda: City.objects.get(code="chenzhou"))
    kind = factory.LazyAttribute(lambda u: u.city.current_rules().rules.recommenders[0].key)
    name = factory.Sequence(lambda n: f"第{n}区质量主管部门")
    group = factory.SubFactory(GroupFactory)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create:
            for user in extracted or [UserFactory()]:
                self.group.user_set.add(user)


def cycle_for(code: str, *, year: int = 2026, published: datetime.date = datetime.date(2026, 3, 2)):
    return open_cycle(city(code), year=year, call_published_on=published,
                      confirmation=confirmation_for(code, published))


def confirmation_for(code: str, published: datetime.date):
    """The office's confirmation where the city's text is a draft or not in force that day (Jinan 第三十一条, Ordos
    审议稿, Wuhan 征求意见稿): tests open cycles under every city's text, as the office would after confirming."""
    if not confirmation_needed(city(code).current_rules().rules.measure, published):
        return None
    return Confirmation(actor=UserFactory(), reason="测试：评审办公室确认按该文本开展评定")


def city_user(code: str, role: Role, **kwargs) -> User:
    user = UserFactory(**kwargs)
    user.groups.add(access.city_group(city(code), role))
    return user


def application_for(cycle, *, award_kind: str | None = None, recommender=None, **applicant):
    rules = cycle.rules
    kind = rules.award_kind(award_kind) if award_kind else rules.award_kinds[0]
    if kind.applicant_kind == "organisation":
        applicant.setdefault("organisation", OrganisationFactory(city=cycle.city))
    else:
        applicant.setdefault("individual", IndividualFactory(city=cycle.city))
    recommender = recommender or RecommenderUnitFactory(city=cycle.city)
    return start_application(cycle=cycle, award_kind=kind.key, recommender=recommender, **applicant)


def member(group_owner) -> User:
    """The first user of an organisation or recommender unit."""
    return group_owner.group.user_set.first()

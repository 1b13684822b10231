from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _

from .schema import CityRules

# Parsed rules, shared by every RuleSet instance of one stored version. A stored version never changes (a changed
# file becomes a new version with a new digest; the admin shows versions read-only), so each is parsed once per
# process, and a page that lists many rows need not even read the content (ApplicationQuerySet.with_rules defers
# it). Bounded, least recently used out first: room for a province of 100 cities with two versions each in force
# (bench/province.py, P6); a smaller bound made every page listing all cities parse them all again on each request.
_PARSED: dict[tuple[int, int, str], CityRules] = {}
_PARSED_MAX = 256
# How many times a stored version was validated in this process (the tests and bench/province.py read it: a page
# that parses per row or per request shows here).
PARSE_COUNT = {"parses": 0}


def _validate(content) -> CityRules:
    PARSE_COUNT["parses"] += 1
    return CityRules.model_validate(content)


def parse_count() -> int:
    """Validations of stored rule sets so far in this process (parsed_rules)."""
    return PARSE_COUNT["parses"]


def parsed_rules(rule_set: "RuleSet") -> CityRules:
    """The rule set's content as CityRules, validated once per (pk, version, digest)."""
    if rule_set.pk is None:
        return _validate(rule_set.content)
    key = (rule_set.pk, rule_set.version, rule_set.digest)
    found = _PARSED.pop(key, None)
    if found is not None:
        _PARSED[key] = found  # now the most recently used
        return found  # no need to read the content: rows that share the key share it
    rules = _validate(rule_set.content)
    if len(_PARSED) >= _PARSED_MAX:
        _PARSED.pop(next(iter(_PARSED)))
    _PARSED[key] = rules
    return rules


def forget_parsed_rules() -> None:
    """Empty the shared cache (tests that count parses start from here)."""
    _PARSED.clear()


class City(models.Model):
    code = models.SlugField(_("代码"), unique=True)
    name = models.CharField(_("名称"), max_length=50)
    province = models.CharField(_("省份"), max_length=50)
    # The office's contact details for the public (公示 pages, objection and complaint forms). The measures do not
    # give them; the rule file's bodies.contact (set_by_office) is used where these are blank.
    office_telephone = models.CharField(_("评审办公室联系电话"), max_length=50, blank=True)
    office_address = models.CharField(_("评审办公室地址"), max_length=200, blank=True)
    office_email = models.EmailField(_("评审办公室电子邮箱"), blank=True)

    class Meta:
        verbose_name = _("城市")
        verbose_name_plural = _("城市")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def current_rules(self) -> "RuleSet":
        return self.rule_sets.order_by("-version").first()


class RuleSet(models.Model):
    """One version of a city's rule file. A cycle pins the version in force when it opened."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="rule_sets", verbose_name=_("城市"))
    version = models.PositiveIntegerField(_("版本"))
    digest = models.CharField(_("内容摘要"), max_length=64)
    content = models.JSONField(_("规则内容"))
    source_file = models.CharField(_("规则文件"), max_length=200)
    loaded_at = models.DateTimeField(_("载入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("规则版本")
        verbose_name_plural = _("规则版本")
        ordering = ["city", "-version"]
        constraints = [models.UniqueConstraint(fields=["city", "version"], name="one_number_per_version")]

    def __str__(self):
        return f"{self.city} v{self.version}"

    @cached_property
    def rules(self) -> CityRules:
        """The parsed rules, shared with every other instance of this version (see parsed_rules)."""
        return parsed_rules(self)


class CalendarOverride(models.Model):
    """The office's own corrections to the official calendar (a holiday or make-up day it knows of)."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=200)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {_('工作日') if self.is_workday else _('休息日')}"

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cities.schema import Cited, FraudBar, GrantKind, Period, PublicNoticeKind

register = template.Library()


def plain(value) -> str:
    if value is True:
        return _("是")
    if value is False:
        return _("否")
    if value is None:
        return _("无")
    if isinstance(value, FraudBar):
        if value.cycles:
            return _("下%(n)s届内不得申报") % {"n": value.cycles}
        if value.years:
            return _("%(n)s年内不得申报") % {"n": value.years}
        return _("无")
    if isinstance(value, GrantKind | PublicNoticeKind):
        return value.label
    if isinstance(value, list):
        return "、".join(plain(v) for v in value) or _("无")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def source(item) -> str:
    if item.article:
        return format_html('<span class="cite">{}</span>', _("（%(article)s）") % {"article": item.article})
    if item.note:
        text = _("（办法未规定，由评审办公室设定：%(note)s）") % {"note": item.note}
        return format_html('<span class="office">{}</span>', text)
    return format_html('<span class="office">{}</span>', _("（办法未规定，由评审办公室设定）"))


@register.filter
def cited(item):
    """Render a rule value with the article it comes from."""
    if item is None:
        return "—"
    if isinstance(item, Period):
        return format_html("{}{}", item.rule_in_words, source(item))
    if isinstance(item, Cited):
        return format_html("{}{}", plain(item.value), source(item))
    return plain(item)


@register.filter
def grant_words(grant):
    """One thing a winner is given, in words: 奖金30万元, 奖牌 …, with its source."""
    words = grant.kind.label
    if grant.amount:
        words = _("%(what)s%(amount)s元") % {"what": words, "amount": f"{grant.amount:,}"}
    if not grant.again:
        words = _("%(what)s（复评或再次获奖时不再授予）") % {"what": words}
    return format_html("{}{}", words, source(grant))


@register.filter(name="source")
def source_filter(item):
    """Only the article (or the office's note) of a rule value, for values rendered by the template itself."""
    return source(item) if item is not None else ""


@register.filter
def dict_get(mapping, key):
    return mapping.get(key) if mapping else None

from django import template
from django.utils.html import format_html

from cities.schema import Cited, DayCount, FraudBar, Period

register = template.Library()


def plain(value) -> str:
    if value is True:
        return "是"
    if value is False:
        return "否"
    if value is None:
        return "无"
    if isinstance(value, FraudBar):
        if value.cycles:
            return f"下{value.cycles}届内不得申报"
        if value.years:
            return f"{value.years}年内不得申报"
        return "无"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def source(item) -> str:
    if item.article:
        return format_html('<span class="cite">（{}）</span>', item.article)
    return format_html('<span class="office">（办法未规定，由评审办公室设定{}）</span>',
                       f"：{item.note}" if item.note else "")


@register.filter
def cited(item):
    """Render a rule value with the article it comes from."""
    if item is None:
        return "—"
    if isinstance(item, Period):
        unit = "个工作日" if item.unit == DayCount.WORKING else "日"
        prefix = "不少于" if item.minimum else ""
        return format_html("{}{}{}{}", prefix, item.length, unit, source(item))
    if isinstance(item, Cited):
        return format_html("{}{}", plain(item.value), source(item))
    return plain(item)


@register.filter
def dict_get(mapping, key):
    return mapping.get(key) if mapping else None

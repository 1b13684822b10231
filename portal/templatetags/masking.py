"""Personal data on public pages, masked as government publicity practice requires: mobile numbers as
138****1234, resident ID numbers as 4310**********1234 (政务公开 / 个人信息保护法). `{{ text|mask_personal }}`
masks every such number inside a text; the result is still escaped by the template."""

from __future__ import annotations

import re

from django import template

register = template.Library()

MOBILE = re.compile(r"(?<![0-9])(1[3-9][0-9])[ -]?([0-9]{4})[ -]?([0-9]{4})(?![0-9])")
RESIDENT_ID = re.compile(
    r"(?<![0-9A-Za-z])([1-9][0-9]{3})([0-9]{2}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]))"
    r"([0-9]{3}[0-9Xx])(?![0-9A-Za-z])"
)


def mask_id(value) -> str:
    return RESIDENT_ID.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3)[-4:], str(value))


def mask_phone(value) -> str:
    return MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", str(value))


@register.filter(name="mask_personal")
def mask_personal(value) -> str:
    """Every resident ID and mobile number in the text masked; anything else unchanged."""
    if value is None:
        return ""
    return mask_phone(mask_id(value))

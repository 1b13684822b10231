"""Language-aware pieces shared by messages, notices and e-mails written in Python."""

from __future__ import annotations

from datetime import date

from django.utils import dateformat
from django.utils.translation import pgettext


def long_date(day: date) -> str:
    """A date inside a sentence: 2026年03月05日 in Chinese (as the portal always wrote it), Mar. 5, 2026 in English."""
    # Translators: a Django date format (see the "date" template filter); 年, 月 and 日 are literal characters.
    return dateformat.format(day, pgettext("date format", "Y年m月d日"))


def join_list(items) -> str:
    """Items of an enumeration in one sentence: 甲、乙、丙 in Chinese, "a, b, c" in English."""
    return pgettext("list separator", "、").join(str(item) for item in items)


def join_clauses(items) -> str:
    """Clauses or short sentences run together: 甲；乙 in Chinese, "a; b" in English."""
    return pgettext("clause separator", "；").join(str(item) for item in items)

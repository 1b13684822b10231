"""The rows of an office queue page (templates/office/queue.html), built in Python once per page.

A page shows PAGE_SIZE rows; through the template engine each row cost a url tag, a dozen variable lookups, two
date filters and the translations, which was most of the page's time (issue 13, P2). The markup is the one the
template had, cell for cell: every value is escaped (as autoescape does), dates are formatted in the active language
(DATE_FORMAT, the submission time in the current time zone, as the template's date filter did) and every text
goes through gettext at render time, so the page follows the user's language. The markup is kept with the page's
body (portal/office/data_cache.py, per language and day), which is built anew after any change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from html import escape as _escape

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext as _

from awards.domain.queues import Row

_PK = 2_147_483_647  # a placeholder id reversed once; each row's link is the same path with its own id


def _e(value) -> str:
    """The template's autoescape of a value: safe strings as they are, anything else escaped (django.utils.html
    .escape is html.escape of str(value), without its lazy-argument wrapper, which was a third of this module's
    time)."""
    return value if isinstance(value, SafeData) else _escape(str(value))


class _Dates:
    """The template's `|date:"DATE_FORMAT"` for one page: an aware datetime in the current time zone, None as
    nothing; the active language's format read once and each day formatted once (DATE_FORMAT has no time)."""

    def __init__(self):
        self.format = formats.get_format("DATE_FORMAT")
        self.done: dict[date, str] = {}

    def __call__(self, value) -> str:
        if value in (None, ""):
            return ""
        if isinstance(value, datetime):
            value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
        if value not in self.done:
            self.done[value] = _e(formats.date_format(value, self.format))
        return self.done[value]


def rows_html(rows: Iterable[Row]) -> SafeString:
    """The table rows of a queue page; empty when there are none (the template says so)."""
    pattern = reverse("office:application", args=[_PK]).split(str(_PK))
    when = _Dates()
    preference_note = _e(_("优先条件，非必备"))
    # (the texts outside the f-strings: makemessages does not read inside them)
    unconfirmed_text, no_deadline_text = _e(_("节假日未确认，请核对")), _e(_("无期限"))
    unconfirmed = f'<br><span class="office">{unconfirmed_text}</span>'
    no_deadline = f'<span class="muted">{no_deadline_text}</span>'
    out = []
    for row in rows:
        a, d = row.application, row.deadline
        badges = "".join(
            f' <span class="badge pref" title="{_e(p.text)}（{_e(p.article)}，{preference_note}）">{_e(p.label)}</span>'
            for p in row.preferences
        )
        credit = f'<br><span class="muted">{_e(a.organisation.credit_code)}</span>' if a.organisation_id else ""
        if d.due:
            state = _e(d.state)
            deadline = (f'<span class="deadline-{state}">{when(d.due)}</span><br><span class="deadline-{state}">'
                        f'{_e(d.text)}</span>\n        <br><span class="cite">{_e(d.citation)}</span>'
                        f'{unconfirmed if d.unconfirmed else ""}')
        else:
            deadline = no_deadline
        recommender = a.recommender.name if a.recommender_id and a.recommender else ""
        href = _e(str(a.pk).join(pattern))
        out.append(
            f'\n    <tr class="row-{_e(d.state)}">\n'
            f'      <td class="nowrap"><a href="{href}">{_e(a.reference)}</a></td>\n'
            f"      <td>{_e(a.applicant_name)}{badges}{credit}</td>\n"
            f"      <td>{_e(row.award_name)}</td>\n"
            f'      <td>{_e(recommender or "—")}</td>\n'
            f'      <td class="muted nowrap">{when(a.submitted_at)}</td>\n'
            f'      <td class="nowrap">{deadline}</td>\n'
            "    </tr>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above went through _e

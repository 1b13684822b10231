"""Public. Reviewers disqualified where the city's rules say it is announced to the public (曲靖 第三十一条:
取消评审员资格，并向社会公告): name, city, date, ground, deciding body, article. The facts recorded for the office are
not shown."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.decorators import public
from reviews.domain import sanctions


@require_GET
@public
def reviewer_notices(request):
    """Public. The announced disqualifications, newest first."""
    return render(request, "public/reviewer_notices.html", {"rows": sanctions.public_notices()})

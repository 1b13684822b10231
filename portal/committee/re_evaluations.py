"""The committee's step of a 复评 (e.g. 评委会审定): the route, the records so far, and the form for the step the
rules give the deciding body.

Who: signed-in members of the city's committee group (committee.re_evaluation); another city's 复评 is 404. Only
the step whose actor is the committee can be recorded here (honours.domain.re_evaluation.record_step checks it).
"""

from __future__ import annotations

from django.views.decorators.http import require_http_methods

from portal.decorators import requires
from portal.shared.casework import load_re_evaluation, re_evaluation_page


@require_http_methods(["GET", "POST"])
@requires()
def re_evaluation(request, pk):
    """The city's committee members: record the committee's step of this 复评."""
    return re_evaluation_page(request, load_re_evaluation(request, pk, "committee.re_evaluation"),
                              template_side="committee")

"""The organisation's profile (单位资料): its industry and its GB/T 4754 section, chosen from the 20 (core.industry).

Who: the organisation's own users; anyone else 404. Panels are matched by the section letter
(reviews.domain.panels), so an organisation registered before the section was asked for chooses it here.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from awards.domain import access, signup
from awards.models import Organisation
from core.errors import TransitionError
from core.industry import IndustrySection
from portal.decorators import requires


@requires()
def profile(request, pk):
    """The organisation's users: see and change its industry and its GB/T 4754 section."""
    organisation = Organisation.objects.select_related("city").filter(pk=pk).first()
    access.require(request.user, "applicant.organisation", organisation)
    form = {"industry": organisation.industry, "industry_section": organisation.industry_section}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in form}
        try:
            signup.set_industry(organisation, request.user, industry=form["industry"],
                                industry_section=form["industry_section"])
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("单位资料已保存。"))
            return redirect("applicant:organisation", pk=organisation.pk)
    return render(request, "applicant/organisation.html", {
        "organisation": organisation, "form": form, "sections": IndustrySection.choices,
    })

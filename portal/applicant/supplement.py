"""The applicant's side of the supplement round trip (补正), and the formal notices (PDF) of intake decisions.

Who may use them: the answer page, the applicant of that application (object permission
"awards.act_as_applicant"); the PDFs, that applicant and the office of the application's city.
Anyone else gets 404 (the application's existence is not revealed).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from awards.domain import access, documents, supplements
from awards.models import Application, Document, FormalNotice, SupplementRequest
from awards.workflow import Status, applicant_label
from core.errors import TransitionError
from portal.decorators import requires
from portal.files import serve

MAX_FILES = 10


def _own_application(request, pk) -> Application:
    application = Application.objects.with_rules().select_related("organisation", "individual").filter(pk=pk).first()
    access.require(request.user, "applicant.application", application)
    return application


def _edit_url(application) -> str:
    """The applicant's edit page (it stays editable while a supplement is requested)."""
    return reverse("applicant:edit", args=[application.pk])


@requires()
@require_http_methods(["GET", "POST"])
def answer(request, pk):
    """The applicant of this application: read the request (all items at once) and hand in the supplement."""
    application = _own_application(request, pk)
    open_request = supplements.open_request(application)
    context = {
        "application": application,
        "rules": application.rules,
        "status_label": applicant_label(application.status, application.rules),
        "open_request": open_request,
        "waiting": application.status == Status.SUPPLEMENT_REQUESTED,
        "history": SupplementRequest.objects.filter(application=application, answered_at__isnull=False)
        .prefetch_related("items").order_by("-requested_at"),
        "notices": FormalNotice.objects.filter(application=application).order_by("-created_at"),
        "limits": documents.limits_text(),
        "accept": documents.ACCEPT,
        "secrets": Document.Secret.choices,
        "edit_url": _edit_url(application),
        "late": bool(open_request and supplements.is_late(open_request)),
    }
    if request.method == "POST":
        files = request.FILES.getlist("files")
        responses = {}
        if open_request:
            for item in open_request.items.all():
                responses[item.pk] = request.POST.get(f"response_{item.pk}", "")
        try:
            if len(files) > MAX_FILES:
                raise documents.UploadRefused(_("一次最多上传%(n)s个文件。") % {"n": MAX_FILES})
            supplements.answer(
                application, request.user, request.POST.get("note", ""), responses, uploads=files,
                secret_kind=request.POST.get("secret_kind", ""),
            )
        except TransitionError as error:
            application.refresh_from_db()
            if open_request:
                for item in open_request.items.all():
                    item.posted = responses.get(item.pk, "")
            context.update(error=error.message, note=request.POST.get("note", ""))
            return render(request, "supplement/answer.html", context, status=400)
        messages.success(request, _("补正材料已提交，评审办公室将继续审查。"))
        return redirect("applicant:supplement", pk=application.pk)
    return render(request, "supplement/answer.html", context)


@requires()
@require_GET
def formal_notice(request, pk):
    """The applicant of the application and the office of its city: the notice's PDF."""
    notice = (
        FormalNotice.objects.select_related("application__organisation__group", "application__individual",
                                            "application__cycle").filter(pk=pk).first()
    )
    access.require(request.user, "applicant.formal_notice", notice)
    filename = f"{notice.get_kind_display()}-{notice.application.reference}.pdf"
    return serve(notice.file, filename=filename, content_type="application/pdf", as_attachment=False)

"""The 自评报告 written online: the editor (one section per item of the award's score sheet), its JSON autosave,
attachments per section and the PDF of the whole report. The work is in awards.domain.self_assessment.

Who: the editor, its autosave and uploads — the application's applicants (others 404); the PDF — the applicants
and whoever may view the application (recommender, office, committee, supervisors, assigned experts).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from awards.domain import access, documents
from awards.domain import self_assessment as report
from awards.models import Application, Document
from awards.workflow import applicant_label
from core.errors import TransitionError
from core.pdf import render_pdf
from portal.decorators import requires
from reviews.domain import schemes

from .views import _mine, _session_expired

JS_MESSAGES = {
    "saving": _lazy("正在保存…"), "saved": _lazy("已保存"), "dirty": _lazy("有未保存的修改…"),
    "expired": _lazy("登录已过期，内容已保存在本机浏览器中。"), "login": _lazy("重新登录"),
    "failed": _lazy("未能保存："), "server": _lazy("服务器暂时不可用"), "kept": _lazy("（内容已保存在本机浏览器中）"),
    "offline": _lazy("网络中断，未能保存（内容已保存在本机浏览器中，恢复网络后将自动保存）"),
    "restored": _lazy("已从本机浏览器恢复上次未保存的内容，正在保存…"),
    "conflict": _lazy("另一个页面已保存了这一部分的更新内容。编辑框中现为已保存的最新内容；"
                      "您在本页输入的内容没有丢失，显示在下面，请复制需要的部分合并后继续编辑。"),
    "over": _lazy("超过字数上限，内容已保存；提交申报前请删减"),
    "chars": _lazy("字"),
}


def outline(application: Application) -> list[report.OutlineItem]:
    """The award's score sheet as the report's outline: each category's items, with their points."""
    scheme = schemes.load(application.rules.award_kind(application.award_kind).scoring_scheme.value)
    return [report.OutlineItem(key=i.code, title=i.name, points=i.points, category=f"{c.code} {c.name}")
            for c in scheme.categories for i in c.items]


def _context(app, rows, conflicts=None):
    attached = report.section_documents(app)
    conflicts = conflicts or {}
    categories, current = [], None
    for row in rows:
        if current is None or current["name"] != row.category:
            current = {"name": row.category, "points": 0, "sections": []}
            categories.append(current)
        current["points"] += row.points
        current["sections"].append({"s": row, "chars": report.count(row.text),
                                    "documents": attached.get(row.item_key, []),
                                    "conflict": conflicts.get(row.item_key)})
    chars, limit = sum(report.count(r.text) for r in rows), report.limit(app)
    latest = max((r.updated_at for r in rows if r.updated_at), default=None)
    return {
        "app": app, "award": app.award, "categories": categories, "total": chars, "limit": limit,
        "over": report.over_limit_text(chars, limit) if chars > limit else "",
        "editable": documents.is_editable(app), "label": applicant_label(app.status, app.rules),
        "has_upload": report.has_upload(app), "accept": documents.ACCEPT, "secrets": Document.Secret.choices,
        "saved_at": latest.isoformat() if latest else "", "js_messages": JS_MESSAGES,
    }


def _version(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@requires()
def editor(request, pk):
    """The application's applicants: the report, one section per item; read-only once submitted. A POST (the page
    without its script) saves every section; a section another tab saved since is shown with both texts."""
    app = _mine(request, pk)
    rows = report.ensure_sections(app, outline(app)) if documents.is_editable(app) else report.sections(app)
    conflicts = {}
    if request.method == "POST":
        changes = {r.item_key: (request.POST[f"text-{r.item_key}"], _version(request.POST.get(f"version-{r.item_key}")))
                   for r in rows if f"text-{r.item_key}" in request.POST}
        try:
            saved = report.save(app, changes, request.user)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            conflicts = {c.key: c for c in saved.conflicts}
            if conflicts:
                messages.error(request, _("有%(n)s部分已在另一个页面保存了更新的内容，未覆盖；您输入的内容显示在"
                                          "该部分下方，请合并后再保存。") % {"n": len(conflicts)})
            else:
                messages.success(request, _("自评报告已保存。"))
            if saved.over_limit:
                messages.warning(request, report.over_limit_text(saved.total, saved.limit))
            if not conflicts:
                return redirect("applicant:self_assessment", pk=app.pk)
        rows = report.sections(app)
    return render(request, "applicant/self_assessment.html", _context(app, rows, conflicts),
                  status=409 if conflicts else 200)


def _bad(message, status=400):
    return JsonResponse({"ok": False, "message": message}, status=status)


@requires(anonymous=_session_expired)
@require_POST
def autosave(request, pk):
    """JSON for the editor's autosave: {"sections": {item key: {"text", "version"}}}. 200 when all is saved; 409
    when a section was saved by another tab since (`conflicts`: both texts; the others are saved)."""
    app = _mine(request, pk)
    if request.content_type != "application/json":
        return _bad(_("数据格式不正确。"))
    try:
        payload = json.loads(request.body or b"{}")
        sections = payload.get("sections") if isinstance(payload, dict) else None
        if not isinstance(sections, dict) or not all(
                isinstance(v, dict) and isinstance(v.get("text", ""), str) for v in sections.values()):
            raise ValueError
    except ValueError:
        return _bad(_("数据格式不正确。"))
    changes = {str(k): (v.get("text", ""), _version(v.get("version"))) for k, v in sections.items()}
    try:
        saved = report.save(app, changes, request.user)
    except TransitionError as exc:
        return _bad(exc.message, status=409)
    at = timezone.localtime(parse_datetime(saved.saved_at))
    return JsonResponse({
        "ok": not saved.conflicts, "versions": saved.versions, "saved_at": f"{at:%H:%M}",
        "total": saved.total, "limit": saved.limit,
        "warning": report.over_limit_text(saved.total, saved.limit) if saved.over_limit else "",
        "conflicts": [{"key": c.key, "yours": c.yours, "theirs": c.theirs, "version": c.version}
                      for c in saved.conflicts],
    }, status=409 if saved.conflicts else 200)


@requires()
@require_POST
def upload(request, pk, key):
    """The application's applicants, while editable: files attached to one section (the same checks by content as
    every upload: awards.domain.documents.store_upload)."""
    app = _mine(request, pk)
    rows = {r.item_key for r in report.sections(app)}
    anchor = reverse("applicant:self_assessment", kwargs={"pk": app.pk}) + f"#s-{key}"
    if key not in rows:
        messages.error(request, _("自评报告中没有这一部分。"))
        return redirect(anchor)
    files = request.FILES.getlist("files")
    if not files:
        messages.error(request, _("请选择要上传的文件。"))
    for uploaded in files:
        try:
            doc = documents.store_upload(app, uploaded, Document.Kind.EVIDENCE, request.POST.get("secret_kind", ""),
                                         request.user, section_key=key)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已上传“%(name)s”。") % {"name": doc.original_name})
    return redirect(anchor)


@requires()
def pdf(request, pk):
    """The whole report as a PDF: the applicants and whoever may view the application; others 404."""
    app = (Application.objects.with_rules().select_related("organisation", "individual", "cycle__city")
           .filter(pk=pk).first())
    access.require(request.user, "applicant.self_assessment", app)
    context = _context(app, report.sections(app))
    body = render_pdf("pdf/self_assessment.html", {**context, "city": app.cycle.city, "now": timezone.now()})
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="self-assessment-{app.reference}.pdf"'
    return response

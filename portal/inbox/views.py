"""The signed-in user's inbox of notices."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from awards.domain import access, todo
from awards.models import Notice
from portal.decorators import requires


@requires()
def inbox(request):
    """Any signed-in user: their own notices only."""
    mine = Notice.objects.filter(recipient=request.user)
    notices = todo.with_notice_state(mine).select_related("application").order_by("-created_at")
    page = Paginator(notices, 20).get_page(request.GET.get("page"))
    unread = todo.unread(mine).count()  # a 待办 already handled (已处理) no longer counts
    return render(request, "inbox/list.html", {"page": page, "unread": unread})


@requires()
def notice_detail(request, pk):
    """Any signed-in user: one of their own notices (someone else's is 404). Opening marks it read."""
    notice = todo.with_notice_state(Notice.objects.filter(pk=pk)).select_related("application").first()
    access.require(request.user, "inbox.notice", notice)
    if notice.read_at is None:
        Notice.objects.filter(pk=notice.pk).update(read_at=timezone.now())
    return render(request, "inbox/detail.html", {"notice": notice})


@requires()
@require_POST
def mark_all_read(request):
    """Any signed-in user: marks their own unread notices read."""
    Notice.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("inbox:list")

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import Notification

PAGE_SIZE = 20


@login_required
def notification_list(request):
    # Bounded: events are grouped per target and kind, and rows older than NOTIFICATIONS_KEPT_DAYS purged.
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
def notification_open(request, pk):
    """Following a notification marks it read, then leads where it points."""
    try:
        notification = services.notification_open(user=request.user, pk=pk)
    except Notification.DoesNotExist:
        return redirect("notifications:list")
    return redirect(notification.url)


@login_required
@require_POST
def notifications_read_all(request):
    services.notifications_read_all(user=request.user)
    messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("notifications:list")

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_page

from .models import Message


@login_required
def delete_user(request):
    if request.method == "POST":
        user = request.user
        logout(request)
        user.delete()
        return redirect("home")
    return render(request, "messaging/delete_user.html")


def get_replies(message):
    replies = []
    for reply in message.replies.all().select_related("sender", "receiver"):
        replies.append({"message": reply, "replies": get_replies(reply)})
    return replies


@login_required
@cache_page(60)
def threaded_conversation(request, message_id):
    message = get_object_or_404(
        Message.objects.filter(sender=request.user)
        .select_related("sender", "receiver")
        .prefetch_related("replies"),
        pk=message_id,
    )
    return render(
        request, "messaging/thread.html", {"message": message, "replies": get_replies(message)}
    )


@login_required
def inbox(request):
    unread_messages = Message.unread.unread_for_user(request.user)
    return render(request, "messaging/inbox.html", {"messages": unread_messages})

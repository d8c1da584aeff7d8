"""Template context: the unread-message count for the header badge (one cheap COUNT per page)."""

from innovoucher.notifications.selectors import unread_count


def notification_counts(request) -> dict:
    user = getattr(request, "user", None)
    return {"unread_notification_count": unread_count(actor=user) if user is not None else 0}

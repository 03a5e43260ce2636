from django.db.models.signals import post_save
from django.dispatch import receiver

from assessment.models import AssessedBody


@receiver(post_save, sender=AssessedBody)
def set_up_assessed_body(sender, instance, created, raw=False, **kwargs):
    """A unit that becomes an assessed body gets its officers group and evidence collection."""
    if raw or not created:
        return
    from assessment.access import ensure_body_officers

    ensure_body_officers(instance.unit)

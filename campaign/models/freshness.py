from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ContentGeneration(models.Model):
    """A number that every change to public content increases, shared by all server processes.

    HTTP validators (the API's ETag and Last-Modified) and any cached counts are
    keyed on it, so they change the moment something is published, unpublished,
    moved or deleted, in every worker at once. It lives in the database rather
    than in a per-process cache so that two workers can never disagree.
    """

    number = models.PositiveBigIntegerField(_("generation"), default=0)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("content generation")
        verbose_name_plural = _("content generations")

    def __str__(self):
        return f"{self.number} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def current(cls):
        """(number, changed_at) of the public content now; one small query."""
        row = cls.objects.filter(pk=1).values_list("number", "changed_at").first()
        return row or (0, timezone.make_aware(timezone.datetime(2000, 1, 1)))

    @classmethod
    def bump(cls):
        now = timezone.now()
        if not cls.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now):
            cls.objects.get_or_create(pk=1, defaults={"number": 1, "changed_at": now})

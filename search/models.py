"""The log of changes the in-memory facet index (``search.facet_index``) must apply before it answers."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchChange(models.Model):
    """A page whose searchable state may have changed, or (``page_id`` empty) a change to everything.

    Every web worker keeps its own facet index; this table is how a publish in
    one worker reaches the others. A row is written in the transaction that
    makes the change, so a worker that sees the row also sees the change.
    """

    page_id = models.BigIntegerField(_("page id"), null=True, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("search change")
        verbose_name_plural = _("search changes")

    def __str__(self):
        return f"{self.pk}: {self.page_id or 'all'}"

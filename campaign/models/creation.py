from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An open create form older than this is treated as new: its token is forgotten.
TOKEN_LIFETIME = timedelta(days=7)


class PageCreation(models.Model):
    """The page that one open “add page” form created, so that the form's later requests edit it.

    Wagtail 8 autosaves a new page in the background and only points the open
    form at the page's edit view once that answer arrives. A click on 提交 or
    保存草稿 in between, or the autosave's retry after an answer lost on a
    mobile network, posts the same form to the create view again: without
    this record each one makes another page. Every create form carries a
    random token; the request that creates the page records it in the same
    transaction, and a later request with that token is handed to the edit
    view of that page.
    """

    token = models.UUIDField(_("form token"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("page creation")
        verbose_name_plural = _("page creations")
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="one_page_per_create_form")]

    def __str__(self):
        return str(self.token)

    @classmethod
    def page_made_by(cls, token, user):
        """The id of the page this user's form with ``token`` has created, or None."""
        return (
            cls.objects.filter(token=token, user=user, created_at__gte=timezone.now() - TOKEN_LIFETIME)
            .values_list("page_id", flat=True)
            .first()
        )

    @classmethod
    def claim(cls, token, user):
        """Hold ``token`` for this request; raises IntegrityError while another request holds it.

        Call inside the transaction that creates the page, so that a second
        request waits here until the first has committed (or rolled back).
        """
        cls.objects.filter(created_at__lt=timezone.now() - TOKEN_LIFETIME).delete()
        return cls.objects.create(token=token, user=user)

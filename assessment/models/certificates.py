import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaign.private_files import private_storage

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _index in range(CODE_LENGTH))


class Certificate(models.Model):
    """An honour certificate (荣誉证书) of a winner; its texts are frozen when it is issued."""

    nomination = models.OneToOneField(
        "assessment.Nomination", verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="certificate"
    )
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True, default=new_code)
    recipient = models.CharField(_("awarded to"), max_length=200)
    award = models.CharField(_("award"), max_length=200)
    citation = models.CharField(_("for"), max_length=300, blank=True)
    campaign_title = models.CharField(_("campaign"), max_length=255)
    issuer = models.CharField(_("issued by"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    pdf = models.FileField(
        _("rendered PDF"), storage=private_storage, upload_to="certificates/", blank=True, editable=False
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by user"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("honour certificate")
        verbose_name_plural = _("honour certificates")
        ordering = ["-issued_on", "pk"]

    def __str__(self):
        return f"{self.recipient} · {self.award}"

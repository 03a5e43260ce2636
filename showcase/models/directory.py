"""Who files and who reviews: jurisdictions, units, their members and liaisons.

Mobile numbers and emails of liaisons are private: no public page, public API
or search index reads these models' contact fields.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .taxonomy import other_names_field

MOBILE_VALIDATOR = RegexValidator(
    r"^1[3-9]\d{9}$",
    message=_("Enter an 11-digit mainland mobile number, such as 13800138000."),
    code="invalid_mobile",
)


class Jurisdiction(models.Model):
    """A reviewing body (审核辖区): a basin commission, a province, the XPCC or the ministry."""

    class Kind(models.TextChoices):
        BASIN = "basin", _("River-basin commission (流域机构)")
        PROVINCE = "province", _("Province-level region (省级)")
        XPCC = "xpcc", _("Xinjiang Production and Construction Corps (兵团)")
        MINISTRY = "ministry", _("Ministry departments and affiliated units (部机关及直属单位)")

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=30, help_text=_("Used in filters, such as 河北 or 长江委.")
    )
    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Latin letters for URLs, such as hebei.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "showcase.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jurisdictions",
        limit_choices_to={"parent__isnull": True},
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    moderators = models.OneToOneField(
        Group,
        verbose_name=_("moderators group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="moderated_jurisdiction",
    )
    submitters = models.OneToOneField(
        Group,
        verbose_name=_("submitters group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="submitting_jurisdiction",
    )
    administering_office = models.ForeignKey(
        "showcase.Unit",
        verbose_name=_("administering office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The unit that runs the campaign for this jurisdiction, such as the province's water department. "
            "Its liaisons become the jurisdiction's moderators; every other unit's liaisons file as submitters."
        ),
    )
    evidence_collection = models.OneToOneField(
        "wagtailcore.Collection",
        verbose_name=_("evidence collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="evidence_of_jurisdiction",
    )

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["sort_order", "name"]
        # The national roles of the showcase. Per-jurisdiction roles are the two groups above.
        permissions = [
            ("view_every_jurisdiction", _("Can see and review every jurisdiction's items, evidence and directory")),
            ("file_outside_window", _("Can create and submit items outside the filing window")),
            ("import_liaisons", _("Can import liaison sheets and invite liaisons")),
            ("view_review_report", _("Can see the tiered review report")),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.administering_office_id and self.pk and self.administering_office.jurisdiction_id != self.pk:
            raise ValidationError(
                {"administering_office": _("The administering office must be one of this jurisdiction's own units.")}
            )


class Unit(models.Model):
    """A participating unit (填报单位) that files activities within a jurisdiction."""

    name = models.CharField(_("organization name"), max_length=200)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="units"
    )
    sector = models.ForeignKey(
        "showcase.Sector",
        verbose_name=_("sector"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subunits",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    other_names = other_names_field()
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["jurisdiction__sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "name"], name="showcase_unique_unit_name")]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.jurisdiction_id and self.parent.jurisdiction_id != self.jurisdiction_id:
            raise ValidationError({"parent": _("The parent unit must belong to the same jurisdiction.")})
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A unit cannot be placed under itself or one of its own subunits.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class UnitMember(models.Model):
    """Links an account to the unit it files for; the unit of new activities comes from here."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="unit_membership"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="members")

    class Meta:
        verbose_name = _("unit member")
        verbose_name_plural = _("unit members")

    def __str__(self):
        return f"{self.user} · {self.unit}"


class Liaison(models.Model):
    """A unit's named liaison (联络员). Contact details are for the organizers only."""

    name = models.CharField(_("name"), max_length=50)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="liaisons")
    title = models.CharField(_("position or title"), max_length=100, blank=True)
    mobile = models.CharField(_("mobile number"), max_length=11, unique=True, validators=[MOBILE_VALIDATOR])
    email = models.EmailField(_("email"), unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="liaison",
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("liaison")
        verbose_name_plural = _("liaisons")
        ordering = ["unit__jurisdiction__sort_order", "unit__name", "name"]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

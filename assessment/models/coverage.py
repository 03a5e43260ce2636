"""Media coverage records (报道记录): drafts by information officers, verified by assessors.

A record is a snippet with drafts, revisions and Wagtail's workflow: the
officer saves a draft and submits it; the assessor's verification task
approves it (which publishes it) or requests changes with a reason. Only live
(published) records score, and publishing freezes the tier's points on the
record, so later changes to the tier never move a past result.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

EVIDENCE_EXTENSIONS = ("pdf", "png", "jpg", "jpeg", "webp")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024

http_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://.")
)


class CoverageRecordQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(live=True, points__isnull=False)


class CoverageRecord(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model):
    period = models.ForeignKey(
        "assessment.AssessmentPeriod",
        verbose_name=_("assessment period"),
        on_delete=models.PROTECT,
        related_name="records",
    )
    unit = models.ForeignKey(
        "showcase.Unit", verbose_name=_("reporting body"), on_delete=models.PROTECT, related_name="coverage_records"
    )
    tier = models.ForeignKey(
        "assessment.OutletTier", verbose_name=_("outlet tier"), on_delete=models.PROTECT, related_name="records"
    )
    outlet = models.CharField(
        _("outlet"), max_length=100, help_text=_("The newspaper, channel or account, such as 浙江日报.")
    )
    headline = models.CharField(_("headline"), max_length=200)
    published_on = models.DateField(_("date published"))
    url = models.URLField(_("link"), max_length=500, blank=True, validators=[http_url_validator])
    evidence = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("evidence (screenshot or PDF)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "A screenshot or PDF of the report, up to 10 MB. Only assessors and your body's officers can open it."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, null=True, editable=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="coverage_record")

    objects = CoverageRecordQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("period"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("tier"), FieldPanel("outlet")]),
        FieldPanel("headline"),
        FieldRowPanel([FieldPanel("published_on"), FieldPanel("url")]),
        FieldPanel("evidence"),
    ]
    # Only the public facts of a report are searchable in the admin; the evidence never is.
    search_fields = [
        index.SearchField("headline"),
        index.SearchField("outlet"),
        # The admin's listing and chooser search as the user types; without these Wagtail warns and finds whole words.
        index.AutocompleteField("headline"),
        index.AutocompleteField("outlet"),
        index.FilterField("period"),
        index.FilterField("unit"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("coverage record")
        verbose_name_plural = _("coverage records")
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["period", "unit", "live"], name="assessment_record_scoring")]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="assessment_unique_record_url"),
            models.UniqueConstraint(
                fields=["outlet", "published_on", "headline"], name="assessment_unique_record_story"
            ),
        ]

    def __str__(self):
        return self.headline

    @property
    def revisions(self):
        return self._revisions

    def clean(self):
        super().clean()
        self.outlet = (self.outlet or "").strip()
        self.headline = (self.headline or "").strip()
        self.url = (self.url or "").strip()
        errors = {}
        period = self.period if self.period_id else None
        if period and self.unit_id and not period.bodies.filter(unit_id=self.unit_id).exists():
            errors["unit"] = _("%(body)s is not assessed in %(period)s.") % {"body": self.unit, "period": period}
        if period and self.published_on and not period.starts_on <= self.published_on <= period.ends_on:
            errors["published_on"] = _("The date must fall within the period, from %(start)s to %(end)s.") % {
                "start": period.starts_on.isoformat(),
                "end": period.ends_on.isoformat(),
            }
        elif self.published_on and self.published_on > timezone.localdate():
            errors["published_on"] = _("The date cannot be in the future.")
        evidence_error = self._evidence_error()
        if evidence_error:
            errors["evidence"] = evidence_error
        if errors:
            raise ValidationError(errors)

    def _evidence_error(self):
        if not self.evidence_id:
            return None
        document = self.evidence
        extension = document.file_extension.lower()
        if extension not in EVIDENCE_EXTENSIONS:
            return _("Evidence must be a screenshot or a PDF (%(types)s), not a .%(extension)s file.") % {
                "types": ", ".join(EVIDENCE_EXTENSIONS),
                "extension": extension,
            }
        size = document.file_size or (document.file.size if document.file else 0)
        if size > EVIDENCE_MAX_BYTES:
            return _("Evidence files can be at most 10 MB; this one is %(size).1f MB.") % {"size": size / 1024 / 1024}
        if not document.collection.get_view_restrictions().exists():
            return _("Evidence must be kept in a private collection, such as your body's evidence collection.")
        return None

    def find_duplicate(self):
        """Another record of the same story: the same link, or the same outlet, date and headline."""
        same_story = Q(outlet=self.outlet, published_on=self.published_on, headline=self.headline)
        if self.url:
            same_story |= Q(url=self.url)
        return (
            CoverageRecord.objects.filter(same_story)
            .exclude(pk=self.pk)
            .select_related("unit", "period")
            .order_by("pk")
            .first()
        )

    def validate_constraints(self, exclude=None):
        """Name the existing record rather than Django's generic "constraint violated" message."""
        if self.outlet and self.published_on and self.headline:
            duplicate = self.find_duplicate()
            if duplicate is not None:
                raise ValidationError(
                    _(
                        "This story has already been recorded as record %(number)s: “%(headline)s” "
                        "(%(outlet)s, %(date)s, %(body)s)."
                    )
                    % {
                        "number": duplicate.pk,
                        "headline": duplicate.headline,
                        "outlet": duplicate.outlet,
                        "date": duplicate.published_on.isoformat(),
                        "body": duplicate.unit,
                    }
                )
        super().validate_constraints(exclude=exclude)

    def with_content_json(self, content):
        """Keep who recorded and the verification on the object as a whole, not per revision."""
        obj = super().with_content_json(content)
        for name in ("recorded_by_id", "created_at", "points", "verified_at", "verified_by_id"):
            setattr(obj, name, getattr(self, name))
        return obj

    def publish(self, revision, user=None, **kwargs):
        """Publishing is verifying: freeze the tier's points of this moment on the record."""
        from assessment.models import OutletTier

        result = super().publish(revision, user=user, **kwargs)
        tier_points = OutletTier.objects.filter(pk=revision.as_object().tier_id).values("points")
        CoverageRecord.objects.filter(pk=self.pk, live=True).update(
            points=models.Subquery(tier_points),
            verified_at=timezone.now(),
            verified_by=user if getattr(user, "pk", None) else None,
        )
        self.refresh_from_db(fields=["points", "verified_at", "verified_by", "live"])
        return result

    def status_label(self):
        if self.live and self.points is not None:
            return _("Verified")
        state = self.current_workflow_state
        if state and state.status == state.STATUS_NEEDS_CHANGES:
            return _("Returned with a reason")
        if state:
            return _("Awaiting verification")
        return _("Draft")

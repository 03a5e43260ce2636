"""The two review levels of the tiered review (审核发布), built on Wagtail's workflow tasks.

The jurisdiction task finds its approvers from where the page sits in the
tree — the moderators group of its jurisdiction page — never from a field a
submitter could edit. The national task is an ordinary group approval task for
the national editors whose approval form carries the rating.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Task, TaskState

from campaign.workflow_actions import begin_decision


class Rating(models.TextChoices):
    A_PLUS = "A+", "A+"
    A = "A", "A"
    B = "B", "B"


REVIEW_CHECKS = ("authenticity_checked", "accuracy_checked", "completeness_checked")


class JurisdictionReviewTaskState(TaskState):
    authenticity_checked = models.BooleanField(_("authenticity checked"), default=False)
    accuracy_checked = models.BooleanField(_("accuracy of text and images checked"), default=False)
    completeness_checked = models.BooleanField(_("completeness checked"), default=False)

    class Meta:
        verbose_name = _("jurisdiction review task state")
        verbose_name_plural = _("jurisdiction review task states")


class JurisdictionReviewTask(AbstractGroupApprovalTask):
    """First level: the moderators of the item's own jurisdiction check it."""

    task_state_class = JurisdictionReviewTaskState
    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = _("jurisdiction review task")
        verbose_name_plural = _("jurisdiction review tasks")

    @classmethod
    def get_description(cls):
        return _("Moderators of the page's own jurisdiction check authenticity, accuracy and completeness")

    def moderators_group_id(self, obj):
        from showcase.models.pages import jurisdiction_page_of

        page = jurisdiction_page_of(obj)
        return page.jurisdiction.moderators_id if page else None

    def user_moderates(self, obj, user):
        if not user.is_authenticated:
            return False
        cache = user.__dict__.setdefault("_showcase_moderates", {})
        if obj.pk not in cache:
            group_id = self.moderators_group_id(obj)
            cache[obj.pk] = group_id is not None and user.groups.filter(pk=group_id).exists()
        return cache[obj.pk]

    def _can_act(self, obj, user):
        return user.is_superuser or self.user_moderates(obj, user)

    def user_can_access_editor(self, obj, user):
        return self._can_act(obj, user)

    def locked_for_user(self, obj, user):
        return not self._can_act(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_moderates(obj, user)

    def get_actions(self, obj, user):
        if self._can_act(obj, user):
            return [("reject", _("Request changes"), True), ("approve", _("Approve"), True)]
        return []

    def get_form_for_action(self, action):
        from showcase.review.forms import JurisdictionApprovalForm, RequestChangesForm

        forms = {"approve": JurisdictionApprovalForm, "reject": RequestChangesForm}
        return forms.get(action) or super().get_form_for_action(action)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """Waiting reviews of the pages in the user's jurisdictions, as one subquery rather than a list of ids."""
        from wagtail.models import Page

        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return in_progress
        groups = user.groups.all()
        page_ids = (
            Page.objects.filter(
                Q(showcaseitempage__jurisdiction__moderators__in=groups)
                | Q(jurisdictionpage__jurisdiction__moderators__in=groups)
            )
            .annotate(id_text=Cast("pk", CharField()))
            .values("id_text")
        )
        return in_progress.filter(workflow_state__object_id__in=page_ids)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        checks = {name: kwargs.pop(name, False) for name in REVIEW_CHECKS}
        begin_decision(task_state, action_name, kwargs.get("comment"))
        if action_name == "approve":
            # TaskState.approve() saves this instance, so the checks travel with it.
            for name, value in checks.items():
                setattr(task_state, name, value)
        return super().on_action(task_state, user, action_name, **kwargs)


class NationalReviewTaskState(TaskState):
    rating = models.CharField(_("rating"), max_length=2, choices=Rating.choices, blank=True)

    class Meta:
        verbose_name = _("final review task state")
        verbose_name_plural = _("final review task states")


class NationalReviewTask(AbstractGroupApprovalTask):
    """Second level: national editors rate the item A+, A or B; approval publishes it.

    With ``WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT`` on, an item changed
    after its jurisdiction approved it (such as one resubmitted after changes
    were requested here) goes back to the jurisdiction level first.
    """

    task_state_class = NationalReviewTaskState

    class Meta:
        verbose_name = _("final review task")
        verbose_name_plural = _("final review tasks")

    @classmethod
    def get_description(cls):
        return _("National editors do the final review, rate the item and publish it")

    def start(self, workflow_state, user=None):
        jurisdiction_task = (
            JurisdictionReviewTask.objects.filter(workflow_tasks__workflow=workflow_state.workflow_id, active=True)
            .exclude(task_states__in=workflow_state.successful_task_states)
            .first()
        )
        if jurisdiction_task is not None:
            return jurisdiction_task.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [("reject", _("Request changes"), True), ("approve", _("Rate and approve"), True)]
        return []

    def get_form_for_action(self, action):
        from showcase.review.forms import NationalApprovalForm, RequestChangesForm

        forms = {"approve": NationalApprovalForm, "reject": RequestChangesForm}
        return forms.get(action) or super().get_form_for_action(action)

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        rating = kwargs.pop("rating", "")
        begin_decision(task_state, action_name, kwargs.get("comment"))
        if action_name == "approve":
            task_state.rating = rating
            record_rating(task_state.workflow_state.content_object, rating, user)
        return super().on_action(task_state, user, action_name, **kwargs)


class ItemRating(models.Model):
    """The rating an item received at its final review, kept apart from its revisions so edits never lose it."""

    item = models.OneToOneField(
        "showcase.ShowcaseItemPage", verbose_name=_("item"), on_delete=models.CASCADE, related_name="rating"
    )
    rating = models.CharField(_("rating"), max_length=2, choices=Rating.choices)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rated by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rated_at = models.DateTimeField(_("rated at"), auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self):
        return f"{self.item_id}: {self.rating}"


def record_rating(obj, rating, user):
    """Store (or replace) the item's rating with who gave it; the one service for the admin, API and demo."""
    if rating not in Rating.values:
        raise ValueError(f"unknown rating {rating!r}")
    rated_by = user if isinstance(user, get_user_model()) else None
    ItemRating.objects.update_or_create(item_id=obj.pk, defaults={"rating": rating, "rated_by": rated_by})

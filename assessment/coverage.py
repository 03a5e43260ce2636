"""Use cases of media-coverage records: record, verify, reject.

The admin's snippet views reach the same rules through the model's
``clean()``/``validate_constraints()`` and the verification task; these
functions are what the demo, the tests and the API call.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from wagtail.actions.create import CreateAction
from wagtail.documents import get_document_model
from wagtail.models import TaskState

from assessment.access import evidence_collection_for_body
from assessment.models import CoverageRecord
from assessment.models.coverage import EVIDENCE_EXTENSIONS, EVIDENCE_MAX_BYTES
from assessment.roles import is_assessor, officer_unit_ids
from campaign.uploads import check_upload
from campaign.workflow_actions import act_on_task, offered_actions


def can_record_for(user, unit_id):
    return is_assessor(user) or unit_id in officer_unit_ids(user)


def check_evidence_upload(uploaded):
    """Refuse a wrong type or an oversized file before anything is stored."""
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if extension not in EVIDENCE_EXTENSIONS:
        raise ValidationError(
            {
                "evidence": _("Evidence must be a screenshot or a PDF (%(types)s), not a .%(extension)s file.")
                % {"types": ", ".join(EVIDENCE_EXTENSIONS), "extension": extension or "?"}
            }
        )
    if uploaded.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {
                "evidence": _("Evidence files can be at most 10 MB; this one is %(size).1f MB.")
                % {"size": uploaded.size / 1024 / 1024}
            }
        )
    try:
        check_upload(uploaded)
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from error


class RecordCoverageAction(CreateAction):
    """Recording a coverage record: Wagtail's create action with whose coverage the user may record.

    Registered for ``CoverageRecord`` (``register_actions`` in wagtail_hooks),
    so the admin's snippet create view runs it, and ``record_coverage`` runs it
    for the API, the demo and the tests. Wagtail's views skip their permission
    checks (they made them already); the body rule is ours and never skipped.
    """

    def execute(self, skip_permission_checks=False):
        if self.user is not None and not can_record_for(self.user, self.instance.unit_id):
            raise PermissionDenied(_("You can record coverage only for your own body."))
        if self.user is not None and self.instance.recorded_by_id is None:
            self.instance.recorded_by = self.user
        return super().execute(skip_permission_checks=skip_permission_checks)


def record_coverage(
    user, *, period, unit, tier, outlet, headline, published_on, url="", evidence_file=None, submit=True
):
    """An information officer records one report of their body and (by default) submits it for verification.

    Everything is checked before anything is written, so a refused record
    leaves neither a row, a revision nor an evidence file behind.
    """
    if not can_record_for(user, unit.pk):
        raise PermissionDenied(_("You can record coverage only for your own body."))
    record = CoverageRecord(
        period=period, unit=unit, tier=tier, outlet=outlet, headline=headline, published_on=published_on, url=url
    )
    record.full_clean()
    if evidence_file is not None:
        check_evidence_upload(evidence_file)
    try:
        with transaction.atomic():
            if evidence_file is not None:
                document = get_document_model()(
                    title=f"{record.headline} 佐证",
                    file=evidence_file,
                    collection=evidence_collection_for_body(unit),
                    uploaded_by_user=user,
                )
                document.save()
                record.evidence = document
            RecordCoverageAction(record, user=user).execute()
            if submit:
                record.get_workflow().start(record, user)
    except IntegrityError as error:
        # Only a concurrent recording of the same story gets here; the checks above name the record otherwise.
        raise ValidationError(_("This story has just been recorded by someone else.")) from error
    return record


def _act(record, user, action, comment):
    task_state = record.current_workflow_task_state
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise ValidationError(_("This record is not awaiting verification."))
    if action not in offered_actions(task_state, user):
        raise PermissionDenied(_("Only assessors can verify or reject coverage records."))
    act_on_task(task_state, user, action, {"comment": comment})
    return CoverageRecord.objects.get(pk=record.pk)


def verify_record(record, user):
    """The assessor accepts the record: it is published and its points are frozen at the tier's current value."""
    return _act(record, user, "approve", "")


def reject_record(record, user, reason):
    """The assessor returns the record to its officer with the reason; it does not score."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"comment": _("Give the reason for rejecting this record.")})
    return _act(record, user, "reject", reason)


def rejection_reason(record):
    state = record.current_workflow_state
    if state is None or state.status != state.STATUS_NEEDS_CHANGES:
        return ""
    task_state = state.current_task_state
    return task_state.get_comment() if task_state else ""

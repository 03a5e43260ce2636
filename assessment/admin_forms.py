from wagtail.admin.forms import WagtailAdminModelForm

from assessment.models import AssessmentPeriod
from assessment.roles import is_assessor, officer_unit_ids
from showcase.models import Unit


class CoverageRecordForm(WagtailAdminModelForm):
    """Officers choose only among their own bodies and the periods those are assessed in."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user
        if for_user is not None and not is_assessor(for_user):
            units = officer_unit_ids(for_user)
            self.fields["unit"].queryset = Unit.objects.filter(pk__in=units)
            self.fields["period"].queryset = AssessmentPeriod.objects.filter(bodies__unit__in=units).distinct()
        else:
            self.fields["unit"].queryset = Unit.objects.filter(assessments__isnull=False).distinct()


class NominationForm(WagtailAdminModelForm):
    """Keeps who nominated; the model's ``clean()`` refuses unpublished or mismatched candidates."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user

    def save(self, commit=True):
        if self.instance.pk is None and self.for_user is not None:
            self.instance.nominated_by = self.for_user
        return super().save(commit=commit)

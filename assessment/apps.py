from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    label = "assessment"
    verbose_name = _("Assessment and awards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from assessment.access import BodyEvidence, people_of
        from search.registry import register_public_models
        from showcase.permissions.policies import register_private_documents
        from showcase.permissions.scope import register_people_scope

        from . import signals  # noqa: F401

        # Points tables, awards and certificates are public: their changes reach the content generation.
        register_public_models(*self.get_models())
        register_private_documents(BodyEvidence())
        register_people_scope(people_of)
        register_log_scopes()


def register_log_scopes():
    """The site history shows the assessment's objects to whom their choosers show them."""
    from assessment.choosers import awards_in_scope, coverage_records_in_scope, periods_in_scope
    from assessment.models import AssessmentPeriod, AwardCategory, CoverageRecord, ExpertAssignment, Nomination
    from assessment.roles import runs_awards
    from showcase.permissions.scope import register_log_scope

    def scoped(model, in_scope):
        return lambda user: in_scope(user, model.objects.all())

    register_log_scope(CoverageRecord, scoped(CoverageRecord, coverage_records_in_scope))
    register_log_scope(AssessmentPeriod, scoped(AssessmentPeriod, periods_in_scope))
    register_log_scope(AwardCategory, scoped(AwardCategory, awards_in_scope))
    register_log_scope(Nomination, scoped(Nomination, awards_in_scope))
    register_log_scope(
        ExpertAssignment,
        lambda user: (
            ExpertAssignment.objects.all() if runs_awards(user) else ExpertAssignment.objects.filter(expert=user)
        ),
    )

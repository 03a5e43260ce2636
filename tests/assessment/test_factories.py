"""Every assessment model has a factory, and what each factory builds passes the model's own validation.

A test that needs a period, a record or a nomination asks a factory instead
of building the rows by hand; this guard keeps the factories complete and
valid as the models change.
"""

import factory
import pytest
from django.apps import apps
from wagtail.models import Page

from assessment.models import CoverageVerificationTask
from tests import factories

pytestmark = pytest.mark.django_db

# The verification task is one row per site, made by the app's data migration, never by a test.
MADE_BY_MIGRATIONS = {CoverageVerificationTask}


def _factories():
    found = {}
    for name in factories.__all__:
        candidate = getattr(factories, name)
        if isinstance(candidate, type) and issubclass(candidate, factory.base.Factory):
            found[candidate._meta.model] = candidate
    return found


def test_every_assessment_model_has_a_factory():
    models = {model for model in apps.get_app_config("assessment").get_models() if not model._meta.auto_created}
    missing = sorted(model.__name__ for model in models - MADE_BY_MIGRATIONS - set(_factories()))
    assert missing == []


@pytest.mark.parametrize(
    "factory_class",
    [
        candidate
        for model, candidate in _factories().items()
        if model._meta.app_label == "assessment" and not issubclass(model, Page)
    ],
    ids=lambda candidate: candidate.__name__,
)
def test_each_assessment_factory_builds_a_valid_saved_row(factory_class):
    built = factory_class()
    built.refresh_from_db()
    built.full_clean()


def test_a_period_gets_its_bodies_and_quotas_in_one_call():
    dinghai, xincheng = factories.UnitFactory(name="定海区治水办"), factories.UnitFactory(name="新城管委会")
    period = factories.AssessmentPeriodFactory(
        year=2024, bodies={dinghai: "county", xincheng: "zone"}, quotas={"county": (3, 1), "zone": (1, 0)}
    )
    assert (period.starts_on.isoformat(), period.ends_on.isoformat()) == ("2024-01-01", "2024-12-31")
    assert {(body.unit.name, body.kind) for body in period.bodies.all()} == {
        ("定海区治水办", "county"),
        ("新城管委会", "zone"),
    }
    assert {(quota.kind, quota.wechat_minimum, quota.bulletin_minimum) for quota in period.quotas.all()} == {
        ("county", 3, 1),
        ("zone", 1, 0),
    }


def test_an_awards_page_sits_under_its_campaign(campaign):
    page = factories.AwardsPageFactory(parent=campaign)
    assert page.get_parent().specific == campaign and page.full_url.endswith("/awards/")

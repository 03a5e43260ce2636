"""Officers and assessors in the admin: each officer sees and edits only their own body's records."""

import pytest
from wagtail.models import WorkflowState

from assessment.models import CoverageRecord
from tests.assessment.conftest import assert_denied

pytestmark = pytest.mark.django_db

LIST = "/admin/snippets/assessment/coveragerecord/"


def _form(period, unit, tier, **overrides):
    data = {
        "period": period.pk,
        "unit": unit.pk,
        "tier": tier.pk,
        "outlet": "舟山日报",
        "headline": "普陀区小微水体整治纪实",
        "published_on": "2022-04-01",
        "url": "https://news.example.cn/putuo.html",
        "evidence": "",
    }
    data.update(overrides)
    return data


def test_an_officer_lists_only_their_own_bodys_records(client, bodies, officers, record):
    mine = record(bodies["dinghai"], 8, headline="定海区河长巡河")
    theirs = record(bodies["putuo"], 8, headline="普陀区河长巡河")
    client.force_login(officers["dinghai"])
    html = client.get(LIST).content.decode()
    assert mine.headline in html and theirs.headline not in html


def test_another_bodys_record_id_gives_404_on_every_view(client, bodies, officers, record):
    theirs = record(bodies["putuo"], 8, verify=False)
    client.force_login(officers["dinghai"])
    for view in ("edit", "history", "delete", "usage"):
        assert client.get(f"{LIST}{view}/{theirs.pk}/").status_code == 404, view
    response = client.post(f"{LIST}edit/{theirs.pk}/", {"headline": "改掉别人的记录"})
    assert response.status_code == 404
    assert CoverageRecord.objects.get(pk=theirs.pk).headline != "改掉别人的记录"


def test_an_officer_records_and_submits_from_the_admin(client, period, bodies, officers, tiers):
    client.force_login(officers["putuo"])
    response = client.post(f"{LIST}add/", {**_form(period, bodies["putuo"], tiers[8]), "action-submit": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    record = CoverageRecord.objects.get()
    assert record.recorded_by == officers["putuo"] and record.live is False
    assert record.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_an_officer_cannot_record_for_another_body_from_the_admin(client, period, bodies, officers, tiers):
    client.force_login(officers["putuo"])
    response = client.post(f"{LIST}add/", _form(period, bodies["dinghai"], tiers[8]))
    assert response.status_code == 200
    assert CoverageRecord.objects.count() == 0


def test_the_admin_form_shows_the_duplicate_it_refuses(client, period, bodies, officers, tiers, record):
    first = record(bodies["putuo"], 8, url="https://news.example.cn/putuo.html")
    client.force_login(officers["putuo"])
    response = client.post(f"{LIST}add/", _form(period, bodies["putuo"], tiers[8], headline="换了标题"))
    assert response.status_code == 200
    assert f"{first.pk}" in response.content.decode() and first.headline in response.content.decode()
    assert CoverageRecord.objects.count() == 1


def _act(client, user, record, action, data=None):
    client.force_login(user)
    task_state = record.current_workflow_task_state
    return client.post(f"{LIST}workflow/action/{record.pk}/{action}/{task_state.pk}/", data or {})


def test_the_assessor_verifies_in_the_admin_and_the_points_are_frozen(client, bodies, assessor, record):
    pending = record(bodies["dinghai"], 8, verify=False)
    response = _act(client, assessor, pending, "approve")
    assert response.status_code in (200, 302)
    pending.refresh_from_db()
    assert pending.live and str(pending.points) == "0.50" and pending.verified_by == assessor


def test_rejecting_in_the_admin_needs_a_reason(client, bodies, assessor, record):
    pending = record(bodies["dinghai"], 8, verify=False)
    _act(client, assessor, pending, "reject", {"comment": ""})
    assert pending.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    _act(client, assessor, pending, "reject", {"comment": "请补充截图"})
    assert CoverageRecord.objects.get(pk=pending.pk).current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_an_officer_cannot_verify_even_their_own_record(client, bodies, officers, record):
    pending = record(bodies["dinghai"], 8, verify=False)
    response = _act(client, officers["dinghai"], pending, "approve")
    assert_denied(response)
    pending.refresh_from_db()
    assert pending.live is False and pending.points is None


def test_evidence_documents_are_private(client, bodies, officers, record):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with_evidence = record(bodies["dinghai"], 8, evidence_file=SimpleUploadedFile("shot.png", b"\x89PNG\r\n\x1a\n"))
    url = with_evidence.evidence.url
    assert client.get(url).status_code in (302, 403)  # anonymous: sent to log in
    client.force_login(officers["putuo"])
    assert client.get(url).status_code in (302, 403)
    client.force_login(officers["dinghai"])
    assert client.get(url).status_code == 200


def _as_the_browser_would_post(form):
    """The edit form's data as the browser sends it unchanged: every field's current value."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[form.add_prefix(name)] = "on" if value is True else value
    return data


def test_verifying_from_the_records_action_menu_says_what_was_decided_once(client, bodies, assessor, record):
    pending = record(bodies["dinghai"], 8, verify=False)
    client.force_login(assessor)
    edit_url = f"{LIST}edit/{pending.pk}/"
    data = _as_the_browser_would_post(client.get(edit_url).context["form"])
    response = client.post(
        edit_url, {**data, "action-workflow-action": "1", "workflow-action-name": "approve"}, follow=True
    )
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [f"“{pending}”已通过本级审核。"], "the decision, once, not also Wagtail's “updated”"
    reloaded = CoverageRecord.objects.get(pk=pending.pk)
    assert reloaded.live and reloaded.verified_by == assessor

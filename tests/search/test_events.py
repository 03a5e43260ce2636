"""One "public content changed" event, heard from named senders only: other models' saves cost nothing of ours."""

import weakref

import pytest
from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch.dispatcher import NONE_ID
from wagtail import signals as wagtail_signals
from wagtail.models import Collection

from campaign.models import ContentGeneration
from search import events
from search.events import ContentChange, public_content_changed
from search.models import SearchChange
from showcase.models import record_rating
from tests.factories import ActivityPageFactory

pytestmark = pytest.mark.django_db

OUR_APPS = ("campaign", "showcase", "assessment", "search")
SIGNALS = [pre_save, post_save, pre_delete, post_delete, public_content_changed] + [
    getattr(wagtail_signals, name)
    for name in dir(wagtail_signals)
    if isinstance(getattr(wagtail_signals, name), type(post_save))
]


def _ours(receiver):
    if isinstance(receiver, weakref.ReferenceType):
        receiver = receiver()
    module = getattr(getattr(receiver, "__func__", receiver), "__module__", "") or ""
    return module.split(".")[0] in OUR_APPS, receiver


def test_every_receiver_of_ours_names_its_sender():
    unnamed = []
    for signal in SIGNALS:
        for (_key, sender_key), receiver, _is_async in signal.receivers:
            ours, function = _ours(receiver)
            if ours and sender_key == NONE_ID:
                unnamed.append(f"{function.__module__}.{function.__qualname__}")
    assert unnamed == []


@pytest.fixture
def sent():
    changes = []

    def record(sender, change, **kwargs):
        changes.append(change)

    public_content_changed.connect(record, sender=ContentChange, dispatch_uid="test-record")
    yield changes
    public_content_changed.disconnect(sender=ContentChange, dispatch_uid="test-record")


@pytest.mark.parametrize("model", [get_user_model(), Collection])
def test_no_receiver_of_ours_hears_an_unrelated_model(model):
    for signal in (pre_save, post_save, pre_delete, post_delete):
        heard = [receiver for receiver in signal._live_receivers(model)[0] if _ours(receiver)[0]]
        assert heard == [], f"{signal} calls {heard} for {model.__name__}"


def test_saving_a_user_or_a_collection_changes_nothing_public(sent):
    generation = ContentGeneration.current()
    changes = SearchChange.objects.count()
    user = get_user_model().objects.create_user("someone", password="x")
    user.save()
    Collection.get_first_root_node().add_child(name="素材").delete()
    user.delete()
    assert sent == []
    assert ContentGeneration.current() == generation
    assert SearchChange.objects.count() == changes


def test_a_publish_and_a_rating_send_one_event_each_with_their_pages(sent, hebei):
    page = ActivityPageFactory(parent=hebei, live=False)
    sent.clear()
    page.save_revision().publish()
    actions = [(change.action, change.pages) for change in sent]
    assert (events.PUBLISHED, (page.pk,)) in actions
    assert (events.SAVED, (page.pk,)) in actions
    sent.clear()
    record_rating(page, "A", None)
    [change] = sent
    assert (change.action, change.items, change.reshapes_facets) == (events.SAVED, (page.pk,), False)

"""Bump the content generation whenever something the public can see may have changed.

It receives the one ``search.events.public_content_changed`` event: pages
published, unpublished, moved, saved or deleted, view restrictions, and the
saves and deletes of the models the apps registered as public content
(units, jurisdictions, taxonomies, recommended slots, ratings, assessment
results). Bumping too often only costs a revalidation; bumping too rarely
would serve stale content, so the net is wide.
"""

from campaign.models import ContentGeneration
from search.events import ContentChange, public_content_changed


def _bump(sender, change, **kwargs):
    ContentGeneration.bump()


def connect():
    public_content_changed.connect(_bump, sender=ContentChange, dispatch_uid="freshness")

"""Admin page forms: checks that need the page's place in the tree or the editing user."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from campaign.slugs import available_slug, is_ascii_slug, pinyin_slug
from showcase.permissions.roles import files_for_units_of


class FormPayload(dict):
    """Values as Wagtail's API form binding reads a create body (``.dict(exclude=…, exclude_unset=…)``),
    tags as names: the API and the bulk filing bind the activity's admin form through it."""

    def dict(self, exclude=(), exclude_unset=False):
        return {key: value for key, value in self.items() if key not in (exclude or ())}


# What a new activity starts with when the body leaves it out: the admin form needs every field bound.
NEW_ACTIVITY_DEFAULTS = {"body": [], "outcomes": "", "keywords": [], "progress_updates": [], "theme_mark_used": False}


class JurisdictionPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        jurisdiction = cleaned_data.get("jurisdiction")
        if jurisdiction is None:
            return cleaned_data
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        clash = type(self.instance).objects.child_of(parent).filter(jurisdiction=jurisdiction)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error(
                "jurisdiction",
                _("%(jurisdiction)s already has a page in this showcase.") % {"jurisdiction": jurisdiction},
            )
        return cleaned_data


class ShowcaseItemForm(WagtailAdminPageForm):
    """Sets the unit from the submitter and keeps evidence and videos within their rules.

    A member of a unit files for that unit only: the field is removed from their
    form and filled in from their membership. Editors and the jurisdiction's
    moderators, who file on behalf of units (one by one or from a sheet), choose
    it, limited to the jurisdiction of the page, even when they are themselves
    members of the administering office.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.member_unit = None
        membership = getattr(self.for_user, "unit_membership", None) if self.for_user else None
        jurisdiction = self._jurisdiction()
        if membership is not None and not files_for_units_of(self.for_user, jurisdiction):
            self.member_unit = membership.unit
            self.fields.pop("unit", None)
        elif "unit" in self.fields:
            self.fields["unit"].required = True
            if jurisdiction is not None:
                self.fields["unit"].queryset = self.fields["unit"].queryset.filter(jurisdiction=jurisdiction)
        if self.instance.pk is None and "slug" in self.fields:
            self.fields["slug"].required = False

    def clean_slug(self):
        """A new item's link gets a short pinyin slug (``campaign.slugs``) rather than its percent-encoded title;
        a slug of ASCII letters chosen by hand is kept.

        Wagtail's autosave creates the page in the background while the form
        stays open, and the open form keeps the slug the browser derived from
        the title; an item that has an ASCII slug therefore keeps it when the
        form posts a Chinese one. An older item's Chinese slug is left as it was.
        """
        slug = self.cleaned_data.get("slug") or ""
        if is_ascii_slug(slug):
            return slug
        if self.instance.pk is not None:
            return self.instance.slug if is_ascii_slug(self.instance.slug) else slug
        if self.parent_page is None:
            return slug
        base = pinyin_slug(self.cleaned_data.get("title") or slug)
        return available_slug(base, self.parent_page)

    def get_field_updates_for_resave(self):
        """After a background save, the open form shows the slug the item really has."""
        updates = list(super().get_field_updates_for_resave())
        if "slug" in self.fields and self.data.get(self.add_prefix("slug")) != self.instance.slug:
            updates.append((self.add_prefix("slug"), self.instance.slug))
        return updates

    def jurisdiction_page(self):
        from showcase.models import JurisdictionPage
        from showcase.models.pages import jurisdiction_page_of

        if self.instance.pk:
            return jurisdiction_page_of(self.instance)
        if self.parent_page is not None:
            return JurisdictionPage.objects.filter(pk=self.parent_page.pk).first()
        return None

    def _jurisdiction(self):
        page = self.jurisdiction_page()
        return page.jurisdiction if page else None

    def clean(self):
        cleaned_data = super().clean()
        self._check_filing_window()
        if self.member_unit is not None:
            self.instance.unit = self.member_unit
            jurisdiction = self._jurisdiction()
            if jurisdiction is not None and self.member_unit.jurisdiction_id != jurisdiction.pk:
                self.add_error(
                    None,
                    _("Your unit belongs to %(unit_jurisdiction)s; file this item under that jurisdiction.")
                    % {"unit_jurisdiction": self.member_unit.jurisdiction},
                )
        self._check_video_quota()
        self._check_campaign_year(cleaned_data)
        return cleaned_data

    def _check_campaign_year(self, cleaned_data):
        from showcase.models.pages import campaign_year_errors

        if self.instance.pk is not None or self.parent_page is None or "starts_on" not in self.fields:
            return
        campaign = self.parent_page.specific.campaign
        for field, message in campaign_year_errors(
            campaign, cleaned_data.get("starts_on"), cleaned_data.get("ends_on")
        ).items():
            self.add_error(field, message)

    def is_valid(self):
        # Child formsets are validated after the page form's clean(), so the
        # evidence rule runs once both are done.
        valid = super().is_valid()
        return self._check_evidence_collection() and valid

    def _check_filing_window(self):
        """New items only inside the window, whether filed in the admin or through the API (which skips admin hooks)."""
        from showcase.filing.window import filing_refusal

        if self.instance.pk is not None or self.parent_page is None:
            return
        refusal = filing_refusal(self.for_user, self.parent_page) if self.for_user is not None else None
        if refusal:
            self.add_error(None, refusal)

    def _check_video_quota(self):
        from showcase.filing.quota import quota_usage
        from showcase.models import VideoPage

        if not isinstance(self.instance, VideoPage) or self.instance.pk is not None:
            return
        jurisdiction_page = self.jurisdiction_page()
        if jurisdiction_page is None:
            return
        usage = quota_usage(jurisdiction_page.showcase, jurisdiction_page.jurisdiction)
        if usage.is_full:
            self.add_error(None, usage.refusal_message())

    def _check_evidence_collection(self):
        from showcase.permissions.grants import evidence_collection_for

        formset = self.formsets.get("evidence")
        jurisdiction = self._jurisdiction()
        if formset is None or jurisdiction is None:
            return True
        allowed = evidence_collection_for(jurisdiction)
        valid = True
        for form in formset.forms:
            document = getattr(form, "cleaned_data", {}).get("document")
            if document is None or form.cleaned_data.get("DELETE"):
                continue
            if not (document.collection_id == allowed.pk or document.collection.is_descendant_of(allowed)):
                valid = False
                form.add_error(
                    "document",
                    _("Evidence must be uploaded to the private collection “%(collection)s”, not to a public one.")
                    % {"collection": allowed.name},
                )
        return valid

"""Editor panels that tell a submitter about their jurisdiction's limits before they hit them."""

from wagtail.admin.panels import HelpPanel

from showcase.filing.quota import quota_usage


class VideoQuotaPanel(HelpPanel):
    """Shows "已用 n/20" on the video form, so the quota is known before the last place is gone."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "showcase/panels/video_quota.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            jurisdiction_page = self.form.jurisdiction_page() if hasattr(self.form, "jurisdiction_page") else None
            context["quota"] = (
                quota_usage(jurisdiction_page.showcase, jurisdiction_page.jurisdiction) if jurisdiction_page else None
            )
            return context

"""Creating a page when one open form sends more than one create request.

Wagtail 8 autosaves a new page in the background, and the open form keeps
posting to the create view until the autosave's answer points it at the new
page's edit view. A click on 保存草稿 or 提交 in that moment (or the
autosave's retry after a lost answer) reaches the create view again and would
make a second page. Each create form carries a token (``PageCreation``); a
request whose token already made a page is handed to that page's edit view, as
if the form had been pointed there in time. (Two creates choosing the same
slug are settled by ``CampaignBasePage.add_child``.)
"""

import json
import uuid

from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.urls import resolve, reverse
from django.utils.functional import cached_property
from wagtail.admin.utils import set_query_params
from wagtail.admin.views.pages.create import CreateView

from campaign.models import PageCreation

CREATION_FIELD = "creation_token"


class PageCreateView(CreateView):
    template_name = "campaign/admin/page_create.html"

    @cached_property
    def creation_token(self):
        try:
            return uuid.UUID(self.request.POST.get(CREATION_FIELD, ""))
        except ValueError:
            return uuid.uuid4()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "creation_token": self.creation_token}

    def post(self, request):
        made = PageCreation.page_made_by(self.creation_token, request.user)
        if made:
            return self._continue_on_edit_view(made)
        try:
            return super().post(request)
        except IntegrityError:
            # Another request of this form held the token and has now committed its page.
            made = PageCreation.page_made_by(self.creation_token, request.user)
            if made is None:
                raise
            return self._continue_on_edit_view(made)

    def _continue_on_edit_view(self, page_id):
        """Answer as the page's edit view would have, had the form been pointed there in time."""
        edit_url = reverse("wagtailadmin_pages:edit", args=[page_id])
        match = resolve(edit_url)
        response = match.func(self.request, *match.args, **match.kwargs)
        if not isinstance(response, JsonResponse):
            return response
        answer = json.loads(response.content)
        if not answer.get("success"):
            return response
        # Tell the open form to move to the edit view, as the create view's own answer does.
        answer.pop("html", None)
        answer["url"] = edit_url
        answer["hydrate_url"] = set_query_params(edit_url, {"_w_hydrate_create_view": "1"})
        return JsonResponse(answer, status=response.status_code)

    def _create_once(self, action):
        with transaction.atomic():
            creation = PageCreation.claim(self.creation_token, self.request.user)
            response = action()
            creation.page_id = self.page.pk
            creation.save(update_fields=["page"])
            return response

    def save_action(self):
        return self._create_once(super().save_action)

    def publish_action(self):
        return self._create_once(super().publish_action)

    def submit_action(self):
        return self._create_once(super().submit_action)

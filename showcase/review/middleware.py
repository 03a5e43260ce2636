from django.contrib import messages
from django.shortcuts import redirect

from campaign.workflow_actions import DecisionRefused
from showcase.filing.quota import VideoQuotaExceeded


class RaceRefusalMiddleware:
    """Turn refusals that only a race can cause into a message, not an error page.

    The admin checks the video quota before saving and offers review actions only
    on waiting tasks; these exceptions come from the rare request that lost a race
    between that check and the write, which the database then refused (and rolled
    back): the last video place, or a task another reviewer decided first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, VideoQuotaExceeded):
            messages.error(request, " ".join(exception.messages))
            return redirect(request.get_full_path())
        if isinstance(exception, DecisionRefused):
            messages.error(request, str(exception))
            return redirect(exception.redirect_to)
        return None

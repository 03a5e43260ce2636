from django.contrib import messages
from django.shortcuts import redirect

from showcase.quota import VideoQuotaExceeded


class VideoQuotaMiddleware:
    """Turn a video-quota refusal raised while saving into a message, not a server error.

    The admin form checks the quota before saving; this catches the rare case
    where a concurrent submission took the last place between that check and the
    save, which the database then refused (and rolled back).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, VideoQuotaExceeded):
            messages.error(request, " ".join(exception.messages))
            return redirect(request.get_full_path())
        return None

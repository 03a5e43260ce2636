"""The showcase's part of the API: public reads, filing for unit submitters, review for moderators."""

from showcase.api.filing import router as filing_router
from showcase.api.read import router
from showcase.api.review import router as review_router

__all__ = ["filing_router", "review_router", "router"]

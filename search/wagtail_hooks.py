from tqdm import tqdm
from wagtail import hooks

from search.service import reindex, searchable_count


@hooks.register("register_demo_step", order=100)
def index_demo_pages(campaign, stdout, stderr=None, **options):
    """The demo inserts its items in bulk, without signals: index them so the demo's search finds them."""
    stream = getattr(stderr, "_out", None)
    with tqdm(total=searchable_count(), desc="搜索索引 / search index", unit="page", file=stream) as bar:
        reindex(progress=bar.update)
    return []

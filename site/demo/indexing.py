"""The demo's last step: its items were inserted in bulk, without signals, so they are indexed for search here."""

from tqdm import tqdm

from search.service import reindex, searchable_count


def index_demo_pages(progress_file=None):
    with tqdm(total=searchable_count(), desc="搜索索引 / search index", unit="page", file=progress_file) as bar:
        reindex(progress=bar.update)

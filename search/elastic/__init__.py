"""The Elasticsearch engine of the search service, used when ``ELASTICSEARCH_URL`` is set.

Kept light on imports: the service imports ``ElasticsearchUnavailable`` to
know when to answer from the database instead, whether or not a cluster is
configured.
"""


class ElasticsearchUnavailable(Exception):
    """The cluster could not answer in time (down, unreachable, slow, overloaded, or its index missing).

    The service catches it and answers from the database, so a search still
    works while Elasticsearch is away; the cause is chained for the log.
    """

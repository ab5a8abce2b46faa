"""Search: the index of passages from reviews, recommendations and uploaded documents, searched
by keyword and by meaning within the user's scope. (Being built: see docs/search.md.)"""


def index_document(document):
    """(Re)index the text of a processed document."""


def unindex_document(document):
    """Remove a document's passages from the index."""


def index_recommendation(recommendation):
    """(Re)index one recommendation."""

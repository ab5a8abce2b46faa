"""Search: the index of passages from reviews, recommendations and uploaded documents,
searched by keyword and by meaning within the user's scope, and repeat recommendations.
See docs/search.md."""

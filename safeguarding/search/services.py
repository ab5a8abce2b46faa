"""Search: the index of passages from reviews, recommendations and uploaded documents,
searched by keyword and by meaning within the user's scope; repeat recommendations.

Indexing replaces a source's passages whenever its text changes: the text is cut into
passages (``themes.engine.split_passages``), encoded in one batch and written with one
``bulk_create``. Services that change text announce it through ``safeguarding.indexing``; once
their transaction commits, ``tasks.index_records`` indexes the whole batch in the worker
(``index_changed``). Synthetic rows (``source="synthetic"``) are never indexed. See
docs/search.md and docs/decisions/0007-indexing-after-commit.md.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import DateField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.urls import NoReverseMatch, reverse

from safeguarding.actions.models import Action, Recommendation
from safeguarding.audit import services as audit
from safeguarding.meaning import DEFAULT_ENCODER, get_encoder
from safeguarding.reviews.models import Review
from safeguarding.themes.engine import split_passages, split_sentences

from . import highlight, vectors
from .models import Passage

logger = logging.getLogger(__name__)

# The review's own free text, in the order a reader meets it.
REVIEW_FIELDS = (
    ("title", "Title"),
    ("case_information", "Case information"),
    ("learning_summary", "Lessons learnt and good practice"),
    ("comments", "Comments"),
)
FIELD_LABELS = dict(REVIEW_FIELDS)
KEYWORD_ONLY = {"title"}
PAGE_SIZE = 10
MAX_MEANING_RESULTS = 200  # meaning search lists at most this many passages
# Cosine below which a passage is not shown as a match for a meaning query, per encoder
# (MiniLM puts unrelated safeguarding passages at about 0.0-0.2 from a sentence query).
# A long block of a document's page is indexed in windows of this many sentences, without
# overlap: half the passages of the theme step's overlapping windows, so half the encoding.
INDEX_WINDOW = 4
MEANING_FLOOR = {"minilm": 0.25, "minilm-onnx": 0.25, "static": 0.3}
# Cosine at or above which two recommendations count as "the same recommendation again".
# Chosen from real pairs (docs/search.md): with MiniLM, rewordings of one recommendation
# score 0.77-0.90, while different recommendations on the same theme in the development
# corpus reach 0.71 at most (99.9th percentile 0.69). Static vectors separate them less well.
REPEAT_THRESHOLD = {"minilm": 0.72, "minilm-onnx": 0.72, "static": 0.80}
REVIEW_DATE = Coalesce(
    "notification_date",
    "decision_date",
    "incident_date",
    TruncDate("created_at"),
    output_field=DateField(),
)


def encoder_name():
    """The name of the deployment's encoder, without loading it."""
    return (
        getattr(settings, "SEARCH_ENCODER", None)
        or os.environ.get("SAFEGUARDING_ENCODER")
        or DEFAULT_ENCODER
    )


def encoder():
    """The deployment's encoder (``settings.SEARCH_ENCODER`` or the meaning default)."""
    return get_encoder(encoder_name())


def _checksum(parts):
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


# --- indexing -------------------------------------------------------------------------------


@dataclass
class _Source:
    review_id: int
    source_type: str
    source_id: int
    checksum: str
    items: list = field(default_factory=list)  # (field, page, text)


def _review_source(review):
    items = []
    for name, _label in REVIEW_FIELDS:
        for chunk in split_passages(getattr(review, name) or ""):
            items.append((name, None, chunk))
    checksum = _checksum(getattr(review, name) or "" for name, _ in REVIEW_FIELDS)
    return _Source(review.pk, Passage.Source.REVIEW, review.pk, checksum, items)


def _recommendation_source(recommendation):
    items = [("", None, chunk) for chunk in split_passages(recommendation.text or "")]
    return _Source(
        recommendation.review_id,
        Passage.Source.RECOMMENDATION,
        recommendation.pk,
        _checksum([recommendation.text or ""]),
        items,
    )


def _document_source(document):
    items, parts = [], []
    for page in sorted(document.pages.all(), key=lambda p: p.number):
        parts.append(page.text or "")
        for chunk in split_passages(page.text or "", window=INDEX_WINDOW, stride=INDEX_WINDOW):
            items.append(("", page.number, chunk))
    review_id = getattr(document, "review_id", None) or document.review.pk
    return _Source(review_id, Passage.Source.DOCUMENT, document.pk, _checksum(parts), items)


def _current(sources, name):
    """Sources whose passages are already up to date (same text, same encoder)."""
    if not sources:
        return set()
    wanted = {(s.source_type, s.source_id): s for s in sources}
    rows = Passage.objects.filter(
        source_type__in={s.source_type for s in sources},
        source_id__in={s.source_id for s in sources},
    ).values_list("source_type", "source_id", "checksum", "encoder", "review_id")
    seen = {}
    for source_type, source_id, checksum, used, review_id in rows:
        key = (source_type, source_id)
        # A passage without a vector (a title) is current whatever the encoder.
        seen.setdefault(key, set()).add((checksum, used or name, review_id))
    current = set()
    for key, source in wanted.items():
        states = seen.get(key)
        if source.items and states == {(source.checksum, name, source.review_id)}:
            current.add(key)
        if not source.items and states is None:
            current.add(key)
    return current


def _write(sources, *, force=False):
    """Replace the passages of these sources: one encode, one delete per type, one insert."""
    skip = set() if force else _current(sources, encoder_name())
    todo = [s for s in sources if (s.source_type, s.source_id) not in skip]
    if not todo:
        return 0
    # A title ("Child T") is an anonymised label, found by keyword but meaningless as a vector.
    texts = [text for s in todo for (name, _p, text) in s.items if name not in KEYWORD_ONLY]
    enc = encoder() if texts else None
    matrix = enc.encode(texts) if texts else None
    rows, n = [], 0
    for source in todo:
        for ordinal, (name, page, text) in enumerate(source.items):
            vector = None
            if name not in KEYWORD_ONLY:
                vector = matrix[n].astype(np.float32).tobytes()
                n += 1
            rows.append(
                Passage(
                    review_id=source.review_id,
                    source_type=source.source_type,
                    source_id=source.source_id,
                    field=name,
                    page=page,
                    ordinal=ordinal,
                    text=text,
                    vector=vector,
                    encoder=enc.name if vector is not None else "",
                    checksum=source.checksum,
                )
            )
    with transaction.atomic():
        by_type = {}
        for source in todo:
            by_type.setdefault(source.source_type, []).append(source.source_id)
        for source_type, ids in by_type.items():
            Passage.objects.filter(source_type=source_type, source_id__in=ids).delete()
        Passage.objects.bulk_create(rows, batch_size=500)
    vectors.mark_dirty()
    return len(rows)


def _remove(source_type, source_ids):
    deleted, _ = Passage.objects.filter(source_type=source_type, source_id__in=source_ids).delete()
    vectors.mark_dirty()
    return deleted


def index_review(review, *, force=False):
    """(Re)index a review's own text. Returns the number of passages written."""
    return _write([_review_source(review)], force=force)


def unindex_review(review):
    return _remove(Passage.Source.REVIEW, [review.pk])


def index_recommendation(recommendation, *, force=False):
    """(Re)index one recommendation."""
    return _write([_recommendation_source(recommendation)], force=force)


def unindex_recommendation(recommendation):
    return _remove(Passage.Source.RECOMMENDATION, [recommendation.pk])


def index_document(document, *, force=False):
    """(Re)index the text of a processed document: its pages cut into passages, each keeping
    its page number; encoded in one batch and written with one bulk insert."""
    return _write([_document_source(document)], force=force)


def unindex_document(document):
    """Remove a document's passages from the index."""
    return _remove(Passage.Source.DOCUMENT, [document.pk])


def index_records(*, reviews=(), recommendations=(), documents=(), force=False):
    """Index many records in one batch (the reindex command, and after a transaction)."""
    sources = [_review_source(r) for r in reviews]
    sources += [_recommendation_source(r) for r in recommendations]
    sources += [_document_source(d) for d in documents]
    return _write(sources, force=force)


SYNTHETIC = "synthetic"  # national volume for the dashboard's scale test: never indexed
BATCH = 500  # reviews and recommendations read and encoded together
DOCUMENT_BATCH = 10  # documents (each up to hundreds of pages)


def _documents(ids):
    """Processed documents with these ids, pages prefetched (none if the app is absent)."""
    document_model = _document_model()
    if document_model is None or not ids:
        return []
    documents = document_model.objects.filter(pk__in=ids, status="ready")
    return list(documents.exclude(review__source=SYNTHETIC).prefetch_related("pages"))


def index_changed(records):
    """Index a batch of changed records, given as ``(kind, pk)`` pairs, each read as it is now
    (a record that no longer exists, or was never committed, is skipped; unchanged text is not
    encoded again). Synthetic reviews and what hangs off them are left out. Run by the
    ``search.index_records`` task once the change has committed."""
    wanted = {kind: set() for kind in Passage.Source.values}
    for kind, pk in records:
        wanted[kind].add(int(pk))
    review_ids = sorted(wanted[Passage.Source.REVIEW])
    recommendation_ids = sorted(wanted[Passage.Source.RECOMMENDATION])
    document_ids = sorted(wanted[Passage.Source.DOCUMENT])
    written = 0
    for start in range(0, max(len(review_ids), len(recommendation_ids)), BATCH):
        chunk = slice(start, start + BATCH)
        reviews = Review.objects.filter(pk__in=review_ids[chunk]).exclude(source=SYNTHETIC)
        recommendations = Recommendation.objects.filter(pk__in=recommendation_ids[chunk])
        written += index_records(
            reviews=reviews, recommendations=recommendations.exclude(review__source=SYNTHETIC)
        )
    for start in range(0, len(document_ids), DOCUMENT_BATCH):
        written += index_records(documents=_documents(document_ids[start : start + DOCUMENT_BATCH]))
    return written


def _document_model():
    from django.apps import apps

    try:
        return apps.get_model("documents", "Document")
    except LookupError:
        return None


def reindex(*, changed_only=False, batch=400, out=None):
    """Rebuild the index: everything, or only records whose text or encoder changed. Synthetic
    reviews (and their recommendations and documents) are skipped; with ``changed_only`` any
    passages they had are removed, as for records that are gone."""
    if not changed_only:
        Passage.objects.all().delete()
        vectors.reset()
    totals = {}
    sets = [
        ("review", Review.objects.exclude(source=SYNTHETIC).order_by("pk")),
        (
            "recommendation",
            Recommendation.objects.exclude(review__source=SYNTHETIC).order_by("pk"),
        ),
    ]
    document_model = _document_model()
    if document_model is not None:
        documents = document_model.objects.exclude(review__source=SYNTHETIC).order_by("pk")
        if hasattr(document_model, "pages"):
            documents = documents.prefetch_related("pages")
        sets.append(("document", documents))
    for kind, queryset in sets:
        written = 0
        ids = list(queryset.values_list("pk", flat=True))
        for start in range(0, len(ids), batch):
            chunk = list(queryset.filter(pk__in=ids[start : start + batch]))
            written += index_records(**{f"{kind}s": chunk}, force=not changed_only)
        if changed_only:  # passages of records that no longer exist
            stale = Passage.objects.filter(source_type=kind).exclude(source_id__in=ids)
            stale.delete()
        totals[kind] = written
        if out:
            out(f"{kind}s: {len(ids)} records, {written} passages written")
    vectors.mark_dirty()
    return totals


# --- searching ------------------------------------------------------------------------------


@dataclass
class Hit:
    passage: Passage
    score: float
    html: str  # the passage, escaped, with the match in <mark>
    source_label: str
    link: str


@dataclass
class Results:
    mode: str
    hits: list
    total: int
    page: int
    pages: int
    terms: list


def candidate_reviews(
    user, *, review_type="", region=None, icb=None, date_from=None, date_to=None, theme=None
):
    """Reviews in the person's scope with the filters applied, as SQL."""
    qs = Review.objects.visible_to(user)
    if review_type:
        qs = qs.filter(review_type=review_type)
    if region:
        qs = qs.filter(region=region)
    if icb:
        qs = qs.filter(icb=icb)
    if date_from or date_to:
        qs = qs.annotate(search_date=REVIEW_DATE)
        if date_from:
            qs = qs.filter(search_date__gte=date_from)
        if date_to:
            qs = qs.filter(search_date__lte=date_to)
    if theme:
        qs = qs.filter(
            Q(pk__in=Review.objects.filter(review_themes__theme=theme).values("pk"))
            | Q(pk__in=Recommendation.objects.filter(themes=theme).values("review_id"))
        )
    return qs


def _fts_ready():
    if connection.vendor == "postgresql":
        return True
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'search_passage_fts'"
        )
        return cursor.fetchone() is not None


def _keyword(reviews, query_terms, source_type, offset, limit):
    """(total, [passage ids best first]) for passages containing every term."""
    sub_sql, sub_params = reviews.order_by().values("pk").query.sql_with_params()
    extra, extra_params = "", []
    if source_type:
        extra, extra_params = " AND p.source_type = %s", [source_type]
    if connection.vendor == "postgresql":
        # The matches are found once on the GIN index (MATERIALIZED), then joined with the
        # candidate reviews: otherwise the planner may scan the GIN index once per review.
        query = " ".join(query_terms)
        matches = (
            "WITH p AS MATERIALIZED (SELECT id, review_id, source_type, tsv FROM search_passage "
            "WHERE tsv @@ plainto_tsquery('english', %s)) "
        )
        where = f"p.review_id IN ({sub_sql}){extra}"
        params = [query, *sub_params, *extra_params]
        # Constant SQL around Django's own compiled subquery; every value is a parameter.
        count_sql = f"{matches}SELECT COUNT(*) FROM p WHERE {where}"  # noqa: S608
        page_sql = (
            f"{matches}SELECT p.id, COUNT(*) OVER () FROM p WHERE {where} "  # noqa: S608
            "ORDER BY ts_rank_cd(p.tsv, plainto_tsquery('english', %s)) DESC, p.id "
            "LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(page_sql, [*params, query, limit, offset])
            rows = cursor.fetchall()
            if rows:
                return rows[0][1], [row[0] for row in rows]
            cursor.execute(count_sql, params)
            return cursor.fetchone()[0], []
    if _fts_ready():
        match = " ".join(f'"{term}"' for term in query_terms)
        where = f"search_passage_fts MATCH %s AND p.review_id IN ({sub_sql}){extra}"
        params = [match, *sub_params, *extra_params]
        base = "FROM search_passage_fts JOIN search_passage p ON p.id = search_passage_fts.rowid"
        count_sql = f"SELECT COUNT(*) {base} WHERE {where}"
        page_sql = (
            f"SELECT p.id {base} WHERE {where} ORDER BY bm25(search_passage_fts), p.id "
            "LIMIT %s OFFSET %s"
        )
        page_params = [*params, limit, offset]
    else:  # portable, unranked: newest first
        qs = Passage.objects.filter(review__in=reviews)
        if source_type:
            qs = qs.filter(source_type=source_type)
        for term in query_terms:
            qs = qs.filter(text__icontains=term)
        total = qs.count()
        ids = list(qs.order_by("-id").values_list("id", flat=True)[offset : offset + limit])
        return total, ids
    with connection.cursor() as cursor:
        cursor.execute(count_sql, params)
        total = cursor.fetchone()[0]
        ids = []
        if total and offset < total:
            cursor.execute(page_sql, page_params)
            ids = [row[0] for row in cursor.fetchall()]
    return total, ids


def _meaning(reviews, query, source_type, offset, limit):
    """(total, [(passage id, score)] best first, query vector)."""
    enc = encoder()
    snapshot = vectors.index().refresh(enc.name)
    query_vector = enc.encode([query])[0]
    if not len(snapshot.ids):
        return 0, [], query_vector
    review_ids = list(reviews.order_by().values_list("pk", flat=True))
    scores = snapshot.scores(query_vector, review_ids=review_ids, kind=source_type or None)
    floor = MEANING_FLOOR.get(enc.name, 0.3)
    good = np.flatnonzero(scores >= floor)
    if len(good) > MAX_MEANING_RESULTS:
        good = good[np.argpartition(-scores[good], MAX_MEANING_RESULTS - 1)[:MAX_MEANING_RESULTS]]
    order = good[np.argsort(-scores[good], kind="stable")]
    chosen = order[offset : offset + limit]
    return (
        len(order),
        [(int(snapshot.ids[i]), float(scores[i])) for i in chosen],
        query_vector,
    )


def _link(passage, numbers):
    if passage.source_type == Passage.Source.RECOMMENDATION:
        return reverse("actions:recommendation-detail", args=[passage.source_id])
    if passage.source_type == Passage.Source.DOCUMENT:
        try:
            url = reverse("documents:detail", args=[passage.source_id])
        except NoReverseMatch:
            return reverse("reviews:detail", args=[passage.review_id])
        return f"{url}#page-{passage.page}" if passage.page else url
    return reverse("reviews:detail", args=[passage.review_id])


def _label(passage, numbers):
    if passage.source_type == Passage.Source.RECOMMENDATION:
        number = numbers.get(passage.source_id)
        return f"Recommendation {number}" if number else "Recommendation"
    if passage.source_type == Passage.Source.DOCUMENT:
        return f"Report, page {passage.page}" if passage.page else "Report"
    return FIELD_LABELS.get(passage.field, "Review")


def _sentence_encoder():
    """The encoder that picks the sentence to mark: the fast static one when it is installed
    (encoding a page's sentences with MiniLM takes about a second on 2 busy cores), else the
    deployment's."""
    from safeguarding.meaning import STATIC_MODEL_DIR

    if encoder_name() != "static" and (STATIC_MODEL_DIR / "model.safetensors").exists():
        return get_encoder("static")
    return encoder()


def _best_sentences(passages, query):
    """For each passage, the sentence closest in meaning to the query. Only passages of two
    sentences or more need encoding, and they are encoded in one call."""
    sentences = [split_sentences(p.text) or [p.text] for p in passages]
    flat = [s for group in sentences if len(group) > 1 for s in group]
    scores = []
    if flat:
        chooser = _sentence_encoder()
        scores = chooser.encode(flat) @ chooser.encode([query])[0]
    best, n = [], 0
    for group in sentences:
        if len(group) == 1:
            best.append(group[0])
            continue
        best.append(group[int(np.argmax(scores[n : n + len(group)]))])
        n += len(group)
    return best


def search(
    user,
    q,
    *,
    mode="keyword",
    review_type="",
    region=None,
    icb=None,
    date_from=None,
    date_to=None,
    theme=None,
    source_type="",
    page=1,
    request=None,
):
    """Passages in the person's scope that match a query, best first, one page at a time.

    ``mode`` is "keyword" (every word, stemmed) or "meaning" (closest vectors). Filters apply
    to the review (type, region, ICB, review date, theme) or the passage (source type). Each
    search is audited without its words, which may name a person."""
    q = (q or "").strip()
    reviews = candidate_reviews(
        user,
        review_type=review_type,
        region=region,
        icb=icb,
        date_from=date_from,
        date_to=date_to,
        theme=theme,
    )
    page = max(1, int(page or 1))
    offset = (page - 1) * PAGE_SIZE
    query_terms = highlight.terms(q)
    scored, query_vector = [], None
    if mode == "meaning":
        total, scored, query_vector = _meaning(reviews, q, source_type, offset, PAGE_SIZE)
        ids = [pk for pk, _ in scored]
    else:
        mode = "keyword"
        total, ids = (
            _keyword(reviews, query_terms, source_type, offset, PAGE_SIZE)
            if query_terms
            else (0, [])
        )
    number = Recommendation.objects.filter(pk=OuterRef("source_id")).values("number")[:1]
    found = {
        p.pk: p
        for p in Passage.objects.visible_to(user)
        .filter(pk__in=ids)
        .annotate(recommendation_number=Subquery(number))
        .select_related("review", "review__partnership")
    }
    passages = [found[pk] for pk in ids if pk in found]
    numbers = {
        p.source_id: p.recommendation_number
        for p in passages
        if p.source_type == Passage.Source.RECOMMENDATION
    }
    scores = dict(scored)
    if mode == "meaning":
        marks = [
            highlight.mark_sentence(p.text, s)
            for p, s in zip(passages, _best_sentences(passages, q), strict=True)
        ]
    else:
        marks = [highlight.mark_words(p.text, query_terms) for p in passages]
    hits = [
        Hit(
            passage=p,
            score=scores.get(p.pk, 0.0),
            html=mark,
            source_label=_label(p, numbers),
            link=_link(p, numbers),
        )
        for p, mark in zip(passages, marks, strict=True)
    ]
    with transaction.atomic():
        audit.record(
            user,
            "view",
            object_type="search",
            label=f"Search by {mode}",
            request=request,
            details={
                "mode": mode,
                "words": len(query_terms),
                "results": total,
                "page": page,
                "filters": {
                    "review_type": review_type or None,
                    "region": getattr(region, "pk", region) or None,
                    "icb": getattr(icb, "pk", icb) or None,
                    "date_from": str(date_from) if date_from else None,
                    "date_to": str(date_to) if date_to else None,
                    "theme": getattr(theme, "code", theme) or None,
                    "source_type": source_type or None,
                },
            },
        )
    pages = max(1, -(-total // PAGE_SIZE))
    return Results(mode=mode, hits=hits, total=total, page=page, pages=pages, terms=query_terms)


# --- repeat recommendations -----------------------------------------------------------------


@dataclass
class Outcome:
    actions: int
    completed: int
    open: int
    not_accepted: int

    @property
    def text(self):
        if not self.actions:
            return "No actions recorded"
        parts = [
            f"{self.completed} of {self.actions} action{'s' if self.actions != 1 else ''} completed"
        ]
        if self.open:
            parts.append(f"{self.open} open")
        if self.not_accepted:
            parts.append(f"{self.not_accepted} not accepted")
        return ", ".join(parts)


def outcome_of(recommendation):
    actions = list(recommendation.actions.all())
    done = {Action.Status.COMPLETED, Action.Status.CLOSED_WITH_EVIDENCE}
    return Outcome(
        actions=len(actions),
        completed=sum(a.status in done for a in actions),
        open=sum(a.status in Action.OPEN_STATUSES for a in actions),
        not_accepted=sum(a.status == Action.Status.NOT_ACCEPTED for a in actions),
    )


@dataclass
class Similar:
    recommendation: Recommendation
    score: float
    outcome: Outcome

    @property
    def review(self):
        return self.recommendation.review


def repeat_threshold():
    return REPEAT_THRESHOLD.get(encoder_name(), 0.75)


def _recommendation_vectors(snapshot, review_ids):
    """{recommendation id: unit vector} for the recommendations of these reviews (a long
    recommendation cut into several passages gets their mean)."""
    mask = snapshot.mask(review_ids=review_ids, kind=Passage.Source.RECOMMENDATION)
    rows = np.flatnonzero(mask)
    if not len(rows):
        return np.zeros(0, dtype=np.int64), np.zeros((0, snapshot.matrix.shape[1]), np.float32)
    sources = snapshot.source_ids[rows]
    unique, inverse = np.unique(sources, return_inverse=True)
    sums = np.zeros((len(unique), snapshot.matrix.shape[1]), dtype=np.float32)
    np.add.at(sums, inverse, snapshot.matrix[rows])
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return unique, sums / norms


def _with_outcomes(user, ids):
    return {
        r.pk: r
        for r in Recommendation.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("review", "review__partnership")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("id")))
    }


def similar_recommendations(
    user, text_or_recommendation, *, exclude_review=None, limit=5, threshold=None
):
    """In-scope recommendations close in meaning to a text or a recommendation, closest first,
    each with its review, partnership, date and outcome. A recommendation is never its own
    match; ``exclude_review`` leaves out one review's recommendations (usually its own)."""
    threshold = repeat_threshold() if threshold is None else threshold
    snapshot = vectors.index().refresh(encoder_name())
    review_ids = list(Review.objects.visible_to(user).order_by().values_list("pk", flat=True))
    if exclude_review is not None:
        excluded = getattr(exclude_review, "pk", exclude_review)
        review_ids = [pk for pk in review_ids if pk != excluded]
    rec_ids, matrix = _recommendation_vectors(snapshot, review_ids)
    own = query = None
    if isinstance(text_or_recommendation, Recommendation):
        own = text_or_recommendation.pk
        rows = np.flatnonzero(
            (snapshot.source_ids == own)
            & (snapshot.kinds == vectors.KINDS[Passage.Source.RECOMMENDATION])
        )
        if len(rows):
            query = snapshot.matrix[rows].sum(axis=0)
            query /= np.linalg.norm(query) or 1.0
    if not len(rec_ids):
        return []
    if query is None:
        query = encoder().encode([getattr(text_or_recommendation, "text", text_or_recommendation)])[
            0
        ]
    scores = matrix @ query
    if own is not None:
        scores[rec_ids == own] = -np.inf
    order = [i for i in np.argsort(-scores, kind="stable") if scores[i] >= threshold][:limit]
    found = _with_outcomes(user, [int(rec_ids[i]) for i in order])
    return [
        Similar(found[int(rec_ids[i])], float(scores[i]), outcome_of(found[int(rec_ids[i])]))
        for i in order
        if int(rec_ids[i]) in found
    ]


def review_date(review):
    """The date search and comparisons use for a review (see REVIEW_DATE)."""
    return (
        review.notification_date
        or review.decision_date
        or review.incident_date
        or (review.created_at.date() if review.created_at else None)
    )


def review_date_text(review):
    """``review_date`` as known: "March 2021" for a date known only to the month."""
    from safeguarding.reviews import dates as partial_dates

    for name in ("notification_date", "decision_date", "incident_date"):
        value = getattr(review, name)
        if value:
            return partial_dates.describe(value, (review.date_precision or {}).get(name))
    return partial_dates.describe(review.created_at.date() if review.created_at else None)


@dataclass
class Cluster:
    centre: Recommendation
    members: list  # Recommendation, closest to the centre first
    reviews: int
    partnerships: int


def recurring_recommendations(user, *, threshold=None, min_reviews=2, limit=50):
    """Groups of recommendations, in the person's scope, close in meaning to one another,
    largest first. Greedy: the recommendation with most close neighbours (not yet grouped)
    becomes a centre and takes them; a group counts when it spans ``min_reviews`` reviews."""
    threshold = repeat_threshold() if threshold is None else threshold
    snapshot = vectors.index().refresh(encoder_name())
    review_ids = list(Review.objects.visible_to(user).order_by().values_list("pk", flat=True))
    rec_ids, matrix = _recommendation_vectors(snapshot, review_ids)
    n = len(rec_ids)
    if n < 2:
        return []
    review_of = dict(
        Recommendation.objects.visible_to(user)
        .filter(pk__in=rec_ids.tolist())
        .values_list("pk", "review_id")
    )
    neighbours = []
    for start in range(0, n, 1024):
        block = matrix[start : start + 1024] @ matrix.T
        for row in block:
            near = np.flatnonzero(row >= threshold)
            neighbours.append(near[np.argsort(-row[near], kind="stable")])
    assigned = np.zeros(n, dtype=bool)
    groups = []
    for centre in sorted(range(n), key=lambda i: (-len(neighbours[i]), int(rec_ids[i]))):
        if assigned[centre]:
            continue
        members = [int(j) for j in neighbours[centre] if not assigned[j]]
        if centre not in members:
            members.insert(0, centre)
        reviews = {review_of.get(int(rec_ids[j])) for j in members} - {None}
        if len(reviews) < min_reviews:
            continue
        assigned[members] = True
        groups.append((centre, members))
    groups.sort(key=lambda g: (-len(g[1]), int(rec_ids[g[0]])))
    groups = groups[:limit]
    found = {
        r.pk: r
        for r in Recommendation.objects.visible_to(user)
        .filter(pk__in=[int(rec_ids[j]) for _, members in groups for j in members])
        .select_related("review", "review__partnership")
    }
    clusters = []
    for centre, members in groups:
        records = [found[int(rec_ids[j])] for j in members if int(rec_ids[j]) in found]
        if int(rec_ids[centre]) not in found or len({r.review_id for r in records}) < min_reviews:
            continue
        clusters.append(
            Cluster(
                centre=found[int(rec_ids[centre])],
                members=records,
                reviews=len({r.review_id for r in records}),
                partnerships=len({r.review.partnership_id for r in records}),
            )
        )
    return clusters


# --- choices for the search form ------------------------------------------------------------


def regions_for(user):
    from safeguarding.organisations.models import Region

    return Region.objects.filter(
        pk__in=Review.objects.visible_to(user).order_by().values("region_id")
    ).order_by("name")


def icbs_for(user):
    from safeguarding.reviews.services import icbs_for as review_icbs

    return review_icbs(user).order_by("name")


def themes():
    from safeguarding.themes.models import Theme

    return Theme.objects.filter(active=True).order_by("label")

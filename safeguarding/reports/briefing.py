"""A 7-minute briefing from one review: seven short numbered sections on one or two pages.

``build_briefing`` reads only what it is given (a review read through the scope gate, its
recommendations with their actions, its disseminations); it runs no queries of its own
beyond the relations the caller prefetched.
"""

import re
from collections import Counter

from safeguarding.actions.models import Action

from .document import Briefing, Section, Table
from .questions import questions_for

SECTION_TITLES = (
    "Background",
    "Why it matters",
    "Key findings",
    "Themes",
    "Recommendations",
    "Questions for practitioners",
    "What to do now",
)

# Long text is shortened so that the briefing stays on one or two A4 pages.
CASE_INFORMATION_LIMIT = 400
LEARNING_LIMIT = 1000
RECOMMENDATION_LIMIT = 200
MAX_RECOMMENDATIONS = 6
MAX_DISSEMINATIONS = 4

# Short names of the review's dates, in the order they happen.
DATE_NAMES = (
    ("incident_date", "incident"),
    ("aware_date", "partnership aware"),
    ("notification_date", "notified"),
    ("decision_date", "decision to review"),
    ("start_date", "review started"),
    ("panel_response_date", "Panel response"),
    ("signed_off_date", "report signed off"),
    ("published_date", "published"),
)

CHILDREN, ADULTS, FAMILIES = "children", "adults", "families"
AUDIENCE = {
    "sin": CHILDREN,
    "rapid": CHILDREN,
    "lcspr": CHILDREN,
    "ncspr": CHILDREN,
    "scr": CHILDREN,
    "cdr": CHILDREN,
    "sar": ADULTS,
    "leder": ADULTS,
    "dhr": FAMILIES,
    "dhr_child": FAMILIES,
}

WHY_IT_MATTERS = {
    "sin": (
        "A serious incident notification tells the Child Safeguarding Practice Review Panel "
        "that a child has died or been seriously harmed and abuse or neglect is known or "
        "suspected. It starts a rapid review, so that learning is found quickly."
    ),
    "rapid": (
        "A rapid review looks quickly at the facts of a serious child safeguarding case, "
        "identifies immediate learning and decides whether a local child safeguarding "
        "practice review is needed (Working Together to Safeguard Children 2023)."
    ),
    "lcspr": (
        "Safeguarding partners commission a local child safeguarding practice review when a "
        "case raises issues of importance in their area, to find out what needs to change "
        "to safeguard children and promote their welfare (Children Act 2004)."
    ),
    "ncspr": (
        "The Child Safeguarding Practice Review Panel commissions a national review when a "
        "case raises issues that are complex or of national importance."
    ),
    "scr": (
        "Serious case reviews were carried out by Local Safeguarding Children Boards before "
        "September 2019. Their learning still applies to practice today."
    ),
    "sar": (
        "A Safeguarding Adults Board must arrange a safeguarding adults review when an adult "
        "with care and support needs dies or is seriously harmed, abuse or neglect is known "
        "or suspected, and there is concern about how agencies worked together (Care Act "
        "2014, section 44)."
    ),
    "dhr": (
        "A domestic homicide review looks at the circumstances of a death that has, or "
        "appears to have, resulted from violence, abuse or neglect by a relative, partner or "
        "member of the same household, to learn how agencies can respond better (Domestic "
        "Violence, Crime and Victims Act 2004, section 9)."
    ),
    "leder": (
        "LeDeR (learning from lives and deaths of people with a learning disability and "
        "autistic people) reviews the care a person received, to reduce health inequalities "
        "and avoidable deaths."
    ),
    "cdr": (
        "Every child death is reviewed, to understand why the child died and to learn what "
        "might prevent future deaths (Children Act 2004)."
    ),
}
WHY_IT_MATTERS["dhr_child"] = WHY_IT_MATTERS["dhr"]
NOT_ABOUT_BLAME = (
    "Reviews are not about blame. They ask why things happened as they did, so that "
    "everyone can learn and practice can change."
)
AUDIENCE_TEXT = {
    CHILDREN: "everyone who works with children and families",
    ADULTS: "everyone who works with adults with care and support needs, and their families",
    FAMILIES: "everyone who may meet people affected by domestic abuse",
}

DONE = {Action.Status.COMPLETED, Action.Status.CLOSED_WITH_EVIDENCE}
STATUS_ORDER = [status for status, _ in Action.Status.choices]
STATUS_LABELS = dict(Action.Status.choices)


def _date(value):
    return value.strftime("%-d %B %Y") if value else ""


def _review_date(review, field):
    """A review's date as known: "15 March 2021", "March 2021" or "2021"."""
    return review.describe_date(field)


def shorten(text, limit):
    """(text, whether it was shortened): cut at a sentence, or else a word, before limit."""
    text = (text or "").strip()
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    sentence = max(cut.rfind(". "), cut.rfind(".\n"))
    if sentence > limit // 2:
        return cut[: sentence + 1].rstrip(), True
    space = cut.rfind(" ")
    return cut[: space if space > limit // 2 else limit].rstrip(" ,;:") + " …", True


def paragraphs_of(text):
    """Blank-line separated paragraphs, each with its line breaks folded into spaces."""
    parts = re.split(r"\n\s*\n", (text or "").strip())
    return [re.sub(r"\s+", " ", part).strip() for part in parts if part.strip()]


def action_counts(actions, today):
    """'3 actions: 2 completed, 1 in progress (1 overdue)' or 'No actions yet'."""
    if not actions:
        return "No actions yet"
    counts = Counter(action.status for action in actions)
    parts = [
        f"{counts[status]} {STATUS_LABELS[status].lower()}"
        for status in STATUS_ORDER
        if counts[status]
    ]
    overdue = sum(1 for a in actions if a.is_open and a.due_date and a.due_date < today)
    noun = "action" if len(actions) == 1 else "actions"
    text = f"{len(actions)} {noun}: {', '.join(parts)}"
    if overdue:
        text += f" ({overdue} overdue)"
    return text


def _background(review, shortened):
    items = [
        f"Type of review: {review.get_review_type_display()}",
        f"Safeguarding partnership: {review.partnership.name}",
    ]
    if review.reference:
        items.append(f"Reference: {review.reference}")
    dates = [
        f"{name} {_review_date(review, field)}"
        for field, name in DATE_NAMES
        if getattr(review, field)
    ]
    if dates:
        items.append("Key dates: " + "; ".join(dates))
    items.append(f"Stage: {review.stage.label} ({review.status_label.lower()})")
    if review.scope_start and review.scope_end:
        items.append(
            "Period the review looked at: "
            f"{_review_date(review, 'scope_start')} to {_review_date(review, 'scope_end')}"
        )
    if review.method:
        items.append(f"Method: {review.get_method_display()}")
    case, cut = shorten(review.case_information, CASE_INFORMATION_LIMIT)
    shortened |= cut
    paragraphs = paragraphs_of(case) if case else []
    return Section(SECTION_TITLES[0], paragraphs=paragraphs, items=items), shortened


def _why(review):
    audience = AUDIENCE.get(review.review_type, CHILDREN)
    return Section(
        SECTION_TITLES[1],
        paragraphs=[
            WHY_IT_MATTERS.get(review.review_type, ""),
            f"{NOT_ABOUT_BLAME} The learning is for {AUDIENCE_TEXT[audience]} in the area of "
            f"{review.partnership.name}, and beyond.",
        ],
    )


def _findings(review, shortened):
    learning, cut = shorten(review.learning_summary, LEARNING_LIMIT)
    paragraphs = paragraphs_of(learning)
    if not paragraphs:
        paragraphs = ["The review's findings have not been recorded in the tracker yet."]
    return Section(SECTION_TITLES[2], paragraphs=paragraphs), shortened or cut


def _themes(review):
    primary = review.primary_themes
    other = review.secondary_themes
    items = []
    if primary:
        items.append("Primary: " + "; ".join(theme.label for theme in primary))
    if other:
        items.append("Other: " + "; ".join(theme.label for theme in other))
    paragraphs = [] if items else ["No themes have been recorded for this review yet."]
    return Section(SECTION_TITLES[3], paragraphs=paragraphs, items=items)


def _recommendations(recommendations, today, shortened):
    if not recommendations:
        return Section(
            SECTION_TITLES[4],
            paragraphs=["No recommendations have been recorded for this review yet."],
        ), shortened
    all_actions = [a for r in recommendations for a in r.actions.all()]
    done = sum(1 for a in all_actions if a.status in DONE)
    open_ = sum(1 for a in all_actions if a.is_open)
    overdue = sum(1 for a in all_actions if a.is_open and a.due_date and a.due_date < today)
    count = len(recommendations)
    summary = f"The review made {count} recommendation{'' if count == 1 else 's'}."
    if all_actions:
        summary += (
            f" {len(all_actions)} action{'' if len(all_actions) == 1 else 's'} answer"
            f"{'s' if len(all_actions) == 1 else ''} them: {done} completed, {open_} open"
            + (f" ({overdue} overdue)" if overdue else "")
            + "."
        )
    else:
        summary += " No actions have been recorded yet."
    rows = []
    for recommendation in recommendations[:MAX_RECOMMENDATIONS]:
        text, cut = shorten(recommendation.text, RECOMMENDATION_LIMIT)
        shortened |= cut
        rows.append(
            [
                recommendation.number,
                re.sub(r"\s+", " ", text),
                action_counts(list(recommendation.actions.all()), today),
            ]
        )
    notes = []
    if count > MAX_RECOMMENDATIONS:
        more = count - MAX_RECOMMENDATIONS
        notes.append(
            f"And {more} more recommendation{'' if more == 1 else 's'}: see the review in the "
            "tracker."
        )
    table = Table("", ["No.", "Recommendation", "Actions"], rows, notes)
    return Section(SECTION_TITLES[4], paragraphs=[summary], tables=[table]), shortened


def _questions(review):
    codes = [t.code for t in review.primary_themes] + [t.code for t in review.secondary_themes]
    return Section(SECTION_TITLES[5], items=questions_for(codes))


def _what_to_do(review, disseminations):
    items = [
        "Discuss this briefing in your next team meeting or supervision, using the questions "
        "above.",
        "Check what your organisation is doing about the recommendations, and whether any "
        "action is yours.",
    ]
    status = review.publication_status
    if status == review.PublicationStatus.PUBLISHED or review.published_date:
        when = ""
        if review.published_date:
            word = "on" if review.precision("published_date") == "day" else "in"
            when = f" {word} {_review_date(review, 'published_date')}"
        if review.publication_url:
            items.append(f"Read the full report, published{when}: {review.publication_url}")
        else:
            items.append(f"Read the full report, published{when}.")
    elif status == review.PublicationStatus.EMBARGOED:
        items.append("The report is not published yet (embargoed).")
    elif status == review.PublicationStatus.NOT_FOR_PUBLICATION:
        items.append("The report is not for publication; this briefing carries its learning.")
    else:
        items.append("The report has not been published yet.")
    if review.designated_professional:
        items.append(f"For more information, contact {review.designated_professional}.")
    else:
        items.append(f"For more information, contact {review.partnership.name}.")
    shown = [
        f"{record.get_kind_display()} ({_date(record.date)}, for {record.audience})"
        for record in disseminations[:MAX_DISSEMINATIONS]
    ]
    if len(disseminations) > MAX_DISSEMINATIONS:
        shown.append(f"{len(disseminations) - MAX_DISSEMINATIONS} more")
    if shown:
        shared = "Shared so far: " + "; ".join(shown) + "."
    else:
        shared = "No sharing of this learning is recorded yet. Record it in the tracker when you share it."
    return Section(SECTION_TITLES[6], paragraphs=[shared], items=items)


def build_briefing(review, recommendations, disseminations, *, today):
    """The seven sections of a 7-minute briefing about one review."""
    shortened = False
    background, shortened = _background(review, shortened)
    findings, shortened = _findings(review, shortened)
    recommended, shortened = _recommendations(list(recommendations), today, shortened)
    sections = [
        background,
        _why(review),
        findings,
        _themes(review),
        recommended,
        _questions(review),
        _what_to_do(review, list(disseminations)),
    ]
    notes = [
        f"Produced from the safeguarding case review tracker on {_date(today)}. "
        "The tracker holds the current record."
    ]
    if shortened:
        notes.append("Some long text is shortened here; the full text is in the tracker.")
    subtitle = f"{review.get_review_type_display()} · {review.partnership.name}"
    return Briefing(
        title=f"7-minute briefing: {review.title}",
        subtitle=subtitle,
        generated_on=today,
        sections=sections,
        notes=notes,
    )

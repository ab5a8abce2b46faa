"""Questions for practitioners to reflect on, for a 7-minute briefing. Plain Python.

One question per theme code of the default taxonomy (``themes.taxonomy``); a theme without
one (a local theme) falls back to the generic questions.
"""

THEME_QUESTIONS = {
    "information-sharing": (
        "What would you share, with whom and how quickly, if you were worried about this "
        "child or adult? Do you know your agency's information-sharing guidance?"
    ),
    "risk-assessment": (
        "How do you bring together what you know from different sources before deciding on "
        "risk, and how do you review that decision when circumstances change?"
    ),
    "professional-curiosity": (
        "When what you are told does not match what you see, how do you check it out? What "
        "helps you to ask the difficult question?"
    ),
    "escalation-challenge": (
        "When did you last challenge another professional's decision? Do you know how to use "
        "your partnership's escalation procedure?"
    ),
    "voice-of-person": (
        "How do you make sure the voice and daily lived experience of the child or adult are "
        "heard and recorded, not only those of the adults around them?"
    ),
    "disguised-compliance": (
        "How do you tell genuine engagement from apparent cooperation? What do you do when "
        "someone is repeatedly not brought to appointments?"
    ),
    "think-family": (
        "Who else lives in or visits the household, including fathers and partners, and what "
        "do you know about them?"
    ),
    "multi-agency-working": (
        "Who else is involved with this family? How do you agree who is leading and what "
        "each agency will do?"
    ),
    "record-keeping": (
        "Would someone reading your records understand what you saw, what you concluded and why?"
    ),
    "mental-capacity": (
        "When do you assess mental capacity for a specific decision, and how do you record "
        "that assessment and any best-interests decision?"
    ),
    "transitions": (
        "What happens to the support and the information about a person when they move "
        "between services, ages or areas? Who makes sure nothing is lost?"
    ),
    "neglect": (
        "How do you notice and evidence the cumulative impact of neglect over time, rather "
        "than responding to each incident on its own?"
    ),
    "self-neglect": (
        "How do you balance respect for a person's choices with your duty of care when they "
        "are neglecting themselves?"
    ),
    "physical-abuse": (
        "Would you recognise an injury that does not fit the explanation given, especially "
        "in a baby who is not yet mobile? What would you do next?"
    ),
    "sexual-abuse": (
        "What signs of sexual abuse might you see in your role, and how would you create the "
        "conditions for a child or adult to tell you?"
    ),
    "emotional-abuse": (
        "How do you recognise and describe emotional harm, which leaves no visible mark, so "
        "that others understand its impact?"
    ),
    "domestic-abuse": (
        "Do you routinely and safely ask about domestic abuse? Do you know how to refer to "
        "MARAC and local specialist services?"
    ),
    "financial-abuse": (
        "What might tell you that someone is being financially exploited, and who would you "
        "speak to about it?"
    ),
    "organisational-abuse": (
        "What would you do if you saw poor practice or a closed culture in a care setting, "
        "including your own?"
    ),
    "discriminatory-abuse": (
        "How might discrimination, including your own assumptions, affect the help a person "
        "receives?"
    ),
    "modern-slavery": (
        "Would you recognise the signs of modern slavery, and do you know how to make a "
        "referral through the National Referral Mechanism?"
    ),
    "exploitation": (
        "How do you recognise and respond to harm outside the home, such as criminal or "
        "sexual exploitation, and treat the young person as a victim?"
    ),
    "online-harm": (
        "How do you ask about a child's or adult's life online, and what would you do with a "
        "worrying answer?"
    ),
    "mental-health": (
        "How do a parent's or carer's mental health needs affect the care they can give, and "
        "how do adult and children's services work together on this?"
    ),
    "substance-misuse": (
        "How do you assess the effect of drug or alcohol use on a person's safety and on "
        "anyone who depends on them?"
    ),
    "learning-disability-autism": (
        "What reasonable adjustments do you make for people with a learning disability or "
        "autistic people, and how do you check they have understood?"
    ),
    "disability-complex-health": (
        "How do you make sure a person's disability or health needs do not mask signs of "
        "abuse or neglect?"
    ),
    "babies-infants": (
        "How do you think about the particular vulnerability of babies, including safe sleep "
        "and the stresses on parents of a crying baby?"
    ),
    "education": (
        "What do you do when a child is missing from education or not in school, and who do "
        "you tell?"
    ),
    "housing-homelessness": (
        "How do housing problems or homelessness affect safety here, and do you know the "
        "duty to refer to the local housing authority?"
    ),
    "suicide-self-harm": (
        "How confident are you in asking directly about suicidal thoughts, and in making a "
        "safety plan with the person?"
    ),
    "race-culture-identity": (
        "How do a person's race, culture, faith and identity shape their experience and "
        "their trust in services, and how do you explore this with them?"
    ),
    "leadership-supervision": (
        "How does your supervision help you to reflect on complex cases and to challenge "
        "your own thinking?"
    ),
    "training-awareness": (
        "What training do you need in order to act on the learning from this review, and how "
        "will you get it?"
    ),
}

GENERIC_QUESTIONS = (
    "What does this review mean for your own practice and your team's?",
    "What would you do differently tomorrow as a result of this learning?",
    "How will you share this learning with colleagues who were not here today?",
)

MAX_QUESTIONS = 4
MIN_QUESTIONS = 3


def questions_for(theme_codes):
    """Reflective questions for themes in the order given (primary themes first), then
    generic questions until there are at least three; at most four."""
    questions = []
    for code in theme_codes:
        question = THEME_QUESTIONS.get(code)
        if question and question not in questions:
            questions.append(question)
        if len(questions) == MAX_QUESTIONS:
            return questions
    for question in GENERIC_QUESTIONS:
        if len(questions) >= MIN_QUESTIONS:
            break
        questions.append(question)
    return questions

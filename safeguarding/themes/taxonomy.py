"""The default theme taxonomy. Codes are stable: imports, exports, the API and
evaluation files use them. Plain Python, no Django."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeDef:
    code: str
    label: str
    group: str


PRACTICE, HARM, CONTEXT, SYSTEM = "Practice", "Harm", "Context", "System"

DEFAULT_THEMES = (
    ThemeDef("information-sharing", "Information sharing", PRACTICE),
    ThemeDef("risk-assessment", "Risk assessment and decision-making", PRACTICE),
    ThemeDef("professional-curiosity", "Professional curiosity", PRACTICE),
    ThemeDef("escalation-challenge", "Critical thinking, challenge and escalation", PRACTICE),
    ThemeDef("voice-of-person", "Voice and lived experience of the child or adult", PRACTICE),
    ThemeDef(
        "disguised-compliance", "Disguised compliance, non-engagement, was not brought", PRACTICE
    ),
    ThemeDef("think-family", "Think family: whole family, fathers and men", PRACTICE),
    ThemeDef("multi-agency-working", "Multi-agency working and coordination", PRACTICE),
    ThemeDef("record-keeping", "Record keeping", PRACTICE),
    ThemeDef("mental-capacity", "Mental capacity", PRACTICE),
    ThemeDef("transitions", "Transitions between services or areas", PRACTICE),
    ThemeDef("neglect", "Neglect", HARM),
    ThemeDef("self-neglect", "Self-neglect", HARM),
    ThemeDef("physical-abuse", "Physical abuse", HARM),
    ThemeDef("sexual-abuse", "Sexual abuse", HARM),
    ThemeDef("emotional-abuse", "Emotional abuse", HARM),
    ThemeDef("domestic-abuse", "Domestic abuse, coercive control, stalking", HARM),
    ThemeDef("financial-abuse", "Financial abuse", HARM),
    ThemeDef("organisational-abuse", "Organisational abuse", HARM),
    ThemeDef("discriminatory-abuse", "Discriminatory abuse", HARM),
    ThemeDef("modern-slavery", "Modern slavery", HARM),
    ThemeDef("exploitation", "Exploitation and extrafamilial harm", HARM),
    ThemeDef("online-harm", "Online harm", HARM),
    ThemeDef("mental-health", "Mental health", CONTEXT),
    ThemeDef("substance-misuse", "Substance misuse", CONTEXT),
    ThemeDef("learning-disability-autism", "Learning disability and autism", CONTEXT),
    ThemeDef("disability-complex-health", "Disability and complex health needs", CONTEXT),
    ThemeDef("babies-infants", "Babies and infants", CONTEXT),
    ThemeDef("education", "Education and children not in school", CONTEXT),
    ThemeDef("housing-homelessness", "Housing and homelessness", CONTEXT),
    ThemeDef("suicide-self-harm", "Suicide and self-harm", CONTEXT),
    ThemeDef("race-culture-identity", "Race, culture, faith and identity", CONTEXT),
    ThemeDef("leadership-supervision", "Leadership, supervision and workforce", SYSTEM),
    ThemeDef("training-awareness", "Training and awareness", SYSTEM),
)

THEME_CODES = frozenset(theme.code for theme in DEFAULT_THEMES)
MAX_PRIMARY_THEMES = 3

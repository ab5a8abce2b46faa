"""Seed descriptions for the embedding engine: for each theme code of the default taxonomy, a
few short sentences in the manner of safeguarding review findings. Plain Python, no Django.

A theme's prototype is built from its taxonomy label and these sentences (see embedding.py).
They were written by hand from domain knowledge, in the same way as the keyword lexicon; they
were NOT copied, paraphrased or tuned from tests/corpus, which is the evaluation set.
"""

from __future__ import annotations

SEEDS: dict[str, tuple[str, ...]] = {
    "information-sharing": (
        "The GP held information about the father's violence that was never passed to "
        "children's social care.",
        "Agencies each knew part of the picture but did not share what they knew with one another.",
        "The hospital discharge letter did not reach the community nurse, so the visit never "
        "happened.",
        "Police did not notify the school after the incident at home the night before.",
        "Practitioners were unsure whether they could share information without consent.",
    ),
    "risk-assessment": (
        "The risk was judged to be low and the case was closed without a plan.",
        "The assessment did not consider the history of previous incidents when grading risk.",
        "Decisions about the level of risk were made on the basis of a single visit.",
        "The referral was judged not to meet the threshold and no further action was taken.",
        "Risk was underestimated because each incident was treated in isolation.",
    ),
    "professional-curiosity": (
        "Practitioners accepted the mother's account at face value and did not ask further "
        "questions.",
        "No one asked who else was living in the house or who the new boyfriend was.",
        "The explanation for the injury was not explored or tested against the facts.",
        "Staff did not wonder why the young person kept going missing on Friday nights.",
        "A more curious approach would have looked behind what the family were saying.",
    ),
    "escalation-challenge": (
        "The school disagreed with the decision to close the case but did not escalate its "
        "concern.",
        "Practitioners did not use the escalation policy when their referrals were declined.",
        "The health visitor felt unable to challenge the social worker's view of the family.",
        "No one questioned the plan, and the first view of the family was never revisited.",
        "When concerns were escalated to a manager, the disagreement was resolved quickly.",
    ),
    "voice-of-person": (
        "The child was never seen alone and her wishes and feelings were not recorded.",
        "Adult B told staff repeatedly that she was frightened, but her words were not acted on.",
        "The lived experience of the child in that household was not understood.",
        "Professionals spoke to his parents but never asked the young person what life was "
        "like for him.",
        "Her views about where she wanted to live were not sought before the decision was made.",
    ),
    "disguised-compliance": (
        "The family cancelled or missed most appointments, and the child was not brought to "
        "clinic.",
        "The parents agreed with every plan but nothing changed for the children.",
        "Home visits were repeatedly refused, yet the case was described as engaging well.",
        "He did not attend appointments and was discharged for non-engagement.",
        "Apparent cooperation with professionals masked a lack of real change.",
    ),
    "think-family": (
        "The father was not invited to meetings and his role in the child's care was never "
        "assessed.",
        "Adult mental health services did not consider the children living with their patient.",
        "The mother's new partner was not known to any agency, although he was caring for "
        "the baby.",
        "The needs of the young carer looking after his mother were not recognised.",
        "Men in the household were invisible to the professionals working with the family.",
    ),
    "multi-agency-working": (
        "No strategy discussion was held, and agencies worked in parallel rather than together.",
        "There was no lead professional to coordinate the work of the different services.",
        "The core group did not meet, so the child protection plan was never reviewed jointly.",
        "Partner agencies were not invited to the multi-agency risk assessment conference.",
        "Joint working between health, police and social care was effective in this case.",
    ),
    "record-keeping": (
        "The records did not show what had been decided or by whom.",
        "The chronology held by the practice was incomplete and several contacts were not "
        "recorded.",
        "Case notes were written weeks after the visit and lacked detail.",
        "Important information was recorded on the wrong child's file.",
        "The electronic record did not flag that the child was subject to a protection plan.",
    ),
    "mental-capacity": (
        "No mental capacity assessment was carried out when he refused care.",
        "Staff assumed she had capacity to make the decision without testing it.",
        "A best interests decision was made without consulting her family.",
        "The application of the Mental Capacity Act to his decision to stay at home was unclear.",
        "Her ability to understand and weigh up the risks of returning home was not assessed.",
    ),
    "transitions": (
        "When the family moved to another area, the case was closed before the new authority "
        "accepted it.",
        "Support stopped at eighteen and there was no plan for the move to adult services.",
        "He was released from prison without a plan for where he would live or who would "
        "support him.",
        "The handover from hospital to the community team on discharge did not happen.",
        "A change of school in the middle of the year meant that concerns were lost.",
    ),
    "neglect": (
        "The children were often hungry, unwashed and dressed in dirty clothes.",
        "The home was cold and there was little food in the cupboards.",
        "The baby's health needs were persistently unmet and medical appointments were ignored.",
        "Over many years the children's basic care was not good enough.",
        "The toddler was left unsupervised for long periods.",
    ),
    "self-neglect": (
        "He was living in squalor, had stopped eating properly and refused help.",
        "Her home was filled with hoarded belongings and rotting food.",
        "Mr P declined personal care and medical treatment and his health deteriorated.",
        "Adult C was not looking after herself and would not let services into the flat.",
    ),
    "physical-abuse": (
        "The baby had bruises on his face and a fractured arm that could not be explained.",
        "The child said that her stepfather hit her with a belt.",
        "Injuries were found that were consistent with being shaken.",
        "The older person had unexplained bruising on both arms after a care visit.",
    ),
    "sexual-abuse": (
        "The girl disclosed that an adult relative had sexually abused her.",
        "The child showed sexualised behaviour and later made a disclosure at school.",
        "He was convicted of sexual offences against children in the family.",
        "An adult with learning disabilities was sexually assaulted by a member of staff.",
    ),
    "emotional-abuse": (
        "The children were frequently shouted at, belittled and told they were unwanted.",
        "Living with the violence between their parents caused the children lasting harm.",
        "The boy was made to feel worthless and was isolated from his brothers and sisters.",
        "The child was frightened and withdrawn after years of being criticised at home.",
    ),
    "domestic-abuse": (
        "Her partner controlled her money, her phone and who she could see.",
        "There had been several police call-outs to the address for domestic incidents.",
        "After the relationship ended, he followed her and sent threatening messages.",
        "Coercive and controlling behaviour by her husband was not recognised as abuse.",
        "The son was violent towards his elderly mother when he had been drinking.",
    ),
    "financial-abuse": (
        "Her son took her bank card and spent her pension.",
        "A neighbour persuaded him to sign over his savings.",
        "Money was withdrawn from his account without his knowledge.",
        "Her partner kept her benefits and left her without money for food.",
    ),
    "organisational-abuse": (
        "Poor care in the care home was widespread, not the actions of one worker.",
        "Residents were left in wet beds and were not given drinks for hours.",
        "The provider's routines served the staff rather than the people living there.",
        "Concerns about the hospital ward's care of patients had been raised for years "
        "without change.",
    ),
    "discriminatory-abuse": (
        "He was subjected to racist abuse by neighbours, which was not treated as a hate crime.",
        "Staff mocked her because of her disability.",
        "She was refused a service because of her gender identity.",
        "Harassment of the family because of their religion was dismissed as a neighbour dispute.",
    ),
    "modern-slavery": (
        "He was made to work long hours for no pay and his passport was taken.",
        "The men living at the address were controlled by the people who employed them.",
        "She had been trafficked into the country and forced to work.",
        "Indicators of forced labour were not recognised and no referral was made to the "
        "national referral mechanism.",
    ),
    "exploitation": (
        "The fourteen-year-old was carrying drugs for an older group and had unexplained money.",
        "She was going missing and being picked up by older men in cars.",
        "He was groomed into selling drugs in another town.",
        "Harm outside the home, from peers and gangs, was not recognised by agencies.",
        "Criminal exploitation was seen as the young person's choice rather than as abuse.",
    ),
    "online-harm": (
        "He was groomed on social media by an adult who pretended to be a teenager.",
        "Indecent images of her were shared on a messaging app.",
        "The young person was viewing self-harm content online.",
        "Bullying continued through social media after she moved school.",
    ),
    "mental-health": (
        "The mother had a long history of depression and anxiety.",
        "He was detained under the Mental Health Act after a psychotic episode.",
        "Her mental health deteriorated after the birth, and the crisis team was involved.",
        "The community mental health team discharged him after missed appointments.",
    ),
    "substance-misuse": (
        "Both parents were using heroin and the children were exposed to drug use.",
        "His drinking had increased and he was often drunk when professionals visited.",
        "She had been referred to the drug and alcohol service but did not engage.",
        "Cannabis use by the young person was seen as typical teenage behaviour.",
    ),
    "learning-disability-autism": (
        "Adult D had a learning disability and needed support to understand information.",
        "The young person was autistic and found changes to routine very distressing.",
        "Reasonable adjustments for his learning disability were not made.",
        "Her autism diagnosis was not taken into account when planning her care.",
    ),
    "disability-complex-health": (
        "He had diabetes and heart failure and needed daily nursing care.",
        "The child had complex medical needs and used a feeding tube.",
        "Her dementia meant that she could not manage her medication.",
        "He was registered blind and relied on others for shopping.",
        "The child's physical disability meant she could not communicate verbally.",
    ),
    "babies-infants": (
        "The baby was six weeks old when he was admitted to hospital.",
        "The pregnancy was concealed and there was no antenatal care.",
        "Safe sleeping advice was given, but the infant was found in the parents' bed.",
        "Pre-birth assessment of the unborn baby did not start until late in the pregnancy.",
    ),
    "education": (
        "The child had not attended school for several months.",
        "He was excluded from school and spent most days at home.",
        "The parents elected to home educate her soon after concerns were raised.",
        "A part-time timetable left him out of education for most of the week.",
        "The child was missing from education and no one knew where she was being taught.",
    ),
    "housing-homelessness": (
        "The family were living in temporary accommodation, in one room.",
        "He was sleeping rough after being evicted.",
        "The flat was overcrowded and damp, and the landlord did not carry out repairs.",
        "Rent arrears led to the threat of eviction.",
        "She was placed in a hostel far from her support network.",
    ),
    "suicide-self-harm": (
        "The young person had been self-harming by cutting for several months.",
        "He had made previous attempts to take his own life.",
        "She expressed suicidal thoughts to her GP the week before she died.",
        "An overdose was treated as accidental without exploring suicidal intent.",
    ),
    "race-culture-identity": (
        "The family's culture and faith were not considered in the assessment.",
        "An interpreter was not used, and his son translated for him.",
        "Her identity as a young black woman and her experience of racism were not explored.",
        "His sexuality and fear of rejection by his community were not understood.",
    ),
    "leadership-supervision": (
        "The social worker had a very high caseload and received little supervision.",
        "High staff turnover meant the family had five social workers in a year.",
        "Managers did not oversee the decision and supervision did not challenge the plan.",
        "Staff shortages and agency workers affected the continuity of care.",
        "The service was under pressure and leaders were not aware of the backlog.",
    ),
    "training-awareness": (
        "Staff had not received training on coercive control.",
        "Practitioners were not aware of the local multi-agency procedures.",
        "The GP was unfamiliar with the signs of criminal exploitation.",
        "Learning from previous reviews had not been shared with frontline staff.",
    ),
}

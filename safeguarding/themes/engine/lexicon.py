"""Hand-written cue lexicon for the keyword baseline. Plain Python, no Django import.

For each theme code in the default taxonomy: cue phrases and stems in the British English of
safeguarding reviews, in three strengths. The lexicon was written independently from domain
knowledge (statutory guidance, the language of published reviews in general); it was NOT
built from, or tuned on, the labelled corpus in tests/corpus, which is the evaluation set.

Cue syntax (all lower case):
- words are separated by spaces; a space also matches a hyphen ("multi agency" matches
  "multi-agency");
- a trailing ``*`` matches any word ending ("bruis*" matches "bruise", "bruising");
- ``...`` matches up to four intervening words ("not ... shared");
- ``re:`` introduces a raw regular expression.
Cues are separated by ``;``.
"""

from __future__ import annotations

from ..taxonomy import THEME_CODES

STRONG, MEDIUM, WEAK = 1.0, 0.6, 0.35


def _cues(strong: str = "", medium: str = "", weak: str = "") -> tuple[tuple[str, float], ...]:
    out = []
    for text, weight in ((strong, STRONG), (medium, MEDIUM), (weak, WEAK)):
        out.extend((cue.strip(), weight) for cue in text.split(";") if cue.strip())
    return tuple(out)


LEXICON: dict[str, tuple[tuple[str, float], ...]] = {
    "information-sharing": _cues(
        strong="information sharing; share information; shared information; sharing of "
        "information; information was not shared; not shared; was not passed; were not passed; "
        "not passed on; passed on; passed to; not told; nobody told; no one told; was unaware; "
        "were unaware; not known to; was not copied; copied to; discharge letter; discharge "
        "summary; consent to share; lawful basis; information governance; data protection; "
        "not communicated; not forwarded; was forwarded; police check*; police records; "
        "records held by; held by the police; did not know about; golden rules",
        medium="shared; sharing; share; notified; notification; informed; communicat*; "
        "letter; handover; check was; checks were",
        weak="email; telephone; phone call",
    ),
    "risk-assessment": _cues(
        strong="risk assessment; risk assessments; assessed the risk; assessment of risk; "
        "risk was assessed; underestimat*; level of risk; high risk; medium risk; standard "
        "risk; low risk; risk was graded; risk grading; risk factors; protective factors; "
        "risk management; decision making; decision to close; case was closed; closed the "
        "case; no further action; stepped down; step down; threshold; thresholds; dash "
        "checklist; dash risk; risk to",
        medium="decided; the decision; decisions; assessed as; graded; risk; risks; "
        "safety plan; dangerous",
        weak="assessment; closed; judgement; judgment",
    ),
    "professional-curiosity": _cues(
        strong="professional curiosity; curiosity; curious; did not ask; nobody asked; no one "
        "asked; was not asked; were not asked; never asked; not explored; did not explore; "
        "accepted the explanation; explanation was accepted; explanations were accepted; "
        "accepted at face value; face value; without question; unquestioned; not questioned; "
        "respectful uncertainty; healthy scepticism; not verified; not checked; did not "
        "check; did not enquire; not probed; did not probe; who else lived; who was living; "
        "who else was; took her word; took his word",
        medium="plausible; explanation; reassured; reassurance; assumed; assumption*; "
        "scepticism; enquire; enquired; probe; probing",
        weak="accepted; explained",
    ),
    "escalation-challenge": _cues(
        strong="escalat*; challenge; challenged; did not challenge; not challenged; "
        "challenging; disagree*; professional disagreement; resolution protocol; critical "
        "thinking; confirmation bias; rule of optimism; over optimis*; optimism; fixed view; "
        "fresh eyes; deferred to; deference; overrul*; pushed back; push back; hierarchy; "
        "more senior; senior colleague; raised it with; raised the concern",
        medium="questioned the; persisted; insisted; second opinion; dispute*; reconsider*",
        weak="concerns were raised; raised concerns",
    ),
    "voice-of-person": _cues(
        strong="voice of the child; voice of; child's voice; lived experience; wishes and "
        "feelings; seen alone; spoken to alone; never seen alone; not seen alone; not spoken "
        "to alone; was not heard; were not heard; not listened; listened to; what it was like; "
        "day to day life; daily life; her views; his views; their views; views were; making "
        "safeguarding personal; what she wanted; what he wanted; what mattered to; wishes; "
        "in her own words; in his own words; asked for help; no one asked her; no one asked "
        "him; nobody asked her; nobody asked him",
        medium="disclos*; advocate; advocacy; told staff; told the; she said; he said; "
        "said that she; said that he; speak to; spoke to; interpreter",
        weak="told; said; asked",
    ),
    "disguised-compliance": _cues(
        strong="disguised compliance; missed appointment*; appointments were missed; "
        "appointment was missed; was not brought; were not brought; not brought to; did not "
        "attend; failed to attend; non engagement; did not engage; disengag*; not engag*; "
        "lack of engagement; poor engagement; no access; no reply; not at home; apparent "
        "cooperation; appeared to cooperate; appeared to co operate; superficial*; said the "
        "right things; nothing changed; no change; did not follow through; cancelled; "
        "rearranged",
        medium="engag*; compliance; compliant; cooperat*; co operat*; declined; promised; "
        "agreed to",
        weak="appointment*; cancel*; visits",
    ),
    "think-family": _cues(
        strong="think family; whole family; father; fathers; the father; birth father; "
        "stepfather; step father; men in the household; male partner; mother's partner; "
        "new partner; invisible men; hidden men; siblings; sibling; young carer*; carer's "
        "assessment; carers assessment; grandmother; grandfather; grandparent*; children "
        "in the household; children living; as a parent; as parents; parenting capacity; "
        "his children; her children; their children; adult services did not",
        medium="partner; parent; parents; parenting; family members; family; mother; "
        "brother; sister; son; daughter; carer; carers; household",
        weak="children; home",
    ),
    "multi-agency-working": _cues(
        strong="multi agency; multiagency; strategy meeting*; strategy discussion*; marac; "
        "mappa; mash; case conference; child protection conference; core group; "
        "professionals meeting; professionals' meeting; joint working; worked together; "
        "coordinat*; co ordinat*; lead professional; no single agency; silo*; partnership "
        "working; between agencies; across agencies; each agency; agencies involved; team "
        "around; joint visit; working together",
        medium="agencies; meeting; meetings; partners; joint; jointly; collaborat*",
        weak="agency; partnership",
    ),
    "record-keeping": _cues(
        strong="record keeping; recording; not recorded; was not recorded; were not recorded; "
        "no record; no chronology; chronology; case notes; not documented; was documented; "
        "documentation; written down; not written; electronic record*; patient record*; "
        "free text; alert on; flag on; flagged; not flagged; was recorded; were recorded; "
        "recorded as; template; minutes",
        medium="records; recorded; documented; notes; coded; record",
        weak="system; systems; file",
    ),
    "mental-capacity": _cues(
        strong="mental capacity; capacity assessment*; lacked capacity; lack capacity; "
        "lacks capacity; had capacity; has capacity; capacity to; best interests; best "
        "interest; unwise decision*; executive function*; mca; deprivation of liberty; dols; "
        "liberty protection; court of protection; presumption of capacity; capacitous",
        medium="capacity; power of attorney; deputy; consent",
    ),
    "transitions": _cues(
        strong="transition*; moved to; moved from; moved between; moved into; move to; "
        "another area; another authority; another local authority; out of area; new area; "
        "transfer*; discharged from; discharge from; released from prison; release from "
        "prison; left care; care leaver*; leaving care; turned eighteen; turned 18; "
        "eighteenth birthday; 18th birthday; child to adult; children's to adult*; adult "
        "services; new school; changed school*; placement move*; new placement; between "
        "services; cross border; relocat*; handed over; handover; case was transferred",
        medium="moved; placement; discharge*; new gp; registered with; re registered; prison",
        weak="move; left",
    ),
    "neglect": _cues(
        strong="re:(?<!self-)(?<!self )\\bneglect(?:ed|ful)?\\b; home conditions; poor home conditions; "
        "dirty; unkempt; hungry; underweight; faltering growth; failure to thrive; head lice; "
        "dental decay; tooth decay; unwashed; smelled; smelt; soiled; no food; lack of food; "
        "not fed; basic care; left alone; home alone; unsupervised; medical neglect; "
        "untreated; cumulative harm; squalid; inadequate clothing; without a coat",
        medium="hygiene; clothing; cold; weight; supervision of; not taken to; care needs",
        weak="hungry; tired; late",
    ),
    "self-neglect": _cues(
        strong="self neglect; neglecting himself; neglecting herself; neglecting themselves; "
        "hoard*; clutter*; declined care; refused care; refused help; declined help; "
        "declined support; refused support; refused treatment; declined treatment; not "
        "eating; not washing; personal hygiene; pressure sore*; pressure ulcer*; unsanitary; "
        "squalor; vermin; infestation; self care; diogenes; did not want help; would not "
        "let; refused entry; refused access",
        medium="declined; refused; refusal*; would not; care package",
    ),
    "physical-abuse": _cues(
        strong="physical abuse; physically abused; bruis*; fracture*; broken arm; broken leg; "
        "broken rib*; head injur*; non accidental; injur*; burns; burn; scald*; bite mark*; "
        "punched; kicked; slapped; shook; shaken; struck; assault*; beaten; beat her; beat "
        "him; strangl*; choked; physical chastisement; hit her; hit him; hit the; smacked; "
        "bleeding on the brain; subdural",
        medium="marks; mark on; hurt; violence; violent; restrain*; pushed; grabbed",
        weak="hit; mark",
    ),
    "sexual-abuse": _cues(
        strong="sexual abuse; sexually abused; sexual assault*; sexually assaulted; rape; "
        "raped; indecent assault; inappropriate touching; touched her; touched him; "
        "sexualised; harmful sexual behaviour; sexual offence*; sex offender; sexually "
        "transmitted; child sexual abuse; sexual activity; sexual contact; intrafamilial "
        "sexual",
        medium="sexual; sexually; intimate; groom*; underage",
    ),
    "emotional-abuse": _cues(
        strong="emotional abuse; emotionally abused; emotional harm; psychological abuse; "
        "psychological harm; belittl*; humiliat*; scapegoat*; shouted at; screamed at; "
        "verbal abuse; verbally abused; name calling; called her names; called him names; "
        "worthless; witnessed; heard the violence; heard the arguments; exposed to domestic; "
        "living with domestic; impact on the child*; impact on the children; rejected; "
        "rejection; intimidat*",
        medium="frightened; afraid; scared; fear; threatened; threats; distress*; upset; "
        "insult*; ignored",
    ),
    "domestic-abuse": _cues(
        strong="domestic abuse; domestic violence; coercive control; coercive and "
        "controlling; controlling behaviour*; controlling; stalk*; harass*; economic abuse; "
        "ex partner; former partner; previous partner; violent partner; abusive partner; "
        "abusive relationship; idva; refuge; non molestation; restraining order; honour "
        "based; forced marriage; isolated her; isolated him; jealous*; checked her phone; "
        "monitored her; dvpn; dvpo; domestic homicide; perpetrator*; victim of abuse; "
        "marac; dash",
        medium="partner; controlled; control; victim; abuser; abusive; threatened; "
        "threats; relationship",
        weak="arguments; argument; incidents; police were called",
    ),
    "financial-abuse": _cues(
        strong="financial abuse; financially abused; financial exploitation; money was "
        "taken; took money; taken money; took her money; took his money; stole; stolen; "
        "theft; bank account*; bank card*; pin number; benefits were; withdrew; withdrawals; "
        "debt*; loan*; scam*; fraud*; appointee*; controlled her money; controlled his "
        "money; control of her money; control of his money; her money; his money; pension; "
        "cash",
        medium="money; financ*; benefit*; spend*; spent; paid; payments; bills; wages",
    ),
    "organisational-abuse": _cues(
        strong="organisational abuse; institutional abuse; closed culture; restrictive "
        "practice*; seclusion; whistleblow*; several residents; other residents; residents "
        "were; many residents; institutional*; regime; task focused; poor care; care "
        "provider failed; standards of care",
        medium="care home; nursing home; residential home; provider; providers; "
        "understaffed; inspection; cqc; inadequate; routines; residents; ward",
    ),
    "discriminatory-abuse": _cues(
        strong="discriminat*; racist; racism; racial abuse; racially abused; racially; "
        "homophob*; transphob*; biphob*; hate crime*; hate incident*; disablist; disability "
        "hate; slur*; protected characteristic*; equality act; prejudice*; stereotyp*; "
        "treated differently; unconscious bias; islamophob*; antisemit*; misogyn*; ageis*",
        medium="bias; abuse about; because of her; because of his; mocked; taunted",
    ),
    "modern-slavery": _cues(
        strong="modern slavery; slavery; traffick*; forced labour; forced to work; unpaid "
        "work; worked for no pay; no pay; debt bondage; national referral mechanism; nrm; "
        "passport was held; passport was taken; passports; identity documents were; car "
        "wash; nail bar; labour exploitation; domestic servitude; servitude; gangmaster*; "
        "lived at the workplace; brought to the uk; brought to this country",
        medium="passport; employer; long hours; worked; working for; accommodation was provided",
    ),
    "exploitation": _cues(
        strong="exploitation; exploited; criminal exploitation; cce; cse; sexual "
        "exploitation; county lines; cuckoo*; drug running; running drugs; carrying drugs; "
        "dealing; gang*; older men; older males; older man; older boys; extrafamilial; "
        "extra familial; contextual safeguarding; second phone; new phone; new clothes; "
        "unexplained money; unexplained gifts; gifts; missing episode*; went missing; "
        "reported missing; missing from home; missing from care; return home interview*; "
        "knife; stabbed; drug debt; money mule; proceeds of crime; recruited; exploiters",
        medium="missing; groom*; peers; older; taxi; hotel; drugs; debt",
    ),
    "online-harm": _cues(
        strong="online; internet; social media; sexting; nude image*; nudes; indecent image*; "
        "sextortion; webcam; livestream*; live stream*; chat room*; gaming; messaging app*; "
        "snapchat; instagram; tiktok; whatsapp; facebook; cyberbull*; cyber; met online; "
        "images; app; apps; website*",
        medium="phone; messages; messaged; texts; videos; photos; photographs; device*; "
        "screen*; laptop; tablet",
    ),
    "mental-health": _cues(
        strong="mental health; mental ill health; mental illness; depress*; anxiety; "
        "psychosis; psychotic; schizophreni*; bipolar; personality disorder; ptsd; post "
        "traumatic; perinatal mental health; postnatal depression; crisis team; home "
        "treatment team; cmht; camhs; talking therapies; psychiatr*; sectioned; mental "
        "health act; detained under; antidepressant*; low mood; eating disorder; paranoi*; "
        "hearing voices",
        medium="anxious; trauma; traumatic; mood; stress; wellbeing; counselling; therapy; unwell",
    ),
    "substance-misuse": _cues(
        strong="substance misuse; substance use; alcohol; drinking; drank; drunk; "
        "intoxicated; alcoholic; drug use; drug misuse; cannabis; cocaine; crack; heroin; "
        "opiate*; opioid*; methadone; spice; ketamine; drug and alcohol; under the "
        "influence; needle*; injecting; detox*; overdose*",
        medium="drugs; drink; substance*; recovery service; treatment service",
    ),
    "learning-disability-autism": _cues(
        strong="learning disabilit*; learning disabled; learning difficult*; autism; "
        "autistic; asd; adhd; neurodivers*; neurodevelopmental; leder; annual health check*; "
        "easy read; reasonable adjustment*; down syndrome; down's syndrome; developmental "
        "delay; ehcp; education health and care plan; special educational needs; sen; "
        "cognitive impairment; sensory needs; meltdown*",
        medium="limited understanding; understanding was limited; difficulty understanding; "
        "did not understand; vulnerable adult",
    ),
    "disability-complex-health": _cues(
        strong="re:(?<!learning )\\bdisabilit\\w*; re:(?<!learning )\\bdisabled\\b; "
        "wheelchair; mobility; complex health; complex needs; long term condition*; "
        "long term health; chronic; diabetes; diabetic; epilep*; seizure*; cerebral palsy; "
        "dementia; alzheimer*; stroke; parkinson*; multiple sclerosis; copd; cancer; "
        "terminal*; palliative; deaf; blind; sight loss; hearing loss; visual impairment; "
        "hearing impairment; sensory impairment; non verbal; no spoken language; "
        "communication needs; gastrostomy; peg; tube fed; oxygen; frail; frailty; bedbound; "
        "bed bound; immobile; incontinen*; continence; life limiting; heart failure; "
        "dialysis; amputat*; chronic pain; medical needs; health condition*",
        medium="medication; pain; falls; nurse*; physical health; illness; hospital admission*",
    ),
    "babies-infants": _cues(
        strong="baby; babies; infant*; newborn; new born; neonat*; non mobile; not "
        "independently mobile; not yet mobile; could not crawl; weeks old; unborn; pre "
        "birth; antenatal; ante natal; postnatal; post natal; midwife; midwives; midwifery; "
        "maternity; health visitor*; health visiting; safe sleep; co sleep*; sudi; cot; "
        "shaken baby; abusive head trauma; months old",
        medium="pregnan*; birth; crying; feed*; formula; bottle; nappy; nappies",
    ),
    "education": _cues(
        strong="school attendance; attendance; absence*; absent from school; exclu*; "
        "suspended from school; part time timetable; reduced timetable; elective home "
        "education; home educated; home education; electively home; missing education; "
        "children missing education; not in school; out of school; off roll; alternative "
        "provision; pupil referral unit; school place; school transfer; changed school*; "
        "new school; education welfare; penalty notice*; truan*; persistent absence; "
        "school roll; education",
        medium="school; schools; college; teacher*; pupil*; classroom",
    ),
    "housing-homelessness": _cues(
        strong="housing; homeless*; rough sleep*; sleeping rough; temporary accommodation; "
        "hostel; bed and breakfast; sofa surf*; evict*; tenancy; tenant*; landlord*; rent "
        "arrears; arrears; no fixed abode; overcrowd*; damp; mould; disrepair; unsuitable "
        "accommodation; supported accommodation; housing association; housing officer; "
        "bedsit; no heating; no electricity; accommodation",
        medium="flat; property; rent; address; moved house; utilities",
    ),
    "suicide-self-harm": _cues(
        strong="suicid*; self harm*; self injur*; took her own life; took his own life; "
        "took their own life; ended her life; ended his life; ending her life; ending his "
        "life; ligature*; cut herself; cut himself; cutting; hanged; hanging; wanted to die; "
        "want to die; attempted suicide; not worth living; thoughts of ending",
        medium="overdose*; hopeless*; jumped; died; death",
    ),
    "race-culture-identity": _cues(
        strong="race; racial; ethnic*; black; asian; minority; minoritised; culture; "
        "cultural*; faith; religio*; church; mosque; temple; gurdwara; synagogue; first "
        "language; english was not; interpreter*; immigration; asylum; refugee*; no recourse "
        "to public funds; nrpf; migrant*; gypsy; roma; traveller*; lgbt*; gay; lesbian; "
        "bisexual; trans; transgender; gender identity; sexual orientation; sexuality; "
        "heritage; nationality; adultification; honour",
        medium="identity; community; background; language",
    ),
    "leadership-supervision": _cues(
        strong="supervision; supervisor*; line manager*; management oversight; manager*; "
        "leadership; senior leader*; caseload*; workload*; staff turnover; turnover; "
        "vacanc*; agency staff; locum*; staffing; staff shortage*; understaffed; workforce; "
        "recruitment; retention; resourc*; backlog; waiting list*; newly qualified; "
        "inexperienced; governance; organisational culture; team culture; culture of",
        medium="oversight; pressure; demand; capacity in the team; leaders; team; sickness",
    ),
    "training-awareness": _cues(
        strong="training; trained; untrained; awareness; unaware of the; knowledge; "
        "understanding of; did not recognise; not recognised; lacked confidence; lack of "
        "confidence; confidence; confident; learning event*; briefing*; seven minute "
        "briefing; e learning; induction; competenc*; skills; unfamiliar; not familiar; "
        "familiar with; had not heard of",
        medium="guidance; course; policy; procedure*; protocol*; recognis*; understand*; knew",
    ),
}

# Phrases that deny or rule out what follows them in the same clause.
NEGATORS_BEFORE = (
    "no evidence; no indication; no indications; no suggestion; no sign; no signs; no "
    "concern; no concerns; there was no; there were no; did not find; found no; nothing to "
    "suggest; no reason to; no history of; no known; not a factor; did not identify; "
    "ruled out; without any; no record of any; not consistent with; no allegation*; no "
    "disclosure of"
)
# Phrases that rule out what comes just before them ("abuse was ruled out").
NEGATORS_AFTER = (
    "was ruled out; were ruled out; was excluded; were excluded; was not found; were not "
    "found; was not substantiated; were not substantiated; was unfounded; were unfounded; "
    "was not a factor; were not a factor; was not present; were not present"
)

assert set(LEXICON) == THEME_CODES, set(LEXICON) ^ THEME_CODES

"""Words and weights the demo draws from: addresses, ethnicity, family sizes, agencies, notes."""

from typing import Any

from opencsc.accounts.models import Agency

# Outward codes of a north London borough; inward codes use the letters Royal Mail allows.
OUTWARD_CODES = ("N9", "N11", "N13", "N14", "N18", "N21", "EN1", "EN2", "EN3", "EN4")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
STREET_SUFFIXES = (
    "Road",
    "Street",
    "Avenue",
    "Close",
    "Gardens",
    "Lane",
    "Way",
    "Grove",
    "Crescent",
    "Drive",
    "Terrace",
    "Place",
)
# A London mix of CIN census ethnicity codes (design, not a statistic).
ETHNICITY_WEIGHTS = {
    "WBRI": 30,
    "WOTH": 17,
    "BAFR": 10,
    "BCRB": 5,
    "BOTH": 3,
    "MWBC": 4,
    "MWBA": 2,
    "MWAS": 2,
    "MOTH": 5,
    "AIND": 3,
    "APKN": 1,
    "ABAN": 2,
    "AOTH": 4,
    "CHNE": 1,
    "OOTH": 6,
    "WIRI": 1,
    "WIRT": 1,
    "WROM": 1,
    "REFU": 1,
    "NOBT": 3,
}
CHILDREN_PER_FAMILY = {1: 45, 2: 30, 3: 15, 4: 7, 5: 3}
ADULTS_PER_FAMILY = {1: 55, 2: 42, 3: 3}
AGENCIES = (
    ("Metropolitan Police (demo)", Agency.Kind.POLICE),
    ("Community health services (demo)", Agency.Kind.HEALTH),
    ("Hospital trust (demo)", Agency.Kind.HEALTH),
    ("GP practices (demo)", Agency.Kind.HEALTH),
    ("Schools (demo)", Agency.Kind.EDUCATION),
    ("Probation service (demo)", Agency.Kind.PROBATION),
    ("Housing services (demo)", Agency.Kind.HOUSING),
    ("Adult social care (demo)", Agency.Kind.ADULT_SERVICES),
    ("Youth justice service (demo)", Agency.Kind.OTHER),
)
CONCERNS = (
    "domestic abuse reported at the home",
    "concerns about neglect",
    "parent's mental health",
    "child not attending school",
    "child going missing",
    "parent's drug or alcohol misuse",
    "injury seen at school",
    "child's behaviour at home",
    "housing conditions",
    "concerns about exploitation",
)
VISIT_NOTES = (
    "Home visit: child seen alone",
    "Home visit: child seen with parent",
    "School visit: child seen alone",
    "Visit: child not at home, visit rearranged",
)
CLOSURE_NOTES = (
    "Case closed: no further action after assessment",
    "Case closed: stepped down to early help",
    "Case closed: family moved away",
    "Case closed: plan outcomes achieved",
)

# Front door (design, not statistics). Referral sources are CIN census codes; police and schools
# are anchored on CIN-2025 (28% and 21% of referrals), the rest are design weights (per mille).
REFERRAL_SOURCE_WEIGHTS = {
    "6": 280,
    "2A": 200,
    "2B": 15,
    "1A": 55,
    "1B": 15,
    "1C": 8,
    "1D": 7,
    "3A": 35,
    "3B": 30,
    "3C": 10,
    "3D": 20,
    "3E": 45,
    "3F": 25,
    "4": 25,
    "5A": 20,
    "5B": 20,
    "5C": 30,
    "5D": 40,
    "7": 30,
    "8": 40,
    "9": 20,
    "10": 5,
}
# The demo agency each source's partner-portal contacts come from, by agency name.
POLICE = "Metropolitan Police (demo)"
COMMUNITY_HEALTH = "Community health services (demo)"
HOSPITAL = "Hospital trust (demo)"
GP_PRACTICES = "GP practices (demo)"
SCHOOLS = "Schools (demo)"
PROBATION = "Probation service (demo)"
HOUSING = "Housing services (demo)"
ADULT_SOCIAL_CARE = "Adult social care (demo)"
YOUTH_JUSTICE = "Youth justice service (demo)"
SOURCE_AGENCY = {
    "6": POLICE,
    "2A": SCHOOLS,
    "3A": GP_PRACTICES,
    "3B": COMMUNITY_HEALTH,
    "3C": COMMUNITY_HEALTH,
    "3D": COMMUNITY_HEALTH,
    "3E": HOSPITAL,
    "3F": HOSPITAL,
    "4": HOUSING,
    "5A": ADULT_SOCIAL_CARE,
    "5B": YOUTH_JUSTICE,
    "7": PROBATION,
}
# Who made the contact, by source: their roles, and the organisation when it is not an agency.
REFERRER_ROLES = {
    "1A": ("Grandmother", "Aunt", "Father", "Mother", "Uncle", "Older sibling"),
    "1B": ("Neighbour", "Childminder", "Family friend"),
    "1C": ("Young person",),
    "1D": ("Member of the public",),
    "2A": ("Designated safeguarding lead", "Head teacher", "Class teacher", "Pastoral lead"),
    "2B": ("Education welfare officer", "Early years adviser"),
    "3A": ("GP", "Practice safeguarding lead"),
    "3B": ("Health visitor",),
    "3C": ("School nurse",),
    "3D": ("Midwife", "Community paediatrician"),
    "3E": ("Emergency department safeguarding nurse", "Emergency department doctor"),
    "3F": ("CAMHS clinician", "Hospital safeguarding nurse"),
    "4": ("Housing officer", "Tenancy sustainment officer"),
    "5A": ("Adult social worker", "Mental health social worker"),
    "5B": ("Youth justice worker", "Youth worker"),
    "5C": ("Social worker, another council",),
    "5D": ("Family support practitioner",),
    "6": ("PC, Public Protection Unit", "DC, Child Abuse Investigation Team", "PC, response team"),
    "7": ("Probation officer", "Cafcass officer"),
    "8": ("Children's centre worker", "Voluntary sector project worker", "Sports coach"),
    "9": ("Anonymous",),
    "10": ("Not known",),
}
SOURCE_ORGANISATIONS = {
    "2B": "Education welfare service",
    "5C": "Children's services, another council",
    "8": "Community and voluntary sector",
}
# How contacts arrive, by source (weights); a partner portal contact has its agency set.
SOURCE_METHODS = {
    "6": {"partner_portal": 55, "email": 40, "phone": 5},
    "2A": {"online_form": 45, "partner_portal": 25, "phone": 20, "email": 10},
    "1A": {"phone": 60, "online_form": 30, "in_person": 5, "letter": 5},
    "1B": {"phone": 60, "online_form": 40},
    "1C": {"phone": 70, "in_person": 30},
    "1D": {"phone": 80, "online_form": 20},
    "9": {"phone": 85, "letter": 15},
    "10": {"phone": 50, "email": 50},
}
DEFAULT_METHODS = {"partner_portal": 30, "email": 35, "phone": 25, "online_form": 10}

# Presenting concerns (frontdoor.codes.Concern), weighted by source; the overall mix follows the
# CIN-2025 assessment factor shares (domestic abuse and parents' mental health most common).
CONCERN_WEIGHTS = {
    "domestic_abuse": 48,
    "parental_mental_health": 34,
    "parental_substance_misuse": 28,
    "emotional_abuse": 19,
    "neglect": 18,
    "child_mental_health": 18,
    "physical_abuse": 15,
    "disability": 12,
    "other": 10,
    "sexual_abuse": 6,
    "housing": 6,
    "self_harm": 5,
    "criminal_exploitation": 5,
    "missing": 3,
    "child_sexual_exploitation": 2,
    "unaccompanied": 1,
    "private_fostering": 1,
}
SOURCE_CONCERNS = {
    "6": {
        "domestic_abuse": 55,
        "missing": 10,
        "criminal_exploitation": 8,
        "physical_abuse": 8,
        "neglect": 5,
        "parental_substance_misuse": 5,
        "child_sexual_exploitation": 3,
        "sexual_abuse": 3,
        "other": 3,
    },
    "2A": {
        "neglect": 18,
        "child_mental_health": 15,
        "emotional_abuse": 12,
        "physical_abuse": 12,
        "domestic_abuse": 10,
        "parental_mental_health": 8,
        "other": 8,
        "self_harm": 6,
        "sexual_abuse": 4,
        "criminal_exploitation": 3,
        "private_fostering": 1,
    },
    "3E": {
        "physical_abuse": 25,
        "self_harm": 20,
        "child_mental_health": 15,
        "parental_substance_misuse": 10,
        "domestic_abuse": 10,
        "neglect": 10,
        "sexual_abuse": 5,
    },
    "4": {"housing": 50, "neglect": 20, "domestic_abuse": 15, "parental_mental_health": 15},
    "5A": {
        "parental_mental_health": 35,
        "parental_substance_misuse": 25,
        "domestic_abuse": 20,
        "neglect": 10,
        "disability": 10,
    },
    "5B": {"criminal_exploitation": 45, "missing": 15, "child_mental_health": 10, "other": 10},
    "5D": {
        "neglect": 30,
        "domestic_abuse": 20,
        "emotional_abuse": 15,
        "parental_mental_health": 15,
        "child_mental_health": 10,
        "other": 10,
    },
    "7": {"domestic_abuse": 50, "parental_substance_misuse": 20, "sexual_abuse": 10, "other": 20},
}
HEALTH_CONCERNS = {
    "parental_mental_health": 22,
    "domestic_abuse": 12,
    "neglect": 12,
    "child_mental_health": 12,
    "physical_abuse": 10,
    "parental_substance_misuse": 10,
    "self_harm": 8,
    "disability": 8,
    "sexual_abuse": 3,
}
INDIVIDUAL_CONCERNS = {
    "neglect": 25,
    "domestic_abuse": 15,
    "emotional_abuse": 12,
    "parental_substance_misuse": 12,
    "parental_mental_health": 10,
    "physical_abuse": 10,
    "other": 10,
    "housing": 6,
}
# Concerns that do not fit a young child, and those that fit an unborn baby.
OLDER_CHILD_CONCERNS = frozenset(
    {
        "missing",
        "criminal_exploitation",
        "child_sexual_exploitation",
        "self_harm",
        "unaccompanied",
    }
)
PRE_BIRTH_CONCERNS = (
    "domestic_abuse",
    "parental_mental_health",
    "parental_substance_misuse",
    "neglect",
)
# What the referrer said, by concern: {name} is the child, {age} their age.
CONCERN_TEXT = {
    "physical_abuse": (
        "{name} ({age}) arrived with bruising to the upper arm and could not say how it happened.",
        "A mark was seen on the cheek of {name} ({age}); the parents' explanations differ.",
    ),
    "sexual_abuse": (
        "{name} ({age}) has shown sexualised behaviour with other children this week.",
        "Concern that {name} ({age}) is in contact with an adult convicted of sexual offences.",
    ),
    "emotional_abuse": (
        "{name} ({age}) is withdrawn and says they are shouted at and blamed at home.",
        "Staff heard a parent repeatedly belittle {name} ({age}) at collection time.",
    ),
    "neglect": (
        "{name} ({age}) often arrives hungry and in unwashed clothes; attendance is 82% this term.",
        "Home conditions reported as very poor: little food, no working heating, dog mess in the "
        "kitchen; {name} ({age}) lives there.",
    ),
    "domestic_abuse": (
        "Police were called to the home after neighbours heard shouting and screaming; "
        "{name} ({age}) was in the house.",
        "Mother disclosed that her partner has been controlling and violent; "
        "{name} ({age}) has witnessed incidents.",
        "Third domestic abuse incident at the address this year; DASH risk assessed as medium. "
        "{name} ({age}) present.",
    ),
    "parental_mental_health": (
        "Mother's mental health has deteriorated; she has stopped taking medication and is caring "
        "for {name} ({age}) alone.",
        "Father detained under the Mental Health Act overnight; {name} ({age}) stayed with a "
        "neighbour.",
    ),
    "parental_substance_misuse": (
        "Parent seen under the influence of alcohol at school pick-up, with {name} ({age}).",
        "Drug paraphernalia found within reach of {name} ({age}) during a home visit.",
    ),
    "child_mental_health": (
        "{name} ({age}) has been low in mood for weeks and told a teacher they feel hopeless.",
        "{name} ({age}) is on the CAMHS waiting list and has stopped going out of the house.",
    ),
    "child_sexual_exploitation": (
        "{name} ({age}) has been seen getting into cars with older males and has a new phone.",
    ),
    "criminal_exploitation": (
        "{name} ({age}) was stopped in another county with cash and drugs; suspected county lines.",
        "{name} ({age}) is associating with older young people known for drug supply.",
    ),
    "missing": (
        "{name} ({age}) was reported missing overnight and returned with no explanation.",
        "Third missing episode in a month for {name} ({age}); found in another borough.",
    ),
    "self_harm": (
        "{name} ({age}) attended the emergency department after an overdose of paracetamol.",
        "Fresh cuts seen on the arms of {name} ({age}), who said it helps them cope.",
    ),
    "disability": (
        "The parents of {name} ({age}), who has a complex disability, are struggling to cope "
        "and ask for short breaks.",
    ),
    "housing": (
        "Family facing eviction next week with nowhere to go; {name} ({age}) in the household.",
        "Family living in one room with damp and mould; {name} ({age}) has repeated chest "
        "infections.",
    ),
    "unaccompanied": (
        "{name} ({age}) presented at the police station alone, saying they arrived in the UK "
        "recently.",
    ),
    "private_fostering": (
        "{name} ({age}) has been living with a family friend for two months while the parents "
        "are abroad.",
    ),
    "other": (
        "Concerns about the welfare of {name} ({age}) after a change in the household.",
        "Referrer worried about {name} ({age}): lateness, tiredness and poor hygiene.",
    ),
}
# What a child disclosed, by disclosure kind: {name}, {whom} they told, pronouns {they}, {them},
# {their} (only before verbs that do not agree with them).
DISCLOSURE_TEXT = {
    "physical": (
        "{name} told {whom} that Dad hit {them} with a belt when {they} would not go to bed.",
        "{name} told {whom} that mum's boyfriend grabbed {them} by the neck last night.",
    ),
    "sexual": (
        "{name} told {whom} that an older cousin touched {them} inappropriately at a family party.",
        "{name} told {whom} that an adult {they} met online had asked for pictures and then "
        "met {them}.",
    ),
    "physical_and_sexual": (
        "{name} told {whom} that an adult at home hurts {them} and touches {them} in ways that "
        "frighten {them}.",
    ),
    "emotional": (
        "{name} told {whom} that {their} stepfather calls {them} stupid and unwanted every day.",
    ),
    "neglect": (
        "{name} told {whom} that there is often no food at home and that {they} had to look "
        "after the younger ones all weekend.",
    ),
    "other": (
        "{name} told {whom} that {they} had been going to a flat with older boys who give "
        "{them} cannabis.",
    ),
}
DISCLOSED_TO = {
    "6": "a police officer",
    "2A": "a teacher",
    "2B": "an education welfare officer",
    "3C": "the school nurse",
    "3E": "a nurse",
    "3F": "a clinician",
    "5B": "a youth worker",
}
CONSENT_NOT_SOUGHT = (
    "Anonymous referrer: no way to contact the family.",
    "Police notification: the family were told that the information would be shared.",
    "The referrer could not reach the parents before making the contact.",
    "Young person asked that parents are not told yet; they agreed to the contact themselves.",
)
CONSENT_OVERRIDE_NOT_SOUGHT = (
    "Seeking consent could place the child at risk of significant harm.",
    "Asking the family first could prejudice a police investigation.",
    "The alleged abuser lives in the household and would be alerted.",
)
CONSENT_OVERRIDE_RATIONALE = (
    "Information suggests the child may be suffering significant harm; seeking consent would "
    "alert the alleged abuser and could put the child at greater risk.",
    "A police investigation is under way; asking the family could prejudice it and cause "
    "harmful delay.",
    "The child's safety outweighs the parents' refusal: checks are needed to understand the risk.",
)
# Why a contact is rated red, amber or green: the first key that fits the contact (a concern, a
# referral source, or a disclosure), else one of "*".
RATING_REASONS: dict[str, dict[str, Any]] = {
    "red": {
        "disclosure": "Disclosure of harm: the child may not be safe at home tonight.",
        "physical_abuse": "Injury without a consistent explanation.",
        "sexual_abuse": "Possible sexual abuse: the child may be at risk of further harm.",
        "domestic_abuse": "Violence with the child present; the alleged perpetrator may return.",
        "missing": "Young person missing and at risk of exploitation.",
        "criminal_exploitation": "Young person at risk of serious harm through exploitation.",
        "child_sexual_exploitation": "Young person at risk of sexual exploitation.",
        "self_harm": "Serious self-harm: the young person's safety plan needs agreeing today.",
        "*": ("Significant concerns: the child may be at immediate risk of harm.",),
    },
    "amber": {
        "domestic_abuse": "Domestic abuse incident, medium risk; the child was present.",
        "neglect": "Neglect over several months; no immediate risk identified.",
        "parental_mental_health": "Parent's mental health deteriorating; other adults help.",
        "parental_substance_misuse": "Parent's drug or alcohol use affecting the child's care.",
        "*": (
            "Repeat concerns: checks needed before a threshold decision.",
            "Concerns about the child's care; no immediate risk identified.",
        ),
    },
    "green": {
        "housing": "Family asking for help with housing and money.",
        "5D": "Known to early help; the lead practitioner asks for a social care view.",
        "*": (
            "Single low-level incident; the parents are acting protectively.",
            "Information shared for awareness; no concern about immediate safety.",
        ),
    },
}
RE_RATING_REASONS = {
    "red": "Police check shows recent violence by an adult in the household: raised to red.",
    "amber": "Information from partner agencies changes the picture: re-rated amber.",
    "green": "Checks reassuring and the family engaging: lowered to green.",
}
CHECK_QUESTIONS = {
    "police": "Any police involvement with the household in the last two years, including "
    "domestic abuse incidents, and any relevant convictions of the adults?",
    "health": "Registered GP, health history, missed appointments and any concerns recorded "
    "about the child or the adults?",
    "education": "Attendance, presentation, behaviour and any safeguarding concerns recorded by "
    "the designated safeguarding lead?",
    "probation": "Is any adult in the household known to probation, and is there a risk "
    "assessment we should know about?",
    "housing": "Tenancy details, any rent arrears or eviction proceedings, and concerns noted at "
    "visits?",
    "adult_services": "Are the parents known to adult social care or mental health services, "
    "and what support do they receive?",
    "other": "Is the child or any member of the household known to your service?",
}
CHECK_ANSWERS = {
    "police": (
        "Two domestic abuse incidents at the address in the last year, both standard risk. No "
        "convictions for the adults.",
        "Father has convictions for assault (2019) and is subject to a restraining order "
        "protecting the mother.",
        "No trace of the child or adults on police systems.",
        "One previous missing episode for the child; no other police involvement.",
    ),
    "health": (
        "Registered with the GP; immunisations up to date. Mother treated for depression since "
        "2023.",
        "Several missed health appointments; the health visitor has been unable to see the baby.",
        "No concerns recorded; last seen for a routine appointment three months ago.",
        "Attended the emergency department twice this year with minor injuries, both explained.",
    ),
    "education": (
        "Attendance 78% this term with unexplained absences; the child is often tired and hungry.",
        "Attendance 96%; no concerns; the child is doing well.",
        "Two safeguarding logs this year about comments the child made about home.",
        "Not on the roll of any school in the borough.",
    ),
    "probation": (
        "Mother's partner is on licence for a violent offence; assessed as medium risk to known "
        "adults.",
        "No trace: no adult in the household is known to probation.",
    ),
    "housing": (
        "Council tenants since 2021; rent arrears of £1,200, no eviction proceedings.",
        "Family in temporary accommodation since last year; repairs reported for damp.",
    ),
    "adult_services": (
        "Mother is open to the community mental health team with a care coordinator.",
        "Not known to adult social care.",
    ),
    "other": (
        "The young person is known to the youth justice service for a possession offence.",
        "Not known to the service.",
    ),
}
DECISION_RATIONALES = {
    "nfa": (
        "Checks show no concerns about the child's care; no further action by children's "
        "services. Referrer informed.",
        "Single incident with no history; the parents acted protectively. No further action.",
    ),
    "advice": (
        "Needs can be met by universal services: advice given to the referrer and the family "
        "signposted to local support.",
        "Information and advice given; the school will continue to support the child.",
    ),
    "early_help": (
        "Additional needs that early help can meet with the family's agreement: stepped down to "
        "early help for a lead practitioner.",
        "The family would benefit from parenting support and help with routines: early help "
        "offered and accepted.",
    ),
    "section_17": (
        "The child's needs are complex and the family need a social work assessment under "
        "section 17.",
        "Cumulative concerns of neglect over time; a child and family assessment is needed.",
    ),
    "section_47": (
        "Reasonable cause to suspect the child is suffering, or likely to suffer, significant "
        "harm: strategy discussion today.",
        "Disclosure and injury mean the threshold for section 47 enquiries is met: strategy "
        "discussion with the police and health.",
    ),
}
OPEN_CASE_RATIONALE = "Already open to {team}: information passed to the allocated worker."
OPEN_REFERRAL_RATIONALE = "Open referral: information added to it for the assessing social worker."
MANAGER_COMMENTS = (
    "Agreed.",
    "Agreed: please let the referrer know the outcome today.",
    "Agreed; proportionate decision given the checks.",
)
RETURN_COMMENTS = (
    "Please get the school's information before deciding.",
    "The rationale does not address the father's history of violence: please review.",
    "Speak to the health visitor first; the baby has not been seen for two months.",
    "Please record the child's views and what the parents said.",
)
NO_STRATEGY_DISCUSSION_REASONS = (
    "The disclosure was about an incident investigated last month; no new concerns for the "
    "child's safety.",
    "The alleged abuser has no contact with the child; an assessment will address support.",
)
MEETING_AGREED = {
    "nfa": "Information shared by partners; no role for children's services. NFA proposed.",
    "advice": "Partners agree advice and signposting; the school will keep the child in view.",
    "early_help": "Agreed early help offer; health visitor or school to support the family.",
    "section_17": "Agreed a child and family assessment; police and health to share updates.",
    "section_47": "Threshold for a strategy discussion met; police to attend today.",
    "open": "Open case: the allocated worker to be told today and to follow up with partners.",
}
REFERRAL_CLOSED_NFA = "Referral closed: no further action"
# What the referrer said about an unborn baby, by concern: {weeks} of pregnancy.
PRE_BIRTH_TEXT = {
    "domestic_abuse": "Mother is {weeks} weeks pregnant and has disclosed domestic abuse by the "
    "baby's father.",
    "parental_mental_health": "Mother is {weeks} weeks pregnant, with a history of severe "
    "post-natal depression.",
    "parental_substance_misuse": "Mother is {weeks} weeks pregnant and using alcohol and cannabis "
    "daily.",
    "neglect": "Mother is {weeks} weeks pregnant; her older children were removed from her care "
    "in 2022.",
}
STEP_DOWN_AFTER_ASSESSMENT = "Assessment completed: the family's needs can be met by early help."

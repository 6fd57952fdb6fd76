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
# Why a decision was proposed without every check back (issue 13), by what the checks stood at:
# picked by the proposal's minute, so the demo's random draws are left as they were.
CHECKS_REASONS = {
    "outstanding": (
        "The police answer is still awaited; the school's and health's information is enough to "
        "decide, and the answer will come back to the child's record.",
        "Health have not yet replied; the risk is clear from the referrer and the police.",
        "Awaiting the GP; the decision cannot wait given what the child said.",
    ),
    "none": (
        "The family are known to the early help team, who shared their records at the MASH "
        "meeting; no further checks needed to decide.",
        "The referrer's information and our own records are enough to decide today.",
    ),
    "refused": (
        "Consent was refused and not overridden: decided on the referrer's information alone.",
        "Consent not given; the risk does not justify overriding it. Decided on what the "
        "referrer and our records hold.",
    ),
}
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

# The statutory pathway (pathway/): assessments, strategy discussions, enquiries, conferences,
# plans, visits, transfers and closures.
FAMILY_HISTORY = (
    "Mother grew up in care herself and has had little support from her own family. The family "
    "has moved three times in two years.",
    "Parents separated last year after police attended incidents of domestic abuse. Father has "
    "supervised contact.",
    "The family has been known to children's services since 2019: two earlier assessments for "
    "neglect, closed after early help.",
    "Maternal grandmother is closely involved and cares for the children most weekends.",
    "The family arrived in the UK in 2021; mother speaks limited English and relies on her eldest "
    "child to interpret.",
)
PARENTING_CAPACITY = (
    "Mother meets the children's basic care needs but struggles with routines and boundaries when "
    "her mental health is poor.",
    "Father's drinking affects his ability to supervise the children in the evenings; he accepts "
    "this and has been referred to the alcohol service.",
    "Parents love the children and want to work with services, but the home conditions have "
    "deteriorated and school attendance is poor.",
    "Mother has been unable to protect the children from her partner's violence; she has engaged "
    "with the domestic abuse advocate.",
)
CHILD_VIEWS = (
    "Said she feels safe at home most of the time but is scared when her parents argue.",
    "Told me he likes school and his best friend; he does not like it when his dad shouts.",
    "Did not want to talk about home; said she misses her grandmother.",
    "Drew his family and put himself next to his mum. Said he wants things to be calm.",
    "Said she is hungry when she gets home from school and that the house is messy.",
)
LIVED_EXPERIENCE = (
    "Wakes most days to an empty kitchen and gets herself to school; she is often late and tired.",
    "Hears the arguments at night from his bedroom and worries about his mother's safety.",
    "Spends long periods alone in her room; has few friends and misses school often.",
    "A lively toddler whose needs for supervision are not always met when mother is unwell.",
)
RISK_ANALYSIS = (
    "The risk of significant harm is moderate: the incidents are escalating and the parents have "
    "not yet shown they can make changes.",
    "Low risk of significant harm; the family needs support with routines and finances.",
    "High risk: repeated unexplained injuries and the parents' accounts do not match.",
    "Chronic neglect over several years has had a cumulative impact on the children's development.",
)
PROTECTIVE_FACTORS = (
    "A supportive grandmother nearby; good attendance at nursery.",
    "Mother engages with her GP and has started counselling.",
    "The school knows the children well and offers a breakfast club.",
    "Father has stopped drinking and attends a support group weekly.",
)
ASSESSMENT_OUTCOME_REASONS = {
    "nfa": "Needs are met within the family; no role for children's social care.",
    "early_help": "Needs can be met by the early help service with the family's agreement.",
    "cin_plan": "Child in need: a plan is needed to support the family and reduce the risks.",
    "strategy_discussion": "The assessment found reasonable cause to suspect significant harm.",
    "looked_after": "The child cannot safely remain at home: accommodation agreed.",
}
NOT_SEEN_ALONE_REASONS = (
    "Child refused to speak to the worker without a parent present.",
    "Child was too distressed to be seen alone; seen with the foster carer present.",
    "Child has limited verbal communication; observed with the school's support worker.",
)
TOO_YOUNG_TO_BE_SEEN_ALONE = "Too young to be seen alone: observed with the parent."
UNBORN_NOT_SEEN = "Unborn baby: mother seen at the antenatal clinic."
STRATEGY_INFORMATION = (
    "Police: father has two previous call-outs for domestic abuse. Health: child missed two "
    "health appointments. School: child came in with a bruise to the face.",
    "Police: no records held on the household. Health: GP has concerns about mother's mental "
    "health. School: attendance 78%, child withdrawn.",
    "Police: mother's partner is on bail for assault. Health: the health visitor noted poor home "
    "conditions. Nursery: child often arrives hungry.",
    "Police: the child's account was given to officers yesterday. Health: paediatrician available "
    "today. School: the disclosure was made to the designated safeguarding lead.",
)
STRATEGY_YES = (
    "Threshold for section 47 enquiries met: joint investigation with the police.",
    "Reasonable cause to suspect the child is suffering significant harm: single-agency section "
    "47 enquiry by children's social care.",
)
STRATEGY_NO = (
    "Threshold for section 47 not met: the child and family assessment continues under section 17.",
)
MEDICAL_NEEDED = (
    "Bruising reported by the school: child protection medical today with the on-call "
    "paediatrician.",
    "Allegation of sexual abuse: medical at the sexual assault referral centre.",
)
HARM_NOT_ALLEGED_REASON = (
    "The police spoke to the child again: what she described was not abuse, and the school "
    "agrees. Physical or sexual harm is not alleged."
)
MEDICAL_EXAMINERS = (
    "Consultant paediatrician",
    "Community paediatrician",
    "Forensic physician, sexual assault referral centre",
)
MEDICAL_OUTCOMES = (
    "Bruising consistent with the account given; photographs taken; the paediatrician's "
    "report to follow within 5 working days.",
    "No injuries found; the paediatrician advised the findings neither confirm nor rule out "
    "the allegation.",
    "Healing injuries of different ages; skeletal survey advised and booked.",
)
MEDICAL_NOT_HELD_REASONS = (
    "The paediatrician advised that after three weeks a medical would find no evidence.",
    "The child was examined in A&E the same night and the findings are on the hospital record.",
)
MEDICAL_NOT_NEEDED = (
    "Injury already seen by the GP and documented; no further medical evidence expected.",
    "The alleged abuse was more than a year ago; a medical would not add evidence.",
)
STRATEGY_ATTENDEES = {
    "police": "Detective constable, child abuse investigation team",
    "health": "Named nurse for safeguarding",
    "education": "Designated safeguarding lead",
}
ENQUIRY_OUTCOME_REASONS = {
    "not_substantiated": "The injury is consistent with the parents' account; no concerns of "
    "significant harm substantiated.",
    "no_conference": "Concerns substantiated but the family is working with the plan; a child in "
    "need plan will safeguard the child.",
    "conference": "Concerns of significant harm substantiated: initial child protection "
    "conference requested.",
}
CONFERENCE_SUMMARIES = {
    "plan": "The conference agreed the child is at continuing risk of significant harm: child "
    "protection plan under the category agreed.",
    "no_plan": "The conference agreed the child is not at continuing risk of significant harm: "
    "support under a child in need plan.",
    "continue": "Some progress, but the risks remain: the plan continues.",
    "end": "The risks have reduced and the family has sustained the changes: the plan ends.",
}
CORE_GROUP_ATTENDEES = (
    "Social worker, mother, father, school, health visitor",
    "Social worker, mother, school nurse, designated safeguarding lead, family support worker",
    "Social worker, parents, GP, nursery manager, domestic abuse advocate",
)
CORE_GROUP_PROGRESS = (
    "Home conditions improved; attendance still poor. Actions reviewed and updated.",
    "Mother attending counselling; father has not engaged with the perpetrator programme.",
    "Children presenting well at school; the parents are meeting the plan's actions.",
    "Little progress: the core group agreed to escalate to the review conference.",
)
CIN_OUTCOMES = (
    "The children attend school every day, are fed and live in a clean, safe home.",
    "The child is safe from domestic abuse and her mother is supported to keep her safe.",
    "The child's needs arising from his disability are met, with short breaks for the family.",
    "The young person is safe from exploitation and back in education.",
)
CIN_CONTINGENCIES = (
    "If the home conditions deteriorate again, the social worker will call a strategy discussion.",
    "If father returns to the home, a strategy discussion will be held the same day.",
    "If the short-break placement breaks down, the team manager will review the plan within a "
    "week.",
    "If the young person goes missing again, a return interview and a strategy discussion follow.",
)
PLAN_ACTIONS = (
    ("Mother to attend the parenting programme every week", "Mother"),
    ("School to provide breakfast club and report attendance every fortnight", "School"),
    ("Referral to the domestic abuse advocate", "Social worker"),
    ("Health visitor to complete a developmental check", "Health visitor"),
    ("Father to attend the alcohol service and share test results", "Father"),
    ("Apply for a short-break placement", "Social worker"),
    ("Complete a home conditions check every visit", "Social worker"),
    ("Family support worker to help with a daily routine", "Family support worker"),
)
CIN_REVIEW_PROGRESS = (
    "Good progress against most actions; the plan continues with updated actions.",
    "Some progress; school attendance still below 90%. Actions carried forward.",
    "The family has sustained the changes; the plan may be ready to close at the next review.",
    "Little progress: the social worker will discuss escalation with the team manager.",
)
CIN_PLAN_ENDED = "The plan's outcomes are met"
CIN_PLAN_ENDED_FOR_PROTECTION = "A child protection plan was made at the initial conference"
VISIT_PURPOSES = {
    "cp": "Child protection visit: see the child, check the home conditions, review the plan.",
    "cin": "Child in need visit: see the child and review progress against the plan.",
}
VISIT_RECORDS = (
    "Child seen alone in her bedroom; she showed me her school work and said things are calmer.",
    "Child seen with mother; the home was tidy and there was food in the fridge.",
    "Child seen alone at school; he said his dad has not visited this week.",
    "Child was asleep; mother was spoken to and the home conditions checked.",
    "Child seen alone at nursery; happy and engaged, no marks or bruises seen.",
)
VISIT_OUTCOMES = (
    "No new concerns; next visit booked.",
    "Concerns about the home conditions discussed with mother; to raise at the core group.",
    "Child's views shared with the team manager; plan actions on track.",
    "Mother asked for help with housing: referral to the housing team agreed.",
)
TRANSFER_REASONS = {
    "cin_plan": "Assessment completed: a child in need plan is needed, held by a long-term team.",
    "protection": "Child protection plan agreed at the initial conference: transfer for the "
    "plan's delivery.",
    "looked_after": "The child is now looked after: transfer to the children in care team.",
}
TRANSFER_ACCEPTED = "Accepted: allocated at the team's allocation meeting."
DIRECTION = {
    "assessment": "Complete the child and family assessment within 45 working days. See {name} "
    "alone within 5 working days and speak to the school and the GP.",
    "child_protection": "Deliver the plan: visit {name} every 10 working days, seeing {them} "
    "alone, and hold the core group within 10 working days of the conference.",
    "cin": "Agree the child in need plan with the family, with a contingency, and visit {name} "
    "at least every 20 working days.",
    "looked_after": "Visit {name} in placement within a week, then at least every 6 weeks; "
    "prepare for the first looked-after review.",
    "other": "Review {name}'s needs with the family within a month and agree a plan.",
}
# Actions a manager directs for one child (never only the generic checklist).
DIRECTION_ACTIONS = (
    "Visit {name} at home after school and see {them} alone",
    "Ask {name}'s school for attendance since September and what staff have noticed",
    "Ask the health visitor about {name}'s weight and development checks",
    "Meet {name}'s father about contact and his part in the plan",
    "Find out from the police what happened at the incident that led to the referral",
    "Ask {name} who {they} would go to if frightened at home, and record it in {their} words",
    "Arrange a family network meeting with {name}'s grandmother",
)
# What a worker records when a directed action is done, and why a manager withdraws one.
DONE_NOTES = (
    "Done: seen at home, the bedroom was clean and warm; nothing of concern.",
    "Done: the school replied by email; attendance 91%, no concerns raised by staff.",
    "Done: spoke to the health visitor; weight is back on the 25th centile.",
    "Done: met the family together and agreed the next visit.",
    "Done: police information received and added to the assessment.",
    "Done: seen alone at school; the child's words are in the visit record.",
)
WITHDRAWN_REASONS = (
    "No longer needed: the school raised the same point at the core group.",
    "Overtaken by the strategy discussion, which agreed a joint visit instead.",
    "The family moved out of the area before the visit; the new authority is informed.",
    "Duplicated another action given the same day.",
)
CLOSURE_SUMMARIES = {
    "RC7": "The plan's outcomes are achieved and the family no longer needs children's social "
    "care. The school will keep the child in view.",
    "RC8": "Assessment completed: the child's needs are met within the family. No further action.",
    "RC9": "Assessment completed: the family agreed to support from the early help service.",
}
NFA_CLOSURE_SUMMARY = (
    "Referral closed with no further action: the information gathered shows no role for "
    "children's social care."
)
DISABILITY_WEIGHTS = {
    "AUT": 30,
    "LD": 25,
    "COMM": 14,
    "BEH": 10,
    "MOB": 7,
    "PC": 4,
    "HAND": 2,
    "VIS": 2,
    "HEAR": 2,
    "INC": 2,
    "CON": 1,
    "DDA": 1,
}
# What a child protection plan says (docs/plans.md: the demo's plans). Every action and
# contingency passes the plans' specific-action rule (opencsc/core/smart.py).
CP_OUTCOMES = (
    "The children are safe from physical harm at home and go to school every day.",
    "The children live free from domestic abuse and their mother can keep them safe.",
    "The baby is fed, clean and seen by the health visitor as planned; the home is safe.",
    "The young person is safe from exploitation, sleeps at home and is back in education.",
)
CP_WHAT_MUST_CHANGE = (
    "Father stops using physical punishment; mother acts to protect the children when he is angry.",
    "Mother's partner no longer lives at the home or visits; mother uses the safety plan.",
    "The parents stop drinking when caring for the children and keep the home clean and safe.",
    "The adults who exploit the young person are disrupted; the family knows the warning signs.",
)
CP_CONTINGENCIES = (
    "If a new injury is seen, the social worker holds a strategy discussion that working day.",
    "If mother's partner returns to the home, the police are called and a strategy discussion is "
    "held the same day.",
    "If the baby misses two health visitor appointments, the social worker visits within 24 "
    "hours and the team manager reviews the plan.",
    "If the young person goes missing, the police are told at once and a strategy discussion "
    "follows within 2 working days.",
)
CP_CHILD_VIEWS = (
    "Said she wants dad to stop shouting and to stay at her school.",
    "Too young to give views; seen with the baby's cot and feeding routine observed.",
    "Told the advocate he feels safer since the police came and wants his mum to be happy.",
    "Did not want to speak at the conference; wrote to the chair that she wants to stay home.",
)
CP_PARENTS_VIEWS = (
    "Mother agrees with the plan; father disagrees that he hits the children.",
    "Mother accepts the risks and wants the plan to help her keep the children safe.",
    "Both parents say the concerns are exaggerated but will work with the plan.",
    "Mother agrees; father was not at the conference and did not send his views.",
)
# (what, who, the kind of partner agency that does it, or "")
CP_ACTIONS = (
    (
        "Father attends the Caring Dads programme every Thursday for 17 weeks",
        "Caring Dads facilitator",
        "",
    ),
    (
        "Mother completes the Freedom Programme at the family centre, weekly",
        "Family centre worker",
        "",
    ),
    (
        "School tells the social worker of any absence or injury the same day",
        "Designated safeguarding lead",
        "education",
    ),
    (
        "Police share any call-out to the home with the social worker by the next morning",
        "",
        "police",
    ),
    (
        "Health visitor weighs the baby at home every two weeks and shares the results",
        "Health visitor",
        "health",
    ),
    ("Social worker sees the children alone at home every 10 working days", "Social worker", ""),
    (
        "Parents give hair strand test results for alcohol to the core group each month",
        "Parents",
        "",
    ),
    ("Housing moves the family to a home away from the perpetrator's address", "", "housing"),
    (
        "Domestic abuse advocate meets mother weekly to update her safety plan",
        "Domestic abuse advocate",
        "",
    ),
    ("Youth worker meets the young person twice weekly after school", "Youth worker", ""),
)
CORE_GROUP_MEMBERS = (
    ("social_care", "Social worker"),
    ("education", "Designated safeguarding lead"),
    ("health", "Health visitor"),
    ("health", "School nurse"),
    ("police", "Police public protection officer"),
    ("other", "Family support worker"),
    ("other", "Domestic abuse advocate"),
)
PROGRESS_NOTES = (
    "Attended every session this period.",
    "Two sessions missed; the core group agreed a reminder call the day before.",
    "Done and confirmed in writing by the agency.",
    "Not started: waiting list; the social worker chased it this week.",
    "Reports received on time; no new concerns.",
)
DISSENTS = (
    ("The GP, in writing", "Thought the risks could be met under a child in need plan."),
    ("The school's designated safeguarding lead", "Thought the plan should also name neglect."),
    ("The police representative", "Thought a plan was needed despite the improvements."),
)

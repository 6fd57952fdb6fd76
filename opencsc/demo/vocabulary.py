"""Words and weights the demo draws from: addresses, ethnicity, family sizes, agencies, notes."""

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

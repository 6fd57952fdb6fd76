"""The demo's case notes (docs/demo.md, "Case notes"): for every allocation, about two case notes a
month while the case is held (half of them about the siblings allocated with the child), a
management oversight note a month by the team's manager, a few drafts, corrections and "notes to
read" waiting on managers; and one child with 200 notes for the benchmark. Bulk-inserted after the
pathway, drawing from the build's random source after every other stage."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType

from opencsc.accounts.models import Role, User
from opencsc.demo.build import Case
from opencsc.demo.pathway.saving import PathwaySaver
from opencsc.notes import entries
from opencsc.notes.models import CaseNote, CaseNoteChild, NoteKind, NoteReadRequest
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

NOTES_PER_MONTH = 2
SIBLING_SHARE = 0.5  # of a sibling group's case notes, about every child in it
DRAFT_SHARE = 0.1  # of open cases, whose latest case note is still a draft
CORRECTED_SHARE = 0.02
TO_READ_SHARE = 0.2  # of the last fortnight's case notes, which the manager is asked to read
BENCHMARK_NOTES = 200
BENCHMARK_LOGIN = "cp.worker"

KIND_WEIGHTS = {
    "phone-call": 35,
    "home-visit": 20,
    "office-visit": 8,
    "school-visit": 10,
    "multi-agency": 12,
    "direct-work": 10,
    "other": 5,
}
TEXTS = {
    "phone-call": (
        "Called mother to arrange the next visit. She said the week had been calmer and the "
        "children were sleeping better. Agreed a visit for next week.",
        "School's designated safeguarding lead called: attendance is at 86% this half term. "
        "Agreed to raise it at the next core group.",
        "Health visitor called to share that the baby's weight is back on its centile.",
    ),
    "home-visit": (
        "Unannounced home visit. The home was warm and tidy, food in the fridge. Saw the children "
        "in their bedrooms; they showed me their school work.",
        "Planned home visit. Father present for the first part. Discussed the safety plan and who "
        "the children can call if they are worried.",
    ),
    "office-visit": ("Mother came to the office to discuss the housing application.",),
    "school-visit": (
        "Visited school and saw the child alone in the library. Said things at home are 'okay' "
        "and that the shouting has stopped. Teacher reports good progress in reading.",
    ),
    "multi-agency": (
        "Discussion with the police domestic abuse officer and the school: no new call-outs since "
        "the last review. Actions agreed and shared with the family.",
    ),
    "direct-work": (
        "Three houses exercise: house of worries (arguments at bedtime), house of good things "
        "(football, grandma), house of dreams (a dog). Shared with mother with consent.",
    ),
    "other": ("Letter sent to the family confirming the date of the review meeting.",),
}
PRESENT = {
    "phone-call": "Mother (by phone)",
    "home-visit": "Mother, the children",
    "office-visit": "Mother",
    "school-visit": "The child, class teacher",
    "multi-agency": "Police, school, health visitor",
    "direct-work": "The child",
    "other": "",
}
OVERSIGHT_TEXTS = (
    "Case discussed in supervision. The plan is being followed and visits are on time. Next "
    "step: review the safety plan with the family within two weeks.",
    "Oversight: assessment on track for its 45-day timescale; seek the child's views directly "
    "before it is submitted.",
    "Oversight: risk remains; I agree the current plan. Social worker to update the chronology "
    "and liaise with school about attendance.",
)


@dataclass
class _Group:
    """Cases of one household's children held by one team from the same day: written about
    together when the note is about siblings."""

    cases: list[Case] = field(default_factory=list)

    @property
    def children(self) -> list[Person]:
        return [case.child for case in self.cases]


@dataclass
class _Note:
    kind: NoteKind
    happened_at: datetime
    author: User
    children: list[Person]
    draft: bool = False
    text: str = ""
    present: str = ""
    reader: User | None = None
    read: bool = False
    team_id: int | None = None
    manager: User | None = None


class _Notes:
    """Plans the notes, then inserts them with their children, chronology and due items."""

    def __init__(self, saver: PathwaySaver) -> None:
        self.saver = saver
        self.build = saver.build
        self.r = saver.r
        self.today = saver.today
        self.kinds = {kind.code: kind for kind in NoteKind.objects.all()}
        self.notes: list[_Note] = []

    def member(self, case: Case, *roles: str) -> User | None:
        staff = self.build.members.get(case.team.pk, {})
        for role in roles:
            if staff.get(role):
                return staff[role][0]
        return None

    def moment(self, day: date) -> datetime:
        at = time(self.r.randint(8, 17), self.r.randint(0, 59))
        return datetime.combine(day, at, tzinfo=self.saver.zone)

    def groups(self) -> list[_Group]:
        by_key: dict[tuple[Any, ...], _Group] = defaultdict(_Group)
        for case in self.build.cases:
            key = (case.child.household_id or -case.child.pk, case.team.pk, case.started_on)
            by_key[key].cases.append(case)
        return list(by_key.values())

    def plan(self) -> None:
        last_day = self.today - timedelta(days=1)
        codes, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
        for group in self.groups():
            first = group.cases[0]
            worker = first.worker or self.member(
                first, Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER, Role.TEAM_MANAGER
            )
            manager = self.member(first, Role.TEAM_MANAGER)
            end = min(first.ended_on or last_day, last_day)
            span = (end - first.started_on).days
            if worker is None or span < 0:
                continue
            siblings = len(group.cases) > 1 and not any(c.is_restricted for c in group.children)
            count = round(NOTES_PER_MONTH * span / 30.4)
            days = sorted(
                first.started_on + timedelta(self.r.randint(0, span)) for _ in range(count)
            )
            written: list[_Note] = []
            for day in days:
                code = self.r.choices(codes, weights=weights)[0]
                together = siblings and self.r.random() < SIBLING_SHARE
                children = group.children if together else [self.r.choice(group.children)]
                note = _Note(self.kinds[code], self.moment(day), worker, children)
                note.text = self.r.choice(TEXTS[code])
                note.present = PRESENT[code]
                note.manager, note.team_id = manager, first.team.pk
                written.append(note)
            if written and first.ended_on is None and self.r.random() < DRAFT_SHARE:
                written[-1].draft = True
            for note in written:
                age = (self.today - note.happened_at.date()).days
                if age <= 14 and manager and not note.draft and self.r.random() < TO_READ_SHARE:
                    note.reader = manager
                    note.read = age > 1 and self.r.random() < 0.5
            if manager is not None:
                for month in range(30, span + 1, 30):
                    day = first.started_on + timedelta(days=month)
                    note = _Note(
                        self.kinds["management-oversight"],
                        self.moment(day),
                        manager,
                        group.children,
                    )
                    note.text = self.r.choice(OVERSIGHT_TEXTS)
                    written.append(note)
            self.notes.extend(written)
        self.top_up_benchmark_child()
        self.draft_for_the_demo_worker()

    def draft_for_the_demo_worker(self) -> None:
        """The demo's social worker login has a draft to finish (every page has a row)."""
        mine = [n for n in self.notes if n.author.username == "social.worker" and not n.reader]
        if mine and not any(note.draft for note in mine):
            latest = max(mine, key=lambda note: note.happened_at)
            if not latest.kind.is_oversight:
                latest.draft = True
        # And one of their final notes waits for their manager (the `team.manager` login) to read.
        final = [note for note in mine if not note.draft and note.manager is not None]
        if final and not any(
            note.reader for note in self.notes if note.author.username == "social.worker"
        ):
            asked = max(final, key=lambda note: note.happened_at)
            asked.reader, asked.read = asked.manager, False

    def top_up_benchmark_child(self) -> None:
        """The child of the longest-held open case of the `cp.worker` login's team gets case notes
        up to BENCHMARK_NOTES in all (the benchmark's "a child's record with 200 case notes")."""
        open_cases = [
            c for c in self.build.cases if c.ended_on is None and not c.child.is_restricted
        ]
        teams = {
            team_id
            for team_id, staff in self.build.members.items()
            for users in staff.values()
            for user in users
            if user.username == BENCHMARK_LOGIN
        }
        open_cases = [c for c in open_cases if c.team.pk in teams] or open_cases
        if not open_cases:
            return
        case = min(open_cases, key=lambda c: (c.started_on, c.child.pk))
        child = case.child
        worker = case.worker or self.member(case, Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
        if worker is None:
            return
        have = sum(1 for note in self.notes if any(c.pk == child.pk for c in note.children))
        span = max((self.today - timedelta(days=1) - case.started_on).days, 0)
        for _ in range(BENCHMARK_NOTES - have):
            day = case.started_on + timedelta(days=self.r.randint(0, span))
            code = self.r.choice(list(KIND_WEIGHTS))
            note = _Note(self.kinds[code], self.moment(day), worker, [child])
            note.text, note.present = self.r.choice(TEXTS[code]), PRESENT[code]
            self.notes.append(note)

    def save(self) -> None:
        build, now = self.build, datetime.now(tz=self.saver.zone)
        rows = [
            (
                note.kind.pk,
                note.happened_at,
                note.present,
                note.text,
                note.author.pk,
                "draft" if note.draft else "final",
                None if note.draft else note.happened_at + timedelta(hours=2),
                1,
                "",
            )
            for note in self.notes
        ]
        columns = (
            "kind_id",
            "happened_at",
            "present",
            "text",
            "author_id",
            "status",
            "finalised_at",
            "version",
            "reason",
        )
        keys = build.insert("case notes", CaseNote, columns, rows, keys=True)
        fixes = [
            (key, note)
            for key, note in zip(keys, self.notes, strict=True)
            if not note.draft
            and note.happened_at + timedelta(days=1) < now
            and self.r.random() < CORRECTED_SHARE
        ]
        fix_rows = [
            (
                note.kind.pk,
                note.happened_at,
                note.present,
                note.text + " (Corrected: see reason.)",
                note.author.pk,
                "final",
                note.happened_at + timedelta(days=1),
                2,
                key,
                key,
                "Recorded against the wrong date of visit",
            )
            for key, note in fixes
        ]
        fix_keys = build.insert(
            "case note corrections",
            CaseNote,
            (*columns[:-1], "original_id", "supersedes_id", "reason"),
            fix_rows,
            keys=True,
        )
        links = [
            (key, c.pk) for key, note in zip(keys, self.notes, strict=True) for c in note.children
        ]
        links += [
            (fix_key, c.pk)
            for fix_key, (_, note) in zip(fix_keys, fixes, strict=True)
            for c in note.children
        ]
        build.insert("case note children", CaseNoteChild, ("note_id", "child_id"), links)
        for key, note, version in [
            *((key, note, 1) for key, note in zip(keys, self.notes, strict=True) if not note.draft),
            *((fix_key, note, 2) for fix_key, (_, note) in zip(fix_keys, fixes, strict=True)),
        ]:
            on = note.happened_at.date()
            for child in note.children:
                others = [other for other in note.children if other.pk != child.pk]
                self.saver.entry(
                    entries.note_entry(
                        child,
                        note_id=key,
                        kind=note.kind,
                        version=version,
                        on=on,
                        others=others,
                        by=note.author,
                    )
                )
        self.save_reading(keys)

    def save_reading(self, keys: list[int]) -> None:
        asked = [(key, note) for key, note in zip(keys, self.notes, strict=True) if note.reader]
        rows = [
            (
                key,
                note.reader.pk,
                note.author.pk,
                note.happened_at + timedelta(hours=20) if note.read else None,
            )
            for key, note in asked
            if note.reader is not None
        ]
        request_keys = self.build.insert(
            "notes to read",
            NoteReadRequest,
            ("note_id", "reader_id", "requested_by_id", "read_at"),
            rows,
            keys=True,
        )
        record_type = ContentType.objects.get_for_model(NoteReadRequest).pk
        for request_key, (_, note) in zip(request_keys, asked, strict=True):
            if note.read or note.reader is None:
                continue
            start = note.happened_at.date()
            self.saver.due_items.append(
                timescales.due_item_row(
                    rules.NOTE_TO_READ,
                    child_id=note.children[0].pk,
                    record_type_id=record_type,
                    record_id=request_key,
                    start=start,
                    opened_at=note.happened_at + timedelta(hours=2),
                    owner_id=note.reader.pk,
                    team_id=note.team_id,
                    summary=f"{rules.NOTE_TO_READ.label}: {note.kind.label}",
                )
            )


def save_case_notes(saver: PathwaySaver) -> None:
    """Case notes for every allocation, with their children, chronology and notes to read."""
    notes = _Notes(saver)
    notes.plan()
    notes.save()

"""Load the real Kemi data of `demo_data/kemi.yaml`: idempotent, all of it or nothing."""

from collections import Counter
from decimal import Decimal
from pathlib import Path

import yaml
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from common.content import FINNISH, translated_fields
from plans.models import (
    Action,
    ActionFocusArea,
    Decision,
    Division,
    FocusArea,
    InterpretationMark,
    Objective,
    Plan,
    StrategicGoal,
)
from projects.models import (
    CostSplit,
    DivisionPeriod,
    EarmarkedPart,
    Funder,
    Organization,
    Project,
    ProjectPartner,
    ProjectResult,
)
from projects.services import set_cost_shares

DATA_FILE = Path(__file__).parent / "demo_data" / "kemi.yaml"

DEMO_USERS = [
    # username, role, superuser
    ("hyte", "coordinator", False),
    ("lautakunta", "board", False),
    ("admin", "admin", True),
]
DEMO_PASSWORD = "demo"


def money(value) -> Decimal | None:
    return None if value is None else Decimal(value)


def text(value) -> str:
    return value or ""


class Loader:
    def __init__(self, data: dict):
        self.data = data
        self.counts: Counter[str] = Counter()
        self.decisions: dict[str, Decision] = {}
        self.divisions: dict[str, Division] = {}
        self.funders: dict[str, Funder] = {}
        self.organizations: dict[str, Organization] = {}
        self.focus_areas: dict[str, FocusArea] = {}
        self.projects: dict[str, Project] = {}
        self.sources: dict[str, str] = data["sources"]

    def interpretation(self, mark: dict | None) -> dict:
        """A YAML `interpretation` ({reason, source key}) as the fields of an `Interpreted`
        row; no mark is a fact."""
        if not mark:
            return {"interpretation": "", "source": ""}
        return {"interpretation": mark["reason"], "source": self.sources[mark["source"]]}

    def mark_figures(self, obj, marks: dict | None):
        """The YAML `interpretations` of a row's figures, by field name, as marks."""
        content_type = ContentType.objects.get_for_model(obj)
        for field_name, mark in (marks or {}).items():
            self.save(
                InterpretationMark,
                {"content_type": content_type, "object_id": obj.pk, "field_name": field_name},
                self.interpretation(mark),
            )

    def save(self, model, lookup: dict, values: dict, *, new_link: bool = False):
        """Create or update one row; count only real changes so a second run reports none.
        A link just created by `set_m2m` (`new_link`) is counted there, not again here.

        The YAML's texts are Finnish: a translated field (`title`) is read and written as its
        Finnish column (`title_fi`), whatever language is active."""
        translated = translated_fields(model)
        lookup = {finnish_name(name, translated): value for name, value in lookup.items()}
        values = {finnish_name(name, translated): value for name, value in values.items()}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.full_clean()
            obj.save()
            self.counts["created"] += 1
        elif any(getattr(obj, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(obj, field, value)
            obj.full_clean()
            obj.save()
            if not new_link:
                self.counts["updated"] += 1
        return obj

    def set_m2m(self, manager, objects):
        if set(manager.all()) != set(objects):
            manager.set(objects)
            self.counts["linked"] += 1

    def load(self):
        self.load_reference_data()
        plan = self.load_plan(self.data["plan"])
        self.load_projects()
        self.load_actions(plan)
        self.load_cost_splits()

    def load_reference_data(self):
        for row in self.data["decisions"]:
            lookup = {"body": row["body"], "date": row["date"], "section": row["section"]}
            if row["date"] is None:
                lookup["title"] = row["title"]
            values = {
                "body_name": text(row["body_name"]),
                "title": row["title"],
                "outcome": row["outcome"],
            }
            if "title" in lookup:
                del values["title"]
            self.decisions[row["key"]] = self.save(Decision, lookup, values)
            self.mark_figures(self.decisions[row["key"]], row.get("interpretations"))
        for row in self.data["divisions"]:
            self.divisions[row["slug"]] = self.save(
                Division, {"slug": row["slug"]}, {"name": row["name"]}
            )
        for row in self.data["funders"]:
            self.funders[row["code"]] = self.save(
                Funder, {"code": row["code"]}, {"name": row["name"]}
            )
        for row in self.data["organizations"]:
            self.organizations[row["name"]] = self.save(
                Organization,
                {"name": row["name"]},
                {"short_name": text(row["short_name"]), "kind": row["kind"]},
            )

    def load_plan(self, row) -> Plan:
        plan = self.save(
            Plan,
            {"name": row["name"], "start_year": row["start_year"]},
            {
                "end_year": row["end_year"],
                "strategy_name": row["strategy_name"],
                "decision": self.decisions[row["decision"]],
            },
        )
        for goal_order, goal_row in enumerate(row["goals"], start=1):
            goal = self.save(
                StrategicGoal, {"plan": plan, "order": goal_order}, {"name": goal_row["name"]}
            )
            for order, objective in enumerate(goal_row["objectives"], start=1):
                self.save(Objective, {"goal": goal, "order": order}, {"text": objective})
            for order, focus_row in enumerate(goal_row["focus_areas"], start=1):
                focus_area = self.save(
                    FocusArea, {"goal": goal, "order": order}, {"text": focus_row["text"]}
                )
                self.set_m2m(focus_area.decisions, [plan.decision])
                self.focus_areas[focus_row["key"]] = focus_area
        return plan

    def load_projects(self):
        for row in self.data["projects"]:
            project = self.save(
                Project,
                {"name": row["name"]},
                {
                    "short_name": text(row["short_name"]),
                    "description": text(row["description"]),
                    "start_date": row["start_date"],
                    "end_date": row["end_date"],
                    "total_budget": money(row["total_budget"]),
                    "total_budget_approximate": row["total_budget_approximate"],
                    "city_share": money(row["city_share"]),
                    "self_financing": money(row["self_financing"]),
                    "city_role": row["city_role"],
                    "contact_name": text(row["contact_name"]),
                    "contact_title": text(row["contact_title"]),
                },
            )
            self.projects[project.short_name or project.name_fi] = project
            self.mark_figures(project, row.get("interpretations"))
            self.set_m2m(project.funders, [self.funders[code] for code in row["funders"]])
            for partner in row["partners"]:
                partnership = self.save(
                    ProjectPartner,
                    {
                        "project": project,
                        "organization": self.organizations[partner["organization"]],
                        "role": partner["role"],
                    },
                    {},
                )
                if partner.get("interpretation"):
                    self.mark_figures(partnership, {"role": partner["interpretation"]})
            for period in row["divisions"]:
                self.save(
                    DivisionPeriod,
                    {"project": project, "valid_from": period["valid_from"]},
                    {
                        "division": self.divisions[period["division"]],
                        "valid_until": period["valid_until"],
                        **self.interpretation(period.get("interpretation")),
                    },
                )
            for part in row["earmarked"]:
                self.save(
                    EarmarkedPart,
                    {
                        "project": project,
                        "recipient": self.organizations[part["recipient"]],
                        "purpose": part["purpose"],
                    },
                    {"amount": money(part["amount"])},
                )
            for result in row["results"]:
                saved = self.save(
                    ProjectResult,
                    {"project": project, "title": result["title"]},
                    {
                        "kind": result["kind"],
                        "year": result["year"],
                        "month": result["month"],
                        "trainer": text(result.get("trainer")),
                        "mode": text(result.get("mode")),
                        "participants_on_site": result["participants_on_site"],
                        "participants_remote": result["participants_remote"],
                        "participants_at_least": result["participants_at_least"],
                        "feedback_score": money(result["feedback_score"]),
                        "notes": text(result.get("notes")),
                    },
                )
                self.mark_figures(saved, result.get("interpretations"))

    def load_actions(self, plan: Plan):
        positions: Counter[tuple[int, str]] = Counter()
        for row in self.data["actions"]:
            positions[row["year"], row["division"]] += 1
            # Found by its place in the document: the source gives no title to find it by.
            action = self.save(
                Action,
                {
                    "plan": plan,
                    "year": row["year"],
                    "division": self.divisions[row["division"]],
                    "order": positions[row["year"], row["division"]],
                },
                {
                    "title": text(row.get("title")),
                    "description": row["description"],
                    "status": row["status"],
                },
            )
            links = {link["area"]: link.get("interpretation") for link in row["focus_areas"]}
            linked_before = set(action.focus_areas.all())
            self.set_m2m(action.focus_areas, [self.focus_areas[key] for key in links])
            for key, mark in links.items():
                self.save(
                    ActionFocusArea,
                    {"action": action, "focus_area": self.focus_areas[key]},
                    self.interpretation(mark),
                    new_link=self.focus_areas[key] not in linked_before,
                )
            self.mark_figures(action, row.get("interpretations"))
            for name in row["projects"]:
                project = self.projects[name]
                if not project.actions.filter(pk=action.pk).exists():
                    project.actions.add(action)
                    self.counts["linked"] += 1

    def load_cost_splits(self):
        for row in self.data["cost_splits"]:
            split = self.save(
                CostSplit,
                {"name": row["name"]},
                {
                    "description": row["description"],
                    "division": self.divisions[row["division"]],
                    "approval_limit": money(row["approval_limit"]),
                    "approval_rule": row["approval_rule"],
                },
            )
            self.mark_figures(split, row.get("interpretations"))
            self.set_m2m(split.decisions, [self.decisions[key] for key in row["decisions"]])
            self.set_m2m(split.focus_areas, [self.focus_areas[key] for key in row["focus_areas"]])
            wanted = {
                self.organizations[share["organization"]]: Decimal(share["percent"])
                for share in row["shares"]
            }
            current = {share.organization: share.percent for share in split.shares.all()}
            if current != wanted:
                set_cost_shares(split=split, shares=wanted)
                self.counts["updated" if current else "created"] += len(wanted)


def create_demo_users() -> list[str]:
    created = []
    for username, role, superuser in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={"is_staff": True, "is_superuser": superuser},
        )
        if was_created:
            # "demo" is far below the password rules on purpose: these users exist only
            # in development databases (the command refuses them when debugging is off).
            user.set_password(DEMO_PASSWORD)
            user.save()
            created.append(username)
        user.groups.add(Group.objects.get(name=role))
    return created


def finnish_name(name: str, translated: list[str]) -> str:
    return f"{name}_{FINNISH}" if name in translated else name


@transaction.atomic
def load_kemi_demo(*, with_demo_users: bool = False, data_file: Path = DATA_FILE) -> Counter[str]:
    """Load everything or nothing; count the rows created and updated and the links set."""
    with data_file.open(encoding="utf-8") as stream:
        data = yaml.safe_load(stream)
    loader = Loader(data)
    loader.load()
    if with_demo_users:
        loader.counts["users"] = len(create_demo_users())
    return loader.counts

"""A closed year of a division, published to the citizens as a frozen copy.

The copy (`snapshot`) holds exactly the public fields (`public_fields.py`), read once when the
year is published (`services.publish_year`); the public pages and files read nothing else, so
later edits, a reopening of the year and the history never reach them. Withdrawing keeps the
row, with who withdrew it and when; a year published again gets a new row.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Count, Max, Q

from plans.models import Division, Plan


@dataclass(frozen=True)
class PublicState:
    """What every public page and file depends on: the newest publication or withdrawal and
    how many rows there are. One query; its ETag changes at once when anything is published,
    withdrawn or (by hand) deleted."""

    last_change: datetime.datetime | None
    count: int

    def etag(self, *parts: str) -> str:
        stamp = self.last_change.isoformat() if self.last_change else "-"
        text = "|".join([stamp, str(self.count), *parts])
        return hashlib.sha256(text.encode()).hexdigest()[:32]


class PublicationQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(withdrawn_at__isnull=True)

    def of_year(self, year: int, division_slug: str):
        """The year's publication by the division's slug as it was published."""
        return self.in_force().filter(year=year, division_slug=division_slug)

    def state(self) -> PublicState:
        figures = self.aggregate(
            published=Max("published_at"), withdrawn=Max("withdrawn_at"), count=Count("pk")
        )
        stamps = [stamp for stamp in (figures["published"], figures["withdrawn"]) if stamp]
        return PublicState(max(stamps) if stamps else None, figures["count"])


class Publication(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name="suunnitelma", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField("vuosi")
    division = models.ForeignKey(
        Division, verbose_name="toimiala", on_delete=models.PROTECT, related_name="+"
    )
    # The slug as published: the public address stays the same if the division is renamed.
    division_slug = models.SlugField("toimialan tunniste", max_length=100)
    decision_reference = models.CharField(
        "julkaisupäätös",
        max_length=200,
        help_text="Esim. Hyvinvointilautakunta 12.3.2024 § 15",
    )
    published_at = models.DateTimeField("julkaistu")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="julkaisija",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField("peruttu", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="perunut",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    snapshot = models.JSONField("julkaistu sisältö")

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = "julkaisu"
        verbose_name_plural = "julkaisut"
        ordering = ["-year", "division_slug", "-published_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "division"],
                condition=Q(withdrawn_at__isnull=True),
                name="publication_one_in_force",
                violation_error_message="Vuosi on jo julkaistu.",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.division_slug} ({self.decision_reference})"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None

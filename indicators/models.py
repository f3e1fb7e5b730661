"""THL's indicators from Sotkanet, their values in the regions the city compares itself with,
and the focus areas' links to them with the coordinator's targets.

Sotkanet (https://sotkanet.fi/rest/1.1/) is the source of every row here except the links:
`services.py` writes them from `sotkanet.py`'s parsed answers, and `demo.py` writes a clearly
marked sample for the demo (`Indicator.sample`). The data is THL's, under CC BY 4.0: every page
and export that shows a value names THL/Sotkanet and the indicator's producer (`attribution`).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _lazy

from common.fields import DecimalField
from plans.models import ConstraintFieldErrorsMixin, FocusArea
from plans.search import Folded, search_words

# The licence line every page and export that shows a value carries.
LICENCE = _lazy("Lähde: THL, Sotkanet.fi (CC BY 4.0).")
# Shown wherever a demo sample value is shown: these are not THL's figures.
SAMPLE_NOTE = _lazy("esimerkkiaineisto, ei THL:n tietoa")
# Shown wherever a demo target is shown: the city's documents set no indicator targets.
SAMPLE_TARGET_NOTE = _lazy("esimerkkitavoite, ei kaupungin asettama")
# "ennallaan" holds while the value moves less than this share of where it started.
STEADY_TOLERANCE = Decimal("0.05")


class IndicatorQuerySet(models.QuerySet):
    def search(self, text: str):
        """Indicators whose Finnish title has every typed word, ignoring case and accents as
        the actions' search does (`plans.search.fold`): "äiti" and "aiti" find "Äitiys…".
        Not `icontains`: SQLite's LIKE and lower() fold only ASCII letters, so "äiti" would
        miss "Äiti" there. The title is folded on the fly (no stored column): the catalogue
        is a few thousand rows, read only by the coordinator's search."""
        words = search_words(text)
        if not words:
            return self.none()
        query = Q()
        for word in words:
            query &= Q(folded_title__contains=word)
        return self.alias(folded_title=Folded(F("title_fi"))).filter(query)

    def linked(self):
        """Indicators some focus area follows: the ones whose values are fetched."""
        return self.filter(focus_area_links__isnull=False).distinct()


class Indicator(models.Model):
    """An indicator of Sotkanet, by Sotkanet's own id. The catalogue (`indicators`) fills the
    titles of every indicator; the metadata (`indicators/{id}`) the rest, for the linked ones."""

    sotkanet_id = models.PositiveIntegerField(_lazy("Sotkanet-tunniste"), unique=True)
    title_fi = models.CharField(_lazy("nimi"), max_length=500)
    title_sv = models.CharField(_lazy("nimi ruotsiksi"), max_length=500, blank=True)
    unit = models.CharField(_lazy("yksikkö"), max_length=200, blank=True)
    decimals = models.PositiveSmallIntegerField(_lazy("desimaaleja"), null=True, blank=True)
    producer = models.CharField(_lazy("tuottaja"), max_length=300, blank=True)
    description = models.TextField(_lazy("kuvaus"), blank=True)
    data_updated = models.DateField(_lazy("tiedot päivitetty"), null=True, blank=True)
    # True while the values are the demo's sample (`demo.py`), never THL's: a fetch replaces
    # them all and clears it, so the two never mix.
    sample = models.BooleanField(_lazy("esimerkkiaineisto"), default=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _lazy("indikaattori")
        verbose_name_plural = _lazy("indikaattorit")
        ordering = ["title_fi"]

    def __str__(self):
        return f"{self.title_fi} ({self.sotkanet_id})"

    @property
    def sotkanet_url(self) -> str:
        return f"https://sotkanet.fi/sotkanet/fi/metadata/indicators/{self.sotkanet_id}"

    @property
    def attribution(self) -> str:
        """`Lähde: THL, Sotkanet.fi (CC BY 4.0). Tuottaja: …`; for the demo's sample, that the
        values are not THL's."""
        parts = [str(LICENCE)]
        if self.producer:
            parts.append(str(_lazy("Tuottaja: %(producer)s.")) % {"producer": self.producer})
        if self.sample:
            parts.append(str(_lazy("Arvot: %(note)s.")) % {"note": SAMPLE_NOTE})
        return " ".join(parts)


class Region(models.Model):
    """One of the regions the city compares itself with, by Sotkanet's own region id (not the
    municipality number): the city itself, its wellbeing services county, the whole country."""

    class Role(models.TextChoices):
        CITY = "city", _lazy("kunta")
        COUNTY = "county", _lazy("hyvinvointialue")
        COUNTRY = "country", _lazy("koko maa")

    # Empty until Sotkanet's `regions` has been read (the demo's regions).
    sotkanet_id = models.PositiveIntegerField(
        _lazy("Sotkanet-tunniste"), unique=True, null=True, blank=True
    )
    role = models.CharField(_lazy("vertailu"), max_length=20, choices=Role, unique=True)
    category = models.CharField(_lazy("luokka"), max_length=50)
    code = models.CharField(_lazy("koodi"), max_length=50, blank=True)
    title_fi = models.CharField(_lazy("nimi"), max_length=200)

    class Meta:
        verbose_name = _lazy("vertailualue")
        verbose_name_plural = _lazy("vertailualueet")
        ordering = ["pk"]

    def __str__(self):
        return self.title_fi


# The city first, then its county and the whole country: the order of every legend and table.
ROLE_ORDER = [Region.Role.CITY, Region.Role.COUNTY, Region.Role.COUNTRY]


class IndicatorValue(models.Model):
    """A value of an indicator in a region and a year. A year Sotkanet gives nothing for has no
    row: it is missing ("ei tietoa"), never 0."""

    class Gender(models.TextChoices):
        TOTAL = "total", _lazy("yhteensä")
        MALE = "male", _lazy("miehet")
        FEMALE = "female", _lazy("naiset")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveSmallIntegerField(_lazy("vuosi"))
    gender = models.CharField(
        _lazy("sukupuoli"), max_length=10, choices=Gender, default=Gender.TOTAL
    )
    value = DecimalField(_lazy("arvo"), max_digits=18, decimal_places=4)
    absolute_value = DecimalField(
        _lazy("absoluuttinen arvo"), max_digits=18, decimal_places=4, null=True, blank=True
    )

    class Meta:
        verbose_name = _lazy("indikaattorin arvo")
        verbose_name_plural = _lazy("indikaattorien arvot")
        ordering = ["indicator", "region", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "year", "gender"],
                name="indicator_value_one_per_region_year_gender",
            ),
        ]

    def __str__(self):
        return f"{self.indicator_id} {self.region_id} {self.year}: {self.value}"


class Direction(models.TextChoices):
    UP = "up", _lazy("nouseva")
    DOWN = "down", _lazy("laskeva")
    STEADY = "steady", _lazy("ennallaan")


class FocusAreaIndicatorQuerySet(models.QuerySet):
    def for_focus_areas(self, focus_areas):
        return self.filter(focus_area__in=focus_areas)

    def in_plan(self, plan):
        return self.filter(focus_area__goal__plan=plan)

    def in_report_order(self):
        return self.select_related("indicator", "focus_area__goal").order_by(
            "focus_area__goal__order", "focus_area__order", "order", "indicator__title_fi"
        )


TARGET_YEAR_MESSAGE = _lazy("Tavoitevuoden on oltava vuosien 2000–2100 välillä.")


class FocusAreaIndicator(ConstraintFieldErrorsMixin, models.Model):
    """A focus area follows an indicator, with the coordinator's target: which way the value
    should go, and optionally to what value by which year."""

    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_lazy("painopiste"),
        on_delete=models.CASCADE,
        related_name="indicator_links",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_lazy("indikaattori"),
        on_delete=models.PROTECT,
        related_name="focus_area_links",
    )
    order = models.PositiveSmallIntegerField(_lazy("järjestys"), default=0)
    # Empty until the coordinator sets a target: a linked indicator has none by default, and
    # none is ever assumed ("tavoitetta ei ole asetettu").
    direction = models.CharField(
        _lazy("tavoitesuunta"), max_length=10, choices=Direction, blank=True, default=""
    )
    target_value = DecimalField(
        _lazy("tavoitearvo"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_lazy("tavoitevuosi"), null=True, blank=True)
    # True while the target is the demo's example (`demo.py`), not the city's: the city's
    # documents set no indicator targets. The coordinator's first save of the target clears it.
    sample_target = models.BooleanField(_lazy("esimerkkitavoite"), default=False)

    objects = FocusAreaIndicatorQuerySet.as_manager()

    constraint_fields = {"focus_area_indicator_target_year_range": "target_year"}

    class Meta:
        verbose_name = _lazy("painopisteen indikaattori")
        verbose_name_plural = _lazy("painopisteiden indikaattorit")
        ordering = ["focus_area", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["focus_area", "indicator"],
                name="focus_area_indicator_unique",
                violation_error_message=_lazy("Painopisteeseen on jo liitetty tämä indikaattori."),
            ),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True)
                | Q(target_year__gte=2000, target_year__lte=2100),
                name="focus_area_indicator_target_year_range",
                violation_error_message=TARGET_YEAR_MESSAGE,
            ),
        ]

    def __str__(self):
        return f"{self.focus_area} – {self.indicator}"

    def clean(self):
        if not self.direction and (self.target_value is not None or self.target_year):
            raise ValidationError(
                {"direction": _lazy("Valitse tavoitesuunta, kun annat tavoitearvon tai -vuoden.")}
            )


def moves_against(direction: str, first: Decimal | None, latest: Decimal | None) -> bool | None:
    """Whether the value moved against the target's direction from `first` to `latest`; None
    when either is missing (unknown is not a trend) or no target is set. "ennallaan" is
    against when the value moved more than `STEADY_TOLERANCE` of where it started."""
    if first is None or latest is None or not direction:
        return None
    if direction == Direction.UP:
        return latest < first
    if direction == Direction.DOWN:
        return latest > first
    return abs(latest - first) > abs(first) * STEADY_TOLERANCE

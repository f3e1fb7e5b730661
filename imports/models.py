"""An uploaded spreadsheet kept between its preview and its confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _lazy


class ImportBatch(models.Model):
    """An uploaded file's rows, read once on upload and checked again on the preview and on
    confirmation.

    Only the cell values are kept (`rows`, see `common.spreadsheets.read_sheet`), not the file:
    they are exactly what was checked and imported, a fraction of the file's size, and reading
    an .xlsx again costs seconds for a large file.
    """

    class Kind(models.TextChoices):
        ACTIONS = "actions", _lazy("toimenpiteet")
        PROJECTS = "projects", _lazy("hankkeet")

    class Status(models.TextChoices):
        PENDING = "pending", _lazy("odottaa vahvistusta")
        DONE = "done", _lazy("tuotu")

    kind = models.CharField(_lazy("tuotavat tiedot"), max_length=20, choices=Kind)
    file_name = models.CharField(_lazy("tiedoston nimi"), max_length=255)
    rows = models.JSONField(
        _lazy("rivit"),
        default=dict,
        blank=True,
        help_text=_lazy(
            "Tiedoston otsikkorivi ja rivien arvot sellaisina kuin ne luettiin latauksessa."
        ),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_lazy("lataaja"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_batches",
    )
    created_at = models.DateTimeField(_lazy("ladattu"), auto_now_add=True)
    status = models.CharField(_lazy("tila"), max_length=20, choices=Status, default=Status.PENDING)
    confirmed_at = models.DateTimeField(_lazy("tuotu"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_lazy("uusia"), default=0)
    updated_count = models.PositiveIntegerField(_lazy("muutettuja"), default=0)
    seen_versions = models.JSONField(
        _lazy("versiot ladattaessa"),
        default=dict,
        blank=True,
        help_text=_lazy("Muutettavien toimenpiteiden versiot tiedoston latauksen aikaan."),
    )

    class Meta:
        verbose_name = _lazy("tuonti")
        verbose_name_plural = _lazy("tuonnit")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.file_name}"


class DocumentImport(models.Model):
    """An uploaded annual table (`imports.document`) read into the plan's structure and its
    paragraphs, corrected in the preview and then written all at once.

    The file is not kept: `document` is what was read from it, with the coordinator's
    corrections. `revision` rises with every correction, so that a correction made in another
    window is not overwritten by a stale form.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "odottaa vahvistusta"
        DONE = "done", "tuotu"

    file_name = models.CharField("tiedoston nimi", max_length=255)
    document = models.JSONField("luettu asiakirja", default=dict, blank=True)
    revision = models.PositiveIntegerField("korjauskerta", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="lataaja",
        on_delete=models.SET_NULL,
        null=True,
        related_name="document_imports",
    )
    created_at = models.DateTimeField("ladattu", auto_now_add=True)
    status = models.CharField("tila", max_length=20, choices=Status, default=Status.PENDING)
    confirmed_at = models.DateTimeField("tuotu", null=True, blank=True)
    created_count = models.PositiveIntegerField("uusia toimenpiteitä", default=0)
    existing_count = models.PositiveIntegerField("jo olleita toimenpiteitä", default=0)

    class Meta:
        verbose_name = "vuositaulukon tuonti"
        verbose_name_plural = "vuositaulukoiden tuonnit"
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name

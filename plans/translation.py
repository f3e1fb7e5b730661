"""The plan's own texts in Finnish and Swedish (django-modeltranslation): each registered
field gets `_fi` and `_sv` columns beside the original, which keeps the Finnish text
(`common/content.py`). Finnish is required where the original is; Swedish is optional and
falls back to Finnish, marked, on a Swedish page."""

from modeltranslation.translator import TranslationOptions, register

from common.content import register_history
from plans.models import ACTION_HISTORY, Action, FocusArea, Objective, StrategicGoal


class FinnishRequired(TranslationOptions):
    required_languages = ("fi",)
    # An untranslated text is NULL, not "": "not translated", and no clash in a unique column.
    empty_values = None


@register(StrategicGoal)
class StrategicGoalTranslation(FinnishRequired):
    fields = ("name",)


@register(Objective)
class ObjectiveTranslation(FinnishRequired):
    fields = ("text",)


@register(FocusArea)
class FocusAreaTranslation(FinnishRequired):
    fields = ("text",)


@register(Action)
class ActionTranslation(FinnishRequired):
    fields = ("title", "description")


register_history(Action, ACTION_HISTORY)

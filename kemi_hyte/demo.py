"""The whole demo, as `manage.py load_kemi_demo` loads it: the Kemi documents (`projects.demo`)
and the indicators' sample (`indicators.demo`), in one transaction. Here, where the apps are
wired together, because neither domain app may import the other."""

from collections import Counter

from django.db import transaction

from indicators.demo import load_indicator_sample
from projects.demo import load_kemi_demo


@transaction.atomic
def load_demo(*, with_demo_users: bool = False) -> Counter[str]:
    counts = load_kemi_demo(with_demo_users=with_demo_users)
    counts.update(load_indicator_sample())
    return counts

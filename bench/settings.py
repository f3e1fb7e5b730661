"""Production settings for the load test, with two differences that only loopback needs.

gunicorn serves plain http on 127.0.0.1 with nobody in front: cookies marked Secure (and so
named `__Host-…`) would never come back over http, so they are plain here; and the static
files are collected into a temporary directory instead of the checkout's `staticfiles/`.
"""

import os

from kemi_hyte.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"

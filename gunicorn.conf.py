"""gunicorn for kemi-hyte. Start it in the repository root, which holds this file:

    .venv/bin/gunicorn

Every value below can be changed from the environment; docs/deploy.md lists them.
"""

import os

wsgi_app = "kemi_hyte.wsgi:application"

# nginx in front talks to this address; never expose gunicorn to the network directly.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two to four workers per core; a PDF report keeps one worker busy for seconds.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# A fresh worker now and then returns memory a long report may have taken.
max_requests = 1000
max_requests_jitter = 100
# Trust X-Forwarded-Proto only from the local nginx.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# systemd starts, reloads (HUP) and stops gunicorn; no control socket in the service's home.
control_socket_disable = True

# Access and error lines as JSON on stdout, like the app's own logs, for systemd's journal.
accesslog = "-"
access_log_format = (
    '%(m)s %(U)s%(q)s %(s)s %(B)s bytes %(M)s ms client=%({x-forwarded-for}i)s "%(a)s"'
)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "kemi_hyte.jsonlog.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"level": "INFO", "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}

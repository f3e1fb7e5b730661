"""A real OpenID Connect provider for the tests: oidc-provider-mock, in a thread of the test
process on a free port of localhost, so the whole code flow (redirect, sign-in at the provider,
callback, token, signature, claims) runs through the same code as in production, offline.

`CityProvider.person()` sets what the provider says about a person (their object id, roles,
name); `sign_in_with_city_account()` goes through the flow as a browser would, with the test
client on the app's side and plain HTTP on the provider's.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import requests

CLIENT_ID = "kemi-hyte-testi"
CLIENT_SECRET = "testi-salaisuus"


@dataclass
class CityProvider:
    url: str

    def person(
        self,
        sub: str,
        *,
        roles: list[str],
        oid: str | None = None,
        username: str | None = None,
        name: str = "Testi Henkilö",
        email: str | None = None,
    ) -> dict:
        """What the provider puts in this person's ID token from now on."""
        claims = {
            "oid": oid or f"oid-{sub}",
            "roles": roles,
            "preferred_username": username or f"{sub}@kemi.fi",
            "name": name,
            "given_name": name.split()[0],
            "family_name": name.split()[-1],
            "email": email or f"{sub}@kemi.fi",
        }
        response = requests.put(f"{self.url}/users/{quote(sub)}", json=claims, timeout=5)
        response.raise_for_status()
        return claims

    def authorize(self, authorization_url: str, sub: str, *, deny: bool = False) -> str:
        """The person signs in at the provider (or declines); the provider's answer is a
        redirect back to the app, whose path and query this returns."""
        assert authorization_url.startswith(self.url), authorization_url
        data = {"action": "deny"} if deny else {"sub": sub}
        response = requests.post(authorization_url, data=data, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return app_path(response.headers["Location"])


def app_path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def start_sign_in(client, next_url: str | None = None) -> str:
    """The sign-in page's button: the provider's authorization URL the app redirects to."""
    response = client.post("/accounts/city/login/", {"next": next_url} if next_url else {})
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def sign_in_with_city_account(client, provider: CityProvider, sub: str, next_url=None):
    """The whole code flow; returns the app's answer to the provider's redirect."""
    callback = provider.authorize(start_sign_in(client, next_url), sub)
    return client.get(callback)


def configure(settings, url: str) -> None:
    """The app's settings for the provider at `url`, as the environment would give them."""
    settings.OIDC_ISSUER = url
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ENABLED = True
    settings.SOCIAL_AUTH_CITY_OIDC_ENDPOINT = url
    settings.SOCIAL_AUTH_CITY_KEY = CLIENT_ID
    settings.SOCIAL_AUTH_CITY_SECRET = CLIENT_SECRET

"""Store addresses as shown and logged: every password libpq would send is masked, nothing else changes.

(``?schema=`` is the store's own parameter, taken off before libpq sees the address: left out here.)

The oracle is libpq's own URI parser (psycopg's ``conninfo_to_dict``, what the PostGIS store connects
with), not a second reading written here: where libpq and RFC 3986 part ways, the password is the one
libpq would send.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from psycopg.conninfo import conninfo_to_dict

from geo.store import redact_url

#: Addresses that carry a password for libpq, each a different way of writing one.
WITH_PASSWORD = [
    "postgresql://lcm:s3cret@db.example:5432/events?application_name=a",
    "postgres://lcm:s3cret@db.example/events",
    # '@' after a '?' but before any '/': libpq looks for '@' up to the first '/', so "5432?x=a" is the
    # password of user "h" at host "b" (an RFC 3986 parser would call 5432 the port and show it).
    "postgresql://h:5432?x=a@b",
    "postgresql://h:5432?application_name=a@b/events",
    "postgresql://lcm:p?ss@db.example/events",  # '?' inside the password
    "postgresql://lcm:p#ss@db.example/events",  # '#' inside the password
    "postgresql://lcm:p%40ss@db.example/events",  # an encoded '@'
    "postgresql://lcm:x%2Fy@db.example/events",  # an encoded '/'
    "postgresql://lcm:s3@cret@db.example/events",  # a bare '@' in the password: libpq sends "s3"
    "postgresql://:onlypw@db.example/events",  # a password without a user
    "postgresql://lcm:s3cr@h1:5432,h2:5433/events",  # several hosts
    "postgresql://lcm:pw6@[::1]:5432/events",  # an IPv6 host
    "postgresql://db.example/events?password=s3cret&connect_timeout=5",  # in the query string
    "postgresql://db.example/events?user=u&password=a%26b",  # encoded '&' in a query password
    "postgresql:///events?host=/tmp&sslpassword=zz&password=yy",  # the TLS key's password too
    "postgresql:///events?host=/tmp&pass%77ord=s3cret",  # an encoded key
]

#: Addresses without a password: shown as they are, '@' and ':' in the query string included.
WITHOUT_PASSWORD = [
    "postgresql://h:5432/events?application_name=a@b",
    "postgresql://lcm@h:5432/events?application_name=x@y",
    "postgresql:///events?host=/tmp&application_name=a@b:c",
    "postgresql://db.example:5433/events?connect_timeout=5",
    "data/events.gpkg",
]


def _secrets(url: str) -> list[str]:
    """The passwords libpq reads from ``url``, as read and as they may be written (%-encoded)."""
    parsed = conninfo_to_dict(url)
    values = [parsed[k] for k in ("password", "sslpassword") if parsed.get(k)]
    return values + [quote(v, safe="") for v in values]


@pytest.mark.parametrize("url", WITH_PASSWORD)
def test_every_password_libpq_reads_is_masked(url: str) -> None:
    secrets = _secrets(url)
    assert secrets, f"libpq reads no password from {url}"  # the case is what it claims to be
    shown = redact_url(url)
    assert "***" in shown
    assert not [s for s in secrets if s in shown], shown
    # What else libpq reads (host, port, database) is still there to read.
    parsed = conninfo_to_dict(url)
    assert parsed.get("dbname", "") in shown
    # (A host libpq reads with an '@' in it is the rest of a password typed unencoded: masked too.)
    assert all(host in shown for host in parsed.get("host", "").split(",") if not host.startswith("/") and "@" not in host)


@pytest.mark.parametrize("url", WITHOUT_PASSWORD)
def test_an_address_without_a_password_is_shown_as_it_is(url: str) -> None:
    if "://" in url:
        assert not conninfo_to_dict(url).get("password")
    assert redact_url(url) == url

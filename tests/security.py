"""What every response must say to the browser about what it may do (docs/deployment.md)."""

FEATURES_DENIED = ("camera", "microphone", "geolocation", "payment", "usb")


def directives(header):
    """{directive: [sources]} of a Content-Security-Policy header."""
    found = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


def assert_security_headers(response, where=""):
    """The response carries our Content-Security-Policy (scripts from this site only:
    no inline script, no eval) and a Permissions-Policy denying the sensitive features."""
    where = where or getattr(response, "url", "") or ""
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {where}"
    policy = directives(header)
    assert policy.get("default-src") == ["'self'"], (where, header)
    assert policy.get("script-src") == ["'self'"], (where, header)
    assert policy.get("style-src") == ["'self'"], (where, header)
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header, (where, header)
    assert policy.get("object-src") == ["'none'"], (where, header)
    assert policy.get("base-uri") == ["'none'"], (where, header)
    assert policy.get("frame-ancestors") == ["'none'"], (where, header)
    assert policy.get("form-action") == ["'self'"], (where, header)
    permissions = response.get("Permissions-Policy")
    assert permissions, f"no Permissions-Policy on {where}"
    for feature in FEATURES_DENIED:
        assert f"{feature}=()" in permissions, (where, permissions)

import pytest


@pytest.mark.browser
def test_probe(page, live_server):
    u = live_server.url
    page.on("response", lambda r: print(r.status, r.url))
    page.goto(u + "/")
    import urllib.request

    try:
        print(urllib.request.urlopen(u + "/static/css/maillage.css").status)
    except Exception as e:
        print("ERR", e)

from django.urls import path, re_path

from . import views_contact

# Included by urls.py inside the "consultations" namespace.
G = "collectifs/<slug:slug>/groupes/<int:pk>/"

urlpatterns = [
    # A participant without an account: the address left to be told when a round opens.
    path(G + "prevenir/", views_contact.contact, name="contact"),
    path(G + "prevenir/retirer/", views_contact.forget_contact, name="forget_contact"),
    # Their personal return link and its QR code, and the link itself (signed, see
    # services_contact.return_key: base64 letters, digits, "-", "_" and ":" only).
    path(G + "revenir/", views_contact.my_link, name="my_link"),
    path(G + "revenir/nouveau/", views_contact.renew_link, name="renew_link"),
    # In every e-mail sent to an address: stop them (services_contact.stop_key).
    re_path(
        r"^ne-plus-prevenir/(?P<key>[-A-Za-z0-9_:]{1,500})/$",
        views_contact.stop_emails,
        name="stop_emails",
    ),
    re_path(
        r"^revenir/(?P<key>[-A-Za-z0-9_:]{1,500})/$",
        views_contact.come_back,
        name="come_back",
    ),
]

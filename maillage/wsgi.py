import os

from django.core.wsgi import get_wsgi_application

from maillage.core.startup import settle

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings.production")
application = get_wsgi_application()
# Start-up's objects out of the garbage collector's full passes (see core/startup.py).
settle()

"""Work streams, and each project's page with the forms that change it.

Views read; every change goes through services.py. The project's page shows the
project; its forms ("add a milestone", "add a need"…) each have their own page (GET),
which the page's disclosures load on demand (htmx) or link to (without JavaScript).
A form posted with a mistake comes back on the project's page, open, with what was
typed and the service's message.

Split by subject: ``views_project.py`` (the project's page, the project itself),
``views_parts.py`` (the forms the page opens), ``views_streams.py`` (work streams);
every view is re-exported here, so the URLs and callers keep using ``views.*``.
"""

from .views_parts import (  # noqa: F401 - re-exported: URLs and callers use views.*
    comment_add,
    comment_archive,
    link_add,
    link_archive,
    milestone_add,
    milestone_archive,
    milestone_reach,
    need_add,
    need_close,
    need_volunteer,
    project_action_add,
    signup_withdraw,
)
from .views_project import (  # noqa: F401
    CHANGE,
    COMMENT,
    HISTORY_SHOWN,
    NEXT_ACTIONS,
    PARTS,
    project_archive,
    project_create,
    project_detail,
    project_edit,
    project_progress,
    project_status,
)
from .views_streams import (  # noqa: F401
    work_stream_add,
    work_stream_archive,
    work_stream_edit,
)

from django.http import HttpResponse


def _todo(request, *args, **kwargs):  # replaced by the setting-up views
    return HttpResponse(status=501)


join = consultation_list = create = detail = edit = questions = question_edit = _todo
groups = grid = grid_code_edit = publish = close = group_facilitators = _todo

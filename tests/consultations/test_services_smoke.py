def test_workshop_fixture_builds(workshop):
    assert workshop.consultation.questions.count() == 3
    assert workshop.group.notes.count() == 3

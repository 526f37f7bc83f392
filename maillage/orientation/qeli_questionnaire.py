"""Geneva's cantonal benefits in the questionnaire (filled when the Qeli package lands)."""


def applies(collective) -> bool:
    return False


class QeliPart:
    def __init__(self, flow):
        self.flow = flow

    def facts(self):
        return {}

    def next_question(self):
        return None

    def question(self, key):
        return None

    def outcomes(self, language):
        return []

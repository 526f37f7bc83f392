"""After the café: outcomes, follow-up requests, sessions and obstacles."""


def send_follow_ups(now=None):
    return 0

class SynthesisInputError(Exception):
    """Input the engine cannot use: the message says what is wrong and how to fix it.

    The command line prints the message and exits with status 2, never a traceback.
    """

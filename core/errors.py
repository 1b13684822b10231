class TransitionError(Exception):
    """A state change that did not happen. The message is for the user, in Chinese."""

    def __init__(self, message: str):
        super().__init__(str(message))
        self.message = str(message)


class TransitionDenied(TransitionError):
    pass


class TransitionNotAllowed(TransitionError):
    pass


class TransitionConflict(TransitionError):
    pass


class InvalidInput(TransitionError):
    pass

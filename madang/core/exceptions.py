from django.http import Http404


class NotFound(Http404):
    """A 404 whose message is written for the person (Korean, translatable) and shown to them."""


class DomainError(Exception):
    """A domain rule refused the change. The message is shown to the person (Korean).

    `code` says what kind of refusal it is: "forbidden" (403), "not_found" (404), "conflict" or
    "duplicate_*" (409), "rate_limited" (429), anything else (400).
    """

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code

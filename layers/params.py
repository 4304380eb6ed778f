"""Every feed checks its query parameters strictly, so that a typo is a 400 and not a silently ignored filter."""


def unknown_parameters(given, accepted) -> str | None:
    """The message naming the parameters of `given` that are not `accepted`, or None when every one is; each feed
    answers it in its own format."""
    unknown = sorted(set(given) - set(accepted))
    if not unknown:
        return None
    return f"Paramètre(s) inconnu(s) : {', '.join(unknown)}. Acceptés : {', '.join(sorted(accepted))}."

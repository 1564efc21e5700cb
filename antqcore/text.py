"""Text helpers every app shares."""

from unidecode import unidecode


def search_key(text: str) -> str:
    """Lower-case ASCII form, so that "viet yen" finds "Việt Yên"."""
    return " ".join(unidecode(text or "").lower().split())

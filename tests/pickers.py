"""Browser tests' hand on a searchable picker (static/js/pickers.js, Tom Select)."""


def pick(page, select_id: str, typed: str, choice: str) -> list[str]:
    """Type `typed` into the picker of <select id=select_id>, wait for the server's answer and choose the option that
    starts with `choice`; returns the options that were offered."""
    control = page.locator(f"#{select_id}-ts-control")
    control.click()
    control.fill(typed)
    dropdown = page.locator(f"#{select_id}-ts-dropdown")
    option = dropdown.locator(".option", has_text=choice).first
    option.wait_for()
    offered = dropdown.locator(".option").all_inner_texts()
    option.click()
    return offered

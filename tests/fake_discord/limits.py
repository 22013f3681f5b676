"""The checks Discord makes on what a bot sends, so the fake rejects what Discord would reject.

Each check returns form errors keyed by a dotted path ("embeds.0.description"); an empty dict
means the payload is fine. `invalid_form_body` turns them into Discord's 400 response body.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

FormErrors = dict[str, list[str]]

MESSAGE_CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_LIMITS = {"title": 256, "description": 4096}
EMBED_FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_TEXT_MAX = 2048
AUTHOR_NAME_MAX = 256
ACTION_ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
ALLOWED_PARSE = {"users", "roles", "everyone"}
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
COMMAND_NAME_MAX = 32
COMMAND_DESCRIPTION_MAX = 100
OPTIONS_MAX = 25
CHAT_INPUT_COMMANDS_MAX = 100
CONTEXT_MENUS_MAX = 5


def invalid_form_body(errors: FormErrors) -> dict[str, Any]:
    """Discord's 50035 body: errors nested by path, each leaf a list under `_errors`."""
    nested: dict[str, Any] = {}
    for path, messages in errors.items():
        node = nested
        for part in path.split("."):
            node = node.setdefault(part, {})
        node["_errors"] = [{"code": "BASE_TYPE_INVALID", "message": text} for text in messages]
    return {"code": 50035, "message": "Invalid Form Body", "errors": nested}


def _add(errors: FormErrors, path: str, message: str) -> None:
    errors.setdefault(path, []).append(message)


def _text_length(errors: FormErrors, path: str, value: object, maximum: int) -> int:
    if value is None:
        return 0
    if not isinstance(value, str):
        _add(errors, path, "Must be a string.")
        return 0
    if len(value) > maximum:
        _add(errors, path, f"Must be {maximum} or fewer in length.")
    return len(value)


def check_embed(errors: FormErrors, path: str, embed: Mapping[str, Any]) -> int:
    """Checks one embed; returns the characters it counts towards the 6,000 total."""
    total = 0
    for key, maximum in EMBED_LIMITS.items():
        total += _text_length(errors, f"{path}.{key}", embed.get(key), maximum)
    fields = embed.get("fields") or []
    if len(fields) > EMBED_FIELDS_MAX:
        _add(errors, f"{path}.fields", f"Must be {EMBED_FIELDS_MAX} or fewer in length.")
    for index, field in enumerate(fields):
        for key, maximum in (("name", FIELD_NAME_MAX), ("value", FIELD_VALUE_MAX)):
            value = field.get(key)
            if not value:
                _add(errors, f"{path}.fields.{index}.{key}", "This field is required")
            total += _text_length(errors, f"{path}.fields.{index}.{key}", value, maximum)
    footer = embed.get("footer") or {}
    total += _text_length(errors, f"{path}.footer.text", footer.get("text"), FOOTER_TEXT_MAX)
    author = embed.get("author") or {}
    total += _text_length(errors, f"{path}.author.name", author.get("name"), AUTHOR_NAME_MAX)
    return total


def check_components(errors: FormErrors, rows: Sequence[Mapping[str, Any]]) -> None:
    if len(rows) > ACTION_ROWS_MAX:
        _add(errors, "components", f"Must be {ACTION_ROWS_MAX} or fewer in length.")
    seen: set[str] = set()
    for row_index, row in enumerate(rows):
        path = f"components.{row_index}"
        if row.get("type") != 1:
            _add(errors, f"{path}.type", "Top-level components must be action rows.")
            continue
        children = row.get("components") or []
        if not 1 <= len(children) <= BUTTONS_PER_ROW_MAX:
            _add(errors, f"{path}.components", "An action row holds 1 to 5 buttons.")
        for index, child in enumerate(children):
            child_path = f"{path}.components.{index}"
            if child.get("type") != 2:
                continue  # selects and others are not checked
            _text_length(errors, f"{child_path}.label", child.get("label"), BUTTON_LABEL_MAX)
            if child.get("style") == 5:
                if not child.get("url") or child.get("custom_id"):
                    _add(errors, child_path, "Link buttons need a url and no custom_id.")
                continue
            custom_id = child.get("custom_id")
            if not custom_id:
                _add(errors, f"{child_path}.custom_id", "This field is required")
                continue
            _text_length(errors, f"{child_path}.custom_id", custom_id, CUSTOM_ID_MAX)
            if custom_id in seen:
                _add(errors, f"{child_path}.custom_id", "Component custom id cannot be duplicated")
            seen.add(custom_id)
            if not child.get("label") and not child.get("emoji"):
                _add(errors, child_path, "A button needs a label or an emoji.")


def check_allowed_mentions(errors: FormErrors, allowed: Mapping[str, Any]) -> None:
    parse = allowed.get("parse", [])
    unknown = set(parse) - ALLOWED_PARSE
    if unknown:
        _add(errors, "allowed_mentions.parse", f"Unknown values: {sorted(unknown)}")
    for kind in ("users", "roles"):
        if kind in parse and allowed.get(kind):
            _add(
                errors,
                f"allowed_mentions.{kind}",
                f"parse:[{kind}] and {kind}: [ids] are mutually exclusive.",
            )


def check_message(body: Mapping[str, Any], *, creating: bool) -> FormErrors:
    """A message to create (or, with creating=False, the changes of an edit)."""
    errors: FormErrors = {}
    content = body.get("content")
    _text_length(errors, "content", content, MESSAGE_CONTENT_MAX)
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        _add(errors, "embeds", f"Must be {EMBEDS_MAX} or fewer in length.")
    total = sum(check_embed(errors, f"embeds.{i}", embed) for i, embed in enumerate(embeds))
    if total > EMBED_TOTAL_MAX:
        _add(errors, "embeds", f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}")
    check_components(errors, body.get("components") or [])
    allowed = body.get("allowed_mentions")
    if allowed is not None:
        check_allowed_mentions(errors, allowed)
    if creating and not (
        content or embeds or body.get("components") or body.get("attachments") or body.get("poll")
    ):
        _add(errors, "content", "Cannot send an empty message")
    return errors


def check_choices(choices: Sequence[Mapping[str, Any]]) -> FormErrors:
    """The data of an autocomplete result (callback type 8)."""
    errors: FormErrors = {}
    if len(choices) > CHOICES_MAX:
        _add(errors, "data.choices", f"Must be {CHOICES_MAX} or fewer in length.")
    for index, choice in enumerate(choices):
        path = f"data.choices.{index}"
        name = choice.get("name")
        if not name:
            _add(errors, f"{path}.name", "This field is required")
        _text_length(errors, f"{path}.name", name, CHOICE_NAME_MAX)
        value = choice.get("value")
        if isinstance(value, str):
            _text_length(errors, f"{path}.value", value, CHOICE_VALUE_MAX)
        elif not isinstance(value, int | float) or isinstance(value, bool):
            _add(errors, f"{path}.value", "Must be a string or a number.")
    return errors


def _is_chat_input_name(name: str) -> bool:
    return (
        0 < len(name) <= COMMAND_NAME_MAX
        and name == name.lower()
        and all(char.isalnum() or char in "-_'" for char in name)
    )


def _check_options(errors: FormErrors, path: str, options: Sequence[Mapping[str, Any]]) -> None:
    if len(options) > OPTIONS_MAX:
        _add(errors, path, f"Must be {OPTIONS_MAX} or fewer in length.")
    optional_seen = False
    names: set[str] = set()
    for index, option in enumerate(options):
        option_path = f"{path}.{index}"
        name = str(option.get("name", ""))
        if not _is_chat_input_name(name):
            _add(errors, f"{option_path}.name", f"Invalid option name {name!r}.")
        if name in names:
            _add(errors, f"{option_path}.name", f"Duplicate option name {name!r}.")
        names.add(name)
        description = option.get("description") or ""
        if not 0 < len(description) <= COMMAND_DESCRIPTION_MAX:
            _add(errors, f"{option_path}.description", "Must be 1 to 100 characters.")
        if option.get("required"):
            if optional_seen:
                _add(errors, f"{option_path}.required", "Required options must come first.")
        else:
            optional_seen = True
        choices = option.get("choices") or []
        if choices and option.get("autocomplete"):
            _add(errors, f"{option_path}.autocomplete", "Cannot have choices and autocomplete.")
        for key, value in check_choices(choices).items():
            errors.setdefault(f"{option_path}.{key.removeprefix('data.')}", []).extend(value)


def check_commands(commands: Sequence[Mapping[str, Any]]) -> FormErrors:
    """A bulk overwrite (PUT) of application commands."""
    errors: FormErrors = {}
    seen: set[tuple[int, str]] = set()
    counts: dict[int, int] = {}
    for index, command in enumerate(commands):
        path = str(index)
        kind = int(command.get("type", 1))
        name = str(command.get("name", ""))
        counts[kind] = counts.get(kind, 0) + 1
        if (kind, name) in seen:
            _add(errors, f"{path}.name", f"Application command names must be unique: {name!r}")
        seen.add((kind, name))
        if kind == 1:
            if not _is_chat_input_name(name):
                _add(errors, f"{path}.name", f"Invalid chat input command name {name!r}.")
            description = command.get("description") or ""
            if not 0 < len(description) <= COMMAND_DESCRIPTION_MAX:
                _add(errors, f"{path}.description", "Must be 1 to 100 characters.")
            _check_options(errors, f"{path}.options", command.get("options") or [])
        else:
            if not 0 < len(name) <= COMMAND_NAME_MAX:
                _add(errors, f"{path}.name", "Must be 1 to 32 characters.")
            if command.get("description"):
                _add(errors, f"{path}.description", "Context menu commands have no description.")
            if command.get("options"):
                _add(errors, f"{path}.options", "Context menu commands have no options.")
    if counts.get(1, 0) > CHAT_INPUT_COMMANDS_MAX:
        _add(errors, "_", f"At most {CHAT_INPUT_COMMANDS_MAX} chat input commands.")
    for kind in (2, 3):
        if counts.get(kind, 0) > CONTEXT_MENUS_MAX:
            _add(errors, "_", f"At most {CONTEXT_MENUS_MAX} context menus of type {kind}.")
    return errors

"""The checks Discord makes on what a bot sends, so the fake rejects what Discord would reject
(README.md in this folder gives the documentation's page for each).

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
SELECT_OPTIONS_MAX = 25
PLACEHOLDER_MAX = 150
ALLOWED_PARSE = {"users", "roles", "everyone"}
CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_VALUE_MAX = 100
COMMAND_NAME_MAX = 32
COMMAND_DESCRIPTION_MAX = 100
OPTIONS_MAX = 25
CHAT_INPUT_COMMANDS_MAX = 100
COMMAND_CHARACTERS_MAX = 8000
STRING_LENGTH_MAX = 6000  # an option's min_length and max_length
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
            if not isinstance(value, str) or not value.strip():  # blank counts as missing
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
            if child.get("type") == 3:
                _check_select(errors, child_path, child, seen)
                continue
            if child.get("type") != 2:
                continue  # other selects are not checked
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


def _check_select(errors: FormErrors, path: str, select: Mapping[str, Any], seen: set[str]) -> None:
    """A string select: its custom_id, placeholder and 1 to 25 options of 100 characters."""
    custom_id = select.get("custom_id")
    if not custom_id:
        _add(errors, f"{path}.custom_id", "This field is required")
    else:
        _text_length(errors, f"{path}.custom_id", custom_id, CUSTOM_ID_MAX)
        if custom_id in seen:
            _add(errors, f"{path}.custom_id", "Component custom id cannot be duplicated")
        seen.add(custom_id)
    _text_length(errors, f"{path}.placeholder", select.get("placeholder"), PLACEHOLDER_MAX)
    options = select.get("options") or []
    if not 1 <= len(options) <= SELECT_OPTIONS_MAX:
        _add(errors, f"{path}.options", f"Must be between 1 and {SELECT_OPTIONS_MAX} in length.")
    for index, option in enumerate(options):
        for key in ("label", "value", "description"):
            _text_length(errors, f"{path}.options.{index}.{key}", option.get(key), 100)


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


SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
VALUE_TYPES_WITH_CHOICES = {3, 4, 10}  # string, integer, number
STRING = 3


def _check_options(
    errors: FormErrors, path: str, options: Sequence[Mapping[str, Any]], parent: str
) -> None:
    """The options of a command, a subcommand group or a subcommand (`parent`): subcommand
    groups only in a command and holding subcommands only, subcommands not beside other options
    and holding none, at most 25 at each level, each named and described."""
    if len(options) > OPTIONS_MAX:
        _add(errors, path, f"Must be {OPTIONS_MAX} or fewer in length.")
    kinds = [int(option.get("type", 0)) for option in options]
    nested = [kind for kind in kinds if kind in (SUB_COMMAND, SUB_COMMAND_GROUP)]
    if nested and len(nested) != len(kinds):
        _add(
            errors,
            path,
            "Sub-command and sub-command group option types are mutually exclusive to all "
            "other types",
        )
    if parent == "group" and any(kind != SUB_COMMAND for kind in kinds):
        _add(errors, path, "A sub-command group holds sub-commands only.")
    if parent == "subcommand" and nested:
        _add(errors, path, "A sub-command cannot hold sub-commands or groups.")
    optional_seen = False
    names: set[str] = set()
    for index, (option, kind) in enumerate(zip(options, kinds, strict=True)):
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
        if kind == SUB_COMMAND_GROUP:
            if parent != "command":
                _add(errors, f"{option_path}.type", "Sub-command groups nest one level only.")
            _check_options(errors, f"{option_path}.options", option.get("options") or [], "group")
            continue
        if kind == SUB_COMMAND:
            _check_options(
                errors, f"{option_path}.options", option.get("options") or [], "subcommand"
            )
            continue
        if option.get("required"):
            if optional_seen:
                _add(errors, f"{option_path}.required", "Required options must come first.")
        else:
            optional_seen = True
        _check_value_option(errors, option_path, option, kind)


def _check_value_option(
    errors: FormErrors, path: str, option: Mapping[str, Any], kind: int
) -> None:
    """Choices, autocomplete and lengths of an option that takes a value."""
    choices = option.get("choices") or []
    if (choices or option.get("autocomplete")) and kind not in VALUE_TYPES_WITH_CHOICES:
        _add(errors, path, "Only string, integer and number options take choices or autocomplete.")
    if choices and option.get("autocomplete"):
        _add(errors, f"{path}.autocomplete", "Cannot have choices and autocomplete.")
    for key, value in check_choices(choices).items():
        errors.setdefault(f"{path}.{key.removeprefix('data.')}", []).extend(value)
    for key, low in (("min_length", 0), ("max_length", 1)):
        if key not in option:
            continue
        length = option[key]
        if kind != STRING:
            _add(errors, f"{path}.{key}", "Only string options have a length.")
        elif not isinstance(length, int) or not low <= length <= STRING_LENGTH_MAX:
            _add(errors, f"{path}.{key}", f"Must be between {low} and {STRING_LENGTH_MAX}.")
    low, high = option.get("min_length"), option.get("max_length")
    if isinstance(low, int) and isinstance(high, int) and low > high:
        _add(errors, f"{path}.min_length", "Must be at most max_length.")


def command_characters(command: Mapping[str, Any]) -> int:
    """What counts towards a slash command's 8,000 characters: the names, descriptions and
    choice names and values of the command, its options, subcommands and groups."""
    total = len(str(command.get("name", ""))) + len(str(command.get("description") or ""))
    for choice in command.get("choices") or []:
        total += len(str(choice.get("name", ""))) + len(str(choice.get("value", "")))
    return total + sum(command_characters(option) for option in command.get("options") or [])


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
            _check_options(errors, f"{path}.options", command.get("options") or [], "command")
            if command_characters(command) > COMMAND_CHARACTERS_MAX:
                _add(
                    errors,
                    path,
                    f"Command exceeds maximum size ({COMMAND_CHARACTERS_MAX} characters)",
                )
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

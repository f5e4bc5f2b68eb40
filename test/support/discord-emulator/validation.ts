/**
 * Validation of request bodies with Discord's documented limits, answered the
 * way Discord answers them (HTTP 400, code 50035 "Invalid Form Body" with an
 * `errors` tree, or 50006 for empty messages), so a bot that would be
 * rejected by the real API is rejected here too.
 */
import type { JsonObject } from './state.ts';

export interface ApiError {
  status: number;
  body: JsonObject;
}

type ErrorTree = { [key: string]: ErrorTree | { code: string; message: string }[] };

class FormErrors {
  readonly tree: ErrorTree = {};
  count = 0;

  add(path: (string | number)[], code: string, message: string): void {
    let node: ErrorTree = this.tree;
    for (const key of path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as ErrorTree;
    }
    const list = ((node._errors as { code: string; message: string }[] | undefined) ??= []);
    list.push({ code, message });
    this.count++;
  }

  result(): ApiError | null {
    if (this.count === 0) return null;
    return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: this.tree } };
  }
}

function maxLength(errors: FormErrors, path: (string | number)[], value: unknown, max: number, min = 0): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return;
  }
  if (value.length > max) errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  if (value.length < min) errors.add(path, 'BASE_TYPE_MIN_LENGTH', `Must be ${min} or more in length.`);
}

export interface MessageValidationOptions {
  /** true when creating (a message must not be empty); false for edits. */
  create: boolean;
  /** Number of files uploaded with the request. */
  fileCount: number;
}

/** Validates a create/edit message body (content, embeds, components, allowed_mentions). */
export function validateMessageBody(body: JsonObject, opts: MessageValidationOptions): ApiError | null {
  const errors = new FormErrors();
  maxLength(errors, ['content'], body.content, 2000);

  const embeds = body.embeds;
  if (embeds !== undefined && embeds !== null) {
    if (!Array.isArray(embeds)) errors.add(['embeds'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    else {
      if (embeds.length > 10) errors.add(['embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
      let total = 0;
      embeds.forEach((embed: JsonObject, i: number) => {
        const p = ['embeds', i];
        maxLength(errors, [...p, 'title'], embed.title, 256);
        maxLength(errors, [...p, 'description'], embed.description, 4096);
        maxLength(errors, [...p, 'footer', 'text'], embed.footer?.text, 2048);
        maxLength(errors, [...p, 'author', 'name'], embed.author?.name, 256);
        total += strLen(embed.title) + strLen(embed.description) + strLen(embed.footer?.text) + strLen(embed.author?.name);
        const fields = embed.fields;
        if (Array.isArray(fields)) {
          if (fields.length > 25) errors.add([...p, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
          fields.forEach((field: JsonObject, j: number) => {
            if (typeof field.name !== 'string' || field.name.length === 0)
              errors.add([...p, 'fields', j, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
            if (typeof field.value !== 'string' || field.value.length === 0)
              errors.add([...p, 'fields', j, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
            maxLength(errors, [...p, 'fields', j, 'name'], field.name, 256);
            maxLength(errors, [...p, 'fields', j, 'value'], field.value, 1024);
            total += strLen(field.name) + strLen(field.value);
          });
        }
        if (embed.url !== undefined && embed.url !== null && !/^(https?|attachment):\/\//.test(String(embed.url)))
          errors.add([...p, 'url'], 'URL_TYPE_INVALID_URL', 'Not a well formed URL.');
      });
      if (total > 6000) errors.add(['embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
    }
  }

  validateComponents(errors, body.components, Number(body.flags ?? 0));

  const allowed = body.allowed_mentions;
  if (allowed && typeof allowed === 'object') {
    const parse: unknown[] = Array.isArray(allowed.parse) ? allowed.parse : [];
    if (parse.includes('users') && Array.isArray(allowed.users) && allowed.users.length > 0)
      errors.add(['allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', 'parse:["users"] and users: [ids...] are mutually exclusive.');
    if (parse.includes('roles') && Array.isArray(allowed.roles) && allowed.roles.length > 0)
      errors.add(['allowed_mentions'], 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', 'parse:["roles"] and roles: [ids...] are mutually exclusive.');
  }

  const formError = errors.result();
  if (formError) return formError;

  if (opts.create) {
    const hasContent = typeof body.content === 'string' && body.content.length > 0;
    const hasEmbeds = Array.isArray(body.embeds) && body.embeds.length > 0;
    const hasComponents = Array.isArray(body.components) && body.components.length > 0;
    const hasOther = Boolean(body.sticker_ids?.length || body.poll || opts.fileCount > 0 || body.attachments?.length);
    if (!hasContent && !hasEmbeds && !hasComponents && !hasOther)
      return { status: 400, body: { code: 50006, message: 'Cannot send an empty message' } };
  }
  return null;
}

function strLen(value: unknown): number {
  return typeof value === 'string' ? value.length : 0;
}

const IS_COMPONENTS_V2 = 1 << 15;

function validateComponents(errors: FormErrors, components: unknown, flags: number): void {
  if (components === undefined || components === null) return;
  if (!Array.isArray(components)) {
    errors.add(['components'], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (flags & IS_COMPONENTS_V2) return; // Components v2 layouts: not validated here.
  if (components.length > 5) errors.add(['components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const customIds = new Set<string>();
  components.forEach((row: JsonObject, i: number) => {
    if (row?.type !== 1) {
      errors.add(['components', i, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      return;
    }
    const children: JsonObject[] = Array.isArray(row.components) ? row.components : [];
    if (children.length === 0 || children.length > 5)
      errors.add(['components', i, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    // A select menu takes a whole action row.
    if (children.length > 1 && children.some((child) => SELECT_TYPES.has(child.type as number)))
      errors.add(['components', i, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    children.forEach((child, j) => {
      const p = ['components', i, 'components', j];
      if (child.type === 2) {
        maxLength(errors, [...p, 'label'], child.label, 80);
        const isLink = child.style === 5;
        const isPremium = child.style === 6;
        if (isLink) {
          if (typeof child.url !== 'string') errors.add([...p, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
        } else if (!isPremium) {
          if (typeof child.custom_id !== 'string') errors.add([...p, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        }
        if (!isPremium && child.label === undefined && child.emoji === undefined)
          errors.add([...p], 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A button must have a label or an emoji.');
      }
      if (SELECT_TYPES.has(child.type as number)) validateSelect(errors, p, child);
      if (typeof child.custom_id === 'string') {
        maxLength(errors, [...p, 'custom_id'], child.custom_id, 100, 1);
        if (customIds.has(child.custom_id))
          errors.add([...p, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
        customIds.add(child.custom_id);
      }
    });
  });
}

/** Select menus: 3 string, 5 user, 6 role, 7 mentionable, 8 channel. */
const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

/** A select menu's fields, with Discord's documented limits (string selects carry their options). */
function validateSelect(errors: FormErrors, path: (string | number)[], select: JsonObject): void {
  if (typeof select.custom_id !== 'string') errors.add([...path, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
  maxLength(errors, [...path, 'placeholder'], select.placeholder, 150);
  const min = (select.min_values as number | undefined) ?? 1;
  const max = (select.max_values as number | undefined) ?? 1;
  if (!Number.isInteger(min) || min < 0 || min > 25) errors.add([...path, 'min_values'], 'NUMBER_TYPE_MAX', 'int value should be between 0 and 25.');
  if (!Number.isInteger(max) || max < 1 || max > 25) errors.add([...path, 'max_values'], 'NUMBER_TYPE_MAX', 'int value should be between 1 and 25.');
  if (select.type !== 3) return;
  const options: JsonObject[] = Array.isArray(select.options) ? select.options : [];
  if (options.length === 0 || options.length > 25) errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 25 in length.');
  if (max > options.length) errors.add([...path, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_EXCEEDS_OPTIONS', 'max_values must be less than or equal to the number of options.');
  const values = new Set<string>();
  options.forEach((option, j) => {
    const o = [...path, 'options', j];
    if (typeof option.label !== 'string' || option.label.length === 0) errors.add([...o, 'label'], 'BASE_TYPE_REQUIRED', 'This field is required');
    if (typeof option.value !== 'string' || option.value.length === 0) errors.add([...o, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
    maxLength(errors, [...o, 'label'], option.label, 100);
    maxLength(errors, [...o, 'value'], option.value, 100);
    maxLength(errors, [...o, 'description'], option.description, 100);
    if (typeof option.value === 'string') {
      if (values.has(option.value)) errors.add([...o, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'Option values must be unique');
      values.add(option.value);
    }
  });
}

/** Validates type 8 (autocomplete result) callback data. */
export function validateAutocompleteData(data: JsonObject | undefined): ApiError | null {
  const errors = new FormErrors();
  const choices = data?.choices;
  if (!Array.isArray(choices)) errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
  else {
    if (choices.length > 25) errors.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    choices.forEach((choice: JsonObject, i: number) => {
      maxLength(errors, ['data', 'choices', i, 'name'], choice?.name, 100, 1);
      if (typeof choice?.value === 'string') maxLength(errors, ['data', 'choices', i, 'value'], choice.value, 100);
      else if (typeof choice?.value !== 'number')
        errors.add(['data', 'choices', i, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
    });
  }
  return errors.result();
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Validates one application command definition (create/overwrite). */
export function validateCommand(command: JsonObject, errors: FormErrors = new FormErrors(), prefix: (string | number)[] = []): ApiError | null {
  const type = command.type ?? 1;
  if (typeof command.name !== 'string' || !COMMAND_NAME.test(command.name))
    errors.add([...prefix, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  else if (type === 1 && command.name !== command.name.toLowerCase())
    errors.add([...prefix, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
  if (type === 1) maxLength(errors, [...prefix, 'description'], command.description ?? '', 100, 1);
  validateOptions(errors, command.options, [...prefix, 'options']);
  return errors.result();
}

function validateOptions(errors: FormErrors, options: unknown, path: (string | number)[]): void {
  if (options === undefined || options === null) return;
  if (!Array.isArray(options)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (options.length > 25) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  let sawOptional = false;
  const names = new Set<string>();
  options.forEach((option: JsonObject, i: number) => {
    const p = [...path, i];
    if (typeof option.name !== 'string' || !COMMAND_NAME.test(option.name) || option.name !== option.name.toLowerCase())
      errors.add([...p, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    else if (names.has(option.name))
      errors.add([...p, 'name'], 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option name already exists');
    else names.add(option.name);
    maxLength(errors, [...p, 'description'], option.description ?? '', 100, 1);
    if (option.required) {
      if (sawOptional)
        errors.add([...p, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    } else sawOptional = true;
    if (Array.isArray(option.choices)) {
      if (option.choices.length > 25) errors.add([...p, 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
      if (option.autocomplete)
        errors.add([...p, 'autocomplete'], 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID_CHOICES', 'Autocomplete cannot be set with choices');
    }
    if (option.type === 1 || option.type === 2) validateOptions(errors, option.options, [...p, 'options']);
  });
}

/** Validates a PUT (bulk overwrite) body. */
export function validateCommandList(body: unknown): ApiError | null {
  if (!Array.isArray(body)) return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: { _errors: [{ code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }] } } };
  const errors = new FormErrors();
  const seen = new Set<string>();
  body.forEach((command: JsonObject, i: number) => {
    validateCommand(command, errors, [i]);
    const key = `${command.type ?? 1}:${command.name}`;
    if (seen.has(key)) errors.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    seen.add(key);
  });
  return errors.result();
}

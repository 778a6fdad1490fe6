import { z } from 'zod';

/**
 * C0 and C1 control characters and DEL, NUL included. Written with escapes so that the OpenAPI
 * document's `pattern` reads the same in every regex dialect (ECMAScript, Python).
 */
const CONTROL_CHARACTERS = '\\u0000-\\u001f\\u007f-\\u009f';
const PRINTABLE = `[^${CONTROL_CHARACTERS}]`;

/** Any text without control characters. */
export const SAFE_TEXT_PATTERN = new RegExp(`^${PRINTABLE}*$`);
/** Text without control characters and with at least one character that is not a space. */
export const NON_BLANK_SAFE_TEXT_PATTERN = new RegExp(
  `^${PRINTABLE}*[^\\s${CONTROL_CHARACTERS}]${PRINTABLE}*$`,
);

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSAFE_TEXT_MESSAGE = 'must not contain control characters or unpaired surrogates';

/** False for text with a control character (NUL included) or an unpaired UTF-16 surrogate. */
export function isSafeText(value: string): boolean {
  return SAFE_TEXT_PATTERN.test(value) && !UNPAIRED_SURROGATE.test(value);
}

/**
 * A string the services can store and print: no control characters, no unpaired surrogates,
 * not blank unless `allowBlank`, at most `max` characters; normalised to NFC, so that text that
 * looks the same is the same. Every string of a request body goes through it.
 */
export function safeText(options: { max: number; min?: number; allowBlank?: boolean }) {
  const { max, min = options.allowBlank ? 0 : 1, allowBlank = false } = options;
  return z
    .string()
    .min(min, { abort: true })
    .max(max, { abort: true })
    .regex(
      allowBlank ? SAFE_TEXT_PATTERN : NON_BLANK_SAFE_TEXT_PATTERN,
      allowBlank
        ? 'must not contain control characters'
        : 'must not be blank or contain control characters',
    )
    .refine((value) => !UNPAIRED_SURROGATE.test(value), 'must not contain unpaired surrogates')
    .overwrite((value) => value.normalize('NFC'));
}

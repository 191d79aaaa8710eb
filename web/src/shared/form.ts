import { type GetInputPropsReturnType, schemaResolver, useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { fieldErrorText } from './field-errors';

/**
 * Every form: values held by `@mantine/form`, checked in the browser by a zod schema before anything
 * is sent, and the server's problem shown at the field it names. The schemas' messages are i18n
 * keys (`fieldError.*`, or `namespace:key` for a feature's own), translated where they are shown. The server stays the judge: it checks
 * everything again, and its field errors land on the same inputs (decision 0025).
 */
export const REQUIRED = 'fieldError.required';

// Zod compiles object schemas with `new Function` unless told not to; the app's Content Security
// Policy forbids eval (and reports the attempt), so it parses without that shortcut.
z.config({ jitless: true });

/** A text that must be filled in: trimmed, at least one character, at most `max`. */
export const filledText = (max: number) => z.string().trim().min(1, REQUIRED).max(max, 'fieldError.invalid');

/** A text that may stay empty: trimmed. */
export const optionalText = (max: number) => z.string().trim().max(max, 'fieldError.invalid');

export const emailAddress = z.string().trim().min(1, REQUIRED).pipe(z.email('fieldError.email'));

/** A text of at least `min` characters (after trimming when `trim`). */
export const atLeast = (min: number) => z.string().min(min, `fieldError.tooShort?min=${min}`);

/** A text of at least `min` characters after trimming (a reason, a description), at most `max`. */
export const trimmedAtLeast = (min: number, max: number) =>
  z.string().trim().min(min, `fieldError.tooShort?min=${min}`).max(max, 'fieldError.invalid');

/**
 * A text that may stay empty, and when filled must have the shape `check` accepts (a postcode, a
 * phone number, an IBAN); `message` says what is wrong.
 */
export const optionalShaped = (max: number, check: (value: string) => boolean, message: string) =>
  z
    .string()
    .trim()
    .max(max, 'fieldError.invalid')
    .refine((value) => value === '' || check(value), message);

/** A code someone types from an app or a list: spaces dropped, and one must be typed (`message`). */
export const typedCode = (message: string) =>
  z
    .string()
    .transform((value) => value.replaceAll(' ', ''))
    .pipe(z.string().min(1, message));

/**
 * A form where a new password is typed twice (`password` and `repeat`): a repeat that differs is
 * marked at the repeat. The length rule is the schema's own (`atLeast`).
 */
export const withRepeatedPassword = <Schema extends z.ZodType<{ password: string; repeat: string }>>(
  schema: Schema,
) =>
  schema.refine((values) => values.repeat === values.password, {
    path: ['repeat'],
    message: 'fieldError.passwordsDiffer',
  });

/**
 * A number input that must be filled in: '' (an emptied Mantine NumberInput) is "required"; `rules`
 * adds the number's own checks (`(n) => n.int().min(1, …)`).
 */
export const filledNumber = (rules: (number: z.ZodNumber) => z.ZodNumber = (number) => number) =>
  z.union([z.number(), z.literal('')]).pipe(rules(z.number(REQUIRED)));

/** A choice from `values` that starts unmade (null, e.g. a Select with nothing picked) and must be made. */
export const requiredChoice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .enum(values)
    .nullable()
    .transform((value, context) => {
      if (value !== null) return value;
      context.addIssue({ code: 'custom', message: REQUIRED });
      return z.NEVER;
    });

/** The keys the schemas use as messages (others are cast to it: i18next's types cannot follow them). */
type FieldErrorKey = 'fieldError.required' | 'fieldError.invalid' | 'fieldError.email';

/** Props for one input: Mantine's value or checked, its handlers, and the error as text. */
export type FieldProps = Omit<
  GetInputPropsReturnType,
  'error' | 'defaultValue' | 'defaultChecked' | 'value'
> & {
  value: GetInputPropsReturnType['value'];
  error: string | undefined;
};

/** A field: a top-level value, or one inside a list or object (`lines.0.description`). */
type FieldPath<Values> = (keyof Values & string) | `${keyof Values & string}.${string}`;

export function useSchemaForm<Schema extends z.ZodType<unknown, Record<string, unknown>>>(
  schema: Schema,
  initialValues: z.input<Schema>,
  serverError?: unknown,
  options: {
    /** Called after any value changed (e.g. to leave a preview that no longer matches). */
    onValuesChange?: (values: z.input<Schema>) => void;
  } = {},
) {
  const { t } = useTranslation();
  const form = useForm<z.input<Schema>>({
    mode: 'controlled',
    initialValues,
    validate: schemaResolver(schema, { sync: true }),
    ...(options.onValuesChange ? { onValuesChange: options.onValuesChange } : {}),
  });

  /** A schema message: an i18n key, with values for it after a `?` (`fieldError.tooShort?min=12`). */
  function translated(message: string): string {
    const [key = '', query = ''] = message.split('?');
    const translate = t as unknown as (key: FieldErrorKey, values: Record<string, string>) => string;
    return translate(key as FieldErrorKey, Object.fromEntries(new URLSearchParams(query)));
  }

  /**
   * An input's props with its error: the form's own check first, then what the server said of the
   * field (`apiField` when the API names it differently, e.g. price → priceCents; several when it may
   * name a part or the whole, e.g. consent.accepted or consent: the first it names).
   */
  function field(
    name: FieldPath<z.input<Schema>>,
    options: { apiField?: string | readonly string[]; checkbox?: boolean } = {},
  ): FieldProps {
    const { value, checked, onChange, onFocus, onBlur } = form.getInputProps(
      name,
      options.checkbox ? { type: 'checkbox' } : undefined,
    );
    const own = form.errors[name];
    return {
      ...(options.checkbox ? { checked, value: undefined } : { value }),
      onChange,
      onFocus,
      onBlur,
      error: own ? translated(String(own)) : serverText(options.apiField ?? name),
    };
  }

  function serverText(apiField: string | readonly string[]): string | undefined {
    for (const name of typeof apiField === 'string' ? [apiField] : apiField) {
      const text = fieldErrorText(t, serverError, name);
      if (text !== undefined) return text;
    }
    return undefined;
  }

  /** The form's own error at a nested path (`week.2.end`), as text; undefined when there is none. */
  function errorAt(path: string): string | undefined {
    const own = form.errors[path];
    return own ? translated(String(own)) : undefined;
  }

  /**
   * The submit handler: gets the checked, trimmed values, and only when the schema accepts them;
   * `onInvalid` hears which fields were refused (to put the cursor on the first, say).
   */
  function onSubmit(handler: (values: z.output<Schema>) => void, onInvalid?: (fields: string[]) => void) {
    return form.onSubmit(
      (values) => handler(schema.parse(values)),
      (errors) => onInvalid?.(Object.keys(errors)),
    );
  }

  return { form, field, errorAt, onSubmit };
}

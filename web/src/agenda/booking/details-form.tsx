import { Alert, Anchor, Button, Checkbox, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { z } from 'zod';
import { fieldErrorText } from '../../shared/field-errors';
import { emailAddress, filledText, optionalText, useSchemaForm } from '../../shared/form';
import classes from './booking.module.css';

const detailsSchema = z.object({
  firstName: filledText(100),
  lastName: filledText(100),
  email: emailAddress,
  phone: filledText(40),
  birthDate: optionalText(10),
  consent: z.boolean().refine((given) => given, 'agenda:booking.consentNeeded'),
  website: z.string(),
});

export type VisitorDetails = z.output<typeof detailsSchema>;

const EMPTY: z.input<typeof detailsSchema> = {
  firstName: '',
  lastName: '',
  email: '',
  phone: '',
  birthDate: '',
  consent: false,
  website: '',
};

const ORDER = ['firstName', 'lastName', 'email', 'phone', 'birthDate', 'consent'] as const;
type Field = (typeof ORDER)[number];

/** Name, e-mail, phone, optional date of birth and the consent (never ticked beforehand). */
export function DetailsForm({
  consentText,
  pending,
  error,
  onSubmit,
}: {
  consentText: string | undefined;
  pending: boolean;
  error: unknown;
  onSubmit: (details: VisitorDetails) => void;
}) {
  const { t } = useTranslation('agenda');
  const { t: common } = useTranslation();
  const { field, onSubmit: submit } = useSchemaForm(detailsSchema, EMPTY, error);
  const refs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});
  const focusFirst = (fields: readonly string[]) =>
    refs.current[ORDER.find((name) => fields.includes(name)) ?? 'firstName']?.focus();

  // After the server named a field, put the cursor there.
  useEffect(() => {
    const first = ORDER.find((name) => fieldErrorText(common, error, name) !== undefined);
    if (first) refs.current[first]?.focus();
  }, [error, common]);

  const text = (name: Exclude<Field, 'consent'>) => ({
    ref: (element: HTMLInputElement | null) => {
      refs.current[name] = element;
    },
    ...field(name),
  });

  return (
    <form onSubmit={submit(onSubmit, focusFirst)} noValidate aria-labelledby="booking-details-title">
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('booking.firstName')}
            required
            autoComplete="given-name"
            {...text('firstName')}
          />
          <TextInput
            label={t('booking.lastName')}
            required
            autoComplete="family-name"
            {...text('lastName')}
          />
          <TextInput
            label={t('booking.email')}
            description={t('booking.emailDescription')}
            required
            type="email"
            inputMode="email"
            autoComplete="email"
            {...text('email')}
          />
          <TextInput
            label={t('booking.phone')}
            required
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            {...text('phone')}
          />
          <TextInput
            label={t('booking.birthDate')}
            description={t('booking.birthDateDescription')}
            type="date"
            autoComplete="bday"
            max={new Date().toISOString().slice(0, 10)}
            {...text('birthDate')}
          />
        </SimpleGrid>
        <div className={classes.trap} aria-hidden="true">
          <label htmlFor="booking-website">{t('booking.trap')}</label>
          <input
            id="booking-website"
            name="website"
            type="text"
            tabIndex={-1}
            autoComplete="off"
            {...field('website')}
          />
        </div>
        <Checkbox
          ref={(element) => {
            refs.current.consent = element;
          }}
          {...field('consent', { checkbox: true })}
          label={consentText ?? t('booking.consentFallback')}
          description={
            <Anchor component={Link} to="/privacy" target="_blank" rel="noopener" size="sm">
              {t('booking.readStatement')}
            </Anchor>
          }
        />
        {ORDER.some((field) => fieldErrorText(common, error, field) !== undefined) && (
          <Alert color="red" variant="light" role="alert">
            {t('booking.checkFields')}
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          {t('booking.confirmHint')}
        </Text>
        <Button type="submit" size="md" loading={pending} fullWidth={false}>
          {t('booking.confirm')}
        </Button>
      </Stack>
    </form>
  );
}

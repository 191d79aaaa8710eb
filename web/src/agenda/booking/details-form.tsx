import { Alert, Anchor, Button, Checkbox, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldErrorText } from '../../shared/field-errors';
import classes from './booking.module.css';

export interface VisitorDetails {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  birthDate: string;
  consent: boolean;
  website: string;
}

const EMPTY: VisitorDetails = {
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
  const [values, setValues] = useState(EMPTY);
  const [missing, setMissing] = useState<Partial<Record<Field, boolean>>>({});
  const refs = useRef<Partial<Record<Field, HTMLInputElement | null>>>({});

  const errorOf = (field: Field): string | undefined => {
    if (missing[field]) {
      if (field === 'consent') return t('booking.consentNeeded');
      if (field === 'email') return common('fieldError.email');
      return common('fieldError.required');
    }
    return fieldErrorText(common, error, field);
  };

  // After the server named a field, put the cursor there.
  useEffect(() => {
    const first = ORDER.find((field) => fieldErrorText(common, error, field) !== undefined);
    if (first) refs.current[first]?.focus();
  }, [error, common]);

  const text = (field: Exclude<Field, 'consent'>) => ({
    ref: (element: HTMLInputElement | null) => {
      refs.current[field] = element;
    },
    value: values[field],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setValues((current) => ({ ...current, [field]: value }));
      setMissing((current) => ({ ...current, [field]: false }));
    },
    error: errorOf(field),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const now: Partial<Record<Field, boolean>> = {
      firstName: values.firstName.trim() === '',
      lastName: values.lastName.trim() === '',
      email: !/^\S+@\S+\.\S+$/.test(values.email.trim()),
      phone: values.phone.trim() === '',
      consent: !values.consent,
    };
    setMissing(now);
    const first = ORDER.find((field) => now[field]);
    if (first) {
      refs.current[first]?.focus();
      return;
    }
    onSubmit(values);
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="booking-details-title">
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
            value={values.website}
            onChange={(event) => {
              const website = event.currentTarget.value;
              setValues((current) => ({ ...current, website }));
            }}
          />
        </div>
        <Checkbox
          ref={(element) => {
            refs.current.consent = element;
          }}
          checked={values.consent}
          onChange={(event) => {
            const consent = event.currentTarget.checked;
            setValues((current) => ({ ...current, consent }));
            setMissing((current) => ({ ...current, consent: false }));
          }}
          label={consentText ?? t('booking.consentFallback')}
          description={
            <Anchor component={Link} to="/privacy" target="_blank" rel="noopener" size="sm">
              {t('booking.readStatement')}
            </Anchor>
          }
          error={errorOf('consent')}
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

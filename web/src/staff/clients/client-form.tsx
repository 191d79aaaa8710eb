import { Alert, Button, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { namesAnyField } from '../../shared/field-errors';
import { filledText, optionalText, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import type { Client } from './client-types';

const clientSchema = z.object({
  firstName: filledText(100),
  lastName: filledText(100),
  birthDate: z
    .string()
    .refine((date) => date === '' || date <= new Date().toISOString().slice(0, 10), 'fieldError.futureDate'),
  email: z
    .string()
    .trim()
    .refine((email) => email === '' || z.email().safeParse(email).success, 'fieldError.email'),
  phone: optionalText(30),
  street: optionalText(200),
  houseNumber: optionalText(20),
  postcode: optionalText(20),
  city: optionalText(100),
  country: optionalText(2),
  preferredLanguage: z.enum(['nl', 'en']),
});
type Values = z.output<typeof clientSchema>;

const TEXT_FIELDS = [
  'firstName',
  'lastName',
  'birthDate',
  'email',
  'phone',
  'street',
  'houseNumber',
  'postcode',
  'city',
  'country',
] as const;

function initialValues(client?: Client): z.input<typeof clientSchema> {
  return {
    firstName: client?.firstName ?? '',
    lastName: client?.lastName ?? '',
    birthDate: client?.birthDate ?? '',
    email: client?.email ?? '',
    phone: client?.phone ?? '',
    street: client?.street ?? '',
    houseNumber: client?.houseNumber ?? '',
    postcode: client?.postcode ?? '',
    city: client?.city ?? '',
    country: client?.country ?? 'NL',
    preferredLanguage: client?.preferredLanguage ?? 'nl',
  };
}

/** What the API takes: empty optional fields are left out (new) or cleared with null (edit). */
function toBody(values: Values, editing: boolean): Record<string, string | null> {
  const body: Record<string, string | null> = { preferredLanguage: values.preferredLanguage };
  for (const field of TEXT_FIELDS) {
    const value = values[field];
    if (field === 'country') {
      if (value) body.country = value.toUpperCase();
    } else if (value) body[field] = value;
    else if (editing && field !== 'firstName' && field !== 'lastName') body[field] = null;
  }
  return body;
}

interface ClientFormProps {
  client?: Client;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: Record<string, string | null>) => void;
  onCancel?: () => void;
}

/** The identity and contact fields of a client, with the server's field errors next to each input. */
export function ClientForm({ client, submitLabel, pending, error, onSubmit, onCancel }: ClientFormProps) {
  const { t } = useTranslation();
  const { field, onSubmit: submit } = useSchemaForm(clientSchema, initialValues(client), error);

  return (
    <form onSubmit={submit((values) => onSubmit(toBody(values, client !== undefined)))} noValidate>
      <Stack gap="sm">
        {error !== null && error !== undefined && (
          <Alert color="red" variant="light" role="alert" title={t('clients.saveFailed')}>
            {namesAnyField(error, [...TEXT_FIELDS, 'preferredLanguage'])
              ? t('clients.checkFields')
              : t(requestErrorKey(error))}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('clients.firstName')} required autoComplete="off" {...field('firstName')} />
          <TextInput label={t('clients.lastName')} required autoComplete="off" {...field('lastName')} />
          <TextInput label={t('clients.birthDate')} type="date" {...field('birthDate')} />
          <Select
            label={t('clients.preferredLanguage')}
            data={[
              { value: 'nl', label: 'Nederlands' },
              { value: 'en', label: 'English' },
            ]}
            {...field('preferredLanguage')}
            allowDeselect={false}
          />
          <TextInput
            label={t('clients.email')}
            type="email"
            inputMode="email"
            autoComplete="off"
            {...field('email')}
          />
          <TextInput
            label={t('clients.phone')}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            {...field('phone')}
          />
          <TextInput label={t('clients.street')} autoComplete="off" {...field('street')} />
          <TextInput label={t('clients.houseNumber')} autoComplete="off" {...field('houseNumber')} />
          <TextInput label={t('clients.postcode')} autoComplete="off" {...field('postcode')} />
          <TextInput label={t('clients.city')} autoComplete="off" {...field('city')} />
          <TextInput
            label={t('clients.country')}
            description={t('clients.countryDescription')}
            maxLength={2}
            autoComplete="off"
            {...field('country')}
          />
        </SimpleGrid>
        <Group gap="sm">
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}

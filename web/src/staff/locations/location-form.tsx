import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { namesAnyField } from '../../shared/field-errors';
import { filledText, optionalText, useSchemaForm } from '../../shared/form';
import { requestErrorKey } from '../../shared/request-error';
import type { Location } from './locations-query';

const FIELDS = ['name', 'street', 'houseNumber', 'postcode', 'city', 'phone', 'invoicePrefix', 'position'];

const locationSchema = z.object({
  name: filledText(200),
  street: optionalText(200),
  houseNumber: optionalText(20),
  postcode: optionalText(20),
  city: optionalText(100),
  phone: optionalText(40),
  invoicePrefix: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{0,10}$/, 'fieldError.invalid'),
  position: z.number().int().min(0, 'fieldError.invalid').max(10_000, 'fieldError.invalid'),
});

interface LocationFormProps {
  location?: Location;
  pending: boolean;
  error: unknown;
  onSubmit: (body: Record<string, unknown>) => void;
  onCancel: () => void;
}

/** A location's name, address, phone, invoice prefix and place in the lists. */
export function LocationForm({ location, pending, error, onSubmit, onCancel }: LocationFormProps) {
  const { t } = useTranslation(['locations', 'translation']);
  const { t: common } = useTranslation();
  const { field, onSubmit: submit } = useSchemaForm(
    locationSchema,
    {
      name: location?.name ?? '',
      street: location?.street ?? '',
      houseNumber: location?.houseNumber ?? '',
      postcode: location?.postcode ?? '',
      city: location?.city ?? '',
      phone: location?.phone ?? '',
      invoicePrefix: location?.invoicePrefix ?? '',
      position: location?.position ?? 0,
    },
    error,
  );
  return (
    <form
      onSubmit={submit((values) =>
        onSubmit({
          name: values.name,
          street: values.street || null,
          houseNumber: values.houseNumber || null,
          postcode: values.postcode || null,
          city: values.city || null,
          phone: values.phone || null,
          invoicePrefix: values.invoicePrefix || null,
          position: values.position,
        }),
      )}
      noValidate
    >
      <Stack gap="sm">
        {error !== null && error !== undefined && (
          <Alert color="red" variant="light" role="alert" title={t('saveFailed')}>
            {namesAnyField(error, FIELDS)
              ? t('translation:clients.checkFields')
              : common(requestErrorKey(error))}
          </Alert>
        )}
        <TextInput label={t('name')} required autoComplete="off" {...field('name')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('street')} autoComplete="off" {...field('street')} />
          <TextInput label={t('houseNumber')} autoComplete="off" {...field('houseNumber')} />
          <TextInput label={t('postcode')} autoComplete="off" {...field('postcode')} />
          <TextInput label={t('city')} autoComplete="off" {...field('city')} />
          <TextInput label={t('phone')} type="tel" autoComplete="off" {...field('phone')} />
          <NumberInput
            label={t('position')}
            min={0}
            max={10_000}
            allowDecimal={false}
            {...field('position')}
          />
        </SimpleGrid>
        <TextInput
          label={t('invoicePrefix')}
          description={t('invoicePrefixDescription')}
          autoComplete="off"
          maxLength={10}
          {...field('invoicePrefix')}
        />
        <Group gap="sm">
          <Button type="submit" loading={pending}>
            {t('save')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('translation:common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

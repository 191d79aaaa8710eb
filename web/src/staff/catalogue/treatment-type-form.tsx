import {
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { namesAnyField } from '../../shared/field-errors';
import { filledNumber, filledText, optionalText, REQUIRED, useSchemaForm } from '../../shared/form';
import { toCents } from '../../shared/money';
import { requestErrorKey } from '../../shared/request-error';
import { useLiveLocations, useResourceTypes } from '../resources/resource-queries';
import { useTeam } from '../team/team-query';
import type { TreatmentType, VatRate } from './catalogue-query';
import { IntakeFormSelect } from './intake-form-select';
import { PriceInput } from './price-input';
import { VatSelect } from './vat-select';

const FIELDS = [
  'name',
  'description',
  'durationMinutes',
  'priceCents',
  'vatRatePercent',
  'photosExpected',
  'intakeTemplateKey',
  'practitionerIds',
  'locationIds',
  'resourceTypeIds',
  'active',
];

const treatmentTypeSchema = z.object({
  name: filledText(200),
  description: optionalText(2000),
  duration: filledNumber(),
  price: filledNumber(),
  vat: z.number().nullable().pipe(z.number(REQUIRED)),
  photosExpected: z.boolean(),
  intakeTemplateKey: optionalText(64),
  practitionerIds: z.array(z.string()),
  locationIds: z.array(z.string()),
  resourceTypeIds: z.array(z.string()),
  active: z.boolean(),
});

interface TreatmentTypeFormProps {
  treatmentType?: TreatmentType;
  pending: boolean;
  error: unknown;
  onSubmit: (body: Record<string, unknown>) => void;
  onCancel: () => void;
}

/** Name, duration, price with VAT, intake template, photos, and who performs it. */
export function TreatmentTypeForm({
  treatmentType,
  pending,
  error,
  onSubmit,
  onCancel,
}: TreatmentTypeFormProps) {
  const { t } = useTranslation();
  const team = useTeam();
  const locations = useLiveLocations();
  const kinds = useResourceTypes();
  const {
    form,
    field,
    onSubmit: submit,
  } = useSchemaForm(
    treatmentTypeSchema,
    {
      name: treatmentType?.name ?? '',
      description: treatmentType?.description ?? '',
      duration: treatmentType?.durationMinutes ?? 60,
      price: treatmentType ? treatmentType.priceCents / 100 : '',
      vat: (treatmentType?.vatRatePercent as VatRate | undefined) ?? 21,
      photosExpected: treatmentType?.photosExpected ?? false,
      intakeTemplateKey: treatmentType?.intakeTemplateKey ?? '',
      practitionerIds: treatmentType?.practitionerIds ?? [],
      locationIds: treatmentType?.locationIds ?? [],
      resourceTypeIds: treatmentType?.resourceTypeIds ?? [],
      active: treatmentType?.active ?? true,
    },
    error,
  );
  const { practitionerIds, vat, intakeTemplateKey } = form.getValues();

  const performers = (team.data ?? [])
    .filter(
      (member) => member.role !== 'reception' && (!member.disabled || practitionerIds.includes(member.id)),
    )
    .map((member) => ({ value: member.id, label: member.name }));

  return (
    <form
      onSubmit={submit((values) =>
        onSubmit({
          name: values.name,
          description: values.description,
          durationMinutes: values.duration,
          priceCents: toCents(values.price),
          vatRatePercent: values.vat,
          photosExpected: values.photosExpected,
          intakeTemplateKey: values.intakeTemplateKey || null,
          practitionerIds: values.practitionerIds,
          locationIds: values.locationIds,
          resourceTypeIds: values.resourceTypeIds,
          ...(treatmentType ? { active: values.active } : {}),
        }),
      )}
      noValidate
    >
      <Stack gap="sm">
        {error !== null && error !== undefined && (
          <Alert color="red" variant="light" role="alert" title={t('catalogue.saveFailed')}>
            {namesAnyField(error, FIELDS) ? t('clients.checkFields') : t(requestErrorKey(error))}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label={t('catalogue.name')} required autoComplete="off" {...field('name')} />
          <NumberInput
            label={t('catalogue.duration')}
            suffix={` ${t('catalogue.minutesShort')}`}
            min={5}
            max={600}
            step={5}
            allowDecimal={false}
            allowNegative={false}
            required
            {...field('duration', { apiField: 'durationMinutes' })}
          />
          <PriceInput label={t('catalogue.price')} required {...field('price', { apiField: 'priceCents' })} />
          <VatSelect
            value={vat as VatRate | null}
            onChange={(value) => form.setFieldValue('vat', value)}
            required
            error={field('vat', { apiField: 'vatRatePercent' }).error}
          />
        </SimpleGrid>
        <Textarea
          label={t('catalogue.description')}
          autosize
          minRows={2}
          maxLength={2000}
          {...field('description')}
        />
        <MultiSelect
          label={t('catalogue.practitioners')}
          description={t('catalogue.practitionersDescription')}
          placeholder={practitionerIds.length === 0 ? t('catalogue.practitionersPlaceholder') : undefined}
          data={performers}
          searchable
          nothingFoundMessage={t('assign.none')}
          {...field('practitionerIds')}
        />
        {(locations.data?.length ?? 0) > 1 && (
          <Checkbox.Group
            label={t('resources.offeredAt', { ns: 'agenda' })}
            description={t('resources.offeredAtDescription', { ns: 'agenda' })}
            {...field('locationIds')}
          >
            <Group gap="md" mt="xs">
              {locations.data?.map((place) => (
                <Checkbox key={place.id} value={place.id} label={place.name} />
              ))}
            </Group>
          </Checkbox.Group>
        )}
        {(kinds.data?.length ?? 0) > 0 && (
          <Checkbox.Group
            label={t('resources.needs', { ns: 'agenda' })}
            description={t('resources.needsDescription', { ns: 'agenda' })}
            {...field('resourceTypeIds')}
          >
            <Group gap="md" mt="xs">
              {kinds.data?.map((kind) => (
                <Checkbox key={kind.id} value={kind.id} label={kind.name} />
              ))}
            </Group>
          </Checkbox.Group>
        )}
        <IntakeFormSelect
          value={intakeTemplateKey}
          onChange={(key) => form.setFieldValue('intakeTemplateKey', key)}
          error={field('intakeTemplateKey').error}
        />
        <Checkbox label={t('catalogue.photosExpected')} {...field('photosExpected', { checkbox: true })} />
        {treatmentType && (
          <Checkbox
            label={t('catalogue.activeLabel')}
            description={t('catalogue.activeDescription')}
            {...field('active', { checkbox: true })}
          />
        )}
        <Group gap="sm">
          <Button type="submit" loading={pending}>
            {t('catalogue.save')}
          </Button>
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

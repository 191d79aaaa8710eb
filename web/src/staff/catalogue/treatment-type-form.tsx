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
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorText, namesAnyField } from '../../shared/field-errors';
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
  const [name, setName] = useState(treatmentType?.name ?? '');
  const [description, setDescription] = useState(treatmentType?.description ?? '');
  const [duration, setDuration] = useState<number | ''>(treatmentType?.durationMinutes ?? 60);
  const [price, setPrice] = useState<number | ''>(treatmentType ? treatmentType.priceCents / 100 : '');
  const [vat, setVat] = useState<VatRate | null>((treatmentType?.vatRatePercent as VatRate) ?? 21);
  const [photosExpected, setPhotosExpected] = useState(treatmentType?.photosExpected ?? false);
  const [intakeTemplateKey, setIntakeTemplateKey] = useState(treatmentType?.intakeTemplateKey ?? '');
  const [practitionerIds, setPractitionerIds] = useState<string[]>(treatmentType?.practitionerIds ?? []);
  const [locationIds, setLocationIds] = useState<string[]>(treatmentType?.locationIds ?? []);
  const [resourceTypeIds, setResourceTypeIds] = useState<string[]>(treatmentType?.resourceTypeIds ?? []);
  const [active, setActive] = useState(treatmentType?.active ?? true);
  const [missing, setMissing] = useState<Record<string, boolean>>({});

  const performers = (team.data ?? [])
    .filter(
      (member) => member.role !== 'reception' && (!member.disabled || practitionerIds.includes(member.id)),
    )
    .map((member) => ({ value: member.id, label: member.name }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nowMissing = { name: name.trim() === '', duration: duration === '', price: price === '' };
    setMissing(nowMissing);
    if (Object.values(nowMissing).some(Boolean) || duration === '' || price === '' || vat === null) return;
    onSubmit({
      name: name.trim(),
      description: description.trim(),
      durationMinutes: duration,
      priceCents: toCents(price),
      vatRatePercent: vat,
      photosExpected,
      intakeTemplateKey: intakeTemplateKey.trim() || null,
      practitionerIds,
      locationIds,
      resourceTypeIds,
      ...(treatmentType ? { active } : {}),
    });
  }

  const fieldError = (field: string) => fieldErrorText(t, error, field);
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {error !== null && error !== undefined && (
          <Alert color="red" variant="light" role="alert" title={t('catalogue.saveFailed')}>
            {namesAnyField(error, FIELDS) ? t('clients.checkFields') : t(requestErrorKey(error))}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('catalogue.name')}
            required
            autoComplete="off"
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setMissing((current) => ({ ...current, name: false }));
            }}
            error={missing.name ? t('fieldError.required') : fieldError('name')}
          />
          <NumberInput
            label={t('catalogue.duration')}
            suffix={` ${t('catalogue.minutesShort')}`}
            min={5}
            max={600}
            step={5}
            allowDecimal={false}
            allowNegative={false}
            required
            value={duration}
            onChange={(value) => setDuration(typeof value === 'number' ? value : '')}
            error={missing.duration ? t('fieldError.required') : fieldError('durationMinutes')}
          />
          <PriceInput
            label={t('catalogue.price')}
            required
            value={price}
            onChange={(value) => {
              setPrice(value);
              setMissing((current) => ({ ...current, price: false }));
            }}
            error={missing.price ? t('fieldError.required') : fieldError('priceCents')}
          />
          <VatSelect value={vat} onChange={setVat} required error={fieldError('vatRatePercent')} />
        </SimpleGrid>
        <Textarea
          label={t('catalogue.description')}
          autosize
          minRows={2}
          maxLength={2000}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldError('description')}
        />
        <MultiSelect
          label={t('catalogue.practitioners')}
          description={t('catalogue.practitionersDescription')}
          placeholder={practitionerIds.length === 0 ? t('catalogue.practitionersPlaceholder') : undefined}
          data={performers}
          value={practitionerIds}
          onChange={setPractitionerIds}
          searchable
          nothingFoundMessage={t('assign.none')}
          error={fieldError('practitionerIds')}
        />
        {(locations.data?.length ?? 0) > 1 && (
          <Checkbox.Group
            label={t('resources.offeredAt', { ns: 'agenda' })}
            description={t('resources.offeredAtDescription', { ns: 'agenda' })}
            value={locationIds}
            onChange={setLocationIds}
            error={fieldError('locationIds')}
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
            value={resourceTypeIds}
            onChange={setResourceTypeIds}
            error={fieldError('resourceTypeIds')}
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
          onChange={setIntakeTemplateKey}
          error={fieldError('intakeTemplateKey')}
        />
        <Checkbox
          label={t('catalogue.photosExpected')}
          checked={photosExpected}
          onChange={(e) => setPhotosExpected(e.currentTarget.checked)}
        />
        {treatmentType && (
          <Checkbox
            label={t('catalogue.activeLabel')}
            description={t('catalogue.activeDescription')}
            checked={active}
            onChange={(e) => setActive(e.currentTarget.checked)}
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

import {
  Alert,
  Button,
  Group,
  Loader,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
import { isoToWallClock, wallClockToIso } from '../../shared/zoned-time';
import { useDevices, useProducts, useTreatmentTypes } from '../catalogue/catalogue-query';
import { useSignedInSession } from '../session/session-query';
import { ContraIndicationChecks, RULED_OUT_REASON_MIN } from './contra-indication-checks';
import { keysToConfirm, useContraIndications } from './contra-indications-query';
import { DevicesUsedFields, type DeviceUsed } from './devices-used-fields';
import { type ContraIndication, dossierKeys } from './dossier-types';
import { fieldError, formErrorText } from './form-helpers';
import { ProductsUsedFields, type ProductUsed } from './products-used-fields';

type Kind = 'treatment' | 'consult';

interface TreatmentFormProps {
  clientId: string;
  onDone: () => void;
  /** Started from an appointment: its treatment and start time instead of "now". */
  initial?: { treatmentTypeId: string; performedAt: string } | undefined;
}

/** The report of a treatment or consult: what was done and discussed, products, devices, warnings. */
export function TreatmentForm({ clientId, onDone, initial }: TreatmentFormProps) {
  const { t } = useTranslation();
  const { t: tContra } = useTranslation('contra');
  const time = useClinicTime();
  const { staff } = useSignedInSession();
  const queryClient = useQueryClient();
  const types = useTreatmentTypes();
  const products = useProducts();
  const devices = useDevices();
  const [kind, setKind] = useState<Kind>('treatment');
  const [treatmentTypeId, setTreatmentTypeId] = useState<string | null>(initial?.treatmentTypeId ?? null);
  const [performedAt, setPerformedAt] = useState(() =>
    isoToWallClock(initial?.performedAt ?? new Date().toISOString(), time.timeZone),
  );
  const [done, setDone] = useState('');
  const [discussed, setDiscussed] = useState('');
  const [productRows, setProductRows] = useState<ProductUsed[]>([]);
  const [deviceRows, setDeviceRows] = useState<DeviceUsed[]>([]);
  const [confirmed, setConfirmed] = useState<string[]>([]);
  const [ruledOutReason, setRuledOutReason] = useState('');
  const [missing, setMissing] = useState<Record<string, boolean>>({});
  // The setting names sent per device, to find "devices.0.settings.1.value" at its input.
  const [sentSettings, setSentSettings] = useState<string[][]>([]);

  // The server checks the warnings whenever a type is named, for a consult too.
  const checkedTypeId = treatmentTypeId;
  // A "fill this in" disappears as soon as the field is changed; the next submit checks again.
  const clearMissing = (...keys: string[]) =>
    setMissing((current) =>
      keys.some((key) => current[key])
        ? { ...current, ...Object.fromEntries(keys.map((k) => [k, false])) }
        : current,
    );
  const contraIndications = useContraIndications(clientId, checkedTypeId);
  const record = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiPost<{ id: string }>(`/api/clients/${encodeURIComponent(clientId)}/treatments`, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: dossierKeys.dossier(clientId) });
      onDone();
    },
    onError: (error) => {
      if (keysToConfirm(error).length > 0) void contraIndications.refetch();
    },
  });

  // Warnings the server named in a 409 but the check did not (yet) return are shown too.
  const known = checkedTypeId ? (contraIndications.data ?? []) : [];
  const unknownKeys = checkedTypeId
    ? keysToConfirm(record.error).filter((key) => !known.some((w) => w.questionKey === key))
    : [];
  const warnings: ContraIndication[] = [
    ...known,
    ...unknownKeys.map((questionKey) => ({
      questionKey,
      effect: 'rules_out' as const,
      warning: {
        nl: t('dossier.unknownWarning', { key: questionKey }),
        en: t('dossier.unknownWarning', { key: questionKey }),
      },
    })),
  ];

  const rulesOut = warnings.some((w) => w.effect === 'rules_out');

  const typeOptions = (types.data ?? [])
    .filter((type) => type.active && (staff.role === 'owner' || type.practitionerIds.includes(staff.id)))
    .map((type) => ({ value: type.id, label: type.name }));

  const errorOf = fieldError(t, record.error);
  const deviceErrorOf = (index: number, setting?: string) => {
    if (setting === undefined) {
      return missing[`devices.${index}`] ? t('fieldError.required') : errorOf(`devices.${index}.deviceId`);
    }
    const j = sentSettings[index]?.indexOf(setting) ?? -1;
    return j === -1
      ? undefined
      : (errorOf(`devices.${index}.settings.${j}.value`) ?? errorOf(`devices.${index}.settings.${j}.name`));
  };
  const productErrorOf = (field: string) => {
    const index = /^products\.(\d+)\.productId$/.exec(field)?.[1];
    if (index !== undefined && missing[`products.${index}`]) return t('fieldError.required');
    return errorOf(field);
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const nowMissing: Record<string, boolean> = {
      done: done.trim() === '',
      treatmentTypeId: kind === 'treatment' && !treatmentTypeId,
      performedAt: wallClockToIso(performedAt, time.timeZone) === undefined,
      warnings: warnings.some((w) => !confirmed.includes(w.questionKey)),
      ruledOutReason: rulesOut && ruledOutReason.trim().length < RULED_OUT_REASON_MIN,
    };
    productRows.forEach((row, i) => {
      nowMissing[`products.${i}`] = row.productId === null;
    });
    deviceRows.forEach((row, i) => {
      nowMissing[`devices.${i}`] = row.deviceId === null;
    });
    setMissing(nowMissing);
    if (Object.values(nowMissing).some(Boolean)) return;
    const settingsSent = deviceRows.map((row) => {
      const device = devices.data?.find((d) => d.id === row.deviceId);
      return (device?.settings ?? []).filter((name) => (row.values[name] ?? '').trim() !== '');
    });
    setSentSettings(settingsSent);
    record.mutate({
      kind,
      ...(kind === 'treatment' || treatmentTypeId ? { treatmentTypeId: treatmentTypeId ?? undefined } : {}),
      performedAt: wallClockToIso(performedAt, time.timeZone),
      done: done.trim(),
      ...(discussed.trim() ? { discussed: discussed.trim() } : {}),
      products: productRows.map((row) => ({
        productId: row.productId,
        ...(row.batch.trim() ? { batch: row.batch.trim() } : {}),
        ...(row.amount.trim() ? { amount: row.amount.trim() } : {}),
      })),
      devices: deviceRows.map((row, i) => ({
        deviceId: row.deviceId,
        settings: (settingsSent[i] ?? []).map((name) => ({ name, value: (row.values[name] ?? '').trim() })),
      })),
      confirmedWarnings: warnings.map((w) => w.questionKey).filter((key) => confirmed.includes(key)),
      ...(rulesOut ? { ruledOutReason: ruledOutReason.trim() } : {}),
    });
  }

  const showFormError = record.isError && keysToConfirm(record.error).length === 0;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {showFormError && (
          <Alert color="red" variant="light" role="alert" title={t('dossier.saveFailed')}>
            {formErrorText(t, record.error)}
          </Alert>
        )}
        {keysToConfirm(record.error).length > 0 && (
          <Alert color="red" variant="light" role="alert" title={t('dossier.saveFailed')}>
            {t('dossier.confirmBeforeStart')}
          </Alert>
        )}
        <Radio.Group
          label={t('dossier.kind')}
          value={kind}
          onChange={(value) => setKind(value === 'consult' ? 'consult' : 'treatment')}
          error={errorOf('kind')}
        >
          <Group gap="lg" mt={4}>
            <Radio value="treatment" label={t('dossier.kindTreatment')} />
            <Radio value="consult" label={t('dossier.kindConsult')} />
          </Group>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('dossier.treatmentType')}
            description={
              kind === 'consult'
                ? t('dossier.treatmentTypeOptional')
                : staff.role === 'owner'
                  ? undefined
                  : t('dossier.treatmentTypeMine')
            }
            placeholder={t('dossier.chooseTreatmentType')}
            data={typeOptions}
            value={treatmentTypeId}
            onChange={(value) => {
              setTreatmentTypeId(value);
              setConfirmed([]);
              clearMissing('treatmentTypeId', 'warnings');
            }}
            clearable={kind === 'consult'}
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            searchable
            nothingFoundMessage={t('dossier.noTreatmentTypes')}
            required={kind === 'treatment'}
            error={missing.treatmentTypeId ? t('fieldError.required') : errorOf('treatmentTypeId')}
          />
          <TextInput
            type="datetime-local"
            label={t('dossier.performedAt')}
            description={t('dossier.timeZone', { zone: time.timeZone })}
            value={performedAt}
            onChange={(e) => setPerformedAt(e.currentTarget.value)}
            required
            error={missing.performedAt ? t('fieldError.date') : errorOf('performedAt')}
          />
        </SimpleGrid>
        {contraIndications.isFetching && (
          <Loader size="sm" role="status" aria-label={t('dossier.checkingWarnings')} />
        )}
        {contraIndications.isError && (
          <Alert color="red" variant="light" role="alert">
            {t('dossier.warningsFailed')}
          </Alert>
        )}
        <ContraIndicationChecks
          warnings={warnings}
          confirmed={confirmed}
          onChange={setConfirmed}
          showMissing={missing.warnings === true}
          reason={ruledOutReason}
          onReasonChange={(value) => {
            setRuledOutReason(value);
            clearMissing('ruledOutReason');
          }}
          reasonError={
            missing.ruledOutReason
              ? tContra('reasonMissing', { min: RULED_OUT_REASON_MIN })
              : errorOf('ruledOutReason')
          }
        />
        <Textarea
          label={t('dossier.done')}
          required
          autosize
          minRows={3}
          maxLength={10_000}
          value={done}
          onChange={(e) => {
            setDone(e.currentTarget.value);
            clearMissing('done');
          }}
          error={missing.done ? t('fieldError.required') : errorOf('done')}
        />
        <Textarea
          label={t('dossier.discussed')}
          autosize
          minRows={2}
          maxLength={10_000}
          value={discussed}
          onChange={(e) => setDiscussed(e.currentTarget.value)}
          error={errorOf('discussed')}
        />
        <ProductsUsedFields
          products={products.data ?? []}
          rows={productRows}
          onChange={(rows) => {
            setProductRows(rows);
            clearMissing(...rows.map((_, i) => `products.${i}`));
          }}
          errorOf={productErrorOf}
        />
        <DevicesUsedFields
          devices={devices.data ?? []}
          rows={deviceRows}
          onChange={(rows) => {
            setDeviceRows(rows);
            clearMissing(...rows.map((_, i) => `devices.${i}`));
          }}
          errorOf={deviceErrorOf}
        />
        <Group gap="sm">
          <Button type="submit" loading={record.isPending} disabled={contraIndications.isFetching}>
            {kind === 'consult' ? t('dossier.saveConsult') : t('dossier.saveTreatment')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

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
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import type { ApiBody, ApiResponse } from '../../shared/api-types';
import { useClinicTime } from '../../shared/clinic-time';
import { optionalText, REQUIRED, useSchemaForm } from '../../shared/form';
import { isoToWallClock, wallClockToIso } from '../../shared/zoned-time';
import { useDevices, useProducts, useTreatmentTypes } from '../catalogue/catalogue-query';
import { useSignedInSession } from '../session/session-query';
import { ContraIndicationChecks, RULED_OUT_REASON_MIN } from './contra-indication-checks';
import { keysToConfirm, useContraIndications } from './contra-indications-query';
import { DevicesUsedFields } from './devices-used-fields';
import { type ContraIndication, dossierKeys } from './dossier-types';
import { fieldError, formErrorText } from './form-helpers';
import { ProductsUsedFields } from './products-used-fields';

const productRow = z.object({
  productId: z
    .string()
    .nullable()
    .refine((id) => id !== null, REQUIRED),
  batch: z.string(),
  amount: z.string(),
});
const deviceRow = z.object({
  deviceId: z
    .string()
    .nullable()
    .refine((id) => id !== null, REQUIRED),
  values: z.record(z.string(), z.string()),
});

/**
 * The report as the form holds it: a treatment names its type, the time is a wall-clock time in the
 * clinic's zone (sent as an instant), every warning is confirmed, and one that rules the treatment
 * out needs a written reason. Cross-field checks run also while another field is wrong (`when`), so
 * every missing field is marked at once.
 */
function treatmentSchema(timeZone: string, warnings: () => { keys: string[]; rulesOut: boolean }) {
  const always = { when: () => true };
  return z
    .object({
      kind: z.enum(['treatment', 'consult']),
      treatmentTypeId: z.string().nullable(),
      performedAt: z.string().transform((value, context) => {
        const at = wallClockToIso(value, timeZone);
        if (at) return at;
        context.addIssue({ code: 'custom', message: 'fieldError.date' });
        return z.NEVER;
      }),
      done: z.string().trim().min(1, REQUIRED).max(10_000, 'fieldError.invalid'),
      discussed: optionalText(10_000),
      products: z.array(productRow),
      devices: z.array(deviceRow),
      confirmed: z.array(z.string()),
      ruledOutReason: z.string().trim(),
    })
    .refine((v) => v.kind !== 'treatment' || Boolean(v.treatmentTypeId), {
      ...always,
      message: REQUIRED,
      path: ['treatmentTypeId'],
    })
    .refine((v) => warnings().keys.every((key) => v.confirmed.includes(key)), {
      ...always,
      message: REQUIRED,
      path: ['confirmed'],
    })
    .refine((v) => !warnings().rulesOut || v.ruledOutReason.trim().length >= RULED_OUT_REASON_MIN, {
      ...always,
      message: `contra:reasonMissing?min=${RULED_OUT_REASON_MIN}`,
      path: ['ruledOutReason'],
    });
}

interface TreatmentFormProps {
  clientId: string;
  onDone: () => void;
  /** Started from an appointment: its treatment and start time instead of "now". */
  initial?: { treatmentTypeId: string; performedAt: string } | undefined;
}

/** The report of a treatment or consult: what was done and discussed, products, devices, warnings. */
export function TreatmentForm({ clientId, onDone, initial }: TreatmentFormProps) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const { staff } = useSignedInSession();
  const queryClient = useQueryClient();
  const types = useTreatmentTypes();
  const products = useProducts();
  const devices = useDevices();
  const record = useMutation({
    mutationFn: (body: ApiBody<'/api/clients/{clientId}/treatments', 'post'>) =>
      apiPost<ApiResponse<'/api/clients/{clientId}/treatments', 'post'>>(
        `/api/clients/${encodeURIComponent(clientId)}/treatments`,
        body,
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: dossierKeys.dossier(clientId) });
      onDone();
    },
    onError: (error) => {
      if (keysToConfirm(error).length > 0) void contraIndications.refetch();
    },
  });
  // The schema follows the warnings shown (all confirmed; a reason when one rules the treatment
  // out); it reads them when the form is submitted.
  const shown = useRef<{ keys: string[]; rulesOut: boolean }>({ keys: [], rulesOut: false });
  const schema = useMemo(() => treatmentSchema(time.timeZone, () => shown.current), [time.timeZone]);
  const { form, field, onSubmit } = useSchemaForm(
    schema,
    {
      kind: 'treatment',
      treatmentTypeId: initial?.treatmentTypeId ?? null,
      performedAt: isoToWallClock(initial?.performedAt ?? new Date().toISOString(), time.timeZone),
      done: '',
      discussed: '',
      products: [],
      devices: [],
      confirmed: [],
      ruledOutReason: '',
    },
    record.error,
  );
  const { kind, treatmentTypeId } = form.values;
  // The setting names sent per device, to find "devices.0.settings.1.value" at its input.
  const [sentSettings, setSentSettings] = useState<string[][]>([]);

  // The server checks the warnings whenever a type is named, for a consult too.
  const checkedTypeId = treatmentTypeId;
  const contraIndications = useContraIndications(clientId, checkedTypeId);

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
  const allKeys = warnings.map((w) => w.questionKey);
  useEffect(() => {
    shown.current = { keys: allKeys, rulesOut };
  });

  const typeOptions = (types.data ?? [])
    .filter((type) => type.active && (staff.role === 'owner' || type.practitionerIds.includes(staff.id)))
    .map((type) => ({ value: type.id, label: type.name }));

  const errorOf = fieldError(t, record.error);
  // A row's own check (nothing picked) first, then what the server said of it.
  const ownError = (path: string) => (form.errors[path] ? t('fieldError.required') : undefined);
  const deviceErrorOf = (index: number, setting?: string) => {
    if (setting === undefined) {
      return ownError(`devices.${index}.deviceId`) ?? errorOf(`devices.${index}.deviceId`);
    }
    const j = sentSettings[index]?.indexOf(setting) ?? -1;
    return j === -1
      ? undefined
      : (errorOf(`devices.${index}.settings.${j}.value`) ?? errorOf(`devices.${index}.settings.${j}.name`));
  };
  const productErrorOf = (path: string) =>
    (/^products\.\d+\.productId$/.test(path) ? ownError(path) : undefined) ?? errorOf(path);

  function submit(values: z.output<typeof schema>) {
    const settingsSent = values.devices.map((row) => {
      const device = devices.data?.find((d) => d.id === row.deviceId);
      return (device?.settings ?? []).filter((name) => (row.values[name] ?? '').trim() !== '');
    });
    setSentSettings(settingsSent);
    record.mutate({
      kind: values.kind,
      ...(values.kind === 'treatment' || values.treatmentTypeId
        ? { treatmentTypeId: values.treatmentTypeId ?? undefined }
        : {}),
      performedAt: values.performedAt,
      done: values.done,
      ...(values.discussed ? { discussed: values.discussed } : {}),
      products: values.products.map((row) => ({
        productId: row.productId,
        ...(row.batch.trim() ? { batch: row.batch.trim() } : {}),
        ...(row.amount.trim() ? { amount: row.amount.trim() } : {}),
      })),
      devices: values.devices.map((row, i) => ({
        deviceId: row.deviceId,
        settings: (settingsSent[i] ?? []).map((name) => ({ name, value: (row.values[name] ?? '').trim() })),
      })),
      confirmedWarnings: allKeys.filter((key) => values.confirmed.includes(key)),
      ...(rulesOut ? { ruledOutReason: values.ruledOutReason } : {}),
    });
  }

  const reason = field('ruledOutReason');
  const showFormError = record.isError && keysToConfirm(record.error).length === 0;
  return (
    <form onSubmit={onSubmit(submit)} noValidate>
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
        <Radio.Group label={t('dossier.kind')} {...field('kind')}>
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
            {...field('treatmentTypeId')}
            onChange={(value) => {
              form.setFieldValue('treatmentTypeId', value);
              form.setFieldValue('confirmed', []);
              form.clearFieldError('confirmed');
            }}
            clearable={kind === 'consult'}
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            searchable
            nothingFoundMessage={t('dossier.noTreatmentTypes')}
            required={kind === 'treatment'}
          />
          <TextInput
            type="datetime-local"
            label={t('dossier.performedAt')}
            description={t('dossier.timeZone', { zone: time.timeZone })}
            {...field('performedAt')}
            required
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
          confirmed={form.values.confirmed}
          onChange={(keys) => {
            form.setFieldValue('confirmed', keys);
            form.clearFieldError('confirmed');
          }}
          showMissing={Boolean(form.errors.confirmed)}
          reason={String(reason.value)}
          onReasonChange={(value) => form.setFieldValue('ruledOutReason', value)}
          reasonError={reason.error}
        />
        <Textarea
          label={t('dossier.done')}
          required
          autosize
          minRows={3}
          maxLength={10_000}
          {...field('done')}
        />
        <Textarea
          label={t('dossier.discussed')}
          autosize
          minRows={2}
          maxLength={10_000}
          {...field('discussed')}
        />
        <ProductsUsedFields
          products={products.data ?? []}
          rows={form.values.products}
          onChange={(rows) => {
            form.setFieldValue('products', rows);
            rows.forEach((_, i) => {
              form.clearFieldError(`products.${i}.productId`);
            });
          }}
          errorOf={productErrorOf}
        />
        <DevicesUsedFields
          devices={devices.data ?? []}
          rows={form.values.devices}
          onChange={(rows) => {
            form.setFieldValue('devices', rows);
            rows.forEach((_, i) => {
              form.clearFieldError(`devices.${i}.deviceId`);
            });
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

import { Alert, Button, Group, Select, SimpleGrid, Stack, TagsInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { apiPost } from '../../shared/api';
import type { ApiBody, ApiResponse } from '../../shared/api-types';
import { useClinicTime } from '../../shared/clinic-time';
import { optionalText, requiredChoice, useSchemaForm } from '../../shared/form';
import { dossierKeys, type TreatmentRecord } from './dossier-types';
import { FITZPATRICK_TYPES } from './fitzpatrick';
import { fieldError, formErrorText } from './form-helpers';

const CONDITION_SUGGESTIONS = [
  'conditionAcne',
  'conditionRosacea',
  'conditionPigmentation',
  'conditionCouperose',
  'conditionDehydration',
  'conditionSensitivity',
  'conditionWrinkles',
  'conditionScars',
] as const;

const FITZPATRICK_VALUES = ['1', '2', '3', '4', '5', '6'] as const;

const analysisSchema = z.object({
  fitzpatrick: requiredChoice(FITZPATRICK_VALUES).transform(Number),
  conditions: z.array(z.string()),
  findings: optionalText(10_000),
  treatmentId: z.string().nullable(),
});

interface SkinAnalysisFormProps {
  clientId: string;
  treatments: TreatmentRecord[];
  onDone: () => void;
}

/** Skin type (Fitzpatrick), conditions as tags and findings in free text; optionally with a treatment. */
export function SkinAnalysisForm({ clientId, treatments, onDone }: SkinAnalysisFormProps) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const queryClient = useQueryClient();
  const record = useMutation({
    mutationFn: (body: ApiBody<'/api/clients/{clientId}/skin-analyses', 'post'>) =>
      apiPost<ApiResponse<'/api/clients/{clientId}/skin-analyses', 'post'>>(
        `/api/clients/${encodeURIComponent(clientId)}/skin-analyses`,
        body,
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: dossierKeys.dossier(clientId) });
      onDone();
    },
  });

  const { form, field, onSubmit } = useSchemaForm(
    analysisSchema,
    { fitzpatrick: null, conditions: [], findings: '', treatmentId: null },
    record.error,
  );

  const errorOf = fieldError(t, record.error);
  const conditions = field('conditions');
  const conditionsError =
    conditions.error ?? form.values.conditions.map((_, i) => errorOf(`conditions.${i}`)).find(Boolean);
  return (
    <form
      onSubmit={onSubmit(({ treatmentId, ...values }) =>
        record.mutate({ ...values, ...(treatmentId ? { treatmentId } : {}) }),
      )}
      noValidate
    >
      <Stack gap="sm">
        {record.isError && (
          <Alert color="red" variant="light" role="alert" title={t('dossier.saveFailed')}>
            {formErrorText(t, record.error)}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('dossier.fitzpatrick')}
            placeholder={t('dossier.chooseFitzpatrick')}
            data={FITZPATRICK_TYPES.map((type) => ({
              value: String(type.value),
              label: `${t('dossier.fitzpatrickType', { type: type.roman })}: ${t(type.description)}`,
            }))}
            required
            {...field('fitzpatrick')}
          />
          <Select
            label={t('dossier.linkedTreatment')}
            description={t('dossier.linkedTreatmentDescription')}
            placeholder={t('dossier.standalone')}
            data={treatments.map((treatment) => ({
              value: treatment.id,
              label: `${treatment.treatmentTypeName ?? t('dossier.kindConsult')} · ${time.dateTime(treatment.performedAt)}`,
            }))}
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            {...field('treatmentId')}
          />
        </SimpleGrid>
        <TagsInput
          label={t('dossier.conditions')}
          description={t('dossier.conditionsDescription')}
          data={CONDITION_SUGGESTIONS.map((key) => t(`dossier.${key}`))}
          {...conditions}
          acceptValueOnBlur
          maxTags={50}
          clearable
          clearButtonProps={{ 'aria-label': t('common.clear') }}
          error={conditionsError}
        />
        <Textarea
          label={t('dossier.findings')}
          autosize
          minRows={3}
          maxLength={10_000}
          {...field('findings')}
        />
        <Group gap="sm">
          <Button type="submit" loading={record.isPending}>
            {t('dossier.saveAnalysis')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

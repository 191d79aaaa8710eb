import { Alert, Button, Group, Select, SimpleGrid, Stack, TagsInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiPost } from '../../shared/api';
import { useClinicTime } from '../../shared/clinic-time';
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
  const [fitzpatrick, setFitzpatrick] = useState<string | null>(null);
  const [conditions, setConditions] = useState<string[]>([]);
  const [findings, setFindings] = useState('');
  const [treatmentId, setTreatmentId] = useState<string | null>(null);
  const [typeMissing, setTypeMissing] = useState(false);
  const record = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      apiPost<{ id: string }>(`/api/clients/${encodeURIComponent(clientId)}/skin-analyses`, body),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: dossierKeys.dossier(clientId) });
      onDone();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setTypeMissing(fitzpatrick === null);
    if (fitzpatrick === null) return;
    record.mutate({
      fitzpatrick: Number(fitzpatrick),
      conditions,
      findings: findings.trim(),
      ...(treatmentId ? { treatmentId } : {}),
    });
  }

  const errorOf = fieldError(t, record.error);
  const conditionsError =
    errorOf('conditions') ?? conditions.map((_, i) => errorOf(`conditions.${i}`)).find(Boolean);
  return (
    <form onSubmit={submit} noValidate>
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
            value={fitzpatrick}
            onChange={setFitzpatrick}
            required
            error={typeMissing ? t('fieldError.required') : errorOf('fitzpatrick')}
          />
          <Select
            label={t('dossier.linkedTreatment')}
            description={t('dossier.linkedTreatmentDescription')}
            placeholder={t('dossier.standalone')}
            data={treatments.map((treatment) => ({
              value: treatment.id,
              label: `${treatment.treatmentTypeName ?? t('dossier.kindConsult')} · ${time.dateTime(treatment.performedAt)}`,
            }))}
            value={treatmentId}
            onChange={setTreatmentId}
            clearable
            clearButtonProps={{ 'aria-label': t('common.clear') }}
            error={errorOf('treatmentId')}
          />
        </SimpleGrid>
        <TagsInput
          label={t('dossier.conditions')}
          description={t('dossier.conditionsDescription')}
          data={CONDITION_SUGGESTIONS.map((key) => t(`dossier.${key}`))}
          value={conditions}
          onChange={setConditions}
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
          value={findings}
          onChange={(e) => setFindings(e.currentTarget.value)}
          error={errorOf('findings')}
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

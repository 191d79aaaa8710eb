import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiGet } from '../../shared/api';

interface IntakeTemplateSummary {
  key: string;
  name: { nl: string; en: string };
  latestVersion: number;
}

const NONE = '';

/** The intake forms that exist (the server installs the shipped ones when they are first listed). */
export function IntakeFormSelect({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (key: string) => void;
  error?: string;
}) {
  const { t, i18n } = useTranslation('treatmentTypes');
  const templates = useQuery({
    queryKey: ['intake-templates'],
    queryFn: ({ signal }) => apiGet<IntakeTemplateSummary[]>('/api/intake-templates', signal),
  });
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'nl';
  const options = [
    { value: NONE, label: t('intakeForm.none') },
    ...(templates.data ?? []).map((template) => ({ value: template.key, label: template.name[language] })),
  ];
  // A key saved before it had to exist stays visible, marked, until the owner picks another.
  if (value && templates.data && !templates.data.some((template) => template.key === value)) {
    options.push({ value, label: t('intakeForm.missing', { key: value }) });
  }
  return (
    <Select
      label={t('intakeForm.label')}
      description={t('intakeForm.description')}
      placeholder={t('intakeForm.placeholder')}
      data={options}
      value={value}
      onChange={(next) => onChange(next ?? NONE)}
      allowDeselect={false}
      disabled={templates.isPending}
      error={error ?? (templates.isError ? t('intakeForm.loadFailed') : undefined)}
      data-testid="intake-form-select"
    />
  );
}

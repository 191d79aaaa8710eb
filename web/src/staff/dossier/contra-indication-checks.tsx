import { Alert, Checkbox, Stack, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContraIndication } from './dossier-types';
import { WarningText } from './warning-text';

interface ContraIndicationChecksProps {
  warnings: ContraIndication[];
  confirmed: string[];
  onChange: (confirmed: string[]) => void;
  showMissing: boolean;
  /** Asked when a warning rules the treatment out: a written reason, kept with the report. */
  reason: string;
  onReasonChange: (reason: string) => void;
  reasonError?: string;
}

export const RULED_OUT_REASON_MIN = 10;

/** Every warning in full, each with its own explicit "discussed, going ahead" confirmation. */
export function ContraIndicationChecks({
  warnings,
  confirmed,
  onChange,
  showMissing,
  reason,
  onReasonChange,
  reasonError,
}: ContraIndicationChecksProps) {
  const { t } = useTranslation();
  const { t: tContra } = useTranslation('contra');
  if (warnings.length === 0) return null;
  return (
    <Stack
      gap="xs"
      component="section"
      aria-labelledby="contra-indications-title"
      data-testid="contra-indications"
    >
      <Title order={3} size="h4" id="contra-indications-title">
        {t('dossier.contraIndicationsTitle')}
      </Title>
      <Text size="sm">{t('dossier.contraIndicationsIntro')}</Text>
      {warnings.map((warning) => {
        const checked = confirmed.includes(warning.questionKey);
        return (
          <Alert
            key={warning.questionKey}
            color={warning.effect === 'rules_out' ? 'red' : 'orange'}
            variant={warning.effect === 'rules_out' ? 'outline' : 'light'}
            role={showMissing && !checked ? 'alert' : undefined}
          >
            <Stack gap="xs">
              <WarningText warning={warning} />
              <Checkbox
                label={
                  warning.effect === 'rules_out' ? tContra('confirmRulesOut') : t('dossier.confirmWarning')
                }
                checked={checked}
                onChange={(e) =>
                  onChange(
                    e.currentTarget.checked
                      ? [...confirmed, warning.questionKey]
                      : confirmed.filter((key) => key !== warning.questionKey),
                  )
                }
                error={showMissing && !checked ? t('dossier.confirmWarningMissing') : undefined}
              />
            </Stack>
          </Alert>
        );
      })}
      {warnings.some((w) => w.effect === 'rules_out') && (
        <Textarea
          label={tContra('reasonLabel')}
          description={tContra('reasonDescription', { min: RULED_OUT_REASON_MIN })}
          required
          autosize
          minRows={2}
          maxLength={2000}
          value={reason}
          onChange={(e) => onReasonChange(e.currentTarget.value)}
          error={reasonError}
          data-testid="ruled-out-reason-input"
        />
      )}
    </Stack>
  );
}

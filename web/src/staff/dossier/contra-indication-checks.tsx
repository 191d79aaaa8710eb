import { Alert, Checkbox, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContraIndication } from './dossier-types';
import { WarningText } from './warning-text';

interface ContraIndicationChecksProps {
  warnings: ContraIndication[];
  confirmed: string[];
  onChange: (confirmed: string[]) => void;
  showMissing: boolean;
}

/** Every warning in full, each with its own explicit "discussed, going ahead" confirmation. */
export function ContraIndicationChecks({
  warnings,
  confirmed,
  onChange,
  showMissing,
}: ContraIndicationChecksProps) {
  const { t } = useTranslation();
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
                label={t('dossier.confirmWarning')}
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
    </Stack>
  );
}

import { Alert, Button, Group, Modal, Paper, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ClientSummary } from './client-summary';
import type { Client } from './client-types';

interface Props {
  candidates: Client[];
  /** Registering anyway is in progress (the create request). */
  pending: boolean;
  onRegisterAnyway: () => void;
  onBack: () => void;
  /** Take this client instead (the desk's new appointment); without it, "open" goes to their page. */
  onChoose?: (candidate: Client) => void;
}

/**
 * Before a registration is saved: clients already registered with the same name and date of birth,
 * e-mail address or phone number. Opening one is usually right; a new record stays possible.
 */
export function PossibleDuplicates({ candidates, pending, onRegisterAnyway, onBack, onChoose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal
      opened
      onClose={onBack}
      size="lg"
      title={t('duplicates.title')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid="possible-duplicates"
    >
      <Stack gap="md">
        <Alert color="yellow" variant="light">
          {t('duplicates.intro', { count: candidates.length })}
        </Alert>
        <Stack component="ul" gap="sm" p={0} m={0} aria-label={t('duplicates.listLabel')}>
          {candidates.map((candidate) => (
            <Paper
              component="li"
              key={candidate.id}
              p="sm"
              radius="md"
              withBorder
              data-testid="duplicate-candidate"
              aria-labelledby={`candidate-${candidate.id}`}
            >
              <Stack gap="xs">
                <Group justify="space-between" align="center" gap="xs">
                  <Title order={3} size="h5" id={`candidate-${candidate.id}`}>
                    {candidate.firstName} {candidate.lastName}
                  </Title>
                  {onChoose ? (
                    <Button
                      variant="light"
                      size="compact-md"
                      aria-describedby={`candidate-${candidate.id}`}
                      onClick={() => onChoose(candidate)}
                    >
                      {t('duplicates.choose')}
                    </Button>
                  ) : (
                    <Button
                      component={Link}
                      to={`/app/clients/${candidate.id}`}
                      variant="light"
                      size="compact-md"
                      aria-describedby={`candidate-${candidate.id}`}
                    >
                      {t('duplicates.open')}
                    </Button>
                  )}
                </Group>
                <ClientSummary client={candidate} />
              </Stack>
            </Paper>
          ))}
        </Stack>
        <Group justify="space-between" gap="sm">
          <Button variant="default" onClick={onBack}>
            {t('duplicates.back')}
          </Button>
          <Button variant="outline" loading={pending} onClick={onRegisterAnyway}>
            {t('duplicates.registerAnyway')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

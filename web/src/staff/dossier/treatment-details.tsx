import { Alert, List, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TreatmentRecord } from './dossier-types';
import { Detail } from './timeline-card';
import { WarningText } from './warning-text';

/** The full report of a treatment or consult. */
export function TreatmentDetails({ treatment }: { treatment: TreatmentRecord }) {
  const { t } = useTranslation();
  const { t: tContra } = useTranslation('contra');
  const { report } = treatment;
  return (
    <>
      <Detail label={t('dossier.done')}>{report.done}</Detail>
      {report.discussed && <Detail label={t('dossier.discussed')}>{report.discussed}</Detail>}
      {report.products.length > 0 && (
        <Detail label={t('dossier.productsUsed')}>
          <Table.ScrollContainer minWidth={360}>
            <Table withTableBorder verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('dossier.product')}</Table.Th>
                  <Table.Th>{t('dossier.batch')}</Table.Th>
                  <Table.Th>{t('dossier.amount')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.products.map((product, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a recorded report never changes order
                  <Table.Tr key={`${product.productId}-${i}`}>
                    <Table.Td>{product.name}</Table.Td>
                    <Table.Td>{product.batch ?? '—'}</Table.Td>
                    <Table.Td>{product.amount ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Detail>
      )}
      {report.devices.length > 0 && (
        <Detail label={t('dossier.devicesUsed')}>
          <Stack gap={4}>
            {report.devices.map((device, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a recorded report never changes order
              <div key={`${device.deviceId}-${i}`}>
                <Text fw={500}>{device.name}</Text>
                <List size="sm" spacing={0}>
                  {device.settings.map((setting) => (
                    <List.Item key={setting.name}>
                      {setting.name}: {setting.value || '—'}
                    </List.Item>
                  ))}
                </List>
              </div>
            ))}
          </Stack>
        </Detail>
      )}
      {report.ruledOutReason && (
        <Detail label={tContra('reasonShown')}>
          <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="ruled-out-reason">
            {report.ruledOutReason}
          </Text>
        </Detail>
      )}
      {treatment.warningsConfirmed.length > 0 && (
        <Detail label={t('dossier.warningsConfirmed')}>
          <Stack gap={4}>
            {treatment.warningsConfirmed.map((warning) => (
              <Alert
                key={warning.questionKey}
                color={warning.effect === 'rules_out' ? 'red' : 'orange'}
                variant="light"
                p="xs"
              >
                <WarningText warning={warning} />
              </Alert>
            ))}
          </Stack>
        </Detail>
      )}
    </>
  );
}

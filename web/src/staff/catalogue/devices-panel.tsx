import { Badge, Group, Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ActiveBadge } from './active-badge';
import { CataloguePanel } from './catalogue-panel';
import { DEVICES_KEY, type Device, useDevices } from './catalogue-query';
import { DeviceForm } from './device-form';
import { EditButton } from './edit-button';

export function DevicesPanel() {
  const { t } = useTranslation();
  return (
    <CataloguePanel
      query={useDevices()}
      path="/api/devices"
      listKey={DEVICES_KEY}
      newLabel={t('catalogue.newDevice')}
      emptyText={t('catalogue.noDevices')}
      renderForm={({ item, ...props }) => <DeviceForm device={item} {...props} />}
      renderList={(devices, onEdit) => <DeviceTable devices={devices} onEdit={onEdit} />}
    />
  );
}

function DeviceTable({ devices, onEdit }: { devices: Device[]; onEdit: (device: Device) => void }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="devices">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('catalogue.name')}</Table.Th>
            <Table.Th>{t('catalogue.settings')}</Table.Th>
            <Table.Th>{t('catalogue.status')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('team.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {devices.map((device) => (
            <Table.Tr key={device.id}>
              <Table.Td>
                <Text fw={500}>{device.name}</Text>
              </Table.Td>
              <Table.Td>
                {device.settings.length === 0 ? (
                  '—'
                ) : (
                  <Group gap={4}>
                    {device.settings.map((setting) => (
                      <Badge key={setting} variant="outline" color="gray.8" tt="none">
                        {setting}
                      </Badge>
                    ))}
                  </Group>
                )}
              </Table.Td>
              <Table.Td>
                <ActiveBadge active={device.active} />
              </Table.Td>
              <Table.Td>
                <EditButton name={device.name} onClick={() => onEdit(device)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

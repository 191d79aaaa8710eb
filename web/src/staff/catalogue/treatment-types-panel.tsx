import { Table, Text, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMoney } from '../../shared/money';
import { useTeam } from '../team/team-query';
import { ActiveBadge } from './active-badge';
import { CataloguePanel } from './catalogue-panel';
import { TREATMENT_TYPES_KEY, type TreatmentType, useTreatmentTypes } from './catalogue-query';
import { EditButton } from './edit-button';
import { TreatmentTypeForm } from './treatment-type-form';

export function TreatmentTypesPanel() {
  const { t } = useTranslation();
  return (
    <CataloguePanel
      query={useTreatmentTypes()}
      path="/api/treatment-types"
      listKey={TREATMENT_TYPES_KEY}
      newLabel={t('catalogue.newTreatmentType')}
      emptyText={t('catalogue.noTreatmentTypes')}
      renderForm={({ item, ...props }) => <TreatmentTypeForm treatmentType={item} {...props} />}
      renderList={(types, onEdit) => <TreatmentTypeTable types={types} onEdit={onEdit} />}
    />
  );
}

function TreatmentTypeTable({
  types,
  onEdit,
}: {
  types: TreatmentType[];
  onEdit: (type: TreatmentType) => void;
}) {
  const { t } = useTranslation();
  const money = useMoney();
  const team = useTeam();
  const names = (ids: string[]) =>
    ids.map((id) => team.data?.find((member) => member.id === id)?.name ?? '…').join(', ') || '—';
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="treatment-types">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('catalogue.name')}</Table.Th>
            <Table.Th>{t('catalogue.duration')}</Table.Th>
            <Table.Th>{t('catalogue.price')}</Table.Th>
            <Table.Th>{t('catalogue.practitioners')}</Table.Th>
            <Table.Th>{t('catalogue.status')}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t('team.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {types.map((type) => (
            <Table.Tr key={type.id}>
              <Table.Td>
                <Text fw={500}>{type.name}</Text>
                {type.description && (
                  <Text size="sm" c="dimmed" lineClamp={2}>
                    {type.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{t('catalogue.minutes', { value: type.durationMinutes })}</Table.Td>
              <Table.Td>
                {money.format(type.priceCents)}
                <Text size="xs" c="dimmed">
                  {t('catalogue.inclVat', { rate: type.vatRatePercent })}
                </Text>
              </Table.Td>
              <Table.Td>{names(type.practitionerIds)}</Table.Td>
              <Table.Td>
                <ActiveBadge active={type.active} />
              </Table.Td>
              <Table.Td>
                <EditButton name={type.name} onClick={() => onEdit(type)} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

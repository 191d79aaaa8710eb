import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useZonedFormat } from '../../agenda/zoned-format';
import type { PractitionerDashboard } from './dashboard-query';
import { StartItem, StartSection } from './start-item';

/** A practitioner's day: appointments with warnings, intakes to sign, reports not written. */
export function PractitionerStart({ page }: { page: PractitionerDashboard }) {
  const { t, i18n } = useTranslation('start');
  const when = useZonedFormat();
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'nl';
  return (
    <>
      <StartSection
        title={`${t('practitioner.title')} · ${when.longDate(page.date)}`}
        empty={t('nothingToday')}
        testId="start-today"
      >
        {page.today.map((a) => (
          <StartItem
            key={a.id}
            to={a.client ? `/app/clients/${a.client.id}` : '/app/agenda'}
            label={`${when.time(a.startsAt)} · ${a.client ? a.client.name : t('hiddenClient')}`}
            detail={a.treatmentName ?? undefined}
            badge={t(`status.${a.status}`)}
            badgeColor={a.status === 'checked_in' ? 'teal' : 'gray'}
          >
            {(a.warnings.length > 0 || (a.contraIndications?.length ?? 0) > 0) && (
              <Group gap={6} wrap="wrap">
                {a.warnings.map((warning) => (
                  <Badge key={warning} color="orange" variant="light" tt="none" size="sm">
                    {t(`practitioner.warnings.${warning}`)}
                  </Badge>
                ))}
                {a.contraIndications?.map((c) => (
                  <Badge
                    key={c.questionKey}
                    color={c.effect === 'rules_out' ? 'red' : 'yellow'}
                    variant="light"
                    tt="none"
                    size="sm"
                    style={{ whiteSpace: 'normal', height: 'auto' }}
                  >
                    {c.effect === 'rules_out'
                      ? `${t('practitioner.rulesOut')}: `
                      : `${t('practitioner.contraIndication')}: `}
                    {c.warning[language]}
                  </Badge>
                ))}
              </Group>
            )}
          </StartItem>
        ))}
      </StartSection>
      <StartSection
        title={t('practitioner.intakesTitle')}
        empty={t('practitioner.noIntakes')}
        testId="start-intakes"
      >
        {page.intakesToSign.map((i) => (
          <StartItem
            key={i.appointmentId}
            to={`/app/clients/${i.client.id}`}
            label={i.client.name}
            detail={`${when.shortDateTime(i.startsAt)} · ${i.treatmentName}`}
            badge={i.state === 'missing' ? t('practitioner.intakeMissing') : t('practitioner.intakeWaiting')}
            badgeColor={i.state === 'missing' ? 'orange' : 'blue'}
          />
        ))}
      </StartSection>
      <StartSection
        title={t('practitioner.reportsTitle')}
        empty={t('practitioner.noReports')}
        testId="start-reports"
      >
        {page.reportsMissing.map((r) => (
          <StartItem
            key={r.appointmentId}
            to={`/app/clients/${r.client.id}`}
            label={r.client.name}
            detail={`${when.shortDateTime(r.startsAt)} · ${r.treatmentName}`}
            badge={t('practitioner.writeReport')}
            badgeColor="orange"
          />
        ))}
      </StartSection>
    </>
  );
}

import { Stack, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useClinicTime } from '../../shared/clinic-time';
import classes from './dossier.module.css';
import type { Dossier } from './dossier-types';
import { fitzpatrickType } from './fitzpatrick';
import { usePractitionerName } from './practitioner-name';
import { AnalysisDetails, EmailDetails, HomeProductDetails } from './record-details';
import { TimelineCard } from './timeline-card';
import { TreatmentDetails } from './treatment-details';

interface Entry {
  key: string;
  at: string;
  card: ReactNode;
}

/** Treatments, consults, analyses, home products and e-mails in one list, newest first. */
export function DossierTimeline({ dossier }: { dossier: Dossier }) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const nameOf = usePractitionerName();
  const meta = (at: string, by?: string) => (by ? `${time.dateTime(at)} · ${nameOf(by)}` : time.dateTime(at));

  const entries: Entry[] = [
    ...dossier.treatments.map((treatment) => ({
      key: `treatment-${treatment.id}`,
      at: treatment.performedAt,
      card: (
        <TimelineCard
          kind={treatment.kind}
          badge={treatment.kind === 'consult' ? t('dossier.kindConsult') : t('dossier.kindTreatment')}
          title={treatment.treatmentTypeName ?? t('dossier.kindConsult')}
          meta={meta(treatment.performedAt, treatment.practitionerId)}
          summary={treatment.report.done}
        >
          <TreatmentDetails treatment={treatment} />
        </TimelineCard>
      ),
    })),
    ...dossier.analyses.map((analysis) => ({
      key: `analysis-${analysis.id}`,
      at: analysis.analysedAt,
      card: (
        <TimelineCard
          kind="analysis"
          badge={t('dossier.kindAnalysis')}
          title={t('dossier.fitzpatrickType', { type: fitzpatrickType(analysis.findings.fitzpatrick).roman })}
          meta={meta(analysis.analysedAt, analysis.analysedBy)}
          summary={analysis.findings.conditions.join(', ') || analysis.findings.findings}
        >
          <AnalysisDetails
            analysis={analysis}
            treatment={dossier.treatments.find((treatment) => treatment.id === analysis.treatmentId)}
          />
        </TimelineCard>
      ),
    })),
    ...dossier.homeProducts.map((item) => ({
      key: `home-${item.id}`,
      at: item.boughtAt,
      card: (
        <TimelineCard
          kind="homeProduct"
          badge={t('dossier.kindHomeProduct')}
          title={`${item.productName} × ${item.quantity}`}
          meta={meta(item.boughtAt)}
          summary={item.advice ?? undefined}
        >
          <HomeProductDetails item={item} />
        </TimelineCard>
      ),
    })),
    ...dossier.emails.map((email) => ({
      key: `email-${email.id}`,
      at: email.receivedAt,
      card: (
        <TimelineCard
          kind="email"
          badge={t('dossier.kindEmail')}
          title={email.content.subject || t('dossier.noSubject')}
          meta={`${meta(email.receivedAt)} · ${email.content.from}`}
          summary={email.content.text}
        >
          <EmailDetails email={email} />
        </TimelineCard>
      ),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));

  if (entries.length === 0) return <Text c="dimmed">{t('dossier.empty')}</Text>;
  return (
    <Stack
      component="ol"
      gap="sm"
      className={classes.timeline}
      aria-label={t('dossier.timeline')}
      data-testid="dossier-timeline"
    >
      {entries.map((entry) => (
        <Fragment key={entry.key}>{entry.card}</Fragment>
      ))}
    </Stack>
  );
}

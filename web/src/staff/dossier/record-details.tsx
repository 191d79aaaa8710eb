import { Badge, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useClinicTime } from '../../shared/clinic-time';
import type { HomeProduct, RecordedEmail, SkinAnalysis, TreatmentRecord } from './dossier-types';
import { fitzpatrickType } from './fitzpatrick';
import { Detail } from './timeline-card';

export function AnalysisDetails({
  analysis,
  treatment,
}: {
  analysis: SkinAnalysis;
  treatment?: TreatmentRecord;
}) {
  const { t } = useTranslation();
  const time = useClinicTime();
  const type = fitzpatrickType(analysis.findings.fitzpatrick);
  return (
    <>
      <Detail label={t('dossier.fitzpatrick')}>
        {`${t('dossier.fitzpatrickType', { type: type.roman })}: ${t(type.description)}`}
      </Detail>
      {analysis.findings.conditions.length > 0 && (
        <Detail label={t('dossier.conditions')}>
          <Group gap={4}>
            {analysis.findings.conditions.map((condition) => (
              <Badge key={condition} variant="outline" color="teal.9" tt="none">
                {condition}
              </Badge>
            ))}
          </Group>
        </Detail>
      )}
      {analysis.findings.findings && (
        <Detail label={t('dossier.findings')}>{analysis.findings.findings}</Detail>
      )}
      {treatment && (
        <Detail label={t('dossier.linkedTreatment')}>
          {`${treatment.treatmentTypeName ?? t('dossier.kindConsult')} · ${time.dateTime(treatment.performedAt)}`}
        </Detail>
      )}
    </>
  );
}

export function HomeProductDetails({ item }: { item: HomeProduct }) {
  const { t } = useTranslation();
  return (
    <>
      <Detail label={t('dossier.quantity')}>{String(item.quantity)}</Detail>
      {item.advice && <Detail label={t('dossier.advice')}>{item.advice}</Detail>}
    </>
  );
}

export function EmailDetails({ email }: { email: RecordedEmail }) {
  const { t } = useTranslation();
  const { eml } = email.content;
  function download() {
    if (!eml) return;
    const url = URL.createObjectURL(new Blob([eml], { type: 'message/rfc822' }));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = `${email.content.subject || 'e-mail'}.eml`;
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  }
  return (
    <>
      <Detail label={t('dossier.emailFrom')}>{email.content.from}</Detail>
      <Detail label={t('dossier.emailText')}>{email.content.text || '—'}</Detail>
      {eml ? (
        <Group>
          <Button variant="default" size="compact-sm" onClick={download}>
            {t('dossier.downloadEml')}
          </Button>
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {t('dossier.pasted')}
        </Text>
      )}
    </>
  );
}

import { Badge, Button, Collapse, Group, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './dossier.module.css';

export type TimelineKind = 'treatment' | 'consult' | 'analysis' | 'homeProduct' | 'email';

const BADGE_COLOR: Record<TimelineKind, string> = {
  treatment: 'rose',
  consult: 'blue',
  analysis: 'teal',
  homeProduct: 'grape',
  email: 'gray',
};

interface TimelineCardProps {
  kind: TimelineKind;
  badge: string;
  title: string;
  meta: string;
  summary?: string;
  children: ReactNode;
}

/** One entry of the dossier: a compact line that opens to the full record. */
export function TimelineCard({ kind, badge, title, meta, summary, children }: TimelineCardProps) {
  const { t } = useTranslation();
  const [opened, { toggle }] = useDisclosure(false);
  const detailsId = useId();
  return (
    <Paper
      component="li"
      p="sm"
      radius="md"
      withBorder
      className={`${classes.card} ${classes[kind]}`}
      data-testid={`timeline-${kind}`}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} miw={0}>
          <Group gap="xs" wrap="wrap">
            <Badge color={BADGE_COLOR[kind]} variant="light" tt="none">
              {badge}
            </Badge>
            <Text fw={600}>{title}</Text>
          </Group>
          <Text size="sm" c="dimmed">
            {meta}
          </Text>
          {summary && !opened && (
            <Text size="sm" lineClamp={1}>
              {summary}
            </Text>
          )}
        </Stack>
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={toggle}
          aria-expanded={opened}
          aria-controls={detailsId}
          aria-label={`${opened ? t('dossier.hideDetails') : t('dossier.showDetails')}: ${badge} ${title}, ${meta}`}
        >
          {opened ? t('dossier.hideDetails') : t('dossier.showDetails')}
        </Button>
      </Group>
      <Collapse expanded={opened} id={detailsId} keepMounted={false}>
        <Stack gap="sm" pt="sm">
          {children}
        </Stack>
      </Collapse>
    </Paper>
  );
}

/** A labelled block inside an opened card. */
export function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      {typeof children === 'string' ? <Text className={classes.prewrap}>{children}</Text> : children}
    </div>
  );
}
